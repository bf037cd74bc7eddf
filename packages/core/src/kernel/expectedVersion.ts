/**
 * What a writer believes about a stream before appending: an exact version
 * (0-based, of the last event), that it does not exist, that it does, or nothing.
 */
export type ExpectedVersion = number | 'no-stream' | 'stream-exists' | 'any'

export const NO_STREAM = 'no-stream' as const
export const STREAM_EXISTS = 'stream-exists' as const
export const ANY = 'any' as const

/** The current version of a stream: the last event's version, or 'no-stream'. */
export type StreamVersion = number | 'no-stream'

/** Does the stream's current version satisfy what the writer expected? */
export const matchesExpectedVersion = (current: StreamVersion, expected: ExpectedVersion): boolean => {
  if (expected === 'any') return true
  if (expected === 'no-stream') return current === 'no-stream'
  if (expected === 'stream-exists') return current !== 'no-stream'
  return current === expected
}
