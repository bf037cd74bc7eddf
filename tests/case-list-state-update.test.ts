// The SQLite case list writes a case's row whole (an upsert naming every summary column, so SQLite rewrites the row's
// index entries) only when its summary columns or scope change; otherwise only its state, version and time (most events,
// such as a note, change neither). The reference is the whole-row upsert: a list built from one page, where every case is
// new, writes every row whole; pages applied one after another take the narrow update wherever a case was stored before.
import { memoryEventStore, sqliteCaseList } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { complaints, disputes } from '@gridcase/http'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'
import { withSortedKeys } from './support/sortedKeys.js'

const logOf = async (cases: number, seed: number): Promise<readonly RecordedEvent[]> => {
  const store = memoryEventStore()
  for (const { streamId, type, schemaVersion, data, metadata } of sealLog(sampleDrafts({ cases, seed, spacingMinutes: 240, gridWork: true, riskGrades: true }))) {
    await store.appendToStream(streamId, [{ type, schemaVersion, data, metadata }], { expectedVersion: 'any' })
  }
  return store.readAll({})
}

const kinds = () => [complaints(), disputes()]
const rows = (db: Database.Database) => ({
  cases: (db.prepare('SELECT * FROM case_list ORDER BY stream_id').all() as Record<string, unknown>[]).map((r) => ({ ...r, state: withSortedKeys(JSON.parse(String(r['state']))) })),
  residents: db.prepare('SELECT * FROM case_list_residents ORDER BY stream_id, resident_id').all(),
  keys: db.prepare('SELECT * FROM case_list_keys ORDER BY command_id').all(),
  checkpoint: db.prepare(`SELECT position FROM checkpoints WHERE name = 'case-list'`).get(),
})
// (better-sqlite3's verbose gives the statement with its values in, cut short: its start names it.)
const STATE_UPDATE = /^UPDATE case_list SET updated_time = /

describe('the SQLite case list, page after page', () => {
  it('keeps the rows the whole-row upsert keeps (one page: every case new, written whole), while writing most rows by state alone', async () => {
    let narrow = 0
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer(), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (cases, seed, sizes, freshPerPage) => {
        const log = await logOf(cases, seed)
        const reference = new Database(':memory:')
        await sqliteCaseList(reference, kinds()).apply(log)
        const paged = new Database(':memory:', { verbose: (sql) => void (STATE_UPDATE.test(String(sql)) && (narrow += 1)) })
        // One list across the pages (rows kept between passes), or a fresh one per page (rows read back from the table).
        const kept = sqliteCaseList(paged, kinds())
        for (let from = 0, i = 0; from < log.length; i += 1) {
          const end = from + (sizes[i % sizes.length] ?? 1)
          await (freshPerPage ? sqliteCaseList(paged, kinds()) : kept).apply(log.slice(from, end))
          from = end
        }
        expect(rows(paged)).toEqual(rows(reference))
        reference.close()
        paged.close()
      }),
      { numRuns: 30 },
    )
    // The narrow update was taken (the property held over it, not around it).
    expect(narrow).toBeGreaterThan(0)
  })
})
