import * as E from 'fp-ts/lib/Either.js'
import { streamIdOf, type CaseType, type CommandSpec } from '../kernel/caseType.js'
import { decode } from '../kernel/codec.js'
import type { Decider } from '../kernel/decider.js'
import { unknownAttachment, validationError, type DomainError, type FieldError } from '../kernel/errors.js'
import { attachmentRefsOf, type FoundRef } from '../attachments/refs.js'
import { handle, load, type HandleOptions, type HandleResult } from '../kernel/handler.js'
import type { Actor } from '../kernel/actor.js'
import { IsoTimestamp, type Command, type CommandMeta, type DomainEvent } from '../kernel/meta.js'
import { MAX_DEPTH, holdsUnknownFields, nestedDeeperThan, plainlyWellFormed, unknownFields } from './shape.js'
import { accepts } from './accepts.js'
import { canSee, hidden } from './visibility.js'
import { unencodableText } from './wellFormed.js'

const NO_FIELDS: readonly FieldError[] = Object.freeze([])

/** `create` opens a case; any other name is one of the case type's routes (`accept`, `submit-result`, …). */
export const CREATE = 'create'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Options of `execute`: those of `handle` but the schema, which is the case type's; and where attachments are kept. */
export type ExecuteOptions = Omit<HandleOptions, 'schema'> & {
  /**
   * The attachment store (an adapter's): a command may name only files it holds (`unknown-attachment`, naming
   * the field, otherwise). Without it nothing is checked — every adapter that accepts uploads passes it (HTTP does).
   */
  readonly attachments?: AttachmentNaming
}

/**
 * What `execute` asks of the attachment store. `has`: is a file with this hash held? `mayName`: may this actor name
 * this held file as this kind — least privilege, a command may name only a file its actor may already have (HTTP: its
 * uploader, or whoever may fetch it through a case, under a kind no less protected). Either refusal answers alike
 * (`unknown-attachment`), so a command tells nobody that a file they may not have exists. Without `mayName` every
 * held file may be named (an import: an operator's trusted data).
 */
export interface AttachmentNaming {
  readonly has: (sha256: string) => Promise<boolean>
  readonly mayName?: (ref: { readonly sha256: string; readonly kind: string }, actor: Actor) => Promise<boolean>
}

/**
 * Decodes outside data as the command a route names, exactly: the command must exist (else `command`), the JSON
 * be at most 32 levels deep, every field be one the codec declares, every value valid — each fault a
 * `{ path, message }`. The case id is `caseId` (the rule every adapter follows): a create's data without `id`
 * gets it, a create whose data names another id is refused at `id`.
 */
export const decodeCommand = <C extends Command>(
  caseType: Pick<CaseType<C>, 'create' | 'commands'>,
  caseId: string,
  command: string,
  data: unknown,
  meta: CommandMeta,
): E.Either<DomainError, C> => {
  const creating = command === CREATE
  // Own routes only: `toString` or `constructor` (an import step's command) would otherwise find Object's methods.
  const spec: CommandSpec | undefined = creating ? caseType.create : Object.hasOwn(caseType.commands, command) ? caseType.commands[command] : undefined
  if (spec === undefined) {
    const known = [CREATE, ...Object.keys(caseType.commands)].join(', ')
    return E.left(validationError([{ path: 'command', message: `expected one of ${known}` }]))
  }
  // Most commands are plainly well formed: one walk says so, and only the others are walked for the fault.
  if (!plainlyWellFormed(data, MAX_DEPTH)) {
    if (nestedDeeperThan(data, MAX_DEPTH)) {
      return E.left(validationError([{ path: '(root)', message: `is nested deeper than ${MAX_DEPTH} levels` }]))
    }
    // Text UTF-8 cannot hold (a lone surrogate) would fail or differ in every store and hash downstream.
    const unencodable = unencodableText(data)
    if (unencodable !== undefined) return E.left(validationError([unencodable]))
  }
  const input = creating && isRecord(data) && data.id === undefined ? { ...data, id: caseId } : data
  // Most commands hold no undeclared field: a check made once per codec says so; the walk runs only to name them.
  const unknown = holdsUnknownFields(spec.data, input) ? unknownFields(spec.data, input) : NO_FIELDS
  // Most commands are valid, and `is` (asked through `accepts`, the same answers) walks them with no context, Either or copy per field (decode was ~1.2 µs of
  // an in-memory command). Every command codec decodes exactly what its `is` accepts, to the input itself when no
  // field is undeclared, so `decode` runs only to name what is wrong (decodeCommand.test.ts checks both against
  // decoding every command, for every route of both case types). A codec that changes what it decodes (io-ts's
  // NumberFromString, say) would break this: none does, and that test fails for one that did.
  const decoded = unknown.length === 0 && accepts(spec.data, input) ? E.right(input) : decode(spec.data, input)
  if (E.isLeft(decoded) || unknown.length > 0) {
    const invalid: readonly FieldError[] = E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors : []
    return E.left(validationError([...invalid, ...unknown]))
  }
  if (creating && isRecord(decoded.right) && decoded.right.id !== caseId) {
    return E.left(validationError([{ path: 'id', message: `expected the case id ${caseId}` }]))
  }
  // The spec's codec decoded the data for exactly this command type, so the pair is a C.
  return E.right({ type: spec.type, data: decoded.right, meta } as unknown as C)
}

const META_AT_EXPECTED = 'expected an ISO 8601 timestamp with a zone, e.g. 2026-03-01T09:30:00+08:00'

/** `execute`'s options when none are given: one object, never changed. */
const NO_OPTIONS: ExecuteOptions = Object.freeze({})

// What `handle` is given when `execute` was given no options: the case type's schema alone, one per case type.
const schemaOptions = new WeakMap<object, HandleOptions>()
const schemaOptionsOf = (caseType: Pick<CaseType, 'schema'>): HandleOptions => {
  const known = schemaOptions.get(caseType)
  if (known !== undefined) return known
  const made: HandleOptions = Object.freeze({ schema: caseType.schema })
  schemaOptions.set(caseType, made)
  return made
}

// One guarded decider per case type (they are few and live as long as the process).
const guardedDeciders = new WeakMap<object, Decider<Command, DomainEvent, unknown>>()

/**
 * The case type's decider behind the visibility rule: a command on a case the actor may not see is `hidden`,
 * decided on the very state the command would be decided on (remembered or read, on every retry).
 */
const guardedDecider = <C extends Command, Ev extends DomainEvent, S>(caseType: CaseType<C, Ev, S>): Decider<C, Ev, S> => {
  const known = guardedDeciders.get(caseType)
  if (known !== undefined) return known as unknown as Decider<C, Ev, S>
  const { decider } = caseType
  const guarded: Decider<C, Ev, S> = {
    initialState: decider.initialState,
    evolve: decider.evolve,
    decide: (command, state) =>
      command.type === caseType.create.type || canSee(caseType, state, command.meta.actor) ? decider.decide(command, state) : E.left(hidden(caseType)),
  }
  guardedDeciders.set(caseType, guarded as unknown as Decider<Command, DomainEvent, unknown>)
  return guarded
}

/**
 * The case type's check of other cases for this route (`CommandCheck`), if it has one. A refusal does not stand
 * against a command already applied (its id in the stream): that one is replayed, whatever changed since.
 */
const checkOtherCases = async <C extends Command, Ev extends DomainEvent, S>(
  store: Parameters<typeof handle>[0],
  caseType: CaseType<C, Ev, S>,
  caseId: string,
  command: string,
  decoded: C,
  meta: CommandMeta,
): Promise<DomainError | undefined> => {
  const check = caseType.checks?.[command]
  if (check === undefined) return undefined
  const decider = caseType.decider as Decider<never, Ev, S>
  const read = (id: string) => load(store, decider, streamIdOf(caseType, id), { schema: caseType.schema })
  const readOther = <S2>(other: Pick<CaseType<never, DomainEvent, S2>, 'streamPrefix' | 'decider' | 'schema'>, id: string) =>
    load(store, other.decider as Decider<never, DomainEvent, S2>, streamIdOf(other, id), { schema: other.schema })
  const exists = async (streamPrefix: string, id: string) => (await store.readStream(`${streamPrefix}${id}`, { toVersion: 0 })).length > 0
  const refused = await check({ caseId, data: decoded.data, actor: meta.actor, meta, read, readOther, exists })
  if (refused === undefined) return undefined
  const current = await read(caseId)
  return current.events.some((e) => e.metadata.commandId === meta.commandId) ? undefined : refused
}

/**
 * Every file the command names must be in the attachment store, and one its actor may name. A refusal names the fields; but the case's own
 * answer comes first — what the command would meet anyway (not-found for a case the actor may not see, forbidden,
 * invalid-transition) is what it gets, decided on the current state, so an unknown hash tells nothing about a case.
 * A command already applied (its id in the stream) is replayed, not refused.
 */
const checkAttachments = async <C extends Command, Ev extends DomainEvent, S>(
  store: Parameters<typeof handle>[0],
  caseType: CaseType<C, Ev, S>,
  caseId: string,
  command: C,
  refs: readonly FoundRef[],
  naming: AttachmentNaming,
): Promise<DomainError | undefined> => {
  const { has, mayName } = naming
  const actor = command.meta.actor
  const unknown: FieldError[] = []
  for (const ref of refs) {
    const held = (await has(ref.sha256)) && (mayName === undefined || (await mayName(ref, actor)))
    if (!held) unknown.push({ path: ref.path, message: 'no uploaded file has this hash' })
  }
  if (unknown.length === 0) return undefined
  const current = await load(store, caseType.decider as Decider<never, Ev, S>, streamIdOf(caseType, caseId), { schema: caseType.schema })
  if (current.events.some((e) => e.metadata.commandId === command.meta.commandId)) return undefined
  const decided = guardedDecider(caseType).decide(command, current.state)
  return E.isLeft(decided) ? decided.left : unknownAttachment(unknown)
}

/**
 * The command pipeline every adapter calls (HTTP, an integrator, processes, import): decode once, exactly
 * (`decodeCommand`); authorise once (a case the actor may not see is `not-found`, by `canSee`, the rule reads
 * use too; what the actor may do is the decider's policy); check what the command needs of other cases (the case
 * type's `checks`); decide, append and fold once (`handle`, which alone retries). `meta.at` must be an ISO 8601
 * timestamp with a zone (validation at `meta.at` otherwise, nothing written). A stale expected version, or a command
 * id another actor used, on a case the actor may not see is `not-found` too; the actor that sent the command gets its
 * first outcome again, whatever it may read.
 */
export const execute = async <C extends Command, Ev extends DomainEvent, S>(
  store: Parameters<typeof handle>[0],
  caseType: CaseType<C, Ev, S>,
  caseId: string,
  command: string,
  data: unknown,
  meta: CommandMeta,
  options: ExecuteOptions = NO_OPTIONS,
): Promise<E.Either<DomainError, HandleResult<Ev, S>>> => {
  // The meta is the caller's (an adapter's clock, an integrator's code): an `at` that is no timestamp with a zone would
  // be written as the event's time and read in the host's zone, or not at all (found embedding the core).
  if (!IsoTimestamp.is(meta.at)) return E.left(validationError([{ path: 'meta.at', message: META_AT_EXPECTED }]))
  const decoded = decodeCommand(caseType, caseId, command, data, meta)
  if (E.isLeft(decoded)) return decoded
  const streamId = streamIdOf(caseType, caseId)
  // Most routes check no other case: no call (and no await) for them.
  const refused = caseType.checks?.[command] === undefined ? undefined : await checkOtherCases(store, caseType, caseId, command, decoded.right, meta)
  if (refused !== undefined) return E.left(refused)
  const { attachments } = options
  if (attachments !== undefined) {
    // A command that names no file (most) is not awaited through the check.
    const refs = attachmentRefsOf(decoded.right.data)
    if (refs.length > 0) {
      const missing = await checkAttachments(store, caseType, caseId, decoded.right, refs, attachments)
      if (missing !== undefined) return E.left(missing)
    }
  }
  // `handle` reads only the options it knows (the attachment store goes along unread). Not a spread: V8 gives a
  // spread copy a map of its own and each key added after it is slow (see `withSealFields`). Without options
  // (an integrator's or a bench's call), the case type's own, made once.
  const handleOptions: HandleOptions = options === NO_OPTIONS ? schemaOptionsOf(caseType) : Object.assign({}, options, { schema: caseType.schema })
  const outcome = await handle(store, guardedDecider(caseType), streamId, decoded.right, handleOptions)
  if (E.isLeft(outcome)) {
    // A conflict would tell whoever may not see the case that it exists.
    if (outcome.left.code === 'concurrency-conflict' && command !== CREATE) {
      const current = await load(store, caseType.decider as Decider<never, Ev, S>, streamId, { schema: caseType.schema })
      if (!canSee(caseType, current.state, meta.actor)) return E.left(hidden(caseType))
    }
    return outcome
  }
  // A command id someone else used on a case this actor may not see; a decision with no events on no case. The actor
  // that sent the command answers as the first time, also when it left it a case it may not read (a people's mediator's
  // create before it is assigned, a department's 退单): its adapter answers it masked, as the first time.
  if ((outcome.right.replayed && !sentBy(outcome.right.events[0]?.metadata.actor, meta.actor) && !canSee(caseType, outcome.right.state, meta.actor)) || outcome.right.version === 'no-stream') {
    return E.left(hidden(caseType))
  }
  return outcome
}

/** The recorded command's actor is this one: the same id in the same role (the log keeps no more of a resident). */
const sentBy = (recorded: Actor | undefined, actor: Actor): boolean => recorded !== undefined && recorded.id === actor.id && recorded.role === actor.role
