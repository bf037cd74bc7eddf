import { ErrorType, type CurrentRevision } from '@eventstore/db-client'
import { concurrencyConflict, type ConcurrencyConflict, type ExpectedVersion } from '@gridcase/core'
import { toStreamVersion } from './revision.js'

// Matched by the client's `type` tag, not by `instanceof`: two copies of the client may be loaded.
const typeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined

/** The client's WrongExpectedVersionError as our `concurrency-conflict` (carrying what the caller expected); undefined for any other error. */
export const toConcurrencyConflict = (
  error: unknown,
  streamId: string,
  expected: ExpectedVersion,
): ConcurrencyConflict | undefined => {
  if (typeOf(error) !== ErrorType.WRONG_EXPECTED_VERSION) return undefined
  const actual = (error as { actualVersion?: CurrentRevision }).actualVersion
  return concurrencyConflict(streamId, expected, toStreamVersion(actual))
}

/** Reading a stream that was never written is an empty read for us, an error for the client. */
export const isStreamNotFound = (error: unknown): boolean => typeOf(error) === ErrorType.STREAM_NOT_FOUND

/** Failures of the connection rather than of the request: retrying another way will not help. */
export const isConnectionFailure = (error: unknown): boolean => {
  const type = typeOf(error)
  return (
    type === ErrorType.UNAVAILABLE ||
    type === ErrorType.DEADLINE_EXCEEDED ||
    type === ErrorType.CANCELLED ||
    type === ErrorType.NOT_LEADER ||
    type === ErrorType.ACCESS_DENIED
  )
}

/** The connection was lost (gRPC UNAVAILABLE): the client connects again on its next call, so an idempotent request may be sent again. */
export const isConnectionLost = (error: unknown): boolean => typeOf(error) === ErrorType.UNAVAILABLE
