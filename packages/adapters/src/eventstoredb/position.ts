import type { Position } from '@eventstore/db-client'

/**
 * An $all commit position as our global position. Commit positions are byte
 * offsets in EventStoreDB's transaction log, so a number holds them exactly up
 * to 2^53 - 1 bytes (8 PiB of log); past that we refuse rather than round.
 */
export const positionToNumber = (position: Position | undefined): number => {
  if (position === undefined) throw new TypeError('the event has no $all position (was it read from $all or a stream?)')
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`commit position ${position.commit} is beyond 2^53 - 1 and cannot be a number`)
  }
  return Number(position.commit)
}

/**
 * Our global position as an $all position to read from. Events written by one
 * append each get their own log record, so commit and prepare positions are equal.
 */
export const numberToPosition = (position: number): Position => {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`${position} is not a position in the global log`)
  return { commit: BigInt(position), prepare: BigInt(position) }
}
