// Runs the integrator example on a real SQLite file, twice, and checks what it reports against the file itself.
import { sqliteEventStore, verifyStore } from '@gridcase/adapters'
import { streamIdOf } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from './main.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-integrator-'))
const dbPath = join(dir, 'log.sqlite')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('examples/integrator', () => {
  it('takes a complaint from registration to evaluation and shows it on the dashboard', async () => {
    const lines: string[] = []
    const first = await main({ dbPath, print: (l) => lines.push(l) })
    expect(first.state.status).toBe('evaluated')
    expect(first.dashboard.counts.complaint.total).toBe(1)
    expect(first.dashboard.counts.complaint.byState).toEqual({ evaluated: 1 })
    expect(first.dashboard.rates.satisfactionRate).toBe(1)
    expect(lines.some((l) => l.includes(first.caseId))).toBe(true)

    // What it reported is what the file holds, and the hash chain of the whole log holds.
    const store = sqliteEventStore({ path: dbPath })
    try {
      const events = await store.readStream(streamIdOf(complaint, first.caseId))
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: first.version + 1 }, (_, i) => i))
      expect(events.at(-1)?.type).toBe('ComplaintEvaluated')
      // The log underneath holds the complainant sealed, not in clear (README: sqliteEventStore alone would keep it).
      expect(JSON.stringify(events[0]?.data)).not.toContain('13912345678')
      expect(JSON.stringify(events[0]?.data)).toContain('sealed:v2:complainant')
      expect((await verifyStore(store)).ok).toBe(true)
    } finally {
      await store.close()
    }
  })

  it('keeps the log across runs: a second run counts both complaints', async () => {
    const second = await main({ dbPath, print: () => {} })
    expect(second.dashboard.counts.complaint.total).toBe(2)
  })
})
