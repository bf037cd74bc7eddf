import type * as t from 'io-ts'
import type { Actor, Track } from './actor.js'
import type { Decider } from './decider.js'
import type { DomainError } from './errors.js'
import type { StreamVersion } from './expectedVersion.js'
import type { Command, CommandMeta, DomainEvent } from './meta.js'
import type { EventSchema } from './upcast.js'

/** A department's office (a 职能部门 unit) as a case names it: its department and its place. */
export interface DepartmentOffice {
  readonly department: string
  readonly jurisdiction: string
}

/** What a case tells the permission check about itself. */
export interface CaseScope {
  readonly jurisdiction: string
  /** The resident whose case it is, if a resident filed it. */
  readonly ownerId?: string
  /** Other residents the case belongs to, e.g. the parties (当事人) of a dispute who have an account. */
  readonly residents?: readonly string[]
  /** Departments (职能部门) that hold the case; a department officer must be one of them (none: no officer may act). */
  readonly departments?: readonly string[]
  /**
   * The departments' offices that hold the case (the lead, co-handling 协办, summoned by 吹哨), each by its department and
   * place as the case names the unit. Given, a department officer reads and acts only on a case naming an office of its
   * department at its place or under it (a bureau for its squads below it, as it acts for them) — not an office above
   * or beside it: the street's 城管 squad does not read what the district's 城管 bureau was called to. Absent:
   * `departments` alone.
   */
  readonly offices?: readonly DepartmentOffice[]
  /** The mediation track (调解) the case is on; a mediator must be on it. */
  readonly track?: Track
  /**
   * The mediators (调解员) assigned to the case, by actor id: a mediator reads and acts only on a case that names
   * them. Absent on case types without mediators (no mediator may read those); empty before assignment.
   */
  readonly mediators?: readonly string[]
  /**
   * The mediation committee (调解委员会) the case was routed to (分流): that committee's mediators read it (and one of
   * them may be assigned); a mediator of another committee does not.
   */
  readonly committee?: string
  /** The case is before a court (司法确认 applied for): the court's clerks in its district read it; no other case. */
  readonly court?: boolean
  /**
   * The courts it is before, by name as the case names them (trimmed): the court that entrusted it (诉前委派), the court
   * 司法确认 was applied for to. A court clerk whose token names its court (`Actor.court`) reads and acts only on a case
   * that names that court here; one whose token names none, on any case before a court in its jurisdiction.
   */
  readonly courts?: readonly string[]
}

/**
 * How one command arrives from outside: its type and the codec of its data. Adapters decode with it
 * and describe it (OpenAPI reads the codec's structure), so it stays a whole `t.Type`, not a decoder.
 */
export interface CommandSpec<Type extends string = string, Data = unknown> {
  readonly type: Type
  readonly data: t.Type<Data, unknown, unknown>
}

/**
 * The spec of a command with a concrete codec. An io-ts codec is invariant in its data type (`encode`
 * takes it), so one record of specs cannot hold them as they are; `t.Mixed` erases the data type here, once.
 * The codec object itself is kept, so decoding and the JSON Schema derived from it are unchanged.
 */
export const commandSpec = (type: string, codec: t.Mixed): CommandSpec => ({ type, data: codec })

/**
 * What a command needs to know beyond its own case (合并 `merge`: that its primary exists and may be seen), read
 * from the store before the command is decided: a refusal, or undefined to go on. `data` is decoded; `read` gives
 * any case's state and version (`no-stream` when there is none). The pipeline runs it, so every adapter does.
 */
export type CommandCheck = (input: {
  readonly caseId: string
  readonly data: unknown
  readonly actor: Actor
  /** The command's meta: who issues it and what caused it (a process's command names the event). */
  readonly meta: CommandMeta
  readonly read: (caseId: string) => Promise<{ readonly state: unknown; readonly version: StreamVersion }>
  /** A case of another case type (诉调对接: the complaint a referral names), its state and version, as `read` gives them. */
  readonly readOther: <S>(
    caseType: Pick<CaseType<never, DomainEvent, S>, 'streamPrefix' | 'decider' | 'schema'>,
    caseId: string,
  ) => Promise<{ readonly state: S; readonly version: StreamVersion }>
  /** Whether the stream `${streamPrefix}${caseId}` holds anything (one event read, no fold). */
  readonly exists: (streamPrefix: string, caseId: string) => Promise<boolean>
}) => Promise<DomainError | undefined>

/**
 * Everything an adapter needs to serve one case type generically: the decider,
 * the schema of its events, the commands by their kebab-case route name, and how a
 * case tells the permission check where it lies. HTTP routes, projections and the
 * audit tools work from this, never from a case type's internals.
 */
export interface CaseType<C extends Command = Command, E extends DomainEvent = DomainEvent, S = unknown> {
  /** `complaint`, `dispute`. */
  readonly name: string
  /** Stream ids are `${streamPrefix}${caseId}`, e.g. `complaint-0b6f…`. */
  readonly streamPrefix: string
  readonly decider: Decider<C, E, S>
  readonly schema: EventSchema
  /** The command that opens a case (POST /complaints); its data carries the new case's `id`. */
  readonly create: CommandSpec
  /** The other commands, by route name (`accept`, `submit-result`, …). */
  readonly commands: Readonly<Record<string, CommandSpec>>
  /** Where the case lies and whose it is; undefined while the case does not exist. */
  readonly scope: (state: S) => CaseScope | undefined
  /** Checks that read other cases, by route name (`merge`), see `CommandCheck`. */
  readonly checks?: Readonly<Record<string, CommandCheck>>
}

export const streamIdOf = (caseType: Pick<CaseType, 'streamPrefix'>, caseId: string): string => `${caseType.streamPrefix}${caseId}`

export const caseIdOf = (caseType: Pick<CaseType, 'streamPrefix'>, streamId: string): string | undefined =>
  streamId.startsWith(caseType.streamPrefix) ? streamId.slice(caseType.streamPrefix.length) : undefined
