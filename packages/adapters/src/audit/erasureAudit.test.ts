import { describe, expect, it } from 'vitest'
import { opensWith } from './erasureAudit.js'

describe('opensWith: what a kept key is tried by', () => {
  it('a value that opens is true; a value the key does not open (the cipher throws) is false', () => {
    expect(opensWith(() => 'plain')('complaint-1#complainant', 'x')).toBe(true)
    expect(
      opensWith(() => {
        throw new Error('Unsupported state or unable to authenticate data')
      })('complaint-1#complainant', 'x'),
    ).toBe(false)
  })

  it('a key destroyed since the rows were read (open gives undefined) is no trial, not key-wrong (found in review: a false alarm when an erasure landed between the two reads)', () => {
    expect(opensWith(() => undefined)('complaint-1#complainant', 'x')).toBe(true)
  })
})
