// The SQLite read models (case list and dashboard totals) fold a batch of events in memory and write each changed row
// once at its end. Property: whatever the batches, the files hold the same read models as when every event is its own
// transaction (the order of work and the number of writes differ, what is kept does not).
import { projectionRunner, memoryEventStore, sqliteCaseList, sqliteDashboard } from '@gridcase/adapters'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'

const logOf = (cases: number, seed: number): RecordedEvent[] => sealLog(sampleDrafts({ cases, seed, spacingMinutes: 240, gridWork: true, riskGrades: true }))

/** JSON with keys sorted: a state folded from its stored JSON and one folded in memory name the same keys in another order. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]))
      : value

/**
 * Every row of every read-model table, as sorted text. Sums are rounded to 9 significant digits (a batch adds the same
 * numbers in another order), JSON columns compared as values, and a kept count back at zero is left out: event by event, a row can be written and then
 * brought back to 0, where a batch never writes it; either reads as nothing.
 */
const dump = (db: Database.Database): Record<string, string[]> => {
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'dashboard%' OR name LIKE 'case_list%') ORDER BY name`).all()
  const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : typeof v === 'string' && /^[[{]/.test(v) ? canonical(JSON.parse(v)) : v)
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[])
        .filter((row) => !('n' in row) || row['n'] !== 0 || Math.abs(Number(row['sum'] ?? 0)) > 1e-9)
        .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, k === 'sum' && Math.abs(Number(v)) < 1e-9 ? 0 : round(v)])))
        .sort(),
    ]),
  )
}

/** The log written into a store (once: the store records when each event was written). */
const storeOf = async (log: readonly RecordedEvent[]): Promise<EventStore> => {
  const store = memoryEventStore()
  for (const event of log) {
    const { streamId, type, schemaVersion, data, metadata } = event
    await store.appendToStream(streamId, [{ type, schemaVersion, data, metadata }], { expectedVersion: 'any' })
  }
  return store
}

/** Rebuilds both read models into a fresh database through the projection runner, `pageSize` events per transaction. */
const rebuild = async (store: EventStore, pageSize: number): Promise<Record<string, string[]>> => {
  const db = new Database(':memory:')
  const list = sqliteCaseList(db, [complaints(), disputes()])
  const dashboard = sqliteDashboard(db)
  try {
    const at = await projectionRunner({ store, readModels: [list, dashboard], pageSize }).catchUp()
    expect(at).toBe((await store.readAll({})).length - 1)
    return dump(db)
  } finally {
    db.close()
  }
}

describe('batched read-model updates', () => {
  it('a batched rebuild writes the same read models as an event-by-event one, over generated histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.integer(), fc.integer({ min: 2, max: 400 }), async (cases, seed, pageSize) => {
        const store = await storeOf(logOf(cases, seed))
        const oneByOne = await rebuild(store, 1)
        expect(oneByOne['dashboard_periods']?.length).toBeGreaterThan(0)
        expect(await rebuild(store, pageSize)).toEqual(oneByOne)
        expect(await rebuild(store, 100_000)).toEqual(oneByOne)
      }),
      { numRuns: 12 },
    )
  })
})
