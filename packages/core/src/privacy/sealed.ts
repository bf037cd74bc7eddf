import type { EventStore, NewEvent, RecordedEvent } from '../kernel/index.js'

/**
 * Crypto-shredding (加密删除): personal fields are stored sealed with a key per data subject, so erasing
 * a person's data (个人信息保护法 art. 47: when the purpose is met, retention ends or a lawful request is
 * granted) is destroying that key. The log itself is never rewritten: the hash chain and the Merkle leaves
 * cover the sealed text, so verification needs no key and still passes after an erasure.
 *
 * Core only says which fields are personal and how a sealed value reads; the cipher (AES-256-GCM in the
 * adapters) and the key store are injected through `FieldCipher`.
 */

/** What an erased field reads as, in every view. */
export const ERASED = 'erased'

/** A sealed field reads `sealed:v1:<subjectId>` in the log; its value is in the event's `$sealed` (see SEALED_KEY). */
export const SEALED_PREFIX = 'sealed:v1:'

/** The port: seal/open one field's text with the subject's key. `open` gives undefined when the key is gone. */
export interface FieldCipher {
  /** Seals with the subject's key, creating the key on first use. */
  readonly seal: (subjectId: string, plaintext: string) => string
  /** The plaintext, or undefined when the subject's key was destroyed (erased). Throws on a forged text. */
  readonly open: (subjectId: string, sealed: string) => string | undefined
}

/**
 * The personal fields of each event type, as paths into its data, and whose they are. Why these:
 * - ComplaintRegistered `complainant.name/phone/idNumber` identify the person (姓名、电话、身份证号);
 *   `address` is where they live or where the problem is, and for a complaint about one's own home it
 *   locates the person; it is sealed with the complainant's key.
 * - ComplaintReferredToMediation `applicant.name/phone` are the complainant's again (copied when referred).
 * - `title`/`description` are free text a person wrote; they stay in clear for now: every handling unit's
 *   work, the dashboards and the category rules read them, and they are masked from nobody today. Sealing
 *   them is the next step (see docs/erasure.md), as are the dispute parties and a referral's respondents
 *   (not yet sealed: erasing a complaint leaves the dispute opened from it as it was).
 * - `residentId` is an account id, not personal data in itself; access rules need it in clear.
 */
export interface PersonalField {
  /** The event type. */
  readonly type: string
  /** Path into the event's data. */
  readonly path: readonly string[]
  /** Which subject of the stream the field belongs to (the key is per stream and role). */
  readonly role: string
}

export const PERSONAL_FIELDS: readonly PersonalField[] = [
  { type: 'ComplaintRegistered', path: ['complainant', 'name'], role: 'complainant' },
  { type: 'ComplaintRegistered', path: ['complainant', 'phone'], role: 'complainant' },
  { type: 'ComplaintRegistered', path: ['complainant', 'idNumber'], role: 'complainant' },
  { type: 'ComplaintRegistered', path: ['address'], role: 'complainant' },
  // The complainant again, as the applicant of the dispute the complaint is referred to (same person, same key).
  { type: 'ComplaintReferredToMediation', path: ['applicant', 'name'], role: 'complainant' },
  { type: 'ComplaintReferredToMediation', path: ['applicant', 'phone'], role: 'complainant' },
]

/** What an erasure is recorded as (on the `erasures` stream): read models holding a case's state react to it. */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased'

/**
 * The personal fields of a case state that read models keep (the complaint state keeps the complainant and the
 * address as registered). A read model that stored a case's folded state erases these when the erasure event
 * reaches it: its stored state was folded while the key existed.
 */
const STATE_PERSONAL_PATHS: readonly (readonly string[])[] = [['complainant', 'name'], ['complainant', 'phone'], ['complainant', 'idNumber'], ['address']]

/** A case state with its personal fields read as ERASED (fields absent stay absent). */
export const eraseState = <T>(state: T): T => {
  let out: unknown = state
  for (const path of STATE_PERSONAL_PATHS) out = mapAt(out, path, () => ERASED)
  return out as T
}

/** The case an erasure event erased, or undefined for any other event. */
export const erasedStreamOf = (event: { readonly type: string; readonly data: unknown }): string | undefined => {
  if (event.type !== PERSONAL_DATA_ERASED || !isObject(event.data)) return undefined
  const streamId = event.data['streamId']
  return typeof streamId === 'string' ? streamId : undefined
}

/** A data subject's id: one per case and role (`<streamId>#complainant`). */
export const subjectIdOf = (streamId: string, role: string): string => `${streamId}#${role}`

/**
 * The subjects whose data a stream's events hold sealed (for erasure: which keys to destroy). Read from the
 * events' `$sealed`, so a case written in clear (before sealing, or with it off) has none: it cannot be erased by key.
 */
export const subjectsOfStream = (events: readonly { readonly data: unknown }[]): string[] => {
  const subjects = new Set<string>()
  for (const event of events) {
    const sealed = isObject(event.data) ? event.data[SEALED_KEY] : undefined
    if (isObject(sealed)) for (const subject of Object.keys(sealed)) subjects.add(subject)
  }
  return [...subjects]
}

const fieldsByType = new Map<string, PersonalField[]>()
for (const field of PERSONAL_FIELDS) fieldsByType.set(field.type, [...(fieldsByType.get(field.type) ?? []), field])

/** Whether events of this type carry sealed personal fields (caches of their opened form would outlive an erasure). */
export const hasPersonalFields = (type: string): boolean => fieldsByType.has(type)

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A copy of `data` with the string at `path` replaced by `f(value)`; unchanged when the path is absent. */
const mapAt = (data: unknown, path: readonly string[], f: (value: string) => string): unknown => {
  const [head, ...rest] = path
  if (head === undefined || !isObject(data) || !(head in data)) return data
  const value = data[head]
  if (rest.length === 0) return typeof value === 'string' ? { ...data, [head]: f(value) } : data
  const inner = mapAt(value, rest, f)
  return inner === value ? data : { ...data, [head]: inner }
}

/** Whether a value is a sealed field's marker. */
export const isSealed = (value: string): boolean => value.startsWith(SEALED_PREFIX)

/**
 * Where an event keeps its sealed values: `data.$sealed[subjectId]`, one ciphertext per subject and event (the JSON
 * of that subject's fields by path), each field itself replaced by the marker `sealed:v1:<subjectId>`. One cipher
 * call per event, not per field: that is most of the cost of sealing (bench/erasure.bench.ts).
 */
export const SEALED_KEY = '$sealed'

const pathKey = (path: readonly string[]): string => path.join('.')

/** A personal field with its path's key in a sealed value, worked out once. */
interface KeyedField extends PersonalField {
  readonly key: string
}
const keyedByType = new Map<string, KeyedField[]>()
for (const field of PERSONAL_FIELDS) keyedByType.set(field.type, [...(keyedByType.get(field.type) ?? []), { ...field, key: pathKey(field.path) }])

/**
 * Seals a new event's personal fields with their subjects' keys (the store then hashes the sealed text).
 * The data is copied once, and each object on a sealed field's path once: what `mapAt` per field gave, without
 * a copy of the whole path per field.
 */
export const sealEvent = (streamId: string, event: NewEvent, cipher: FieldCipher): NewEvent => {
  const fields = keyedByType.get(event.type)
  const data = event.data
  if (fields === undefined || !isObject(data)) return event
  let out: Json | undefined
  // The copies made along sealed paths, by the path up to them ('' the top): each object is copied at most once.
  const copies = new Map<string, Json>()
  let values: Map<string, Record<string, string>> | undefined
  for (const field of fields) {
    const { path } = field
    let parent: unknown = data
    for (let i = 0; i < path.length - 1 && isObject(parent); i += 1) parent = parent[path[i] as string]
    const leaf = path[path.length - 1]
    if (leaf === undefined || !isObject(parent) || !(leaf in parent)) continue
    const plain = parent[leaf]
    // ERASED stays as it is: a value copied from an erased case (its state reads "erased") has nothing to seal.
    // Anything else is sealed, even text that looks like a marker: it is what someone typed, not a sealed value.
    if (typeof plain !== 'string' || plain === ERASED) continue
    const subject = subjectIdOf(streamId, field.role)
    values ??= new Map()
    const own = values.get(subject)
    if (own === undefined) values.set(subject, { [field.key]: plain })
    else own[field.key] = plain
    out ??= { ...data }
    copies.set('', out)
    let target = out
    let prefix = ''
    for (let i = 0; i < path.length - 1; i += 1) {
      const step = path[i] as string
      prefix = `${prefix}.${step}`
      let copy = copies.get(prefix)
      if (copy === undefined) {
        copy = { ...(target[step] as Json) }
        target[step] = copy
        copies.set(prefix, copy)
      }
      target = copy
    }
    target[leaf] = `${SEALED_PREFIX}${subject}`
  }
  if (values === undefined || out === undefined) return event
  const sealed: Record<string, string> = {}
  for (const [subject, fieldValues] of values) sealed[subject] = cipher.seal(subject, JSON.stringify(fieldValues))
  out[SEALED_KEY] = sealed
  return { ...event, data: out }
}

/** A recorded event with its personal fields opened (or ERASED). The envelope's hashes are those of the sealed log. */
export const openEvent = (event: RecordedEvent, cipher: FieldCipher): RecordedEvent => {
  const fields = fieldsByType.get(event.type)
  if (fields === undefined || !isObject(event.data) || !(SEALED_KEY in event.data)) return event
  const { [SEALED_KEY]: sealed, ...rest } = event.data
  const opened = new Map<string, Record<string, unknown> | undefined>()
  const valuesOf = (subject: string): Record<string, unknown> | undefined => {
    if (!opened.has(subject)) {
      const text = isObject(sealed) ? sealed[subject] : undefined
      const plain = typeof text === 'string' ? cipher.open(subject, text) : undefined
      const parsed: unknown = plain === undefined ? undefined : JSON.parse(plain)
      opened.set(subject, isObject(parsed) ? parsed : undefined)
    }
    return opened.get(subject)
  }
  let data: unknown = rest
  for (const field of fields) {
    data = mapAt(data, field.path, (v) => {
      if (!isSealed(v)) return v
      const value = valuesOf(v.slice(SEALED_PREFIX.length))?.[pathKey(field.path)]
      return typeof value === 'string' ? value : ERASED
    })
  }
  return { ...event, data }
}

/** What a sealed store adds: the log as written, and the opening of one event read from it. */
export interface SealedParts<S extends EventStore> {
  readonly unsealed: S
  readonly openSealed: (event: RecordedEvent) => RecordedEvent
}

/**
 * The store as the application sees it: appends seal, reads open. Everything built on `EventStore`
 * (case views, history, lists, exports, the live feed, projection rebuilds) then shows plaintext while the
 * key exists and ERASED after. Verification reads the inner store (`unsealed`): it never needs a key.
 */
export const sealedStore = <S extends EventStore>(inner: S, cipher: FieldCipher): S & SealedParts<S> => {
  const open = (events: readonly RecordedEvent[]): RecordedEvent[] => events.map((e) => openEvent(e, cipher))
  return {
    ...inner,
    unsealed: inner,
    openSealed: (event) => openEvent(event, cipher),
    readStream: async (streamId, options) => open(await inner.readStream(streamId, options)),
    readAll: async (options) => open(await inner.readAll(options)),
    appendToStream: async (streamId, events, options) => {
      const outcome = await inner.appendToStream(streamId, events.map((e) => sealEvent(streamId, e, cipher)), options)
      // What was just written opens to what was given: handed back as given, not decrypted again.
      const given = (event: RecordedEvent, i: number): RecordedEvent => {
        const original = events[i]
        return original === undefined || original.type !== event.type ? openEvent(event, cipher) : { ...event, data: original.data }
      }
      return outcome._tag === 'Right' ? { ...outcome, right: { ...outcome.right, events: outcome.right.events.map(given) } } : outcome
    },
    subscribe: (options) => {
      const source = inner.subscribe(options)
      return (async function* () {
        for await (const event of source) yield openEvent(event, cipher)
      })()
    },
  }
}

/** The log as written (sealed text), for verification: a sealed store's inner store, or the store itself. */
export const unsealedOf = (store: EventStore): EventStore =>
  'unsealed' in store && typeof store.unsealed === 'object' && store.unsealed !== null ? (store.unsealed as EventStore) : store

/**
 * How to open events read from `unsealedOf(store)`: a cache of raw events (the live tail) opens each as it is
 * sent, so an erasure takes effect in the feed at once (a cache of opened events would keep the plaintext).
 */
export const openerOf = (store: EventStore): ((event: RecordedEvent) => RecordedEvent) =>
  'openSealed' in store && typeof store.openSealed === 'function' ? (store.openSealed as (event: RecordedEvent) => RecordedEvent) : (event) => event
