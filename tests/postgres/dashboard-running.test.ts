// The dashboard's running deadlines of given cases (what the case list's 临期 flag reads), PostgreSQL against SQLite and
// against the hand-written log's deadlines.
import { postgresDashboard, sqliteDashboard } from '@gridcase/adapters'
import { expect, it } from 'vitest'
import { IMPORTED_ID, REMINDED_ID, updatedLog } from '../support/caseListUpdatedChecks.js'
import { describePostgres, pgHomeForBlock } from './database.js'

describePostgres('the PostgreSQL dashboard’s running deadlines of given cases', () => {
  const block = pgHomeForBlock(4)

  it('gives each case’s kind, from and deadline, as the SQLite dashboard does', async () => {
    const log = updatedLog()
    const model = postgresDashboard(block.home)
    const twin = sqliteDashboard(':memory:')
    await model.apply(log)
    await twin.apply(log)
    const streams = [`dispute-${REMINDED_ID}`, `dispute-${IMPORTED_ID}`, 'dispute-00000000-0000-4000-8000-000000000000']
    const running = await model.running(streams)
    // Accepted 04-01 10:00 China time, due 05-06 24:00; the imported one accepted 03-03 10:00, due 04-02 24:00.
    expect(Object.fromEntries(running)).toEqual({
      [`dispute-${REMINDED_ID}`]: [{ kind: 'mediation', from: Date.parse('2026-04-01T10:00:00+08:00'), deadline: Date.parse('2026-05-06T23:59:59+08:00') }],
      [`dispute-${IMPORTED_ID}`]: [{ kind: 'mediation', from: Date.parse('2026-03-03T10:00:00+08:00'), deadline: Date.parse('2026-04-02T23:59:59+08:00') }],
    })
    expect(Object.fromEntries(await twin.running(streams))).toEqual(Object.fromEntries(running))
    expect((await model.running([])).size).toBe(0)
    await model.close()
    await twin.close()
  })
})
