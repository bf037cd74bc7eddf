// What the SQLite case list tests compare: the sample log sealed into a memory store and read back, the case kinds the
// server lists, and every row the list keeps (a case's state with its keys sorted: the key order of a JSON text is not
// part of what a row holds).
import { memoryEventStore } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { complaints, disputes } from '@gridcase/http'
import type Database from 'better-sqlite3'
import { sampleDrafts } from './sampleLog.js'
import { withSortedKeys } from './sortedKeys.js'

/** The sample log of `cases` cases (seed `seed`, with grid work and risk grades), as a store records it. */
export const sampleCaseLog = async (cases: number, seed: number): Promise<readonly RecordedEvent[]> => {
  const store = memoryEventStore()
  for (const { streamId, type, schemaVersion, data, metadata } of sealLog(sampleDrafts({ cases, seed, spacingMinutes: 240, gridWork: true, riskGrades: true }))) {
    await store.appendToStream(streamId, [{ type, schemaVersion, data, metadata }], { expectedVersion: 'any' })
  }
  return store.readAll({})
}

export const caseKinds = () => [complaints(), disputes()]

/** Every row of the case list's tables in `db`, and its checkpoint. */
export const caseListRows = (db: Database.Database) => ({
  cases: (db.prepare('SELECT * FROM case_list ORDER BY stream_id').all() as Record<string, unknown>[]).map((r) => ({ ...r, state: withSortedKeys(JSON.parse(String(r['state']))) })),
  residents: db.prepare('SELECT * FROM case_list_residents ORDER BY stream_id, resident_id').all(),
  keys: db.prepare('SELECT * FROM case_list_keys ORDER BY command_id').all(),
  checkpoint: db.prepare(`SELECT position FROM checkpoints WHERE name = 'case-list'`).get(),
})
