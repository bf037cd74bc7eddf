// The case list kept in SQLite (sqliteCaseList) against the rule it must follow: core's canRead on each
// case's scope, then the filters, newest first. The actor's scope is part of the SQL query; walking every
// keyset page must give exactly the cases the rule gives, in order.
import { memoryEventStore, projectionRunner, sqliteCaseList } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { actors, clerkExamples, expected, logOf, memoOpened, memos, metadata, moves, NOW, PLACES, queries, type Memo } from './support/memoCases.js'

describe('the case list read model (SQLite)', () => {
  it('every page walked with its cursor gives exactly the cases the actor may read that match, newest first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(memoOpened, { maxLength: 25 }), moves, actors, queries, fc.integer({ min: 1, max: 7 }), async (opened, moved, actor, q, limit) => {
        const { log } = await logOf(opened, moved)
        const model = sqliteCaseList(':memory:', [memos])
        try {
          await model.apply(log)
          const seen: string[] = []
          let before: number | undefined
          for (let pages = 0; pages < 100; pages += 1) {
            const page = await model.list({ kind: 'memos', actor, now: NOW, limit, ...q, ...(before === undefined ? {} : { before }) })
            expect(page.items.length).toBeLessThanOrEqual(limit)
            seen.push(...page.items.map((i) => i.streamId))
            const last = page.items.at(-1)
            if (!page.more || last === undefined) break
            before = last.openedAt
          }
          expect(seen).toEqual(expected(log, actor, q))
        } finally {
          await model.close()
        }
      }),
      { numRuns: 150, examples: clerkExamples },
    )
  })

  it('two runners on one read-model file apply each event once (the checkpoint is read and moved in the same transaction)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-caselist-'))
    try {
      const { store, log } = await logOf(
        Array.from({ length: 20 }, (_, i) => ({ jurisdiction: PLACES[i % PLACES.length] })),
        Array.from({ length: 60 }, (_, i) => ({ memo: i * 7, done: i % 2 === 0 })),
      )
      const file = join(dir, 'read-models.sqlite')
      const [a, b] = [sqliteCaseList(file, [memos]), sqliteCaseList(file, [memos])]
      const runners = [a, b].map((model) => projectionRunner({ store, readModels: [model], pageSize: 7 }))
      await Promise.all(runners.map((r) => r.catchUp()))
      const all = await a.list({ kind: 'memos', actor: { id: 'op', role: 'admin', jurisdiction: 'hohhot' }, now: NOW, limit: 100 })
      const reference = sqliteCaseList(':memory:', [memos])
      await reference.apply(log)
      const once = await reference.list({ kind: 'memos', actor: { id: 'op', role: 'admin', jurisdiction: 'hohhot' }, now: NOW, limit: 100 })
      // Each memo's version and note count are those of one pass: an event applied twice would count twice.
      expect(all.items.map((i) => [i.streamId, i.version, (i.state as Memo).notes ?? 0])).toEqual(once.items.map((i) => [i.streamId, i.version, (i.state as Memo).notes ?? 0]))
      expect(await a.checkpoint()).toBe(log.length - 1)
      for (const model of [a, b, reference]) await model.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a read-model file of another format', () => {
  it('is dropped and rebuilt from position 0, not misread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-format-'))
    try {
      const { log } = await logOf([{ jurisdiction: 'hohhot' }], [])
      const file = join(dir, 'read-models.sqlite')
      const first = sqliteCaseList(file, [memos])
      await first.apply(log)
      expect(await first.checkpoint()).toBe(0)
      await first.close()
      const db = new Database(file)
      db.prepare("UPDATE read_model_formats SET format = 'gridcase-case-list/0' WHERE name = 'case-list'").run()
      db.close()
      const again = sqliteCaseList(file, [memos])
      expect(await again.checkpoint()).toBe(-1)
      expect((await again.list({ kind: 'memos', actor: { id: 'op', role: 'admin', jurisdiction: 'hohhot' }, now: NOW, limit: 10 })).items).toEqual([])
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the projection runner and its checkpoint', () => {
  it('refresh brings a read model to the end of the log without the live feed; waitFor gives up after its bound', async () => {
    const store = memoryEventStore()
    const model = sqliteCaseList(':memory:', [memos])
    const runner = projectionRunner({ store, readModels: [model] })
    await store.appendToStream('memo-1', [{ type: 'MemoOpened', schemaVersion: 1, data: { jurisdiction: 'hohhot', id: '1' }, metadata }], { expectedVersion: 'no-stream' })
    // Not started: nothing follows the log, so only a refresh or a catch-up moves the checkpoint.
    expect(await runner.waitFor(0, 50)).toBe(false)
    expect(await runner.refresh(1000)).toBe(true)
    expect(runner.position()).toBe(0)
    expect(await model.checkpoint()).toBe(0)
    expect(await runner.waitFor(0, 50)).toBe(true)
    await model.close()
  })
})
