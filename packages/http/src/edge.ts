import { decode, unknownFields, validationError, type DomainError, type ExpectedVersion } from '@gridcase/core'
import type { IncomingHttpHeaders } from 'node:http'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { parseETagVersion } from './etag.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Is this a uuid (any version)? Case ids and Idempotency-Keys must be. */
export const isUuidText = (value: string): boolean => UUID.test(value)

/** What the header readers need of a request (express's or node:http's). */
type WithHeaders = { readonly headers: IncomingHttpHeaders }

const header = (req: WithHeaders, name: string): string | undefined => {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(',') : value
}

const headerError = (name: string, message: string): DomainError => validationError([{ path: `headers.${name}`, message }])

/** `Idempotency-Key` (a uuid), which becomes the command id. */
export const idempotencyKey = (req: WithHeaders): E.Either<DomainError, string | undefined> => {
  const value = header(req, 'Idempotency-Key')
  if (value === undefined) return E.right(undefined)
  const key = value.trim().replace(/^"(.*)"$/, '$1')
  return isUuidText(key) ? E.right(key.toLowerCase()) : E.left(headerError('Idempotency-Key', 'expected a uuid'))
}

/** `If-Match: W/"N"` → expected version N; `*` → the case must exist. */
export const ifMatch = (req: WithHeaders): E.Either<DomainError, ExpectedVersion | undefined> => {
  const value = header(req, 'If-Match')
  if (value === undefined) return E.right(undefined)
  if (value.trim() === '*') return E.right('stream-exists')
  const version = parseETagVersion(value)
  return version === undefined || !Number.isSafeInteger(version)
    ? E.left(headerError('If-Match', 'expected a weak ETag such as W/"3"'))
    : E.right(version)
}

/**
 * Decodes the query string, naming fields `query.<name>`. A parameter the codec does not declare is refused (a
 * misspelt filter would otherwise answer unfiltered), except one beginning with `_`: a cache-buster such as `_=<time>`.
 */
export const decodeQuery = <A>(codec: t.Type<A, unknown, unknown>, req: { readonly query: unknown }): E.Either<DomainError, A> => {
  const query = { ...(req.query as Record<string, unknown>) }
  const unknown = unknownFields(codec, query)
    .filter((e) => !e.path.startsWith('_'))
    .map((e) => ({ path: `query.${e.path}`, message: 'is not a known parameter' }))
  const decoded = E.mapLeft((error: DomainError) =>
    error.code === 'validation'
      ? validationError(error.errors.map((e) => ({ path: e.path === '(root)' ? 'query' : `query.${e.path}`, message: e.message })))
      : error,
  )(decode(codec, query))
  if (unknown.length === 0) return decoded
  return E.left(validationError([...(E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors : []), ...unknown]))
}

/** A plain JSON object (not an array, not null). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
