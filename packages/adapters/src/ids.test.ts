import { version } from 'uuid'
import { describe, expect, it } from 'vitest'
import { isUuid, newId } from './ids.js'

describe('newId', () => {
  it('gives random version-4 uuids in lower case, each different', () => {
    const ids = Array.from({ length: 1_000 }, () => newId())
    for (const id of ids) {
      expect(isUuid(id)).toBe(true)
      expect(version(id)).toBe(4)
      expect(id).toBe(id.toLowerCase())
    }
    expect(new Set(ids).size).toBe(ids.length)
  })
})
