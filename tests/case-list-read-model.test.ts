// The case list kept in SQLite (sqliteCaseList) against the rule it must follow: core's canRead on each
// case's scope, then the filters, newest first. The actor's scope is part of the SQL query; walking every
// keyset page must give exactly the cases the rule gives, in order.
import { memoryEventStore, projectionRunner, sqliteCaseList, type CaseListKind } from '@gridcase/adapters'
import { emptySchema, forbidden, type CaseType, type RecordedEvent } from '@gridcase/core'
import { canRead, ROLES, type Actor } from '@gridcase/core/access'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

interface Memo {
  readonly status: 'none' | 'open' | 'done'
  readonly jurisdiction?: string
  readonly ownerId?: string
  readonly residents?: readonly string[]
  readonly category?: string
  readonly deadline?: string
  readonly notes?: number
  /** Mediation cases name their mediators (maybe none yet) and the committee they were routed to. */
  readonly mediators?: readonly string[]
  readonly committee?: string
}

/** A small case type for this test: opened somewhere, for someone, moved between two states. */
const memoType: CaseType = {
  name: 'memo',
  streamPrefix: 'memo-',
  schema: emptySchema,
  create: { type: 'OpenMemo', data: t.unknown },
  commands: {},
  decider: {
    initialState: { status: 'none' } satisfies Memo,
    decide: () => E.left(forbidden('not used here')),
    evolve: (state, event) => {
      const s = state as Memo
      const d = event.data as Partial<Memo>
      return event.type === 'MemoOpened' ? { ...d, status: 'open' } : { ...s, ...d, notes: (s.notes ?? 0) + 1 }
    },
  },
  scope: (state) => {
    const s = state as Memo
    if (s.status === 'none' || s.jurisdiction === undefined) return undefined
    return {
      jurisdiction: s.jurisdiction,
      ...(s.ownerId === undefined ? {} : { ownerId: s.ownerId }),
      ...(s.residents === undefined ? {} : { residents: s.residents }),
      ...(s.mediators === undefined ? {} : { mediators: s.mediators }),
      ...(s.committee === undefined ? {} : { committee: s.committee }),
    }
  },
}
const memos: CaseListKind = {
  path: 'memos',
  caseType: memoType,
  summarize: (state) => {
    const s = state as Memo
    if (s.status === 'none' || s.jurisdiction === undefined) return undefined
    return { state: s.status, jurisdiction: s.jurisdiction, openDeadlines: s.deadline === undefined ? [] : [s.deadline], ...(s.category === undefined ? {} : { category: s.category }) }
  },
}

const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/saihan/a', 'hohhot/saihan/a/g1', 'hohhot/saihan/ab', 'hohhot/xincheng', 'baotou']
const PEOPLE = ['r1', 'r2', 'r3']
const NOW = Date.parse('2026-03-02T00:00:00Z')
const hours = (h: number) => new Date(NOW + h * 3_600_000).toISOString()

const memoOpened = fc.record(
  {
    jurisdiction: fc.constantFrom(...PLACES),
    ownerId: fc.constantFrom(...PEOPLE),
    residents: fc.uniqueArray(fc.constantFrom(...PEOPLE), { maxLength: 2 }),
    category: fc.constantFrom('parking', 'noise'),
    deadline: fc.integer({ min: -48, max: 48 }).map(hours),
    mediators: fc.uniqueArray(fc.constantFrom(...PEOPLE, 'x'), { maxLength: 2 }),
    committee: fc.constantFrom('medical', 'xx-community'),
  },
  { requiredKeys: ['jurisdiction'] },
)
const moves = fc.array(fc.record({ memo: fc.nat(), done: fc.boolean(), deadline: fc.option(fc.integer({ min: -48, max: 48 }).map(hours), { nil: undefined }) }), {
  maxLength: 30,
})
const actors: fc.Arbitrary<Actor> = fc.record({
  id: fc.constantFrom(...PEOPLE, 'x'),
  role: fc.constantFrom(...ROLES),
  jurisdiction: fc.constantFrom(...PLACES),
  committee: fc.option(fc.constantFrom('medical', 'xx-community'), { nil: undefined }),
}).map(({ committee, ...a }) => (committee === undefined ? a : { ...a, committee }))
const queries = fc.record(
  { state: fc.constantFrom('open', 'done'), category: fc.constantFrom('parking', 'noise'), jurisdiction: fc.constantFrom(...PLACES), overdue: fc.boolean() },
  { requiredKeys: [] },
)

const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'admin', jurisdiction: 'hohhot' }, occurredAt: hours(0) } as const

const logOf = async (opened: readonly Record<string, unknown>[], moved: readonly { memo: number; done: boolean; deadline?: string | undefined }[]) => {
  const store = memoryEventStore()
  const ids = opened.map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
  for (const [i, data] of opened.entries()) {
    await store.appendToStream(`memo-${ids[i]}`, [{ type: 'MemoOpened', schemaVersion: 1, data: { ...data, id: ids[i] }, metadata }], { expectedVersion: 'no-stream' })
  }
  for (const m of moved) {
    if (ids.length === 0) break
    const data = { status: m.done ? 'done' : 'open', ...(m.deadline === undefined ? {} : { deadline: m.deadline }) }
    await store.appendToStream(`memo-${ids[m.memo % ids.length]}`, [{ type: 'MemoMoved', schemaVersion: 1, data, metadata }], { expectedVersion: 'any' })
  }
  return { store, log: await store.readAll() }
}

/** The rule, case by case: the fold, canRead on its scope, the filters; newest first. */
const expected = (log: readonly RecordedEvent[], actor: Actor, q: { state?: string; category?: string; jurisdiction?: string; overdue?: boolean }): string[] => {
  const cases = new Map<string, { state: unknown; opened: number }>()
  for (const e of log) {
    const known = cases.get(e.streamId)
    cases.set(e.streamId, { state: memoType.decider.evolve(known?.state ?? memoType.decider.initialState, e), opened: known?.opened ?? e.position })
  }
  return [...cases.entries()]
    .filter(([, c]) => {
      const scope = memoType.scope(c.state)
      const s = memos.summarize(c.state)
      if (scope === undefined || s === undefined || !canRead(actor, scope)) return false
      if (q.state !== undefined && s.state !== q.state) return false
      if (q.category !== undefined && s.category !== q.category) return false
      if (q.jurisdiction !== undefined && !(s.jurisdiction === q.jurisdiction || s.jurisdiction.startsWith(`${q.jurisdiction}/`))) return false
      const overdue = s.openDeadlines.some((d) => Date.parse(d) < NOW)
      return q.overdue === undefined || overdue === q.overdue
    })
    .sort(([, a], [, b]) => b.opened - a.opened)
    .map(([streamId]) => streamId)
}

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
      { numRuns: 150 },
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
