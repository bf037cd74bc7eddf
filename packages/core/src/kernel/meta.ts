import * as t from 'io-ts'
import { Actor } from '../access/actor.js'
import { refinedString } from './codec.js'

/** ISO 8601 timestamp with a zone (`2026-03-01T09:30:00+08:00` or `...Z`). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
export const IsoTimestamp = refinedString(
  'IsoTimestamp',
  (s) => ISO.test(s) && !Number.isNaN(Date.parse(s)),
  'an ISO 8601 timestamp with a zone, e.g. 2026-03-01T09:30:00+08:00',
)
export type IsoTimestamp = string

/** What every command carries: its id (idempotency key), who issues it, and when (from the adapter's clock). */
export const CommandMeta = t.intersection(
  [
    t.type({ commandId: t.string, actor: Actor, at: IsoTimestamp }),
    t.partial({ correlationId: t.string, causationId: t.string }),
  ],
  'CommandMeta',
)
export type CommandMeta = t.TypeOf<typeof CommandMeta>

/** A command: a type, its data, and meta. */
export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type
  readonly data: Data
  readonly meta: CommandMeta
}

/** A domain event as a decider emits it: a fact in past tense and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type
  readonly data: Data
}
