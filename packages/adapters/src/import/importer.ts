import { isUtf8 } from 'node:buffer'
import * as E from 'fp-ts/lib/Either.js'
import { canonicalJson, CREATE, execute, streamIdOf, streamMemory, type AttachmentNaming, type CaseType, type DomainError, type EventStore, type FieldError, type NewEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { emptyCommitteeRegistry, type CommitteeRegistry } from '@gridcase/core/dispute'
import { derivedId } from '@gridcase/core/processes'
import { decodeImportLine, type ImportLine, type ImportStep } from './line.js'
import { stagingStore } from './staging.js'

/** What is wrong with a line: where (1-based line number, field path) and why. */
export interface ImportError {
  readonly line: number
  readonly path: string
  readonly reason: string
}

export type LineOutcome =
  | { readonly status: 'imported'; readonly line: number; readonly caseId: string; readonly events: number }
  | { readonly status: 'already-imported'; readonly line: number; readonly caseId: string }
  | { readonly status: 'failed'; readonly line: number; readonly errors: readonly ImportError[] }
  | { readonly status: 'blank'; readonly line: number }

export interface ImportOptions {
  /** Where the events are written (the server's store: sealed when it seals personal data). */
  readonly store: EventStore
  /** Where cases are read while deciding (opened personal fields); default `store`. */
  readonly read?: EventStore
  /** The case types, as the server configures them (its calendar). */
  readonly caseTypes: { readonly complaint: CaseType; readonly dispute: CaseType }
  /** Now, from the clock port: a step dated later is refused (an import records the past). */
  readonly now: () => string
  /**
   * Where the server keeps attached files (`has`): a step may name only a file it holds, else the line fails naming the
   * field (`steps[0].data.attachments[0].sha256`) — an imported reference to no file would be reported missing by every
   * verify. Any held file may be named, whoever uploaded it: an import is an operator's, with trusted data. Absent: no
   * file is held, so a line naming one fails.
   */
  readonly attachments?: Pick<AttachmentNaming, 'has'>
  /**
   * The import itself, named in every event's correlation id after the source case (`import:<system>:<type>:<id>`):
   * ` file=<file> sha256=<its hash> line=<n> by=<user>`, each part only when given — an auditor reads from the history
   * that the case was imported, from which file and line, and who ran it (the steps' actors are the old platform's).
   */
  readonly origin?: { readonly file?: string; readonly sha256?: string; readonly by?: string }
  /**
   * The mediation committees (the registry the server gives its dispute case type): a mediator acting in a step sits on
   * the committee this names, never on one the line names (dropped, as the server drops a token's claim). Absent: none.
   */
  readonly committees?: CommitteeRegistry
  /**
   * The places that exist (the deployment's jurisdiction registry): a line whose jurisdiction it neither names nor has a
   * place under fails at `jurisdiction`, `where` saying which registry (an export's typo is not made a place). Absent:
   * any jurisdiction path, as the server takes one.
   */
  readonly places?: { readonly has: (jurisdiction: string) => boolean; readonly where: string }
}

/** What an import checks files with when given no attachment store: none is held. */
const NO_FILES: AttachmentNaming = { has: () => Promise.resolve(false) }

/** The gridcase case id of a case from another platform: the same source id always gives the same case. */
export const importedCaseId = (type: string, sourceId: string, system = ''): string => derivedId(`gridcase:import:${system}:${type}:${sourceId}`)

/** The command id of step `index` of a case: derived from the case and the step's own content (who, when, what). */
export const importedCommandId = (caseId: string, index: number, step: ImportStep): string => derivedId(`gridcase:import:${caseId}:${index}:${canonicalJson(step)}`)

/** The step's actor with the committee the registry seats them on (mediators only); a committee the line names is dropped. */
const seated = (actor: Actor, committees: CommitteeRegistry): Actor => {
  const { committee: _claimed, ...rest } = actor
  const seat = actor.role === 'mediator' ? committees.committeeOfMediator.get(actor.id) : undefined
  return seat === undefined ? rest : { ...rest, committee: seat }
}

/** ` file=… sha256=… line=… by=…`: the parts of the import's origin that are given (the line whenever a file is named). */
const originOf = (origin: ImportOptions['origin'], line: number): string => {
  if (origin === undefined) return ''
  const parts = [
    ...(origin.file === undefined ? [] : [`file=${origin.file}`]),
    ...(origin.sha256 === undefined ? [] : [`sha256=${origin.sha256}`]),
    ...(origin.file === undefined ? [] : [`line=${line}`]),
    ...(origin.by === undefined ? [] : [`by=${origin.by}`]),
  ]
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`
}

const failed = (line: number, errors: readonly { path: string; message: string }[]): LineOutcome => ({
  status: 'failed',
  line,
  errors: errors.map((e) => ({ line, path: e.path, reason: e.message })),
})

/** Where in the line a pipeline refusal of step `i` points: the data's field, the actor, the command or its time. */
const locate = (i: number, step: ImportStep, error: DomainError): { path: string; message: string }[] => {
  const at = `steps[${i}]`
  switch (error.code) {
    case 'validation':
      return error.errors.map((e: FieldError) => ({
        path: e.path === 'command' ? `${at}.command` : e.path === '(root)' ? `${at}.data` : `${at}.data.${e.path}`,
        message: e.message,
      }))
    case 'unknown-attachment':
      return error.errors.map((e: FieldError) => ({ path: `${at}.data.${e.path}`, message: `unknown-attachment: ${e.message}` }))
    case 'forbidden':
      return [{ path: `${at}.actor`, message: `forbidden: ${error.message}` }]
    case 'not-found':
      // Least privilege: a case its actor may not read is not-found to them; the report says what that means here.
      return [{ path: `${at}.actor`, message: `not-found: ${step.actor.role} ${step.actor.id} may not read or act on this case` }]
    case 'invalid-transition':
      return [{ path: `${at}.command`, message: `invalid-transition: ${error.message}` }]
    case 'deadline-passed':
      return [{ path: `${at}.at`, message: `deadline-passed: ${error.message}` }]
    default:
      return [{ path: at, message: `${error.code}: ${error.message}` }]
  }
}

/** The checks of a decoded line that need no case: create first and only first, times in order and not ahead of now. */
const lineShape = (line: ImportLine, now: string): { path: string; message: string }[] => {
  const errors: { path: string; message: string }[] = []
  line.steps.forEach((step, i) => {
    if (i === 0 && step.command !== CREATE) errors.push({ path: 'steps[0].command', message: 'expected create: the first step opens the case' })
    if (i > 0 && step.command === CREATE) errors.push({ path: `steps[${i}].command`, message: 'create opens the case: only the first step may be create' })
    const before = line.steps[i - 1]
    if (before !== undefined && Date.parse(step.at) < Date.parse(before.at)) errors.push({ path: `steps[${i}].at`, message: `is before the step before it (${before.at}): a history is in time order` })
    if (Date.parse(step.at) > Date.parse(now)) errors.push({ path: `steps[${i}].at`, message: `is in the future (now is ${now}): an import records what happened` })
  })
  const opened = line.steps[0]?.data?.jurisdiction
  if (opened !== undefined && opened !== line.jurisdiction) errors.push({ path: 'steps[0].data.jurisdiction', message: `expected ${line.jurisdiction}, the line's jurisdiction` })
  return errors
}

const parse = (text: string): E.Either<string, unknown> => {
  try {
    return E.right(JSON.parse(text))
  } catch (error) {
    return E.left(error instanceof Error ? error.message : String(error))
  }
}

/**
 * Imports one NDJSON line: decodes it, runs its steps through the one command pipeline (decode, authorise as the
 * step's actor, decide at the step's time) against a staging store, then writes every event of the line in one
 * append — all or nothing. Steps already in the case (same derived command ids) are not written again.
 */
export const importLine = async (
  text: string,
  lineNumber: number,
  options: ImportOptions,
  /**
   * The cases of the file's earlier lines, each by the first line that held it (what `importLines` keeps): a later line
   * of the same case fails at `id`, naming that line. A case is one line; a second one is an export's mistake, not a
   * case imported before.
   */
  firstLines?: Map<string, number>,
): Promise<LineOutcome> => {
  if (text.trim() === '') return { status: 'blank', line: lineNumber }
  const json = parse(text)
  if (E.isLeft(json)) return failed(lineNumber, [{ path: '(line)', message: `not JSON: ${json.left}` }])
  const decoded = decodeImportLine(json.right)
  if (E.isLeft(decoded)) return failed(lineNumber, decoded.left)
  const line = decoded.right
  const caseId = importedCaseId(line.type, line.id, line.system)
  const first = firstLines?.get(caseId)
  if (first !== undefined) {
    const which = `${line.system === undefined ? 'no system' : `system ${line.system}`}, ${line.type} ${line.id}`
    return failed(lineNumber, [{ path: 'id', message: `duplicate: line ${first} of this file is the same case (${which}); a case is one line with its whole history` }])
  }
  firstLines?.set(caseId, lineNumber)
  const shape = lineShape(line, options.now())
  if (options.places !== undefined && !options.places.has(line.jurisdiction)) {
    shape.unshift({ path: 'jurisdiction', message: `no place ${line.jurisdiction} in the jurisdiction registry (${options.places.where}): a typo, or a place to add to the registry first` })
  }
  if (shape.length > 0) return failed(lineNumber, shape)

  const caseType = options.caseTypes[line.type]
  const streamId = streamIdOf(caseType, caseId)
  const commandIds = line.steps.map((step, i) => importedCommandId(caseId, i, step))
  const read = options.read ?? options.store
  const source = `import:${line.system ?? ''}:${line.type}:${line.id}${originOf(options.origin, lineNumber)}`
  const attachments: AttachmentNaming = options.attachments ?? NO_FILES
  const committees = options.committees ?? emptyCommitteeRegistry

  // A concurrent writer (another import of the same file, a server) can only make the one append conflict: try again.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const existing = await read.readStream(streamId)
    const present = [...new Set(existing.map((e) => e.metadata.commandId))]
    if (commandIds.every((id) => present.includes(id))) return { status: 'already-imported', line: lineNumber, caseId }
    // Resume only a history that is exactly the start of this one (the source added steps since the last run).
    const differs = present.findIndex((id, k) => commandIds[k] !== id)
    if (differs >= 0) {
      return failed(lineNumber, [
        differs < commandIds.length
          ? { path: `steps[${differs}]`, message: `case ${caseId} was imported before with another history from this step on; it is left as it is` }
          : { path: 'steps', message: `case ${caseId} has events after its imported history; it is left as it is` },
      ])
    }
    const staging = stagingStore(read, streamId, existing)
    // The line's case folded once, step by step, not again for every step (a memory of this line only).
    const memory = streamMemory({ maxStreams: 4 })
    for (let i = present.length; i < line.steps.length; i += 1) {
      const step = line.steps[i] as ImportStep
      const commandId = commandIds[i] as string
      const data = i === 0 ? { jurisdiction: line.jurisdiction, ...step.data } : (step.data ?? {})
      // `imported`: a record made on another platform, taken as it was (core does not ask it for photos it never had).
      const outcome = await execute(staging, caseType, caseId, step.command, data, { commandId, actor: seated(step.actor, committees), at: step.at, correlationId: source, causationId: commandId, imported: true }, { memory, attachments })
      if (E.isLeft(outcome)) return failed(lineNumber, locate(i, step, outcome.left))
    }
    // Event ids derived from the command ids too: the same line never gives two different events.
    const seen = new Map<string, number>()
    const events: NewEvent[] = staging.staged().map((event) => {
      const k = seen.get(event.metadata.commandId) ?? 0
      seen.set(event.metadata.commandId, k + 1)
      return { ...event, eventId: derivedId(`${event.metadata.commandId}:event:${k}`) }
    })
    if (events.length === 0) return { status: 'already-imported', line: lineNumber, caseId }
    const written = await options.store.appendToStream(streamId, events, { expectedVersion: staging.baseVersion })
    if (E.isRight(written)) return { status: 'imported', line: lineNumber, caseId, events: events.length }
  }
  return failed(lineNumber, [{ path: '(line)', message: `case ${caseId} kept changing while it was imported; run the import again` }])
}

export interface ImportSummary {
  readonly lines: number
  readonly imported: number
  readonly alreadyImported: number
  readonly failed: number
  readonly events: number
  readonly errors: readonly ImportError[]
}

/** Imports every line (text, or bytes checked to be UTF-8), one after another; a bad line is reported and the next one goes on. */
export const importLines = async (lines: AsyncIterable<string | Uint8Array>, options: ImportOptions, onLine?: (outcome: LineOutcome) => void): Promise<ImportSummary> => {
  let n = 0
  let imported = 0
  let alreadyImported = 0
  let failedLines = 0
  let events = 0
  const errors: ImportError[] = []
  // Each case's first line: a later line of the same case is named a duplicate of it.
  const firstLines = new Map<string, number>()
  for await (const line of lines) {
    n += 1
    const text = typeof line === 'string' ? line : isUtf8(line) ? Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8') : undefined
    // A file saved by Excel or Notepad may begin with a byte-order mark: not part of the first line's JSON.
    const outcome =
      text === undefined ? failed(n, [{ path: '(line)', message: 'is not valid UTF-8' }]) : await importLine(n === 1 ? text.replace(/^\uFEFF/, '') : text, n, options, firstLines)
    if (outcome.status === 'imported') {
      imported += 1
      events += outcome.events
    } else if (outcome.status === 'already-imported') alreadyImported += 1
    else if (outcome.status === 'failed') {
      failedLines += 1
      errors.push(...outcome.errors)
    }
    onLine?.(outcome)
  }
  return { lines: n, imported, alreadyImported, failed: failedLines, events, errors }
}
