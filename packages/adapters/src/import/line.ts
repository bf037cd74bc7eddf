import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decode, IsoTimestamp, MAX_DEPTH, refinedString, nestedDeeperThan, text, unencodableText, unknownFields, type FieldError } from '@gridcase/core'
import { Actor, Jurisdiction } from '@gridcase/core/access'

/** The case types an import line may hold, by the `type` it names. */
export const IMPORT_TYPES = ['complaint', 'dispute'] as const

/** China time (UTC+8) in ms: the calendar's day is China's. */
const CHINA_OFFSET_MS = 8 * 3_600_000
/** The years the calendar counts deadlines in (its lunar festival dates; `GET /api/v1/calendar/{year}` takes the same). */
const FIRST_YEAR = 1900
const LAST_YEAR = 2100

/**
 * A step's time: an ISO 8601 timestamp whose day, China time, falls in the calendar's years. An old platform's export
 * writes a missing date as year 0 (`0000-01-06T…`), which the timestamp alone accepts and no deadline can be counted
 * from: the line fails at that step, named, instead of a case registered in year 0.
 */
const CalendarTimestamp = refinedString(
  'CalendarTimestamp',
  (s) => {
    if (!IsoTimestamp.is(s)) return false
    const year = new Date(Date.parse(s) + CHINA_OFFSET_MS).getUTCFullYear()
    return year >= FIRST_YEAR && year <= LAST_YEAR
  },
  `an ISO 8601 timestamp with a zone, from ${FIRST_YEAR} to ${LAST_YEAR} China time (the years the calendar counts deadlines in), e.g. 2026-03-01T09:30:00+08:00`,
)

/** One command of a case's history as the platform it comes from recorded it: who, when, what (a route of HTTP.md). */
export const ImportStep = t.intersection(
  [
    t.type({
      /** `create` (the opening command) or a route name: `accept`, `dispatch`, `record-agreement`, … */
      command: text(60, 'Command'),
      /** When it happened on the old platform: the event's `occurredAt`, and the time deadlines count from. */
      at: CalendarTimestamp,
      /** Who did it there, as a gridcase actor: the pipeline checks they were allowed to. */
      actor: Actor,
    }),
    t.partial({ data: t.UnknownRecord }),
  ],
  'ImportStep',
)
export type ImportStep = t.TypeOf<typeof ImportStep>

/** One line of an import file: one case of an existing platform with its whole history. */
export const ImportLine = t.intersection(
  [
    t.type({
      type: t.keyof({ complaint: null, dispute: null }),
      /** The case's id on the platform it comes from: with `system`, what the gridcase case id is derived from. */
      id: text(200, 'SourceId'),
      jurisdiction: Jurisdiction,
      steps: t.array(ImportStep),
    }),
    /** The platform the case comes from (`hohhot-12345`), so two platforms' ids never meet. */
    t.partial({ system: text(100, 'System') }),
  ],
  'ImportLine',
)
export type ImportLine = t.TypeOf<typeof ImportLine>

/** How deep a line may nest: a command's body (MAX_DEPTH) as a step's `data`, three levels down. */
const LINE_DEPTH = MAX_DEPTH + 3

/** Decodes a line's JSON: every missing, invalid or undeclared field, each named by its path. */
export const decodeImportLine = (json: unknown): E.Either<readonly FieldError[], ImportLine> => {
  // Before anything walks the line (the step's command id hashes it whole): a step's data may nest as a command's
  // body may, below the line, its steps and the step; text UTF-8 cannot hold could be neither hashed nor stored.
  if (nestedDeeperThan(json, LINE_DEPTH)) return E.left([{ path: '(line)', message: `is nested deeper than ${LINE_DEPTH} levels` }])
  const unencodable = unencodableText(json)
  if (unencodable !== undefined) return E.left([unencodable])
  const decoded = decode(ImportLine, json)
  const unknown = unknownFields(ImportLine, json)
  const empty = E.isRight(decoded) && decoded.right.steps.length === 0 ? [{ path: 'steps', message: 'expected at least one step (the first is create)' }] : []
  if (E.isRight(decoded) && unknown.length === 0 && empty.length === 0) return E.right(decoded.right)
  const invalid = E.isLeft(decoded) ? (decoded.left.code === 'validation' ? decoded.left.errors : [{ path: '(line)', message: decoded.left.message }]) : []
  return E.left([...invalid, ...empty, ...unknown])
}
