// The SQLite read models (case list and dashboard totals) fold a batch of events in memory and write each changed row
// once at its end. Property: whatever the batches, the files hold the same read models as when every event is its own
// transaction (the order of work and the number of writes differ, what is kept does not). And a page that fails
// midway leaves every table and the checkpoint as the page before left them (one transaction per page).
import { projectionRunner, sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readModelLog as logOf, readModelTables as dump, storeOfLog as storeOf } from './support/readModelTables.js'

/**
 * Rebuilds both read models into a fresh database through the projection runner, `pageSize` events per read; each page its
 * own transaction unless `foldEvents` is given (then pages are folded and written every `foldEvents` events).
 */
const rebuild = async (store: EventStore, pageSize: number, foldEvents = 0): Promise<Record<string, string[]>> => {
  const db = new Database(':memory:')
  const list = sqliteCaseList(db, [complaints(), disputes()])
  const dashboard = sqliteDashboard(db)
  try {
    const at = await projectionRunner({ store, readModels: [list, dashboard], pageSize, foldEvents }).catchUp()
    expect(at).toBe((await store.readAll({})).length - 1)
    return dump(db)
  } finally {
    db.close()
  }
}

/** Both read models in one fresh in-memory database. */
const modelsIn = (db: Database.Database) => [sqliteCaseList(db, [complaints(), disputes()]), sqliteDashboard(db)] as const

/** Cuts `log` into pages of the given sizes (cycled), each page starting `back` events before the last one ended. */
const pagesOf = (log: readonly RecordedEvent[], sizes: readonly number[], backs: readonly number[]): RecordedEvent[][] => {
  const pages: RecordedEvent[][] = []
  for (let from = 0, i = 0; from < log.length; i += 1) {
    const start = Math.max(0, from - (backs[i % backs.length] ?? 0))
    const end = from + (sizes[i % sizes.length] ?? 1)
    pages.push(log.slice(start, end))
    from = end
  }
  return pages
}

describe('batched read-model updates', () => {
  it('pages of random sizes, some overlapping the page before, keep the same tables as one event per transaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 4 }),
        async (cases, seed, sizes, backs) => {
          const log = await (await storeOf(logOf(cases, seed))).readAll({})
          const applied = async (pages: readonly (readonly RecordedEvent[])[]): Promise<Record<string, string[]>> => {
            const db = new Database(':memory:')
            try {
              for (const model of modelsIn(db)) for (const page of pages) await model.apply(page)
              return dump(db)
            } finally {
              db.close()
            }
          }
          const oneByOne = await applied(log.map((e) => [e]))
          expect(oneByOne['case_list']?.length).toBe(cases)
          expect(await applied(pagesOf(log, sizes, backs))).toEqual(oneByOne)
        },
      ),
      { numRuns: 10 },
    )
  })

  it('a page that fails midway leaves every table and the checkpoint as the page before left them; applied again, it gives the whole', async () => {
    const log = await (await storeOf(logOf(12, 5))).readAll({})
    const half = Math.floor(log.length / 2)
    const whole = new Database(':memory:')
    for (const model of modelsIn(whole)) await model.apply(log)
    const db = new Database(':memory:')
    const [list, dashboard] = modelsIn(db)
    for (const model of [list, dashboard]) await model.apply(log.slice(0, half))
    const before = dump(db)
    // A real failure in the middle of the dashboard's page: SQLite refuses its first period row, after the page's cases,
    // facts and totals were written in the same transaction.
    const facts = (db.prepare('SELECT count(*) AS n FROM dashboard_facts').get() as { n: number }).n
    db.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON dashboard_periods WHEN (SELECT count(*) FROM dashboard_facts) > ${facts} BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    await expect(dashboard.apply(log.slice(half))).rejects.toThrow('disk full')
    expect(await dashboard.checkpoint()).toBe(half - 1)
    expect(dump(db)).toEqual(before)
    db.exec('DROP TRIGGER fail_midway')
    await dashboard.apply(log.slice(half))
    await list.apply(log.slice(half))
    expect(dump(db)).toEqual(dump(whole))
    db.close()
    whole.close()
  })

  it('a batched rebuild writes the same read models as an event-by-event one, over generated histories', async () => {
    // The late rounds' kept counts (dashboard_late, per month and day of the deadline) among them: some history has some.
    let late = 0
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.integer(), fc.integer({ min: 2, max: 400 }), async (cases, seed, pageSize) => {
        const store = await storeOf(logOf(cases, seed))
        const oneByOne = await rebuild(store, 1)
        expect(oneByOne['dashboard_periods']?.length).toBeGreaterThan(0)
        late += oneByOne['dashboard_late']?.length ?? 0
        expect(await rebuild(store, pageSize)).toEqual(oneByOne)
        expect(await rebuild(store, 100_000)).toEqual(oneByOne)
      }),
      { numRuns: 12 },
    )
    expect(late).toBeGreaterThan(0)
  })

  it('a catch-up folding pages before each write (any page and fold size) keeps the tables of one event per transaction, across a restart', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (cases, seed, pageSize, foldEvents, share) => {
          const log = logOf(cases, seed)
          // The first part of the log caught up, the runner and its models dropped (a restart), the rest appended, then a
          // new runner with new models on the same file catches up from the checkpoints.
          const cut = Math.floor(share * log.length)
          const store = await storeOf(log.slice(0, cut))
          const db = new Database(':memory:')
          try {
            const first = modelsIn(db)
            expect(await projectionRunner({ store, readModels: first, pageSize, foldEvents }).catchUp()).toBe(cut - 1)
            for (const { streamId, type, schemaVersion, data, metadata } of log.slice(cut)) {
              await store.appendToStream(streamId, [{ type, schemaVersion, data, metadata }], { expectedVersion: 'any' })
            }
            const runner = projectionRunner({ store, readModels: modelsIn(db), pageSize, foldEvents })
            expect(await runner.catchUp()).toBe(log.length - 1)
            expect(runner.applied()).toBe(log.length - cut)
            // (The reference from the same store: it records when each event was written.)
            expect(dump(db)).toEqual(await rebuild(store, 1))
          } finally {
            db.close()
          }
        },
      ),
      { numRuns: 12 },
    )
  })

  it('a model’s fold is not written when another writer moved the checkpoint meanwhile (fold and flush called directly): folded again from the new checkpoint, nothing is applied twice', async () => {
    const log = await (await storeOf(logOf(10, 3))).readAll({})
    const half = Math.floor(log.length / 2)
    const whole = new Database(':memory:')
    for (const model of modelsIn(whole)) await model.apply(log)
    const db = new Database(':memory:')
    const mine = modelsIn(db)
    // Another writer of the same models (another server on the file) applies the first half while mine are folding it.
    const theirs = modelsIn(db)
    for (const model of mine) model.fold(log.slice(0, half))
    for (const model of theirs) await model.apply(log.slice(0, half))
    const theirsOnly = dump(db)
    for (const model of mine) expect(await model.flush()).toBe(half - 1)
    expect(dump(db)).toEqual(theirsOnly)
    // Folded again from the checkpoint, the rest is written once.
    for (const model of mine) {
      model.fold(log.slice(0, half + 3))
      model.fold(log.slice(half + 3))
      expect(await model.flush()).toBe(log.length - 1)
    }
    expect(dump(db)).toEqual(dump(whole))
    db.close()
    whole.close()
  })

  it('rows a model keeps decoded after a pass are not trusted once another connection wrote: three passes, the middle one by another connection, keep the tables of one event per transaction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 15 }), fc.integer(), fc.double({ min: 0.2, max: 0.5, noNaN: true }), fc.double({ min: 0.1, max: 0.4, noNaN: true }), async (cases, seed, a, b) => {
        const log = await (await storeOf(logOf(cases, seed))).readAll({})
        // A middle part of a tenth of the log at least, so that it moves cases the first part kept.
        const [first, second] = [Math.floor(a * log.length), Math.floor((a + b) * log.length)]
        const whole = new Database(':memory:')
        for (const model of modelsIn(whole)) for (const e of log) await model.apply([e])
        const dir = mkdtempSync(join(tmpdir(), 'gridcase-kept-'))
        const mine = new Database(join(dir, 'read-models.sqlite'))
        const theirs = new Database(join(dir, 'read-models.sqlite'))
        try {
          mine.pragma('journal_mode = WAL')
          const [myList, myDashboard] = modelsIn(mine)
          const [theirList, theirDashboard] = modelsIn(theirs)
          // Mine apply the first part (and keep its cases decoded), theirs the middle, mine the rest: what mine kept of a
          // case the middle moved is stale, and must be read again.
          for (const model of [myList, myDashboard]) await model.apply(log.slice(0, first))
          for (const model of [theirList, theirDashboard]) await model.apply(log.slice(first, second))
          for (const model of [myList, myDashboard]) await model.apply(log.slice(second))
          expect(dump(mine)).toEqual(dump(whole))
        } finally {
          mine.close()
          theirs.close()
          whole.close()
          rmSync(dir, { recursive: true, force: true })
        }
      }),
      { numRuns: 10 },
    )
  })
})
