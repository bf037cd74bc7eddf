import { NO_STREAM } from '@eventstore/db-client'
import type { StreamVersion } from '@gridcase/core'

/** A stream's current revision as the client reports it (a bigint or `no_stream`) as our stream version. */
export const toStreamVersion = (current: bigint | typeof NO_STREAM | undefined): StreamVersion =>
  current === undefined || current === NO_STREAM || current < 0n ? 'no-stream' : revisionToVersion(current)

/** A stream revision as a version number; revisions past 2^53 cannot be numbers and are refused. */
export const revisionToVersion = (revision: bigint): number => {
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} is beyond 2^53 - 1`)
  return Number(revision)
}
