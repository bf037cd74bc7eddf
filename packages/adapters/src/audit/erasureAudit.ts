import type { EventStore, RecordedEvent } from '@gridcase/core'
import { PERSONAL_DATA_ERASED, SEALED_KEY, SealedValueDoesNotOpen, sealedRequestOf, streamOfSubject, subjectsInClear, subjectsOfStream } from '@gridcase/core/privacy'
import { ERASURE_STREAM } from '../privacy/erasure.js'
import { openReadOnlyFile, sqliteHasTable } from '../sqlite/open.js'

/** What the key table says of a data subject: its key is there, or was destroyed (the row kept, its key NULL). */
export type KeyRowState = 'kept' | 'destroyed'

/**
 * A data subject whose sealed data no longer opens, with no erasure on the log to say why: someone with write access
 * to the database deleted its key row (`key-missing`) or set its key to NULL (`destroyed-unrecorded`). Every view then
 * reads "erased" as after a lawful erasure; the log's chains and heads still verify (the sealed text is unchanged).
 */
export interface ErasureFinding {
  /**
   * `key-missing`: no key row (deleted, or the whole table dropped); `destroyed-unrecorded`: its key NULL with no erasure
   * naming it; `erasure-unfinished`: an erasure names it but its key is still there (the erase stopped between recording
   * and destroying, or the key was restored from a backup): its personal data still opens; `key-wrong`: its key is
   * there but does not open its sealed data (the key replaced in the database, by another case's or by bytes that are
   * no key): nothing of it can be read, and no erasure says why.
   */
  readonly kind: 'key-missing' | 'destroyed-unrecorded' | 'erasure-unfinished' | 'key-wrong'
  readonly subject: string
  readonly streamId: string
  /** `key-wrong`: the first event whose sealed data of the subject its key was tried on. */
  readonly position?: number
}

/** Whether a subject's kept key opens a value sealed for it (`sealed`, as written): what `key-wrong` is found by. */
export type KeyOpens = (subject: string, sealed: string) => boolean

/**
 * The sampled subjects (`[subject, text, position]`, `erasureScan`'s `samples`) whose kept key does not open their value,
 * each with the position of the value tried: `key-wrong`'s evidence, for `erasureFindingsOf`. A subject whose key is gone
 * is not in it (the key table says what became of it).
 */
export const wrongKeysOf = (samples: Iterable<readonly [string, string, number]>, opens: KeyOpens): Map<string, number> => {
  const wrong = new Map<string, number>()
  for (const [subject, text, position] of samples) if (!opens(subject, text)) wrong.set(subject, position)
  return wrong
}

/**
 * The key table, opened read-only for one key trial: each kept key is tried on a value sealed for its subject (a key
 * replaced in the table is `key-wrong`). `load` fetches a page of subjects' keys before they are tried (PostgreSQL's; a
 * SQLite file's are read as tried).
 */
export interface KeyTrial {
  readonly load: (subjects: readonly string[]) => Promise<void>
  readonly opens: KeyOpens
  readonly close: () => void
}

/** Subjects whose keys are loaded, then tried, at a time: the keys held stay a page's, whatever the log's size. */
const KEY_PAGE = 1000

/**
 * `wrongKeysOf` a page of subjects at a time, each page's keys loaded first (`trial.load`); `pause`, when given, is
 * called after each trial and awaited when it returns a promise (the server's turns of the event loop).
 */
export const wrongKeysInPages = async (
  samples: readonly (readonly [string, string, number])[],
  trial: Pick<KeyTrial, 'load' | 'opens'>,
  pause?: () => Promise<void> | undefined,
): Promise<Map<string, number>> => {
  const wrong = new Map<string, number>()
  for (let i = 0; i < samples.length; i += KEY_PAGE) {
    const page = samples.slice(i, i + KEY_PAGE)
    await trial.load(page.map(([subject]) => subject))
    for (const [subject, text, position] of page) {
      if (!trial.opens(subject, text)) wrong.set(subject, position)
      const paused = pause?.()
      if (paused !== undefined) await paused
    }
  }
  return wrong
}

/**
 * A `KeyOpens` over a cipher: true when the value opens, or when the key is gone (`open` gives undefined: no trial, the
 * key row says what became of it); false only when the cipher says the key does not open it. Any other error (a key the
 * reader failed to load) is thrown: it says nothing of the key (found in review: it was reported key-wrong).
 */
export const opensWith = (open: (subject: string, sealed: string) => string | undefined): KeyOpens => (subject, sealed) => {
  try {
    // A key destroyed since the key table's rows were read (an erasure landing between the two reads) is no trial: the
    // rows say what became of it (found in review: it was reported key-wrong, a false alarm).
    open(subject, sealed)
    return true
  } catch (error) {
    if (error instanceof SealedValueDoesNotOpen) return false
    throw error
  }
}

export interface ErasureAudit {
  readonly ok: boolean
  /**
   * Data subjects the log holds personal data of: sealed, or only in clear (text written before it was sealed, a case
   * written with sealing off), which an erasure reads "erased" through an erased row of the key table.
   */
  readonly subjects: number
  /** Of them, erased by a recorded erasure (`PersonalDataErased` on the `erasures` stream naming them). */
  readonly erased: number
  readonly findings: readonly ErasureFinding[]
}

/**
 * What the erasure audit gathers from the log as it passes, event by event in any reader's pass (the CLI's verify, the
 * server's): the data subjects the log holds sealed data of, and those its erasures name.
 */
export const erasureScan = () => {
  const sealed = new Set<string>()
  const inClear = new Set<string>()
  const recorded = new Set<string>()
  // Each subject's first sealed value, and where: what its kept key is tried on (one value a subject).
  const samples = new Map<string, readonly [subject: string, text: string, position: number]>()
  return {
    push: (event: RecordedEvent): void => {
      for (const subject of erasedSubjectsOf(event)) recorded.add(subject)
      for (const subject of subjectsOfStream([event])) {
        sealed.add(subject)
        if (!samples.has(subject)) {
          const values = (event.data as Record<string, unknown>)[SEALED_KEY] as Record<string, unknown>
          // A v2 key is the subject's role in the event's own stream, a v1 key the subject's id.
          const text = values[subject.slice(event.streamId.length + 1)] ?? values[subject]
          if (typeof text === 'string') samples.set(subject, [subject, text, event.position])
        }
      }
      // A fingerprint sealed under a subject (core's `sealedRequestOf`): that subject's key is needed as much, and tried on
      // it where the event holds nothing else of the subject (found in review: a case written in clear, whose only sealed
      // value was a fingerprint, passed verify with its key replaced, and export and history then died on it).
      const request = sealedRequestOf(event)
      if (request !== undefined) {
        sealed.add(request.subject)
        if (!samples.has(request.subject)) samples.set(request.subject, [request.subject, request.text, event.position])
      }
      for (const subject of subjectsInClear([event])) inClear.add(subject)
    },
    sealed: (): readonly string[] => [...sealed],
    /** The subjects whose personal data the log holds in clear (some of them may hold sealed data too). */
    inClear: (): readonly string[] => [...inClear],
    recorded: (): readonly string[] => [...recorded],
    /** Each sealed subject's first sealed value and its position (`[subject, text, position]`): what a kept key is tried on. */
    samples: (): readonly (readonly [string, string, number])[] => [...samples.values()],
    /**
     * `erasureFindingsOf` the key table, over what was gathered; with `opens`, each kept key tried on its subject's first
     * sealed value — or, given the trial's outcome already (`wrongKeysOf`, a page at a time), those that did not open.
     */
    result: (keyRows: ReadonlyMap<string, KeyRowState> | undefined, opens?: KeyOpens | ReadonlyMap<string, number>): ErasureAudit =>
      erasureFindingsOf(sealed, recorded, keyRows, inClear, opens === undefined ? undefined : typeof opens === 'function' ? wrongKeysOf(samples.values(), opens) : opens),
  }
}

/**
 * Holds the key table to the log: every data subject the log holds sealed data of has its key, or an erasure on the log
 * names it (个人信息保护法 art. 47: an erasure has a legal basis and an approver, recorded), and every subject an erasure
 * names has its key destroyed. `keyRows` is the key table (undefined: the file has none — fine for a log written without
 * encryption, which holds no sealed data; a log that does has lost every key). Reads the log as written (no key needed),
 * in a pass of its own; a reader already passing over the log feeds an `erasureScan` instead.
 */
export const auditErasures = async (store: EventStore, keyRows: ReadonlyMap<string, KeyRowState> | undefined, pageSize = 1000): Promise<ErasureAudit> => {
  const scan = erasureScan()
  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: pageSize })
    for (const event of page) scan.push(event)
    const last = page.at(-1)
    if (last === undefined || page.length < pageSize) break
    from = last.position + 1
  }
  return scan.result(keyRows)
}

/**
 * The decision of `auditErasures`, given what the log holds sealed data of (`sealed`), the subjects its erasures name
 * (`recorded`) and the key table (`keyRows`): for a reader that gathered the first two itself (the server's verify pass).
 */
export const erasureFindingsOf = (
  sealed: Iterable<string>,
  recorded: ReadonlySet<string>,
  keyRows: ReadonlyMap<string, KeyRowState> | undefined,
  inClear: Iterable<string> = [],
  wrongKeys?: ReadonlyMap<string, number>,
): ErasureAudit => {
  const findings: ErasureFinding[] = []
  let erased = 0
  let subjects = 0
  const sealedOnes = new Set(sealed)
  // A subject with personal data only in clear has no key: an erasure gives it an erased row, which every view of a
  // sealing server reads as "erased". So an erased row no erasure names is a faked erasure, and an erasure whose row is
  // missing left its text readable (found in review: neither was reported, verify said ok while the views read "erased").
  for (const subject of inClear) {
    if (sealedOnes.has(subject)) continue
    subjects += 1
    const row = keyRows?.get(subject)
    const streamId = streamOfSubject(subject)
    if (recorded.has(subject)) {
      if (row === 'destroyed') erased += 1
      else findings.push({ kind: 'erasure-unfinished', subject, streamId })
    } else if (row === 'destroyed') findings.push({ kind: 'destroyed-unrecorded', subject, streamId })
  }
  for (const subject of sealedOnes) {
    subjects += 1
    // A log with sealed data and no key table at all: the table was dropped, every key is missing.
    const row = keyRows?.get(subject)
    const streamId = streamOfSubject(subject)
    if (recorded.has(subject)) {
      if (row === 'kept') findings.push({ kind: 'erasure-unfinished', subject, streamId })
      else erased += 1
    } else if (row === undefined) findings.push({ kind: 'key-missing', subject, streamId })
    else if (row === 'destroyed') findings.push({ kind: 'destroyed-unrecorded', subject, streamId })
    else {
      // A kept key is tried on a value sealed for its subject (found in review: a key replaced in the table passed, and
      // history and export of the whole log then died on it).
      const position = wrongKeys?.get(subject)
      if (position !== undefined) findings.push({ kind: 'key-wrong', subject, streamId, position })
    }
  }
  return { ok: findings.length === 0, subjects, erased, findings }
}

/** The subjects a `PersonalDataErased` on the erasures stream names (none for any other event). */
export const erasedSubjectsOf = (event: RecordedEvent): readonly string[] => {
  if (event.streamId !== ERASURE_STREAM || event.type !== PERSONAL_DATA_ERASED) return []
  const subjects = (event.data as { subjects?: unknown } | undefined)?.subjects
  return Array.isArray(subjects) ? subjects.filter((subject): subject is string => typeof subject === 'string') : []
}

/** The key table of a SQLite log file, read only (undefined when the file has none). */
export const sqliteKeyRows = (path: string): Map<string, KeyRowState> | undefined => {
  const { db } = openReadOnlyFile(path)
  try {
    if (!sqliteHasTable(db, 'subject_keys')) return undefined
    const rows = db.prepare<[], { subject_id: string; destroyed: number }>('SELECT subject_id, key IS NULL AS destroyed FROM subject_keys').all()
    return new Map(rows.map((r) => [r.subject_id, r.destroyed === 1 ? 'destroyed' : 'kept']))
  } finally {
    db.close()
  }
}

/** How a finding reads. */
export const describeErasureFinding = (f: ErasureFinding): string =>
  f.kind === 'key-wrong'
    ? `${f.subject} (case ${f.streamId}): its key does not open its sealed data (tried at position ${f.position ?? '?'}) — the key in the key table was replaced (another case's, or bytes that are no key), or the sealed text at that position was changed (then a broken link there too); none of its personal data can be read, and no erasure on the log says why`
    : f.kind === 'key-missing'
    ? `${f.subject} (case ${f.streamId}): its key is not in the key table, and no erasure on the log names it — its sealed data reads as erased without a recorded erasure (the row or the table deleted, or never stored)`
    : f.kind === 'destroyed-unrecorded'
      ? `${f.subject} (case ${f.streamId}): its key was destroyed, and no erasure on the log names it — erased without a recorded erasure (legal basis, approver)`
      : `${f.subject} (case ${f.streamId}): an erasure on the log names it, but its key is still in the key table (or, for data held in clear, its erased row is missing) — its personal data still opens (the erase stopped midway: run gridcase erasure erase again; or the key was restored)`
