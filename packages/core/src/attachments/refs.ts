import * as t from 'io-ts'
import { readsPeopleMasked } from '../access/permissions.js'
import { literalUnion, type Actor } from '../kernel/actor.js'
import { refinedCodec, refinedString, text } from '../kernel/codec.js'

/**
 * 附件 — a file (a photo of the problem or of the result, a signed agreement, a court ruling) kept by its
 * SHA-256. The event carries the hash, so altering the file is as visible as altering the event (DOMAIN.md
 * "Grid work"): the log's hash chain covers the reference, verify re-hashes the file.
 */

/** A SHA-256 digest as 64 lower-case hex digits: an attachment's name in the store. */
export const Sha256Hex = refinedString('Sha256Hex', (s) => /^[0-9a-f]{64}$/.test(s), 'a sha-256 hash: 64 lower-case hex digits')

/**
 * What a file is to the case. The personal documents (`PERSONAL_DOCUMENT_KINDS`) are personal data in themselves and
 * are served only to those who handle the case and, but for an identity document, to its parties (`maySeeKind`).
 * `application`: an application a party filed with a court (its 强制执行申请书, stamped received; its 司法确认申请书),
 * which staff record it from.
 */
export const ATTACHMENT_KINDS = ['photo', 'document', 'agreement', 'ruling', 'consent', 'signature', 'id-document', 'application'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]
export const AttachmentKindCodec = literalUnion(ATTACHMENT_KINDS as unknown as [AttachmentKind, AttachmentKind, ...AttachmentKind[]], 'AttachmentKind')

/**
 * A person's own documents: those a party signs or files about itself — the scan of an identity document (身份证件), a
 * signed mediation agreement (调解协议书: the parties' names, often their id numbers and addresses, their signatures), a
 * party's signed consent to judicial confirmation, its application to a court, a signature. Personal data in
 * themselves (个人信息保护法 art. 4): not served to auditors or supervisors, left out of masked data, deleted with the
 * case's personal data (art. 47). Not a photo of the problem or of its result, a unit's `document`, nor a court's
 * `ruling` (the court's record, kept as the case's). docs/attachments.md, "Which files are personal documents".
 */
export const PERSONAL_DOCUMENT_KINDS: ReadonlySet<string> = new Set<AttachmentKind>(['id-document', 'agreement', 'consent', 'application', 'signature'])

/**
 * Of the personal documents, the images of identity documents (身份证件): 敏感个人信息 (个人信息保护法 art. 28), for
 * the handling roles only — not even the other party of the case reads one.
 */
export const IDENTITY_DOCUMENT_KINDS: ReadonlySet<string> = new Set<AttachmentKind>(['id-document'])

/** One attached file as a command and its event name it: the hash of an uploaded file, what it is, and optionally a caption. */
export const AttachmentRef = t.exact(
  t.intersection([t.type({ sha256: Sha256Hex, kind: AttachmentKindCodec }), t.partial({ caption: text(500, 'Caption') })]),
  'AttachmentRef',
)
export type AttachmentRef = t.TypeOf<typeof AttachmentRef>

/** The most files one command may attach. */
export const MAX_ATTACHMENTS = 20

/** The optional `attachments` field of a command: up to 20 files, each named once. */
export const Attachments = refinedCodec('Attachments', t.array(AttachmentRef), (refs) => {
  if (refs.length > MAX_ATTACHMENTS) return { message: `expected at most ${MAX_ATTACHMENTS} attachments` }
  const seen = new Set<string>()
  for (const ref of refs) {
    if (seen.has(ref.sha256)) return { message: `names ${ref.sha256} twice` }
    seen.add(ref.sha256)
  }
  return undefined
})

/** One reference found in a command's or an event's data: where (a field path), which file, what kind. */
export interface FoundRef {
  readonly path: string
  readonly sha256: string
  readonly kind: string
}

/**
 * Where data names a file, whatever the command (so case types built later are covered without a list here):
 * - an object's `sha256` (an `AttachmentRef`; its sibling `kind` says what the file is);
 * - a field named `…Hash` or `…Sha256` holding one hash (`documentHash`: a party's signed consent to 司法确认);
 * - a list of bare hashes under a name for files (`photos`, `attachments`, `scans`, `files`, `…Hashes`).
 * A hash is 64 lower-case hex digits; nothing else in command or event data has that shape.
 */
const ONE_HASH = /^(sha256|.+Hash|.+Sha256)$/
const HASH_LIST = /(photos|attachments|scans|files|documents|Hashes)$/i
const HEX64 = /^[0-9a-f]{64}$/

/** What a file named without a `kind` is, from the name of its field. */
const kindOfField = (key: string): string => {
  // The one such field before `attachments`: ConsentToConfirmation's signed consent.
  if (key === 'documentHash') return 'consent'
  const name = key.toLowerCase()
  for (const kind of ['photo', 'agreement', 'ruling', 'consent', 'signature', 'application'] as const) if (name.includes(kind)) return kind
  return name.includes('iddocument') || name.includes('idcard') ? 'id-document' : 'document'
}


/**
 * The kind of the file a field names by a bare hash, as `attachmentRefsOf` reads it (`documentHash`: a consent,
 * `applicationHash`: an application; a list of hashes under `photos`: photos); undefined for a field that names none so
 * (an `AttachmentRef`'s `sha256` says its kind beside it). For the masking of personal documents: such a field is a
 * reference too.
 */
export const bareHashKindOf = (key: string, value: unknown): string | undefined => {
  if (key === 'sha256') return undefined
  if (ONE_HASH.test(key)) return typeof value === 'string' && HEX64.test(value) ? kindOfField(key) : undefined
  if (HASH_LIST.test(key) && Array.isArray(value) && value.some((v) => typeof v === 'string' && HEX64.test(v))) return kindOfField(key)
  return undefined
}

/**
 * Every attachment a command's or an event's data refers to, with its path (`attachments[1].sha256`), in
 * document order. Generic over case types: whatever carries `Attachments` (or a `documentHash`) is found.
 * Every command and every event folded by the attachment index is walked: one list is filled, no list per value,
 * and a path is written only where an object or a list is walked into (what a walk of each key's entries with a
 * list per member made; `refs.test.ts` compares the two).
 */
export const attachmentRefsOf = (data: unknown, path = '', depth = 0): FoundRef[] => {
  const found: FoundRef[] = []
  collectRefs(data, path, depth, found)
  return found
}

const collectRefs = (data: unknown, path: string, depth: number, found: FoundRef[]): void => {
  // Data deeper than any command allows is refused at the edge; an event never holds it.
  if (depth > 32 || typeof data !== 'object' || data === null) return
  if (Array.isArray(data)) {
    // (A hole is skipped, as flatMap skips it: its value, undefined, holds nothing.)
    for (let i = 0; i < data.length; i += 1) {
      const item: unknown = data[i]
      if (typeof item === 'object' && item !== null) collectRefs(item, `${path}[${i}]`, depth + 1, found)
    }
    return
  }
  const record = data as Record<string, unknown>
  // Own enumerable keys in Object.keys's order (for-in lists them first, then inherited ones, which are left out).
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    const value = record[key]
    if (ONE_HASH.test(key) && typeof value === 'string' && HEX64.test(value)) {
      const kind = key === 'sha256' ? (typeof record['kind'] === 'string' ? record['kind'] : 'document') : kindOfField(key)
      found.push({ path: path === '' ? key : `${path}.${key}`, sha256: value, kind })
    } else if (typeof value === 'object' && value !== null) {
      const at = path === '' ? key : `${path}.${key}`
      if (HASH_LIST.test(key) && Array.isArray(value) && value.some((v) => typeof v === 'string')) {
        for (let i = 0; i < value.length; i += 1) {
          const v: unknown = value[i]
          if (typeof v === 'string' && HEX64.test(v)) found.push({ path: `${at}[${i}]`, sha256: v, kind: kindOfField(key) })
          else if (typeof v === 'object' && v !== null) collectRefs(v, `${at}[${i}]`, depth + 1, found)
        }
      } else collectRefs(value, at, depth + 1, found)
    }
  }
}


/**
 * How protected a kind of file is: 0 any reader of the case; 1 a personal document, the handling roles and the case's
 * parties; 2 an identity document, the handling roles only. A file is named (docs/attachments.md, "Who may name a
 * file") only under a kind no less protected than the one it was reached under.
 */
export const protectionOf = (kind: string): 0 | 1 | 2 => (IDENTITY_DOCUMENT_KINDS.has(kind) ? 2 : PERSONAL_DOCUMENT_KINDS.has(kind) ? 1 : 0)

/**
 * May an actor who may read the case fetch a file of this kind on it (and read its reference)? The one rule, by
 * `protectionOf`: any kind but the personal documents, yes. A personal document (an agreement, a consent, an
 * application — the parties' names, numbers, addresses, signatures) is for whoever handles the case and for its parties
 * (a resident reads its own case only); the roles that check the handling (auditors, supervisors), for whom DOMAIN.md
 * masks personal data, and the admin, who handles no case, do not get it — for them it does not exist (404, as a missing file). An image of an identity
 * document identifies a person outright (个人信息保护法 art. 28: 敏感个人信息 — only where strictly necessary): the
 * handling roles only, not even a party (the other party of a dispute reads the same case). Whoever uploaded a file may
 * always fetch it (they hold it already).
 */
export const maySeeKind = (actor: Pick<Actor, 'role'>, kind: string): boolean => {
  const protection = protectionOf(kind)
  if (protection === 0) return true
  if (readsPeopleMasked(actor.role)) return false
  return actor.role !== 'resident' || protection < 2
}
