import * as t from 'io-ts'
import { Actor } from './actor.js'
import { refinedString } from './codec.js'

/** ISO 8601 timestamp with a zone (`2026-03-01T09:30:00+08:00` or `...Z`). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
// Date.parse rolls 2026-02-30 over to March, so the day is checked against the month itself.
const dayExists = (year: number, month: number, day: number): boolean => {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days !== undefined && day >= 1 && day <= days
}
export const IsoTimestamp = refinedString(
  'IsoTimestamp',
  (s) => {
    const match = ISO.exec(s)
    return match !== null && dayExists(Number(match[1]), Number(match[2]), Number(match[3])) && !Number.isNaN(Date.parse(s))
  },
  'an ISO 8601 timestamp with a zone, e.g. 2026-03-01T09:30:00+08:00',
  // Not `format: date-time`: RFC 3339 wants the seconds, which the codec lets a client leave out.
  { pattern: ISO.source },
)
export type IsoTimestamp = string

/** What every command carries: its id (idempotency key), who issues it, and when (from the adapter's clock). */
export const CommandMeta = t.intersection(
  [
    t.type({ commandId: t.string, actor: Actor, at: IsoTimestamp }),
    // requestHash: what an adapter's idempotency key was bound to (HTTP: actor, route, body), kept on the events.
    // imported: the command records a step of a case brought from another platform (`gridcase import` sets it; no
    // request can): what must be captured when a thing happens now (the photos and map point of a patrol finding, the
    // photos of an on-the-spot resolution) cannot be added to a record made elsewhere, and is not asked of it. Not kept on the events (the
    // import names itself in their correlation id).
    t.partial({ correlationId: t.string, causationId: t.string, requestHash: t.string, imported: t.boolean }),
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
