import type * as t from 'io-ts'
import type { FieldError } from '../kernel/errors.js'
import { perCodec, type CodecNode } from './codecNode.js'

/** Deeper JSON than any command needs; deeper input could exhaust the stack of whatever reads it later. */
export const MAX_DEPTH = 32


type Fields = ReadonlyMap<string, t.Mixed | undefined>

// Codecs are built once and never change, so what each declares is worked out once (every command asks again).
const declaredFields = new WeakMap<t.Mixed, Fields | 'opaque'>()

/** The fields an object codec declares, each with its codec; undefined when the codec cannot be looked into. */
const declared = (codec: t.Mixed): Fields | undefined => {
  const known = declaredFields.get(codec)
  if (known !== undefined) return known === 'opaque' ? undefined : known
  const fields = fieldsOf(codec)
  declaredFields.set(codec, fields ?? 'opaque')
  return fields
}

const fieldsOf = (codec: t.Mixed): Fields | undefined => {
  const c = codec as unknown as CodecNode
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return new Map(Object.entries(c.props ?? {}))
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
    case 'RefinementType':
      return c.type === undefined ? undefined : declared(c.type)
    case 'IntersectionType': {
      const all = new Map<string, t.Mixed | undefined>()
      for (const member of c.types ?? []) {
        const fields = declared(member)
        if (fields === undefined) return undefined
        // A field two members declare is checked by both; do not look inside it here.
        for (const [k, v] of fields) all.set(k, all.has(k) ? undefined : v)
      }
      return all
    }
    default:
      return undefined
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Fields the codec does not declare. io-ts lets unknown fields through, and whatever passes the
 * edge may end up in an append-only log, so they are refused with their path. Refinements are looked
 * through (core builds its checked lists and units as refinements); other custom codecs are not.
 */
export const unknownFields = (codec: t.Mixed, value: unknown, path = ''): FieldError[] => {
  const found: FieldError[] = []
  collectUnknown(codec, value, path, found)
  return found
}

// Every command is checked: the walk makes no array or path per field, only a path where it steps into a value
// or finds a fault.
const collectUnknown = (codec: t.Mixed, value: unknown, path: string, found: FieldError[]): void => {
  const c = codec as unknown as CodecNode
  // A refined list (e.g. a dispute's parties: at least one applicant and one respondent) is checked as the list inside it.
  if ((c._tag === 'RefinementType' || c._tag === 'ReadonlyType') && c.type !== undefined && Array.isArray(value)) {
    collectUnknown(c.type, value, path, found)
    return
  }
  if ((c._tag === 'ArrayType' || c._tag === 'ReadonlyArrayType') && c.type !== undefined && Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) collectUnknown(c.type, value[i], `${path}[${i}]`, found)
    return
  }
  const fields = declared(codec)
  if (fields === undefined || !isRecord(value)) return
  for (const key of Object.keys(value)) {
    if (!fields.has(key)) {
      found.push({ path: path === '' ? key : `${path}.${key}`, message: 'is not a known field' })
      continue
    }
    const inner = fields.get(key)
    const v = value[key]
    // Only an object or a list can hold an undeclared field.
    if (inner !== undefined && typeof v === 'object' && v !== null) collectUnknown(inner, v, path === '' ? key : `${path}.${key}`, found)
  }
}

/** Whether a value holds a field its codec does not declare: `unknownFields(codec, value).length > 0`. */
type UnknownCheck = (value: unknown) => boolean

// One check per codec (`perCodec`): `collectUnknown`'s walk compiled into closures, with no WeakMap asked per object
// and no path built. Most commands hold no undeclared field; those that do are walked again by `unknownFields`, for
// the paths. `compileUnknown` is defined below, hence the arrow.
const unknownCheckOf = perCodec((codec): UnknownCheck => compileUnknown(codec))

const NONE: UnknownCheck = () => false

const compileUnknown = (codec: t.Mixed): UnknownCheck => {
  const c = codec as unknown as CodecNode
  const inner = c.type
  // A refined list is checked as the list inside it.
  if ((c._tag === 'RefinementType' || c._tag === 'ReadonlyType') && inner !== undefined) {
    const list = unknownCheckOf(inner)
    const asObject = fieldsCheck(codec)
    return (value) => (Array.isArray(value) ? list(value) : asObject(value))
  }
  if ((c._tag === 'ArrayType' || c._tag === 'ReadonlyArrayType') && inner !== undefined) {
    const item = unknownCheckOf(inner)
    const asObject = fieldsCheck(codec)
    return (value) => {
      if (!Array.isArray(value)) return asObject(value)
      for (let i = 0; i < value.length; i += 1) if (item(value[i])) return true
      return false
    }
  }
  return fieldsCheck(codec)
}

/**
 * The object case of `collectUnknown`: a key the codec does not declare, or one inside a declared object or list.
 * Codecs are trees (a recursive codec declares no fields here), so the checks inside are made at once.
 */
const fieldsCheck = (codec: t.Mixed): UnknownCheck => {
  const fields = declared(codec)
  if (fields === undefined) return NONE
  // Each declared key with the check of its value; undefined for a key whose value is not looked into.
  const inside = new Map<string, UnknownCheck | undefined>()
  for (const [key, inner] of fields) inside.set(key, inner === undefined ? undefined : unknownCheckOf(inner))
  return (value) => {
    if (!isRecord(value)) return false
    for (const key of Object.keys(value)) {
      const check = inside.get(key)
      if (check === undefined) {
        if (!inside.has(key)) return true
        continue
      }
      const v = value[key]
      if (typeof v === 'object' && v !== null && check(v)) return true
    }
    return false
  }
}

/**
 * Whether `unknownFields(codec, value)` finds any field: the same answer without the walk's paths, from a check
 * made once per codec. decodeCommand.test.ts ('holdsUnknownFields') holds it to `unknownFields`, by property, for
 * every command of both case types, with undeclared fields generated at any depth and in list items.
 */
export const holdsUnknownFields = (codec: t.Mixed, value: unknown): boolean => unknownCheckOf(codec)(value)

/** Is a JSON value nested deeper than `max` levels? Checked without recursion, so any depth is safe to ask about. */
export const nestedDeeperThan = (value: unknown, max: number): boolean => {
  // Two stacks side by side, not a pair per value: every command is measured.
  const values: unknown[] = [value]
  const depths: number[] = [0]
  while (values.length > 0) {
    const v = values.pop()
    const depth = depths.pop() as number
    if (typeof v !== 'object' || v === null) continue
    if (depth >= max) return true
    if (Array.isArray(v)) {
      for (const child of v) {
        if (typeof child !== 'object' || child === null) continue
        values.push(child)
        depths.push(depth + 1)
      }
      continue
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key]
      if (typeof child !== 'object' || child === null) continue
      values.push(child)
      depths.push(depth + 1)
    }
  }
  return false
}

/** A surrogate, lone or in a pair: most text has none, and only text with one can hold a lone one. */
const SURROGATE = /[\uD800-\uDFFF]/
const holdsSurrogate = (text: string): boolean => {
  // Short text (keys, codes, ids): a loop; longer text: the regex engine's scan.
  if (text.length > 24) return SURROGATE.test(text)
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff) return true
  }
  return false
}

/**
 * True when `value` is certainly fine by both `nestedDeeperThan(value, max)` (false) and `unencodableText(value)`
 * (undefined): no object or list `max` levels down, no surrogate at all in a string or key. One walk with no
 * allocation, where those two walk the command apart; false only means they must be asked (a surrogate pair is
 * fine, but is left to them), so what they answer is what the command gets. Never recurses deeper than `max`.
 */
export const plainlyWellFormed = (value: unknown, max: number): boolean => walkPlain(value, 0, max)

const walkPlain = (value: unknown, depth: number, max: number): boolean => {
  if (typeof value === 'string') return !holdsSurrogate(value)
  if (typeof value !== 'object' || value === null) return true
  if (depth >= max) return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!walkPlain(value[i], depth + 1, max)) return false
    return true
  }
  for (const key of Object.keys(value)) {
    if (holdsSurrogate(key) || !walkPlain((value as Record<string, unknown>)[key], depth + 1, max)) return false
  }
  return true
}
