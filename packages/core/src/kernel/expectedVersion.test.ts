import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ANY, matchesExpectedVersion, NO_STREAM, STREAM_EXISTS, type ExpectedVersion, type StreamVersion } from './expectedVersion.js'

const streamVersion: fc.Arbitrary<StreamVersion> = fc.oneof(fc.constant(NO_STREAM), fc.nat())

describe('matchesExpectedVersion', () => {
  const table: [StreamVersion, ExpectedVersion, boolean][] = [
    ['no-stream', 'no-stream', true],
    [0, 'no-stream', false],
    ['no-stream', 'stream-exists', false],
    [0, 'stream-exists', true],
    ['no-stream', 'any', true],
    [5, 'any', true],
    ['no-stream', 0, false],
    ['no-stream', -1, false],
    [0, 0, true],
    [3, 2, false],
    [3, 4, false],
  ]
  for (const [current, expected, matches] of table) {
    it(`a stream at ${current} ${matches ? 'satisfies' : 'does not satisfy'} ${expected}`, () => {
      expect(matchesExpectedVersion(current, expected)).toBe(matches)
    })
  }

  it('any matches every stream version', () => {
    fc.assert(fc.property(streamVersion, (current) => matchesExpectedVersion(current, ANY)))
  })

  it('a number matches exactly that version and nothing else', () => {
    fc.assert(fc.property(streamVersion, fc.nat(), (current, expected) => matchesExpectedVersion(current, expected) === (current === expected)))
  })

  it('no-stream and stream-exists are complements', () => {
    fc.assert(fc.property(streamVersion, (current) => matchesExpectedVersion(current, NO_STREAM) !== matchesExpectedVersion(current, STREAM_EXISTS)))
  })
})
