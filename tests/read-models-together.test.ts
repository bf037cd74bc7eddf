// The server's three SQLite read models (case list, dashboard totals, attachment references) share one connection and
// are fed together: a pass of the runner is one transaction, not one per model (each BEGIN IMMEDIATE and commit takes
// its locks and writes its own WAL frames, the checkpoints' page among them: three of each per pass before). Property:
// whatever the pages, the tables are row for row the ones the models keep when each is fed on its own.
import { projectionRunner, sqliteAttachmentRefs, sqliteCaseList, sqliteDashboard, sqliteReadModelsTogether } from '@gridcase/adapters'
import { complaints, disputes, sqliteReadModels } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comparableValue, readModelLog as logOf, storeOfLog as storeOf } from './support/readModelTables.js'

/** Every row of every table, as sorted text (the checkpoints included); JSON columns as values, sums to 9 digits. */
const dump = (db: Database.Database): Record<string, string[]> =>
  Object.fromEntries(
    db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all()
      .map(({ name }) => [
        name,
        (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[])
          .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, comparableValue(v)])))
          .sort(),
      ]),
  )

const modelsIn = (db: Database.Database) => [sqliteCaseList(db, [complaints(), disputes()]), sqliteDashboard(db), sqliteAttachmentRefs(db)] as const

describe('read models fed together (sqliteReadModelsTogether)', () => {
  it('the server’s read models take one transaction per pass of the runner', async () => {
    const store = await storeOf(logOf(8, 3))
    const begun: string[] = []
    const db = new Database(':memory:', { verbose: (sql) => void (/^BEGIN/i.test(String(sql)) && begun.push(String(sql))) })
    const models = sqliteReadModels({ db, close: () => db.close() }, store, [complaints(), disputes()])
    try {
      begun.length = 0
      const at = await models.runner.catchUp()
      expect(at).toBe((await store.readAll({})).length - 1)
      // One page (the whole log), one transaction for the three models.
      expect(begun).toEqual(['BEGIN IMMEDIATE'])
      expect(await models.cases.checkpoint()).toBe(at)
      expect(await models.dashboard.checkpoint()).toBe(at)
      expect(await models.attachments?.checkpoint()).toBe(at)
    } finally {
      await models.close()
    }
  })

  it('pages of any size, fed together through the runner (each page written, or pages folded first), keep the same tables, row for row, as the models fed one by one', async () => {
    await fc.assert(
      // foldEvents 0: each page applied on its own; otherwise pages are folded by all the models and written together.
      fc.asyncProperty(fc.integer({ min: 1, max: 15 }), fc.integer(), fc.integer({ min: 1, max: 300 }), fc.constantFrom(0, 1, 50, 100_000), async (cases, seed, pageSize, foldEvents) => {
        const store = await storeOf(logOf(cases, seed))
        const log = await store.readAll({})
        const alone = new Database(':memory:')
        const together = new Database(':memory:')
        try {
          expect(await projectionRunner({ store, readModels: modelsIn(alone), pageSize, foldEvents: 0 }).catchUp()).toBe(log.length - 1)
          const at = await projectionRunner({ store, readModels: [sqliteReadModelsTogether(modelsIn(together))], pageSize, foldEvents }).catchUp()
          expect(at).toBe(log.length - 1)
          expect(dump(together)).toEqual(dump(alone))
        } finally {
          alone.close()
          together.close()
        }
      }),
      { numRuns: 10 },
    )
  })

  it('a model that fails leaves the models before it committed and itself and those after it as they were; applied again, as if it had not failed', async () => {
    const log = await (await storeOf(logOf(10, 7))).readAll({})
    const half = Math.floor(log.length / 2)
    // The same two pages, neither failing.
    const whole = new Database(':memory:')
    const unfailed = sqliteReadModelsTogether(modelsIn(whole))
    await unfailed.apply(log.slice(0, half))
    await unfailed.apply(log.slice(half))
    const db = new Database(':memory:')
    const [list, dashboard, attachments] = modelsIn(db)
    const fed = sqliteReadModelsTogether([list, dashboard, attachments])
    await fed.apply(log.slice(0, half))
    // The dashboard's first fact of the second half is refused, after the case list applied the page.
    const facts = (db.prepare('SELECT count(*) AS n FROM dashboard_facts').get() as { n: number }).n
    db.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON dashboard_facts WHEN (SELECT count(*) FROM dashboard_facts) >= ${facts} BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    await expect(fed.apply(log.slice(half))).rejects.toThrow('disk full')
    expect(db.inTransaction).toBe(false)
    expect(await list.checkpoint()).toBe(log.length - 1)
    expect(await dashboard.checkpoint()).toBe(half - 1)
    expect(await attachments.checkpoint()).toBe(half - 1)
    expect(await fed.checkpoint()).toBe(half - 1)
    db.exec('DROP TRIGGER fail_midway')
    expect(await fed.apply(log.slice(half))).toBe(log.length - 1)
    expect(dump(db)).toEqual(dump(whole))
    db.close()
    whole.close()
  })

  it('a dashboard page that fails after moving overdue counts, applied again, counts them once (what the failed page gathered is not carried over)', async () => {
    // A history (seed 5) whose second page rewrites the deadlines of a case already overdue at the first page's end.
    const log = await (await storeOf(logOf(30, 5))).readAll({})
    const half = 66
    const whole = new Database(':memory:')
    const unfailed = sqliteDashboard(whole)
    await unfailed.apply(log.slice(0, half))
    await unfailed.apply(log.slice(half))
    const db = new Database(':memory:')
    const dashboard = sqliteDashboard(db)
    await dashboard.apply(log.slice(0, half))
    // Refused when a case's running deadlines are written again: after their old rows left the overdue counts in memory.
    db.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON dashboard_deadlines BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    await expect(dashboard.apply(log.slice(half))).rejects.toThrow('disk full')
    db.exec('DROP TRIGGER fail_midway')
    await dashboard.apply(log.slice(half))
    expect(dump(db)['dashboard_overdue']).toEqual(dump(whole)['dashboard_overdue'])
    expect(dump(db)).toEqual(dump(whole))
    db.close()
    whole.close()
  })
})
