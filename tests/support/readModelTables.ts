// What the read-model suites share: the sample log they replay, a memory store holding it, and the tables of the case
// list and dashboard as comparable text.
import { memoryEventStore } from '@gridcase/adapters'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import type Database from 'better-sqlite3'
import { sampleDrafts } from './sampleLog.js'
import { withSortedKeys } from './sortedKeys.js'

/** A sample log of `cases` cases (grid work and risk grades included), one event every 4 hours. */
export const readModelLog = (cases: number, seed: number): RecordedEvent[] => sealLog(sampleDrafts({ cases, seed, spacingMinutes: 240, gridWork: true, riskGrades: true }))

/** The log written into a memory store (once: the store records when each event was written). */
export const storeOfLog = async (log: readonly RecordedEvent[]): Promise<EventStore> => {
  const store = memoryEventStore()
  for (const { streamId, type, schemaVersion, data, metadata } of log) await store.appendToStream(streamId, [{ type, schemaVersion, data, metadata }], { expectedVersion: 'any' })
  return store
}

/**
 * A column's value as the suites compare it: a JSON text as its value with sorted keys, anything else as it is (sums
 * too: the facts' values are whole milliseconds, so the same facts added in another order give the same sum).
 */
export const comparableValue = (v: unknown): unknown => (typeof v === 'string' && /^[[{]/.test(v) ? withSortedKeys(JSON.parse(v)) : v)

/**
 * Every row of every case-list and dashboard table, as sorted text (checkpoints left out). A kept `sum` is compared
 * exactly: the facts' values are whole milliseconds, so a batch adding them in another order writes the same sum (days
 * as fractions differed in the last bits, and rounding them to 9 digits still split the odd sum that fell on a rounding
 * boundary: CI's counterexample, 24 cases, seed -1621359405, pages of 2). JSON columns are compared as values, and a kept
 * count back at zero is left out: event by event, a row can be written and then brought back to 0, where a batch never
 * writes it; either reads as nothing.
 */
export const readModelTables = (db: Database.Database): Record<string, string[]> => {
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'dashboard%' OR name LIKE 'case_list%') ORDER BY name`).all()
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[])
        .filter((row) => !('n' in row) || row['n'] !== 0 || row['sum'] !== 0)
        .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, comparableValue(v)])))
        .sort(),
    ]),
  )
}
