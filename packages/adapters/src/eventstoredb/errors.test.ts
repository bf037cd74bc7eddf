import { StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client'
import { describe, expect, it } from 'vitest'
import { isConnectionFailure, isStreamNotFound, toConcurrencyConflict } from './errors.js'

const wrongVersion = (current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName: 'complaint-1', current, expected: 2n })

describe('client errors → ours', () => {
  it('a WrongExpectedVersionError becomes a concurrency-conflict carrying what the caller expected and the actual version', () => {
    expect(toConcurrencyConflict(wrongVersion(5n), 'complaint-1', 2)).toMatchObject({
      code: 'concurrency-conflict',
      streamId: 'complaint-1',
      expected: 2,
      actual: 5,
    })
    expect(toConcurrencyConflict(wrongVersion('no_stream'), 'complaint-1', 'stream-exists')).toMatchObject({
      expected: 'stream-exists',
      actual: 'no-stream',
    })
  })

  it('any other error is not a conflict', () => {
    expect(toConcurrencyConflict(new StreamNotFoundError(undefined, 'complaint-1'), 'complaint-1', 2)).toBeUndefined()
    expect(toConcurrencyConflict(new Error('boom'), 'complaint-1', 2)).toBeUndefined()
    expect(toConcurrencyConflict(undefined, 'complaint-1', 2)).toBeUndefined()
  })

  it('tells a missing stream and a failed connection from other errors', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'complaint-1'))).toBe(true)
    expect(isStreamNotFound(wrongVersion(1n))).toBe(false)
    expect(isConnectionFailure(new UnavailableError())).toBe(true)
    expect(isConnectionFailure(new StreamNotFoundError(undefined, 'complaint-1'))).toBe(false)
  })
})
