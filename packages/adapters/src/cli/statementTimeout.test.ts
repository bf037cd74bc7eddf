import { describe, expect, it } from 'vitest'
import { statementTimeoutFor } from './statementTimeout.js'

describe('DATABASE_STATEMENT_TIMEOUT_MS for the commands', () => {
  it('a quick command is bounded by default as the server (30 s), a batch one is not; 0 is no bound for either', () => {
    expect([statementTimeoutFor('quick', undefined), statementTimeoutFor('batch', undefined), statementTimeoutFor('quick', '')]).toEqual([{ ms: 30_000 }, { ms: undefined }, { ms: 30_000 }])
    expect([statementTimeoutFor('quick', '0'), statementTimeoutFor('batch', '0')]).toEqual([{ ms: undefined }, { ms: undefined }])
    expect([statementTimeoutFor('quick', '500'), statementTimeoutFor('batch', '86400000')]).toEqual([{ ms: 500 }, { ms: 86_400_000 }])
  })
  it('a bad value is refused, naming the variable', () => {
    for (const bad of ['abc', '-1', '1.5', '86400001', '30s']) {
      expect(statementTimeoutFor('batch', bad), bad).toEqual({ problem: expect.stringContaining('DATABASE_STATEMENT_TIMEOUT_MS') })
    }
  })
})
