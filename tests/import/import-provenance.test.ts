// An auditor reading an imported case's history must see that it was imported, from which file and by whom (DOMAIN.md,
// History: every event keeps actor, time, command id, correlation id): the steps' actors are the old platform's people,
// so the import itself is named in the correlation id — the source case, the file (its name and SHA-256, so the very
// file kept can be matched), its line, and the user who ran the import.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock, sqliteEventStore } from '@gridcase/adapters'
import { historyView } from '@gridcase/core/audit'
import { afterAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'
import { importedCaseId } from '../../packages/adapters/src/import/importer.js'
import { complaintLine, disputeLine } from '../support/importCases.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-origin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = async (file: string, db: string, user: string) => {
  let out = ''
  const code = await runImportCli([file, '--db', db], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true, isTTY: false }, clock: manualClock('2026-06-01T00:00:00Z'), env: { USER: user } })
  return { code, out }
}

describe('gridcase import: the history of an imported case names the import', () => {
  it('every event of a line: import:<system>:<type>:<id> file=<name> sha256=<file hash> line=<n> by=<user>; a later run adds only its own steps, named by its file', async () => {
    const db = join(dir, 'g.sqlite')
    const complaint = complaintLine(1)
    const steps = complaint.steps as unknown[]
    const first = join(dir, '12345-台账-2026.ndjson')
    writeFileSync(first, `${JSON.stringify(disputeLine(5))}\n${JSON.stringify({ ...complaint, steps: steps.slice(0, 4) })}\n`)
    expect((await run(first, db, 'it-officer')).code).toBe(0)
    const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
    const stream = `complaint-${importedCaseId('complaint', String(complaint.id), 'hohhot-12345')}`
    const read = async () => {
      const store = sqliteEventStore({ path: db, readonly: true })
      try {
        return historyView(await store.readStream(stream), { includeData: false })
      } finally {
        await store.close()
      }
    }
    const once = `import:hohhot-12345:complaint:${String(complaint.id)} file=12345-台账-2026.ndjson sha256=${hashOf(first)} line=2 by=it-officer`
    expect((await read()).map((e) => e.correlationId)).toEqual([once, once, once, once])
    // The source added two steps; another officer imports its next export, where the case is line 1.
    const second = join(dir, 'export-2026-06.ndjson')
    writeFileSync(second, `${JSON.stringify(complaint)}\n`)
    expect((await run(second, db, 'zhang.wei')).out).toContain('1 cases imported (2 events)')
    const then = `import:hohhot-12345:complaint:${String(complaint.id)} file=export-2026-06.ndjson sha256=${hashOf(second)} line=1 by=zhang.wei`
    expect((await read()).map((e) => e.correlationId)).toEqual([once, once, once, once, then, then])
    // Run again by anyone: nothing written, the history as it was.
    expect((await run(second, db, 'someone-else')).out).toContain('1 already imported')
    expect((await read()).map((e) => e.correlationId)).toEqual([once, once, once, once, then, then])
  })
})
