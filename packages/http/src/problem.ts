import { validationError, type DomainError, type FieldError } from '@gridcase/core'
import type { Response } from 'express'
import { isTransient } from '@gridcase/adapters/embedded'

/** An RFC 9457 problem document, as sent with `application/problem+json`. */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly errors?: readonly FieldError[]
  readonly [extension: string]: unknown
}

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** Builds a problem whose `type` is `urn:gridcase:problem:<code>`. */
export const problem = (status: number, code: string, detail: string, extensions: Readonly<Record<string, unknown>> = {}): Problem => ({
  type: `urn:gridcase:problem:${code}`,
  title: titles[status] ?? 'Error',
  status,
  detail,
  ...extensions,
})

/**
 * The two answers to a command that would record, or be decided against, a person's data its case no longer reads: one
 * body whichever refused it, the store's sealing (`erasedProblem`) or the decision (`problemOf`: a dispute's agreement
 * whose signatures cannot be told from its parties' names, which read "erased" or "unreadable").
 */
const personalDataErased = (): Problem =>
  problem(409, 'personal-data-erased', "The personal data of this case was erased: a command that would record a person's data in it is refused, and nothing was written")
const personalDataUnreadable = (): Problem =>
  problem(409, 'personal-data-unreadable', "The personal data of this case cannot be read (its key does not open it: see gridcase audit verify): a command that would record a person's data in it is refused, and nothing was written")

/**
 * A command on a case whose personal data was erased (`gridcase erasure erase`) that would write a person's data (a
 * session's minutes, a supplement's text): the store refused to seal it (adapters' `SubjectErased`), nothing written.
 * 409: the case's state, not the request, stands in the way. Undefined for any other error.
 */
export const erasedProblem = (error: unknown): Problem | undefined =>
  error instanceof Error && error.name === 'SubjectErased'
    ? personalDataErased()
    : error instanceof Error && error.name === 'SealingUnreadable'
      ? // Core's `SealingUnreadable`: the case's personal data does not open with its key (replaced, or its text changed,
        // in the database: gridcase audit verify names it key-wrong); a command would record the placeholder as data.
        personalDataUnreadable()
      : undefined

/** Seconds a client waits before it tries again after `databaseUnavailable`: a restart or a failover takes seconds. */
export const DATABASE_RETRY_AFTER_S = 1

/**
 * The database did not answer (adapters' `isTransient`: PostgreSQL restarting, shutting down, unreachable, a connection
 * broken): 503 `unavailable` with `Retry-After`, for any route, reading or writing — a condition that passes, to retry,
 * not a fault of ours (500). Found restarting PostgreSQL under two servers: every route answered 500 `internal` until it
 * was back. Undefined for any other error.
 */
export const databaseUnavailable = (error: unknown): Problem | undefined =>
  isTransient(error)
    ? problem(503, 'unavailable', `The database did not answer; try again in ${DATABASE_RETRY_AFTER_S} s (a command sent again with the same Idempotency-Key is recorded at most once)`)
    : undefined

export interface MappingContext {
  /** The caller sent If-Match: a conflict is their stale version (412), not a lost race (409). */
  readonly ifMatch?: boolean
}

/**
 * Maps a DomainError to a problem by its `code` alone. `forbidden` stays 403 here: the
 * routes turn "may not even see the case" into `not-found` before it gets this far.
 */
export const problemOf = (error: DomainError, context: MappingContext = {}): Problem => {
  switch (error.code) {
    case 'validation':
      return problem(400, 'validation', error.message, { errors: error.errors })
    case 'forbidden':
      return problem(403, 'forbidden', error.message)
    case 'not-found':
      return problem(404, 'not-found', error.message)
    case 'invalid-transition':
      return problem(409, 'invalid-transition', error.message, { state: error.state, command: error.command })
    case 'already-exists':
      // One fixed body: nothing of the case behind the id (its state, whether the caller may see it).
      return problem(409, 'already-exists', error.message)
    case 'deadline-passed':
      return problem(422, 'deadline-passed', error.message, { deadline: error.deadline })
    case 'unknown-attachment':
      return problem(422, 'unknown-attachment', error.message, { errors: error.errors })
    // The same bodies as the store's refusals (`erasedProblem`): which layer refused is not the caller's concern.
    case 'personal-data-erased':
      return personalDataErased()
    case 'personal-data-unreadable':
      return personalDataUnreadable()
    case 'concurrency-conflict':
      return context.ifMatch === true
        ? problem(412, 'concurrency-conflict', `The case has changed: it is at version ${String(error.actual)}`, {
            actual: error.actual,
          })
        : problem(409, 'concurrency-conflict', 'The case kept changing while the command was retried; try again', {
            actual: error.actual,
          })
    default: {
      const unknown: { code?: unknown; message?: unknown } = error
      return problem(500, 'internal', `Unmapped error code ${String(unknown.code)}`)
    }
  }
}

/** Sends a problem with its status and media type. */
export const sendProblem = (res: Response, body: Problem): void => {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body))
}

/** Valid JSON that the strict parser refused: a number, a string, true, false or null — JSON, but not an object. */
export const isJsonScalar = (body: unknown): boolean => {
  if (typeof body !== 'string') return false
  try {
    const value: unknown = JSON.parse(body)
    return value === null || typeof value !== 'object'
  } catch {
    return false
  }
}

/** The answer to a body of JSON that is not an object, as the decoder gives for an array (`(root)`, an object expected). */
export const notAnObject = (): Problem => problemOf(validationError([{ path: '(root)', message: 'expected an object' }]))
