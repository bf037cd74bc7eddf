// docs/import.md: "importLines / importLine take any EventStore, so an integrator can import into PostgreSQL the same
// way". Into the server's sealed PostgreSQL store: a bad line writes nothing, the good ones are sealed (no phone or name
// in clear in the events table), a second run writes nothing, and each event names the import.
import { importedCaseId, importLines, manualClock, sealedPostgresStore, type SealedPostgresStore } from '@gridcase/adapters'
import { complaintCase } from '@gridcase/core/complaint'
import { disputeCase } from '@gridcase/core/dispute'
import type { CaseType } from '@gridcase/core'
import pg from 'pg'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { complaintLine, disputeLine } from '../support/importCases.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines
}

describePostgres('importLines into PostgreSQL (sealed, as the server writes)', () => {
  let schema: string
  let store: SealedPostgresStore | undefined
  beforeEach(() => {
    schema = freshSchemaName()
  })
  afterEach(async () => {
    await store?.close()
    await dropSchema(postgresUrl(), schema)
  })

  it('imports the good lines, nothing of a bad one, sealed; again, nothing twice', async () => {
    store = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 3, clock: manualClock('2026-06-01T00:00:00Z') })
    const options = {
      store,
      read: store,
      caseTypes: { complaint: complaintCase() as unknown as CaseType, dispute: disputeCase() as unknown as CaseType },
      now: () => '2026-06-01T00:00:00Z',
      origin: { file: 'ledger.ndjson', sha256: 'a'.repeat(64), by: 'it-officer' },
    }
    const good = complaintLine(1)
    // Dispatched, then a result: fine; the bad line submits a result on a case never dispatched (its create and accept valid).
    const second = complaintLine(2).steps as unknown[]
    const bad = { ...complaintLine(2), steps: [second[0], second[1], second[4]] }
    const lines = [JSON.stringify(good), JSON.stringify(bad), JSON.stringify(disputeLine(5))]
    const once = await importLines(linesOf(lines), options)
    expect(once).toMatchObject({ lines: 3, imported: 2, alreadyImported: 0, failed: 1, events: 11 })
    expect(once.errors).toEqual([{ line: 2, path: 'steps[2].command', reason: expect.stringMatching(/^invalid-transition: /) }])
    const client = new pg.Client({ connectionString: postgresUrl() })
    await client.connect()
    try {
      const rows = async () => (await client.query<{ stream_id: string; data: unknown; metadata: { correlationId: string } }>(`SELECT stream_id, data, metadata FROM ${pg.escapeIdentifier(schema)}.events ORDER BY position`)).rows
      const before = await rows()
      expect(before).toHaveLength(11)
      expect(new Set(before.map((r) => r.stream_id))).toEqual(new Set([`complaint-${importedCaseId('complaint', String(good.id), 'hohhot-12345')}`, `dispute-${importedCaseId('dispute', 'TJ-2026-000005', 'hohhot-mediation')}`]))
      const text = JSON.stringify(before)
      for (const personal of ['13912345678', '李四', '13800138000', '王芳', '李强']) expect(text).not.toContain(personal)
      expect(before[0]?.metadata.correlationId).toBe(`import:hohhot-12345:complaint:${String(good.id)} file=ledger.ndjson sha256=${'a'.repeat(64)} line=1 by=it-officer`)
      const again = await importLines(linesOf(lines), options)
      expect(again).toMatchObject({ imported: 0, alreadyImported: 2, failed: 1, events: 0 })
      expect(await rows()).toEqual(before)
      // Read back opened, as the server reads: the complainant is there for the handling roles.
      const opened = await store.readStream(`complaint-${importedCaseId('complaint', String(good.id), 'hohhot-12345')}`)
      expect(opened[0]?.data).toMatchObject({ complainant: { name: '李四', phone: '13912345678' } })
    } finally {
      await client.end()
    }
  })
})
