import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision } from '@eventstore/db-client'
import type { ExpectedVersion, StreamVersion } from '@gridcase/core'

/** Our expected version as the client's expected revision (`no-stream` ↔ `no_stream`, a version ↔ a bigint revision). */
export const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision => {
  if (expected === 'any') return ANY
  if (expected === 'no-stream') return NO_STREAM
  if (expected === 'stream-exists') return STREAM_EXISTS
  return BigInt(expected)
}

/** The client's expected revision back as our expected version. */
export const fromExpectedRevision = (expected: AppendExpectedRevision): ExpectedVersion => {
  if (expected === ANY) return 'any'
  if (expected === NO_STREAM) return 'no-stream'
  if (expected === STREAM_EXISTS) return 'stream-exists'
  return revisionToVersion(expected)
}

/** A stream's current revision as the client reports it (a bigint or `no_stream`) as our stream version. */
export const toStreamVersion = (current: bigint | typeof NO_STREAM | undefined): StreamVersion =>
  current === undefined || current === NO_STREAM || current < 0n ? 'no-stream' : revisionToVersion(current)

/** A stream revision as a version number; revisions past 2^53 cannot be numbers and are refused. */
export const revisionToVersion = (revision: bigint): number => {
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} is beyond 2^53 - 1`)
  return Number(revision)
}
