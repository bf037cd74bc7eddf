import { IsoTimestamp } from '@gridcase/core'
import { Jurisdiction } from '@gridcase/core/access'
import * as t from 'io-ts'

/** A non-negative integer written in a query string. */
export const IntFromString = new t.Type<number, string, unknown>(
  'IntFromString',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) =>
    typeof u === 'string' && /^\d{1,15}$/.test(u) ? t.success(Number(u)) : t.failure(u, c, 'expected a non-negative integer'),
  String,
)

/** `true` or `false` in a query string. */
export const BooleanFromString = new t.Type<boolean, string, unknown>(
  'BooleanFromString',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => (u === 'true' ? t.success(true) : u === 'false' ? t.success(false) : t.failure(u, c, 'expected true or false')),
  String,
)

const Name = new t.Type<string, string, unknown>(
  'Name',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && u.length > 0 && u.length <= 100 ? t.success(u) : t.failure(u, c, 'expected a name of 1–100 characters')),
  t.identity,
)

/** A page size between 1 and 100. */
export const Limit = new t.Type<number, string, unknown>(
  'Limit',
  (u): u is number => typeof u === 'number',
  (u, c) =>
    typeof u === 'string' && /^\d{1,3}$/.test(u) && Number(u) >= 1 && Number(u) <= 100
      ? t.success(Number(u))
      : t.failure(u, c, 'expected an integer from 1 to 100'),
  String,
)

/** An opaque paging cursor: where the previous page stopped. */
export const Cursor = new t.Type<number, string, unknown>(
  'Cursor',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u !== 'string' || u.length > 64) return t.failure(u, c, 'expected a cursor from a previous page')
    try {
      const parsed: unknown = JSON.parse(Buffer.from(u, 'base64url').toString('utf8'))
      const before = (parsed as { before?: unknown } | null)?.before
      return typeof before === 'number' && Number.isSafeInteger(before) ? t.success(before) : t.failure(u, c, 'expected a cursor from a previous page')
    } catch {
      return t.failure(u, c, 'expected a cursor from a previous page')
    }
  },
  (before) => Buffer.from(JSON.stringify({ before }), 'utf8').toString('base64url'),
)

export const ListQuery = t.partial({
  state: Name,
  category: Name,
  jurisdiction: Jurisdiction,
  overdue: BooleanFromString,
  cursor: Cursor,
  limit: Limit,
})
export type ListQuery = t.TypeOf<typeof ListQuery>

export const CaseQuery = t.partial({ version: IntFromString, asOf: IsoTimestamp })

export const EventsQuery = t.partial({ from: IntFromString, limit: Limit })

/**
 * The query of a route that takes none: every parameter is refused at `query.<name>` by `decodeQuery` (a `_`
 * cache-buster aside), as a route with parameters refuses one it does not declare. `/healthz` and `/metrics` alone do
 * not decode theirs: infrastructure polls them and may add its own (Prometheus's `name[]`).
 */
export const NoQuery = t.partial({})

/**
 * The dashboard page's (`/`): what its script reads from its own address — `token` (moved into sessionStorage at
 * once), `jurisdiction` and `period` (passed on to the API, which judges them).
 */
export const PageQuery = t.partial({ token: t.string, jurisdiction: t.string, period: t.string })
