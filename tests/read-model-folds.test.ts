// A catch-up folds pages in memory before writing them (`ReadModel.fold`/`flush`, the runner's `foldEvents`). Here, what
// the fold must not do: take the write lock when there is nothing to write (a refresh on every case-list read), lose or
// repeat events when another runner on the same file writes meanwhile, or keep folded case state after a failure.
import { projectionRunner, sqliteAttachmentRefs, sqliteCaseList, sqliteDashboard, sqliteReadModelFile, sqliteReadModelsTogether } from '@gridcase/adapters'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readModelLog as logOf, readModelTables as dump, storeOfLog as storeOf } from './support/readModelTables.js'

const modelsIn = (db: Database.Database) => [sqliteCaseList(db, [complaints(), disputes()]), sqliteDashboard(db)] as const

const dirs: string[] = []
const fileIn = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'read-model-folds-'))
  dirs.push(dir)
  return join(dir, 'read-models.sqlite')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('a catch-up folding pages before it writes', () => {
  it('a refresh with nothing new takes no write lock: it answers while another connection holds one', async () => {
    const store = await storeOf(logOf(5, 1))
    const path = fileIn()
    // A short busy timeout: waiting for the lock would end in "database is locked", not in a slow answer.
    const file = sqliteReadModelFile(path, { busyTimeoutMs: 50 })
    const [list, dashboard] = modelsIn(file.db)
    const together = projectionRunner({ store, readModels: [sqliteReadModelsTogether([list, dashboard, sqliteAttachmentRefs(file.db)])] })
    const alone = projectionRunner({ store, readModels: [list, dashboard] })
    const at = await together.catchUp()
    expect(at).toBe((await store.readAll({})).length - 1)
    // Another server on the file (or `gridcase processes`) holds the write lock.
    const other = new Database(path)
    try {
      other.exec('BEGIN IMMEDIATE')
      expect(await together.refresh()).toBe(true)
      expect(await alone.refresh()).toBe(true)
      // And a flush with nothing folded, called directly, writes nothing either.
      expect(await list.flush()).toBe(at)
      expect(await dashboard.flush()).toBe(at)
    } finally {
      other.exec('ROLLBACK')
      other.close()
      file.close()
    }
  })

  it('a fold dropped because another runner on the file wrote meanwhile is read again from the checkpoint: nothing lost, nothing twice', async () => {
    const log = logOf(12, 5)
    const store = await storeOf(log)
    const path = fileIn()
    const mine = new Database(path)
    mine.pragma('journal_mode = WAL')
    const theirs = new Database(path)
    const half = Math.floor(log.length / 2)
    // Between my fold's first and second page reads, another runner (another server) applies the first half of the log,
    // page by page: my fold (opened at checkpoint -1) is dropped at its flush, and the runner must read again from `half`.
    let reads = 0
    const firstHalf: EventStore = { ...store, readAll: async (q) => (await store.readAll(q)).filter((e) => e.position < half) }
    const meanwhile: EventStore = {
      ...store,
      readAll: async (q) => {
        reads += 1
        if (reads === 2) await projectionRunner({ store: firstHalf, readModels: modelsIn(theirs), pageSize: 7, foldEvents: 0 }).catchUp()
        return store.readAll(q)
      },
    }
    const runner = projectionRunner({ store: meanwhile, readModels: modelsIn(mine), pageSize: 10, foldEvents: 10_000 })
    expect(await runner.catchUp()).toBe(log.length - 1)
    const reference = new Database(':memory:')
    await projectionRunner({ store, readModels: modelsIn(reference), pageSize: 1, foldEvents: 0 }).catchUp()
    expect(dump(mine)).toEqual(dump(reference))
    mine.close()
    theirs.close()
    reference.close()
  })

  it('when another runner got ahead during the fold, the catch-up goes on after where it is, without reading again what every model holds', async () => {
    const log = logOf(12, 6)
    const store = await storeOf(log)
    const path = fileIn()
    const mine = new Database(path)
    mine.pragma('journal_mode = WAL')
    const theirs = new Database(path)
    const from: number[] = []
    const meanwhile: EventStore = {
      ...store,
      readAll: async (q) => {
        from.push(q?.fromPosition ?? 0)
        // Another runner catches up the whole log while my fold is between its two pages.
        if (from.length === 2) await projectionRunner({ store, readModels: modelsIn(theirs), pageSize: 9, foldEvents: 0 }).catchUp()
        return store.readAll(q)
      },
    }
    const runner = projectionRunner({ store: meanwhile, readModels: modelsIn(mine), pageSize: 10, foldEvents: 20 })
    expect(await runner.catchUp()).toBe(log.length - 1)
    // The fold of 0–19 was dropped; the next read starts after the end of the log, where the models are.
    expect(from).toEqual([0, 10, log.length])
    const reference = new Database(':memory:')
    await projectionRunner({ store, readModels: modelsIn(reference), pageSize: 1, foldEvents: 0 }).catchUp()
    expect(dump(mine)).toEqual(dump(reference))
    mine.close()
    theirs.close()
    reference.close()
  })

  it('when one model’s fold throws, no model keeps its fold (folded case state is released) and the next catch-up starts from the checkpoints', async () => {
    const log = logOf(6, 2)
    const store = await storeOf(log)
    for (const together of [false, true]) {
      const db = new Database(':memory:')
      const [list, dashboard] = modelsIn(db)
      const refs = sqliteAttachmentRefs(db)
      let failing = true
      // The dashboard fails on the second page (the list folded the first two, the references the first).
      let pages = 0
      const broken = {
        ...dashboard,
        fold: (events: readonly RecordedEvent[]) => {
          pages += 1
          if (failing && pages === 2) throw new Error('fold failed')
          dashboard.fold(events)
        },
      }
      const models = [list, broken, refs]
      const runner = projectionRunner({ store, readModels: together ? [sqliteReadModelsTogether(models)] : models, pageSize: 5, foldEvents: 1000 })
      await expect(runner.catchUp()).rejects.toThrow('fold failed')
      for (const m of [list, dashboard, refs]) expect(m.folding()).toBe(false)
      // Nothing was written, and flushing now writes nothing: no fold was left behind to be written later.
      expect(await list.flush()).toBe(-1)
      expect(await refs.flush()).toBe(-1)
      failing = false
      expect(await runner.catchUp()).toBe(log.length - 1)
      const reference = new Database(':memory:')
      await projectionRunner({ store, readModels: modelsIn(reference), pageSize: 1, foldEvents: 0 }).catchUp()
      expect(dump(db)).toEqual(dump(reference))
      reference.close()
      db.close()
    }
  })

  it('a rebuild reports its progress at each page folded, not only at each write (a log shorter than one fold moves the bar too)', async () => {
    const log = logOf(4, 7)
    const store = await storeOf(log)
    const db = new Database(':memory:')
    const progress: string[] = []
    const runner = projectionRunner({ store, readModels: modelsIn(db), pageSize: 10, foldEvents: 100_000 })
    expect(await runner.rebuild((p) => progress.push(`${p.applied}+${p.folded ?? 0}`))).toBe(log.length - 1)
    // Each full page folded (nothing written yet), the last short page folded, then the one write of the whole fold.
    const pages = Math.ceil(log.length / 10)
    expect(progress).toEqual([...Array.from({ length: pages }, (_, i) => `0+${Math.min(10 * (i + 1), log.length)}`), `${log.length}+0`])
    db.close()
  })
})
