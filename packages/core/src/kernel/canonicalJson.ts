// RFC 8785 (JCS) canonical JSON, written for the sealing hot path: every store hashes every event through it.
// It must give exactly the bytes the `canonicalize` package gave (the hashes of events already written depend on
// them); canonicalJson.test.ts checks that property against the package for arbitrary JSON values.

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** Any surrogate at all: most strings have none, and this test is cheaper than the one above. */
const SURROGATE = /[\uD800-\uDFFF]/

/**
 * A string as JCS writes it: JSON.stringify's escaping (which is RFC 8785's), refusing lone surrogates.
 * Most strings need no escaping at all; one scan finds out, cheaper than JSON.stringify plus a surrogate test.
 */
const stringText = (value: string): string => (plain(value) ? `"${value}"` : escapedText(value))

/** A string that needs escaping or holds a surrogate: JSON.stringify's text, or a TypeError for a lone surrogate. */
const escapedText = (value: string): string => {
  if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw new TypeError('a lone surrogate cannot be written as canonical JSON')
  return JSON.stringify(value)
}

/**
 * Whether a string is written as it is between two quotes: no character JSON escapes and no surrogate.
 * The string just found plain comes again often (an event's command, correlation and causation ids are one).
 */
const plain = (value: string): boolean => {
  if (value === lastPlain) return true
  // Short strings (keys, ids, codes): a loop; longer ones (notes, sealed values): the regex engine's scan is faster.
  if (value.length > 24 ? NEEDS_CARE.test(value) : needsCare(value)) return false
  lastPlain = value
  return true
}
let lastPlain = ''

/** A character JSON escapes (control, quote, backslash) or a surrogate (which may be lone). */
const NEEDS_CARE = /[\u0000-\u001f"\\\ud800-\udfff]/
const needsCare = (value: string): boolean => {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true
  }
  return false
}

/** Property names in UTF-16 code-unit order (RFC 8785 §3.2.3; Array.prototype.sort's default order): insertion sort, as objects have few keys. */
const sortedKeys = (keys: readonly string[]): string[] => {
  const sorted = keys.slice()
  for (let i = 1; i < sorted.length; i += 1) {
    const key = sorted[i] as string
    let j = i - 1
    for (; j >= 0 && (sorted[j] as string) > key; j -= 1) sorted[j + 1] = sorted[j] as string
    sorted[j + 1] = key
  }
  return sorted
}

/** Values an object property may hold and still be left out, as JSON.stringify leaves them out. */
const omitted = (value: unknown): boolean => value === undefined || typeof value === 'symbol'

interface WithToJSON {
  toJSON(): unknown
}

const hasToJSON = (value: object): value is WithToJSON => typeof (value as Partial<WithToJSON>).toJSON === 'function'

// A key's text and colon (`"key":`), kept per key: events of a kind have the same few keys, and writing each
// key again (a scan and two strings per member) was a third of the writer's time. Bounded: past the bound a key
// is written as before, so arbitrary keys from outside cannot grow it.
// Each key is kept in every text that can come before a value: as it opens an object (`{"key":`), as it follows
// a member (`,"key":`), and as it follows a plain string whose closing quote is still to be written (`","key":`);
// each also with the opening quote of a plain string value (`{"key":"` …). So a plain string member is two pieces
// of text (this and the string itself), not four: every piece is a node of the string being built, which the
// hash then walks to flatten it.
interface MemberPrefix {
  /** Indexed by what came before (`OPENING`, `FOLLOWING`, `AFTER_STRING`) plus `QUOTED` when a plain string follows. */
  readonly texts: readonly string[]
}
const OPENING = 0
const FOLLOWING = 1
const AFTER_STRING = 2
const QUOTED = 3
const MEMBER_PREFIXES = new Map<string, MemberPrefix>()
const MAX_MEMBER_PREFIXES = 4096
const memberPrefix = (key: string): MemberPrefix => {
  const known = MEMBER_PREFIXES.get(key)
  if (known !== undefined) return known
  const text = `${stringText(key)}:`
  const prefix = { texts: [`{${text}`, `,${text}`, `",${text}`, `{${text}"`, `,${text}"`, `",${text}"`] }
  if (MEMBER_PREFIXES.size < MAX_MEMBER_PREFIXES) MEMBER_PREFIXES.set(key, prefix)
  return prefix
}

// What an object's keys, in the order Object.keys gives them, come to: the keys sorted, each with its member
// prefix. Objects of a kind (an event type's data, metadata, an actor) have the same keys in the same order, and
// sorting them and looking each prefix up again was a fifth of the writer's time. Kept by the first key; a shape
// is the same only for exactly the same keys in the same order (property names compare by identity when they
// are, as usual, internalized strings). Bounded like the prefixes: past the bound a shape is worked out each time.
interface Shape {
  readonly keys: readonly string[]
  readonly sorted: readonly string[]
  /** Each sorted key's prefix, looked up the first time a member is written (a key left out is never written). */
  readonly prefixes: (MemberPrefix | undefined)[]
}
const SHAPES = new Map<string, Shape[]>()
const MAX_SHAPES = 1024
// Few orders share a first key; a bound keeps a lookup short whatever keys come from outside.
const MAX_SHAPES_PER_FIRST_KEY = 16
let shapeCount = 0

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false
  return true
}

const shapeOf = (keys: string[]): Shape => {
  const first = keys[0] as string
  const known = SHAPES.get(first)
  if (known !== undefined) {
    for (const shape of known) if (sameKeys(shape.keys, keys)) return shape
  }
  const sorted = sortedKeys(keys)
  const shape: Shape = { keys, sorted, prefixes: new Array<MemberPrefix | undefined>(sorted.length).fill(undefined) }
  if (shapeCount < MAX_SHAPES && (known === undefined || known.length < MAX_SHAPES_PER_FIRST_KEY)) {
    shapeCount += 1
    if (known === undefined) SHAPES.set(first, [shape])
    else known.push(shape)
  }
  return shape
}

/** An object's members in key order, leaving out `skip` (a key the caller's text must not cover). */
const writeObject = (record: Record<string, unknown>, ancestors: object[], skip: string | undefined): string => {
  const keys = Object.keys(record)
  if (keys.length === 0) return '{}'
  if (keys.length === 1) {
    // One member: nothing to sort, and nothing kept. A sealed event's `$sealed` has one key — a role now, its subject's
    // id (one per case) in events written before schema 3 — which would otherwise fill both caches for good (and leave
    // every shape seen after that uncached).
    const key = keys[0] as string
    const item = record[key]
    return key === skip || omitted(item) ? '{}' : `{${stringText(key)}:${write(item, ancestors)}}`
  }
  const { sorted, prefixes } = shapeOf(keys)
  let out = ''
  // What the last member written was: none yet (OPENING), a value written whole (FOLLOWING), or a plain string
  // whose closing quote the next piece of text carries (AFTER_STRING).
  let before = OPENING
  for (let i = 0; i < sorted.length; i += 1) {
    const key = sorted[i] as string
    const item = record[key]
    if (key === skip || omitted(item)) continue
    let prefix = prefixes[i]
    if (prefix === undefined) prefixes[i] = prefix = memberPrefix(key)
    if (typeof item === 'string' && plain(item)) {
      out += prefix.texts[before + QUOTED] as string
      out += item
      before = AFTER_STRING
    } else {
      out += prefix.texts[before] as string
      out += write(item, ancestors)
      before = FOLLOWING
    }
  }
  return before === OPENING ? '{}' : before === FOLLOWING ? `${out}}` : `${out}"}`
}

/**
 * Writes `value` (ancestors: the objects being written around it, to refuse cycles).
 * Numbers are written by ECMAScript's Number::toString: RFC 8785 §3.2.2.3.
 */
const write = (value: unknown, ancestors: object[]): string => {
  switch (typeof value) {
    case 'string':
      return stringText(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${String(value)} cannot be written as canonical JSON`)
      // String(n) is ECMAScript's Number::toString, as JSON.stringify's is (-0 included: both write 0).
      return String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      throw new TypeError(`a ${typeof value} cannot be written as canonical JSON`)
  }
  if (value === null) return 'null'
  if (ancestors.includes(value)) throw new TypeError('a circular value cannot be written as canonical JSON')
  ancestors.push(value)
  let out: string
  if (hasToJSON(value)) {
    out = write(value.toJSON(), ancestors)
  } else if (Array.isArray(value)) {
    out = '['
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i]
      if (i > 0) out += ','
      out += omitted(item) ? 'null' : write(item, ancestors)
    }
    out += ']'
  } else {
    out = writeObject(value as Record<string, unknown>, ancestors, undefined)
  }
  ancestors.pop()
  return out
}

/** RFC 8785 canonical JSON (规范化 JSON): the same value always gives the same bytes. Throws on what JSON cannot hold. */
export const canonicalJson = (value: unknown): string => write(value, typeof value === 'object' && value !== null ? [] : NO_ANCESTORS)

/** The ancestors of a value that is not an object: none, and none is ever added (sealing writes five such values an event). */
const NO_ANCESTORS: object[] = []

/**
 * The canonical JSON of `record` without its key `skip`: what `canonicalJson` gives for a copy of the record
 * with that key deleted, without the copy (the sealing hot path hashes metadata without its own hash this way).
 */
export const canonicalJsonWithout = (record: object, skip: string): string => {
  if (hasToJSON(record) || Array.isArray(record)) {
    // Not a plain record: the copy, as the general case would write it.
    const { [skip]: _skipped, ...rest } = record as unknown as Record<string, unknown>
    return canonicalJson(rest)
  }
  const ancestors: object[] = [record]
  return writeObject(record as Record<string, unknown>, ancestors, skip)
}

/** How many key orders and member prefixes are kept (for tests: what fills the caches). */
export const canonicalJsonKept = (): { readonly shapes: number; readonly prefixes: number } => ({ shapes: shapeCount, prefixes: MEMBER_PREFIXES.size })

/** Whether JSON (and canonical JSON) leaves a property holding this value out. */
export const omittedInJson = omitted

/** Whether canonical JSON writes this string as it is, between two quotes (nothing escaped, no surrogate). */
export const writtenPlain = (value: string): boolean => plain(value)

/**
 * `writtenPlain` with a memory of its own: the last string it found plain, which it answers without a scan. For a
 * value that comes again and again at one place (a stream's id on each of its appends, a store's time on every append
 * within its millisecond), where the shared memory of `plain` has been taken by other strings since.
 */
export const plainAgain = (): ((value: string) => boolean) => {
  let last = ''
  return (value) => {
    if (value === last) return true
    if (!plain(value)) return false
    last = value
    return true
  }
}
