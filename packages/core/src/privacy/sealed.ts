import { oldestKey, type EventStore, type NewEvent, type RecordedEvent, type SubscribeOptions } from '../kernel/index.js'
import { recordedActor } from '../kernel/actor.js'

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

/**
 * What a sealed field reads as, in a store given `unreadable` (the server's), when the key the key store holds does not
 * open it: the key replaced in the table, or the text changed, in the database. Not "erased": no erasure made it so;
 * `gridcase audit verify` names it (`key-wrong`).
 */
export const UNREADABLE = 'unreadable'

/**
 * What sealing throws for a personal value that reads UNREADABLE: a command copying it from a case's state (a referral's
 * applicant) would record the placeholder as the person's data. Nothing is written; the HTTP API answers 409
 * `personal-data-unreadable`.
 */
export class SealingUnreadable extends Error {
  override readonly name = 'SealingUnreadable'
  constructor(readonly subjectId: string) {
    super(`the key held for ${subjectId} does not open its data (it reads "${UNREADABLE}"): nothing of it is written under that key, nor the placeholder as data`)
  }
}

/** Whether a personal value is gone: erased, or unreadable. Masking leaves both as they are. */
export const isGone = (value: unknown): boolean => value === ERASED || value === UNREADABLE

/**
 * Told of each sealed value a store's key does not open, which then reads UNREADABLE rather than stopping the reader (a
 * server's read models and views go on past it: found in review, one replaced key stopped them for good).
 */
export type Unreadable = (event: RecordedEvent, subject: string, error: SealedValueDoesNotOpen) => void

/**
 * A sealed field as builds before the event store's schema 3 wrote it: `sealed:v1:<subjectId>`, its value in the event's
 * `$sealed[<subjectId>]` (see SEALED_KEY). Still read; no longer written.
 */
export const SEALED_PREFIX = 'sealed:v1:'

/**
 * A sealed field as written now: `sealed:v2:<role>`, its value in the event's `$sealed[<role>]`. The subject is the role's
 * in the event's own stream (`<streamId>#<role>`, subjectIdOf), so the stream id is not written into every marker and
 * `$sealed` again: a registration's row is five times (the stream id's length + 1) characters shorter (235 with the
 * server's uuid case ids), a dispute report's more (a marker per party field). Both stores raised their schema version with it
 * (SQLite 3, PostgreSQL 4): a build from before reads a v2 marker as the value itself, so it refuses the store instead.
 */
export const SEALED_V2_PREFIX = 'sealed:v2:'

/**
 * What `FieldCipher.open` throws when the subject's key does not open a sealed text (the text forged or changed, the key
 * replaced in the key store): evidence about the key and the text. Any other error a cipher throws (a key it was not
 * given, a key store it cannot reach) is its own failure, and says nothing of them.
 */
export class SealedValueDoesNotOpen extends Error {
  override readonly name = 'SealedValueDoesNotOpen'
}

/** The port: seal/open one field's text with the subject's key. `open` gives undefined when the key is gone. */
export interface FieldCipher {
  /** Seals with the subject's key, creating the key on first use. */
  readonly seal: (subjectId: string, plaintext: string) => string
  /**
   * The plaintext, or undefined when the subject's key was destroyed (erased). Throws `SealedValueDoesNotOpen` when the
   * key it holds does not open the text (a forged text, a key replaced); any other error is its own failure.
   */
  readonly open: (subjectId: string, sealed: string) => string | undefined
  /**
   * How many keys the key store has destroyed so far, by any process. While it is unchanged an opened event may be
   * kept and handed out again (one decryption per event for every reader, not one per reader); when it changes,
   * everything kept is dropped. Without it nothing is kept.
   */
  readonly erasures?: () => number
  /**
   * Loads the keys of these subjects at once, for the opening of a page of events that follows (synchronously): one
   * look at the key store for the page rather than one per event. The function it returns ends that opening, dropping
   * what was loaded. Without it each `open` asks the key store itself.
   */
  readonly prepare?: (subjects: readonly string[]) => () => void
  /**
   * Whether the subject was erased (its key destroyed). Asked only for personal text an event holds in clear, which
   * events written before free text was sealed (builds before 2026-12-04) do: once the case is erased it reads
   * "erased" as its sealed names do. Without it, an event's own sealed values of that subject tell (they no longer
   * open), and an event with none of them shows its clear text.
   */
  readonly erased?: (subjectId: string) => boolean
}

/**
 * The personal fields of each event type, as paths into its data (`*` for every element of an array), and whose
 * they are. Why these:
 * - ComplaintRegistered `complainant.name/phone/idNumber` identify the person (姓名、电话、身份证号);
 *   `address` is where they live or where the problem is, and for a complaint about one's own home it
 *   locates the person; it is sealed with the complainant's key.
 * - ComplaintReferredToMediation `applicant.*` is the complainant again (copied when referred, same key);
 *   `respondents.*` are other people, named by the complainant: their own subject (`#respondents`).
 * - A dispute's parties (当事人) are named on its report with phone, id number and address, and then by name on
 *   every later step they take part in (attendees, signatures, who agreed to an extension, who consented to and
 *   who applied for judicial confirmation, who filed documents, who applied for enforcement). All of it is sealed under one subject, the dispute's parties
 *   (`dispute-<id>#parties`): erasing a dispute's personal data erases every party's, everywhere in its stream.
 * - Free text about the people of the case: a complaint's `title` and `description` (what the complainant said,
 *   often naming themselves: "本人张三…", "市民张先生反映…"), a complainant's supplement (`ComplaintSupplemented.text`,
 *   补充诉求: more of the description) and the `summary` a referral gives the dispute, all with the complainant's key
 *   (a case with no complainant — found on patrol, anonymous — seals its text under that role all the same, so the
 *   case's text is erased with the case); a dispute's `summary` (the parties' account, 纠纷简要情况), its session
 *   `minutes` (调解笔录) and its agreement's `terms` (协议条款, also as reported back to an entrusting court), `facts`
 *   and `performance` (how the terms are performed, by whom), with the parties' key. The key is there while the case is handled, so every handling unit reads them as written (and masked
 *   views mask the people's names in them); once erased they read "erased" like the names, which can then no longer
 *   be found in them to mask. Found in review: they stayed in clear, so an erased name still read in full in them.
 *   Text the units write (notes, reasons, results, a court's ruling) stays in clear: it is the record of the handling,
 *   and it is what the names are masked in for every masked view (see docs/erasure.md).
 * - `residentId` is an account id, not personal data in itself; access rules need it in clear.
 */
export interface PersonalField {
  /** The event type. */
  readonly type: string
  /** Path into the event's data; `*` stands for every element of an array. */
  readonly path: readonly string[]
  /** Which subject of the stream the field belongs to (the key is per stream and role). */
  readonly role: string
}

const PARTY = 'parties'
const personOf = (type: string, prefix: readonly string[], role: string, fields: readonly string[]): PersonalField[] =>
  fields.map((field) => ({ type, path: [...prefix, field], role }))

export const PERSONAL_FIELDS: readonly PersonalField[] = [
  ...personOf('ComplaintRegistered', ['complainant'], 'complainant', ['name', 'phone', 'idNumber']),
  { type: 'ComplaintRegistered', path: ['address'], role: 'complainant' },
  { type: 'ComplaintRegistered', path: ['title'], role: 'complainant' },
  { type: 'ComplaintRegistered', path: ['description'], role: 'complainant' },
  { type: 'ComplaintSupplemented', path: ['text'], role: 'complainant' },
  { type: 'ComplaintReferredToMediation', path: ['summary'], role: 'complainant' },
  // The complainant again, as the applicant of the dispute the complaint is referred to (same person, same key).
  ...personOf('ComplaintReferredToMediation', ['applicant'], 'complainant', ['name', 'phone', 'idNumber', 'address']),
  ...personOf('ComplaintReferredToMediation', ['respondents', '*'], 'respondents', ['name', 'phone', 'idNumber', 'address']),
  ...personOf('DisputeReported', ['parties', '*'], PARTY, ['name', 'phone', 'idNumber', 'address']),
  { type: 'DisputeReported', path: ['summary'], role: PARTY },
  { type: 'MediationSessionHeld', path: ['attendees', '*'], role: PARTY },
  { type: 'MediationSessionHeld', path: ['minutes'], role: PARTY },
  { type: 'MediationAgreed', path: ['signatures', '*', 'party'], role: PARTY },
  { type: 'MediationAgreed', path: ['terms', '*'], role: PARTY },
  { type: 'MediationAgreed', path: ['facts'], role: PARTY },
  { type: 'MediationAgreed', path: ['performance'], role: PARTY },
  { type: 'ReportedToCourt', path: ['terms', '*'], role: PARTY },
  { type: 'MediationExtended', path: ['agreedBy', '*'], role: PARTY },
  { type: 'JudicialConfirmationConsented', path: ['party'], role: PARTY },
  { type: 'JudicialConfirmationApplied', path: ['applicant'], role: PARTY },
  { type: 'JudicialConfirmationApplied', path: ['consentedBy', '*'], role: PARTY },
  { type: 'EnforcementApplied', path: ['applicant'], role: PARTY },
  { type: 'PartyDocumentsSubmitted', path: ['party'], role: PARTY },
]

/** What an erasure is recorded as (on the `erasures` stream): read models holding a case's state react to it. */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased'

/**
 * The personal fields of a case state that read models keep (the complaint state keeps the complainant and the
 * address as registered). A read model that stored a case's folded state erases these when the erasure event
 * reaches it: its stored state was folded while the key existed.
 */
const STATE_PERSONAL_PATHS: readonly (readonly string[])[] = [
  ['complainant', 'name'],
  ['complainant', 'phone'],
  ['complainant', 'idNumber'],
  ['address'],
  // Its free text, as registered and supplemented.
  ['title'],
  ['description'],
  ['supplements', '*', 'text'],
  // A dispute's state keeps its parties as reported, and the names of those who consented to judicial confirmation;
  // its summary and its agreement's terms.
  ['summary'],
  ['agreement', 'terms', '*'],
  // Who signed the agreement, and who applied for its judicial confirmation (found in review: kept in a read model).
  ['agreement', 'signatures', '*', 'party'],
  ['confirmation', 'applicant'],
  ['parties', '*', 'name'],
  ['parties', '*', 'phone'],
  ['parties', '*', 'idNumber'],
  ['parties', '*', 'address'],
  ['consents', '*'],
]

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

/** The case (stream) a data subject's id names: `subjectIdOf`'s inverse. */
export const streamOfSubject = (subjectId: string): string => subjectId.slice(0, subjectId.lastIndexOf('#'))

/**
 * Whether `subject` is one of the stream's own subjects (`<streamId>#<role>`). Sealing only ever names the stream the
 * event is appended to; an event naming another stream's subject was not written by a store (a raw write into the
 * database, which verification flags), and is neither opened with that key nor erased through it.
 */
const ownSubject = (streamId: string, subject: string): boolean => subject.startsWith(`${streamId}#`)

/**
 * The subjects whose data a stream's events hold sealed (for erasure: which keys to destroy). Read from the
 * events' `$sealed`, so a case written in clear (before sealing, or with it off) has none: it cannot be erased by key.
 * Only the event's own stream's subjects count (a v2 key is a role of it; a v1 key counts when `ownSubject`): erasing one
 * case never destroys another's key.
 */
export const subjectsOfStream = (events: readonly { readonly streamId: string; readonly data: unknown }[]): string[] => {
  const subjects = new Set<string>()
  for (const event of events) {
    const sealed = isObject(event.data) ? event.data[SEALED_KEY] : undefined
    if (!isObject(sealed)) continue
    for (const key of Object.keys(sealed)) {
      // v1 keys are subject ids (`<streamId>#<role>`), v2 keys roles of the event's own stream (a role has no '#').
      if (!key.includes('#')) subjects.add(subjectIdOf(event.streamId, key))
      else if (ownSubject(event.streamId, key)) subjects.add(key)
    }
  }
  return [...subjects]
}

const fieldsByType = new Map<string, PersonalField[]>()
for (const field of PERSONAL_FIELDS) fieldsByType.set(field.type, [...(fieldsByType.get(field.type) ?? []), field])

/** Whether events of this type carry sealed personal fields (caches of their opened form would outlive an erasure). */
export const hasPersonalFields = (type: string): boolean => fieldsByType.has(type)

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A copy of `data` with each string at `path` replaced by `f(value, where)` (`where`: the concrete path, array
 * indices in place of `*`, dot-joined); unchanged (the same object) where the path is absent.
 */
const mapAt = (data: unknown, path: readonly string[], f: (value: string, where: string) => string, where = ''): unknown => {
  const [head, ...rest] = path
  if (head === undefined) return data
  const at = (key: string) => (where === '' ? key : `${where}.${key}`)
  if (head === '*') {
    if (!Array.isArray(data)) return data
    let changed = false
    const out = data.map((item: unknown, i) => {
      const next = rest.length === 0 ? (typeof item === 'string' ? f(item, at(String(i))) : item) : mapAt(item, rest, f, at(String(i)))
      if (next !== item) changed = true
      return next
    })
    return changed ? out : data
  }
  if (!isObject(data) || !(head in data)) return data
  const value = data[head]
  if (rest.length === 0) return typeof value === 'string' ? { ...data, [head]: f(value, at(head)) } : data
  const inner = mapAt(value, rest, f, at(head))
  return inner === value ? data : { ...data, [head]: inner }
}

/** Whether some string at `path` in `data` (`*`: any element) passes `test`. */
const someAt = (data: unknown, path: readonly string[], test: (value: string) => boolean, from = 0): boolean => {
  if (from === path.length) return typeof data === 'string' && test(data)
  const head = path[from] as string
  if (head === '*') return Array.isArray(data) && data.some((item: unknown) => someAt(item, path, test, from + 1))
  return isObject(data) && Object.hasOwn(data, head) && someAt(data[head], path, test, from + 1)
}

/**
 * A personal value written in clear: neither a marker nor ERASED. Only events written before their field was sealed
 * hold one (a build before 2026-12-04 left free text in clear; with sealing off everything is), and ERASED is what a
 * value copied from an erased case reads (nothing to seal, nothing to erase).
 */
const inClear = (value: string): boolean => value !== ERASED && !isSealed(value)

/**
 * The roles whose personal values `event` holds in clear (see `inClear`), each once; none for most events. `skip`: a
 * role not looked for (one whose subject is already known from the event's sealed values).
 */
const clearRolesOf = (event: { readonly type: string; readonly data: unknown }, skip?: (role: string) => boolean): string[] => {
  const fields = fieldsByType.get(event.type)
  if (fields === undefined || !isObject(event.data)) return []
  const roles: string[] = []
  for (const field of fields) {
    if (!roles.includes(field.role) && skip?.(field.role) !== true && someAt(event.data, field.path, inClear)) roles.push(field.role)
  }
  return roles
}

type EventLike = { readonly streamId: string; readonly type: string; readonly data: unknown; readonly metadata?: { readonly requestHash?: string | undefined } }

/**
 * The subjects the opening of these events asks about: those whose sealed values they hold (`subjectsOfStream`) and
 * those whose personal text they hold in clear (events written before it was sealed), which reads "erased" once the
 * subject is. A key store that loads keys ahead (PostgreSQL's) loads these; an erasure destroys these (an erased row
 * for a subject never given a key).
 */
export const subjectsToOpen = (events: readonly EventLike[]): string[] => {
  const subjects = new Set(subjectsOfStream(events))
  for (const event of events) {
    const sealed = isObject(event.data) ? event.data[SEALED_KEY] : undefined
    const known = isObject(sealed) ? (role: string) => Object.hasOwn(sealed, role) || Object.hasOwn(sealed, subjectIdOf(event.streamId, role)) : undefined
    for (const role of clearRolesOf(event, known)) subjects.add(subjectIdOf(event.streamId, role))
    // The subject its idempotency fingerprint is sealed under (see `sealRequest`): the case's own, so most often named above.
    const request = requestSubjectOf(event) ?? clearRequestSubjectOf(event)
    if (request !== undefined) subjects.add(request)
  }
  return [...subjects]
}

/**
 * The subjects whose personal values these events hold in clear (written before the field was sealed, or with sealing
 * off): an erasure reads them "erased" in every view, but the log keeps them as written (the chain covers them).
 */
export const subjectsInClear = (events: readonly EventLike[]): string[] => {
  const subjects = new Set<string>()
  for (const event of events) for (const role of clearRolesOf(event)) subjects.add(subjectIdOf(event.streamId, role))
  return [...subjects]
}

/** Whether a value is a sealed field's marker (either format). */
export const isSealed = (value: string): boolean => value.startsWith(SEALED_V2_PREFIX) || value.startsWith(SEALED_PREFIX)

/**
 * Where a marker's value is in its event (`$sealed[key]`) and whose it is: a v2 marker names a role of the event's own
 * stream, and counts only when it is the role the field belongs to (`role`, from PERSONAL_FIELDS: so never a role with
 * a '#', which `subjectsOfStream` would not name and a key store that loads keys ahead, PostgreSQL's, would not have
 * loaded); a v1 marker names the subject, which counts only when it is one of the stream's own (see `ownSubject`).
 * Undefined for a value that is no marker, and for one that does not count (read as ERASED).
 */
const markerOf = (streamId: string, role: string, value: string): { readonly key: string; readonly subject: string } | undefined => {
  if (value.startsWith(SEALED_V2_PREFIX)) {
    return value === `${SEALED_V2_PREFIX}${role}` ? { key: role, subject: subjectIdOf(streamId, role) } : undefined
  }
  if (!value.startsWith(SEALED_PREFIX)) return undefined
  const subject = value.slice(SEALED_PREFIX.length)
  return ownSubject(streamId, subject) ? { key: subject, subject } : undefined
}

/**
 * Where an event keeps its sealed values: `data.$sealed[role]`, one ciphertext per subject and event (the JSON of that
 * subject's fields by path, sealed with the subject's key and its id as associated data), each field itself replaced by
 * the marker `sealed:v2:<role>` (`$sealed[subjectId]` and `sealed:v1:<subjectId>` in events written before; see
 * SEALED_PREFIX). One cipher call per event, not per field: that is most of the cost of sealing (bench/erasure.bench.ts).
 */
export const SEALED_KEY = '$sealed'

/**
 * Seals a new event's personal fields with their subjects' keys (the store then hashes the sealed text).
 * This runs inside every append, on the appending thread: the fields of each event type are compiled once into a
 * tree of their paths (`SealPlan`), walked once per event; each object or array on a sealed field's path is copied
 * once, and nothing is copied for an event with no personal fields.
 */
export const sealEvent = (streamId: string, event: NewEvent, cipher: FieldCipher): NewEvent => {
  const data = sealData(streamId, event, cipher)
  return event.metadata.requestHash === undefined ? data : sealRequest(streamId, data, cipher)
}

const sealData = (streamId: string, event: NewEvent, cipher: FieldCipher): NewEvent => {
  const plan = plansByType.get(event.type)
  if (plan === undefined || !isObject(event.data)) return event
  const walk: Walk = { markers: markersOf(streamId, plan), texts: undefined }
  const taken = sealObject(event.data, plan.keys, walk, '')
  const texts = walk.texts
  if (texts === undefined) return event
  const root = taken === event.data ? copyOf(taken) : taken
  const sealed: Record<string, string> = {}
  for (let i = 0; i < plan.roles.length; i += 1) {
    const mine = texts[i]
    const marker = walk.markers[i]
    if (mine !== undefined && marker !== undefined) sealed[marker.role] = cipher.seal(marker.subject, `${mine}}`)
  }
  root[SEALED_KEY] = sealed
  return { ...event, data: root }
}

/**
 * `JSON.stringify(values)`, the same text, written directly: the paths are names and indices joined by dots (nothing
 * to escape), and most values need no escaping either (JSON.stringify is taken for one that does). JSON.stringify of
 * the record was a fifth of the walk's time. The walk no longer builds the record (it writes each member as it takes
 * the value, `memberText`); this stays as the reference its text is checked against (sealWalk.test.ts).
 */
export const valuesText = (values: Record<string, string>): string => {
  let out = ''
  for (const path in values) {
    const value = values[path] as string
    const key = SAFE_TEXT.test(path) ? `"${path}"` : JSON.stringify(path)
    out += `${out === '' ? '{' : ','}${key}:${SAFE_TEXT.test(value) ? `"${value}"` : JSON.stringify(value)}`
  }
  return out === '' ? '{}' : `${out}}`
}
/** Text JSON writes as it is between quotes: no control character, quote, backslash or surrogate (which may be lone). */
const SAFE_TEXT = /^[^\u0000-\u001f"\\\ud800-\udfff]*$/

/** A JSON string, as JSON.stringify writes it (the quotes included). */
const jsonText = (text: string): string => (SAFE_TEXT.test(text) ? `"${text}"` : JSON.stringify(text))

/** One step of a type's sealed paths: `role` (an index into the plan's roles) where a field ends; what follows, by key and for every array element (`*`). */
interface PlanNode {
  readonly key: string
  /** The dotted path from the data's root, made once, where no `*` is on the way (else made per element as walked). */
  readonly path: string | undefined
  /** `path` as a JSON string and a colon (`"complainant.name":`), made once with it. */
  readonly pathText: string | undefined
  readonly role: number | undefined
  readonly keys: readonly PlanNode[]
  readonly each: PlanNode | undefined
}
/** A type's personal fields as one tree of steps, and the roles they belong to. */
interface SealPlan {
  readonly roles: readonly string[]
  readonly keys: readonly PlanNode[]
}
/**
 * One event's walk: each role's subject and marker, and the values taken so far, by role index, as the text of a JSON
 * object still to be closed (`{"address":"…","complainant.name":"…"`): what `valuesText` writes for the record of the
 * same members in the order taken, without building the record. The order is the walk's (as the record's keys were:
 * a path is never an array index, so no key of it would have been moved to the front; see `compilePlan`).
 */
interface Walk {
  readonly markers: readonly { readonly role: string; readonly subject: string; readonly marker: string }[]
  texts: (string | undefined)[] | undefined
}

interface Building {
  readonly key: string
  readonly path: string | undefined
  readonly pathText: string | undefined
  role: number | undefined
  readonly keys: Building[]
  each: Building | undefined
}

const compilePlan = (fields: readonly PersonalField[]): SealPlan => {
  const roles: string[] = []
  const top: Building = { key: '', path: '', pathText: undefined, role: undefined, keys: [], each: undefined }
  for (const field of fields) {
    // A record's integer-like keys come first whatever the order they were added in, and `__proto__` is no key of it:
    // the walk writes its values' text in the order taken (see Walk), the same text only while no path starts so.
    const first = field.path[0]
    if (first !== undefined && (/^(?:0|[1-9][0-9]*)$/.test(first) || first === '__proto__')) throw new Error(`a personal field's path cannot start with ${first}`)
    if (!roles.includes(field.role)) roles.push(field.role)
    let node = top
    for (const key of field.path) {
      let next = key === '*' ? node.each : node.keys.find((n) => n.key === key)
      if (next === undefined) {
        const path = key === '*' || node.path === undefined ? undefined : node.path === '' ? key : `${node.path}.${key}`
        next = { key, path, pathText: path === undefined ? undefined : `${jsonText(path)}:`, role: undefined, keys: [], each: undefined }
        if (key === '*') node.each = next
        else node.keys.push(next)
      }
      node = next
    }
    node.role = roles.indexOf(field.role)
  }
  return { roles, keys: top.keys }
}

const plansByType = new Map<string, SealPlan>()
for (const [type, fields] of fieldsByType) plansByType.set(type, compilePlan(fields))

// The subjects and markers of the stream sealed last (an append seals a run of events of one stream).
let markersStream = ''
const markersKept = new Map<SealPlan, Walk['markers']>()
const markersOf = (streamId: string, plan: SealPlan): Walk['markers'] => {
  if (streamId !== markersStream) {
    markersKept.clear()
    markersStream = streamId
  }
  const kept = markersKept.get(plan)
  if (kept !== undefined) return kept
  const made = plan.roles.map((role) => ({ role, subject: subjectIdOf(streamId, role), marker: `${SEALED_V2_PREFIX}${role}` }))
  markersKept.set(plan, made)
  return made
}

/**
 * The value at one plan node, sealed: a string where a field ends is taken (into `walk.values`) and replaced by
 * its subject's marker; arrays and objects on a path are walked, and copied (once) where something under them was
 * taken. The same value when nothing was.
 * ERASED stays as it is: a value copied from an erased case (its state reads "erased") has nothing to seal.
 * Anything else is sealed, even text that looks like a marker: it is what someone typed, not a sealed value.
 */
const sealValue = (value: unknown, node: PlanNode, walk: Walk, at: string): unknown => {
  if (typeof value === 'string') {
    if (node.role === undefined || value === ERASED) return value
    if (value === UNREADABLE) throw new SealingUnreadable(walk.markers[node.role]?.subject ?? at)
    const texts = (walk.texts ??= [])
    const before = texts[node.role]
    const member = `${node.pathText ?? `${jsonText(at)}:`}${jsonText(value)}`
    texts[node.role] = before === undefined ? `{${member}` : `${before},${member}`
    return walk.markers[node.role]?.marker ?? value
  }
  if (Array.isArray(value)) {
    const each = node.each
    if (each === undefined) return value
    let out: unknown[] | undefined
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i]
      const next = sealValue(item, each, walk, `${at}.${i}`)
      if (next !== item) (out ??= [...(value as unknown[])])[i] = next
    }
    return out ?? value
  }
  return isObject(value) && node.keys.length > 0 ? sealObject(value, node.keys, walk, at) : value
}

/**
 * A shallow copy of `data`, the same keys in the same order. `Object.assign` onto `{}`, not a spread: V8 (Node 20) gives
 * a spread copy a map of its own, so the key added after it (`$sealed`) was a slow transition, the largest part of the
 * walk. `Object.assign` would set the prototype for an own `__proto__` key where the spread defines the key, so such
 * (odd) data is still spread (as kernel/hash.ts copies metadata).
 */
const copyOf = (data: Json): Json => (Object.hasOwn(data, '__proto__') ? { ...data } : Object.assign({}, data))

/** `data` with the fields under it sealed: a copy (made once) where something was taken, else `data` itself. */
const sealObject = (data: Json, keys: readonly PlanNode[], walk: Walk, where: string): Json => {
  let out: Json | undefined
  for (const child of keys) {
    if (!(child.key in data)) continue
    const value = data[child.key]
    const next = sealValue(value, child, walk, child.path ?? (where === '' ? child.key : `${where}.${child.key}`))
    if (next !== value) (out ??= copyOf(data))[child.key] = next
  }
  return out ?? data
}

/** Whether an event carries sealed values (`$sealed`): only those have anything to decrypt (see `clearHere` for the others). */
const hasSealed = (event: RecordedEvent): event is RecordedEvent & { readonly data: Json } => isObject(event.data) && SEALED_KEY in event.data

/** Whether an event has nothing sealed but personal values in clear (see `inClear`): opening asks whether they are erased. */
const clearHere = (event: RecordedEvent): boolean => fieldsByType.has(event.type) && !hasSealed(event) && clearRolesOf(event).length > 0

/**
 * An event with nothing sealed, its personal values in clear read ERASED where their subject is erased (the key store
 * says: `cipher.erased`); the event itself when none is (the same object, nothing copied), or the cipher cannot say.
 */
const openClear = (event: RecordedEvent, fields: readonly PersonalField[], cipher: FieldCipher): RecordedEvent => {
  const erased = cipher.erased
  if (erased === undefined) return event
  const roles = clearRolesOf(event).filter((role) => erased(subjectIdOf(event.streamId, role)))
  if (roles.length === 0) return event
  let data: unknown = event.data
  for (const field of fields) if (roles.includes(field.role)) data = mapAt(data, field.path, (v) => (inClear(v) ? ERASED : v))
  return { ...event, data }
}

/**
 * `cipher.open`, its error naming the event and the subject: a sealed value that does not open with the key the key
 * store holds (the key replaced, or the text changed, in the database) stops a reader, and the reader's message says
 * where (found in review: an export of the whole log died on "Unsupported state or unable to authenticate data").
 */
const openNamed = (event: RecordedEvent, subject: string, text: string, cipher: FieldCipher): string | undefined => {
  try {
    return cipher.open(subject, text)
  } catch (error) {
    const where = `${event.streamId} v${event.version} (position ${event.position}): its sealed data of ${subject}`
    const why = error instanceof Error ? error.message : String(error)
    // Only the cipher's own word blames the key (found in review: a key the reader failed to load read as a wrong key).
    throw new Error(error instanceof SealedValueDoesNotOpen ? `${where} does not open with the key the key store holds (${why})` : `${where} could not be opened (${why})`, { cause: error })
  }
}

/**
 * The fingerprint an idempotency key is bound to (`metadata.requestHash`; the HTTP API's SHA-256 of the actor, the route
 * and the whole request body): not personal data itself, but anyone holding the log who can guess a request's body word
 * for word — the free text a person wrote included — confirms the guess against it, erased or not (found in a hands-on
 * review, 2026-12-04: it outlived the erasure in clear). So it is sealed as personal values are, under the case's own
 * subject (`sealed:v2:<role>:<sealed text>`): the complainant's for a complaint, the parties' for a dispute — keys a
 * sealed case has from its first event, so none is added for it (a case written in clear gets one for it) — and `request`
 * for any other stream. An erasure destroys that key, and the fingerprint with it; until then every reader of the sealed
 * store reads it opened, as before. One written in clear (an older build, sealing off) reads ERASED once its subject is.
 * Where the subject has no key to seal under (erased; or read "unreadable", see `SealingUnreadable`), nothing is written:
 * the command goes on (a note on an erased case has nothing personal in it), its key bound to its actor alone, as the
 * keys of events written before fingerprints were.
 */
const REQUEST_ROLES: readonly (readonly [prefix: string, role: string])[] = [
  ['complaint-', 'complainant'],
  ['dispute-', PARTY],
]
const requestRoleOf = (streamId: string): string => REQUEST_ROLES.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? 'request'

const sealRequest = (streamId: string, event: NewEvent, cipher: FieldCipher): NewEvent => {
  const digest = event.metadata.requestHash as string
  const role = requestRoleOf(streamId)
  const subject = subjectIdOf(streamId, role)
  // Sealed for each event (a command's events each carry it), never taken from an earlier seal: each seal is how the key
  // store learns that an append uses the key, which its commit holds to the table (an erasure by another process meanwhile).
  let text: string | undefined
  try {
    text = `${SEALED_V2_PREFIX}${role}:${cipher.seal(subject, digest)}`
  } catch (error) {
    if (!(error instanceof SealingUnreadable) && cipher.erased?.(subject) !== true) throw error
  }
  return text === undefined ? withoutRequestHash(event) : { ...event, metadata: { ...event.metadata, requestHash: text } }
}

/** The event with no fingerprint: what is written where none can be sealed (no key left to seal it under). */
export const withoutRequestHash = <E extends NewEvent>(event: E): E => {
  const { requestHash: _dropped, ...metadata } = event.metadata
  return { ...event, metadata }
}

/** A sealed fingerprint's role and sealed text (`sealed:v2:<role>:<text>`); undefined for any other value. */
const sealedRequestParts = (value: string | undefined): { readonly role: string; readonly text: string } | undefined => {
  if (value === undefined || !value.startsWith(SEALED_V2_PREFIX)) return undefined
  const colon = value.indexOf(':', SEALED_V2_PREFIX.length)
  if (colon < 0) return undefined
  return { role: value.slice(SEALED_V2_PREFIX.length, colon), text: value.slice(colon + 1) }
}

/** Whether an event's fingerprint is sealed (any event type may carry one). */
const requestSealed = (event: { readonly metadata?: { readonly requestHash?: string | undefined } }): boolean => sealedRequestParts(event.metadata?.requestHash) !== undefined

type WithRequest = { readonly streamId: string; readonly metadata?: { readonly requestHash?: string | undefined } }

/**
 * The subject an event's fingerprint is sealed under, and its sealed text (for the erasure audit's key trial and the
 * stores' checks of erased keys); undefined for none, or for a role that is no role of the event's stream.
 */
export const sealedRequestOf = (event: WithRequest): { readonly subject: string; readonly text: string } | undefined => {
  const sealed = sealedRequestParts(event.metadata?.requestHash)
  return sealed === undefined || sealed.role.includes('#') ? undefined : { subject: subjectIdOf(event.streamId, sealed.role), text: sealed.text }
}
const requestSubjectOf = (event: WithRequest): string | undefined => sealedRequestOf(event)?.subject

/**
 * A fingerprint written in clear (by a build before it was sealed, or with sealing off): the subject it would be sealed
 * under now, which reads it "erased" once erased (as personal text in clear does); undefined for none.
 */
const clearRequestSubjectOf = (event: WithRequest): string | undefined => {
  const value = event.metadata?.requestHash
  return value === undefined || isGone(value) || sealedRequestParts(value) !== undefined ? undefined : subjectIdOf(event.streamId, requestRoleOf(event.streamId))
}

/** The event with its fingerprint opened: the digest, ERASED once its subject is, UNREADABLE (with `unreadable`) where its key does not open it. */
const openRequest = (event: RecordedEvent, cipher: FieldCipher, unreadable: Unreadable | undefined): RecordedEvent => {
  const sealed = sealedRequestOf(event)
  let digest: string
  if (sealed === undefined) digest = ERASED
  else {
    const { subject } = sealed
    try {
      digest = openNamed(event, subject, sealed.text, cipher) ?? ERASED
    } catch (error) {
      const cause = error instanceof Error ? error.cause : undefined
      if (unreadable === undefined || !(cause instanceof SealedValueDoesNotOpen)) throw error
      unreadable(event, subject, cause)
      digest = UNREADABLE
    }
  }
  return { ...event, metadata: { ...event.metadata, requestHash: digest } }
}

/**
 * A recorded event with its personal fields opened (or ERASED), and its idempotency fingerprint (`sealRequest`). The
 * envelope's hashes are those of the sealed log. Personal text in clear (an event written before its field was sealed)
 * reads ERASED once its subject is erased.
 */
export const openEvent = (event: RecordedEvent, cipher: FieldCipher, unreadable?: Unreadable): RecordedEvent => {
  const opened = openData(event, cipher, unreadable)
  if (requestSealed(opened)) return openRequest(opened, cipher, unreadable)
  // One written in clear reads "erased" once its subject is (found in review: an export after the erasure held it, and a
  // retry with a guessed body replayed against it).
  const clear = cipher.erased === undefined ? undefined : clearRequestSubjectOf(opened)
  return clear !== undefined && cipher.erased?.(clear) === true ? { ...opened, metadata: { ...opened.metadata, requestHash: ERASED } } : opened
}

const openData = (event: RecordedEvent, cipher: FieldCipher, unreadable: Unreadable | undefined): RecordedEvent => {
  const fields = fieldsByType.get(event.type)
  if (fields === undefined || !isObject(event.data)) return event
  if (!hasSealed(event)) return openClear(event, fields, cipher)
  const { [SEALED_KEY]: sealed, ...rest } = event.data
  // By `$sealed` key: a subject's values of this event (a v1 and a v2 key of one subject are opened apart); UNREADABLE
  // for values the key does not open, where the reader was given `unreadable`.
  const opened = new Map<string, Record<string, unknown> | typeof UNREADABLE | undefined>()
  const valuesOf = (key: string, subject: string): Record<string, unknown> | typeof UNREADABLE | undefined => {
    if (!opened.has(key)) {
      const text = isObject(sealed) && Object.hasOwn(sealed, key) ? sealed[key] : undefined
      let plain: string | undefined
      try {
        plain = typeof text === 'string' ? openNamed(event, subject, text, cipher) : undefined
      } catch (error) {
        const cause = error instanceof Error ? error.cause : undefined
        if (unreadable === undefined || !(cause instanceof SealedValueDoesNotOpen)) throw error
        unreadable(event, subject, cause)
        opened.set(key, UNREADABLE)
        return UNREADABLE
      }
      const parsed: unknown = plain === undefined ? undefined : JSON.parse(plain)
      opened.set(key, isObject(parsed) ? parsed : undefined)
    }
    return opened.get(key)
  }
  // Whether a role's subject is erased, for its values in clear: the key store says, or else this event's own sealed
  // values of that subject do (they no longer open); asked once per role and event.
  const erasedRoles = new Map<string, boolean>()
  const roleErased = (role: string): boolean => {
    let erased = erasedRoles.get(role)
    if (erased === undefined) {
      const subject = subjectIdOf(event.streamId, role)
      if (cipher.erased !== undefined) erased = cipher.erased(subject)
      else {
        const key = isObject(sealed) ? [role, subject].find((k) => Object.hasOwn(sealed, k)) : undefined
        erased = key !== undefined && valuesOf(key, subject) === undefined
      }
      erasedRoles.set(role, erased)
    }
    return erased
  }
  let data: unknown = rest
  for (const field of fields) {
    data = mapAt(data, field.path, (v, where) => {
      if (!isSealed(v)) return v === ERASED || !roleErased(field.role) ? v : ERASED
      const marker = markerOf(event.streamId, field.role, v)
      const values = marker === undefined ? undefined : valuesOf(marker.key, marker.subject)
      if (values === UNREADABLE) return UNREADABLE
      const value = values?.[where]
      return typeof value === 'string' ? value : ERASED
    })
  }
  return { ...event, data }
}

/** What a sealed store adds: the log as written, and the opening of one event read from it. */
export interface SealedParts<S extends EventStore> {
  readonly unsealed: S
  readonly openSealed: (event: RecordedEvent) => RecordedEvent
  /**
   * The key store's erasure count (0 without one): what was folded from opened events while it had another value may
   * hold what has since been erased — a handler's memory of a case's state (`streamMemory`'s `generation`) is dropped.
   */
  readonly erasures: () => number
  /** Seals an event as this store's appends do (refusing a subject whose data it has read "unreadable"). */
  readonly sealEvent: (streamId: string, event: NewEvent) => NewEvent
  /**
   * This sealed store over another store of the same log (PostgreSQL's `background` face, reading on another pool): the
   * same cipher, opened events kept and subjects refused, so what one face reads "unreadable" the other seals nothing
   * under.
   */
  readonly over: <T extends EventStore>(other: T) => T & SealedParts<T>
}

/** How many opened events a sealed store keeps (the newest first out when full: the live feed reads the newest). */
export const OPENED_KEPT = 20_000

/**
 * Opens events once for every reader: an opened event is kept (by event id) while the key store's erasure count
 * is unchanged, so N live clients catching up on the same log decrypt each sealed event once, not N times. Any
 * erasure, by this process or another, drops everything kept (erasures are rare). Without `cipher.erasures`
 * nothing is kept: each read opens again, and an erasure takes effect at the next read.
 *
 * `one` opens a single event (the live tail's, as it is sent): it looks at the erasure count first. `page` opens what
 * one read gave: it looks at the count once for the page and has the cipher load the keys of the events it must open
 * at once (`prepare`), so the page opens as the keys stood when it was read (two looks at the key store for a page of
 * 1,000 new cases, not 2,000; an erasure by another process meanwhile shows from the next read, as one made just
 * after the page was read would).
 */
const keptOpener = (cipher: FieldCipher, told?: Unreadable): { readonly one: (event: RecordedEvent) => RecordedEvent; readonly page: (events: readonly RecordedEvent[]) => RecordedEvent[] } => {
  const count = cipher.erasures
  // An event with a value its key did not open is not kept: the key put back, it opens at the next read.
  let unread = false
  const unreadable: Unreadable | undefined = told === undefined ? undefined : (event, subject, error) => {
    unread = true
    told(event, subject, error)
  }
  const sealedHere = (event: RecordedEvent): boolean => (fieldsByType.has(event.type) && hasSealed(event)) || requestSealed(event)
  // Events with nothing sealed but personal text in clear are opened too (cheaply: nothing to decrypt), not kept; so are
  // those with a fingerprint in clear (read "erased" once its subject is).
  const clearRequest = (event: RecordedEvent): boolean => cipher.erased !== undefined && event.metadata.requestHash !== undefined && clearRequestSubjectOf(event) !== undefined
  const toOpen = (event: RecordedEvent): boolean => sealedHere(event) || clearHere(event) || clearRequest(event)
  /** Opens `events` with their subjects' keys loaded at once, when the cipher can and more than one is to be opened. */
  const prepared = (opening: readonly RecordedEvent[], events: readonly RecordedEvent[], open: (event: RecordedEvent) => RecordedEvent): RecordedEvent[] => {
    const done = opening.length > 1 && cipher.prepare !== undefined ? cipher.prepare(subjectsToOpen(opening)) : undefined
    try {
      return events.map(open)
    } finally {
      done?.()
    }
  }
  if (count === undefined) {
    const one = (event: RecordedEvent): RecordedEvent => openEvent(event, cipher, unreadable)
    return { one, page: (events) => prepared(events.filter(toOpen), events, one) }
  }
  const kept = new Map<string, RecordedEvent>()
  const oldest = oldestKey(kept)
  let seen = count()
  const look = (): void => {
    const now = count()
    if (now !== seen) {
      oldest.clear()
      seen = now
    }
  }
  const openKept = (event: RecordedEvent): RecordedEvent => {
    if (!sealedHere(event)) return fieldsByType.has(event.type) || clearRequest(event) ? openEvent(event, cipher, unreadable) : event
    const hit = kept.get(event.eventId)
    if (hit !== undefined) return hit
    unread = false
    const opened = openEvent(event, cipher, unreadable)
    if (unread) return opened
    if (kept.size >= OPENED_KEPT) kept.delete(oldest.next() as string)
    kept.set(event.eventId, opened)
    return opened
  }
  return {
    one: (event) => {
      if (!toOpen(event)) return unnamed(event)
      look()
      return unnamed(openKept(event))
    },
    page: (events) => {
      if (!events.some(toOpen)) return unnamedAll(events)
      look()
      const opened = prepared(events.filter((event) => (sealedHere(event) ? !kept.has(event.eventId) : clearHere(event) || clearRequest(event))), events, openKept)
      return opened.some(named) ? opened.map(unnamed) : opened
    },
  }
}

/**
 * An event as a reader of the sealed store sees it: a resident actor without the name an older build kept (the log keeps
 * none since; `recordedActor`): in no view, export or projection, erased or not, as the kernel writes them now (found in
 * review: it outlived the case's erasure). The same object when there is none.
 */
const unnamed = (event: RecordedEvent): RecordedEvent => (named(event) ? { ...event, metadata: { ...event.metadata, actor: recordedActor(event.metadata.actor) } } : event)
const named = (event: RecordedEvent): boolean => event.metadata.actor.role === 'resident' && event.metadata.actor.name !== undefined
/** A page handed out: a copy (the store's own array is not the reader's), each event `unnamed`. */
const unnamedAll = (events: readonly RecordedEvent[]): RecordedEvent[] => (events.some(named) ? events.map(unnamed) : [...events])

/**
 * The store as the application sees it: appends seal, reads open. Everything built on `EventStore`
 * (case views, history, lists, exports, the live feed, projection rebuilds) then shows plaintext while the
 * key exists and ERASED after. Verification reads the inner store (`unsealed`): it never needs a key. A value its key
 * does not open stops the reader, naming the event and the subject; with `unreadable` it reads UNREADABLE instead, and
 * `unreadable` is told (the server's choice: its read models and views go on; the audit tools' readers stop).
 */
export const sealedStore = <S extends EventStore>(inner: S, cipher: FieldCipher, options: { readonly unreadable?: Unreadable } = {}): S & SealedParts<S> => {
  // The subjects whose data this store has read "unreadable" (their key replaced): nothing more is sealed under that key,
  // which would make it unreadable in turn once the right key is put back (found in a hands-on review: a supplement was
  // sealed under it). Kept until the process ends (a restart, as what was folded from them needs: docs/erasure.md).
  const refused = new Set<string>()
  const told = options.unreadable
  const { one: openOne, page: open } = keptOpener(
    cipher,
    told === undefined
      ? undefined
      : (event, subject, error) => {
          if (refused.size >= 10_000) refused.clear()
          refused.add(subject)
          told(event, subject, error)
        },
  )
  const refusing: FieldCipher = {
    ...cipher,
    seal: (subject, plaintext) => {
      if (refused.has(subject)) throw new SealingUnreadable(subject)
      return cipher.seal(subject, plaintext)
    },
  }
  const seal = (streamId: string, event: NewEvent): NewEvent => sealEvent(streamId, event, refused.size === 0 ? cipher : refusing)
  // The store over `inner` (the one given, or another face of the same log: `over`), every face sharing the state above.
  const over = <T extends EventStore>(inner: T): T & SealedParts<T> => ({
    ...inner,
    unsealed: inner,
    over,
    openSealed: openOne,
    erasures: () => cipher.erasures?.() ?? 0,
    readStream: async (streamId, options) => open(await inner.readStream(streamId, options)),
    readAll: async (options) => open(await inner.readAll(options)),
    sealEvent: seal,
    appendToStream: async (streamId, events, options) => {
      const sealed = events.map((e) => seal(streamId, e))
      const outcome = await inner.appendToStream(streamId, sealed, options)
      // What was just written opens to what was given: handed back as given, not decrypted again. An event with
      // nothing sealed was written with the data given (the same object): it is handed back as the store made it.
      const given = (event: RecordedEvent, i: number): RecordedEvent => {
        const original = events[i]
        if (original === undefined || original.type !== event.type) return openOne(event)
        // A resident's name, given by a writer other than the kernel's (which records none), is not handed back either.
        if (sealed[i] === original) return unnamed(event)
        // Its fingerprint as given, where it was sealed (one left out, with no key to seal it under, stays out).
        const requestHash = original.metadata.requestHash
        const metadata = requestHash !== undefined && requestSealed(event) ? { ...event.metadata, requestHash } : event.metadata
        return unnamed({ ...event, data: original.data, metadata })
      }
      return outcome._tag === 'Right' ? { ...outcome, right: { ...outcome.right, events: outcome.right.events.map(given) } } : outcome
    },
    subscribe: (options) => {
      const source = inner.subscribe(options)
      return (async function* () {
        for await (const event of source) yield openOne(event)
      })()
    },
    // The inner store's page feed, if it has one, opened too: the same feed as `subscribe`, a page at a time.
    ...(pagedFeedOf(inner) === undefined ? {} : { subscribePages: openedPages(inner, open) }),
  })
  return over(inner)
}

type PageFeed = (options?: SubscribeOptions) => AsyncIterable<readonly RecordedEvent[]>

/** A store's `subscribePages` (an adapter's optional page feed, see the adapters' `PagedFeed`), if it has one. */
const pagedFeedOf = (store: EventStore): PageFeed | undefined =>
  'subscribePages' in store && typeof store.subscribePages === 'function' ? (store.subscribePages as PageFeed) : undefined

const openedPages = (inner: EventStore, open: (events: readonly RecordedEvent[]) => RecordedEvent[]): PageFeed => (options) => {
  const feed = pagedFeedOf(inner)
  if (feed === undefined) throw new Error('the store has no page feed')
  const source = feed.call(inner, options)
  return (async function* () {
    for await (const page of source) yield open(page)
  })()
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

/**
 * What to await before opening events read from `unsealedOf(store)` with `openerOf(store)`: a store whose keys are
 * fetched from elsewhere (PostgreSQL's key table) loads them there, since opening is synchronous. Nothing for others.
 */
export const preparerOf = (store: EventStore): ((events: readonly RecordedEvent[]) => Promise<void>) =>
  'prepareOpen' in store && typeof store.prepareOpen === 'function'
    ? (store.prepareOpen as (events: readonly RecordedEvent[]) => Promise<void>)
    : async () => undefined
