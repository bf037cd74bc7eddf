// An export holding the same case twice (the old platform's id on two lines): the first is imported, every later one is
// named as a duplicate of it, field `id` — not counted "already imported" (an exact copy), nor reported as a case "imported
// before with another history" (a changed copy), which sent the officer looking for an earlier run that never was.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'
import { complaintLine, disputeLine } from '../support/importCases.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-dup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = async (file: string, db: string) => {
  let out = ''
  const code = await runImportCli([file, '--db', db], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true, isTTY: false }, clock: manualClock('2026-06-01T00:00:00Z'), env: {} })
  return { code, out: out.trim().split('\n') }
}

describe('gridcase import: a case on two lines of one file', () => {
  it('imports the first; an exact copy and a changed copy later in the file each fail at `id`, naming the first line; again the same', async () => {
    const first = complaintLine(1)
    const changed = { ...first, steps: (first.steps as unknown[]).slice(0, 3) }
    // A dispute may share the complaint's source id: another type, another case.
    const dispute = { ...disputeLine(5), id: first.id }
    const file = join(dir, 'dup.ndjson')
    writeFileSync(file, `${[first, dispute, first, changed].map((l) => JSON.stringify(l)).join('\n')}\n`)
    const db = join(dir, 'dup.sqlite')
    const said = `id: duplicate: line 1 of this file is the same case (system hohhot-12345, complaint ${String(first.id)}); a case is one line with its whole history`
    const once = await run(file, db)
    expect(once.out).toEqual([`line 3: ${said}`, `line 4: ${said}`, '4 lines: 2 cases imported (11 events), 0 already imported, 2 failed'])
    expect(once.code).toBe(1)
    const again = await run(file, db)
    expect(again.out).toEqual([`line 3: ${said}`, `line 4: ${said}`, '4 lines: 0 cases imported (0 events), 2 already imported, 2 failed'])
  })

  it('a line that failed is still the first of its case: a later line of that case is its duplicate', async () => {
    const first = complaintLine(2)
    const steps = first.steps as Record<string, unknown>[]
    const broken = { ...first, steps: [steps[0], { ...steps[1], command: 'teleport' }] }
    const file = join(dir, 'dup-broken.ndjson')
    writeFileSync(file, `${[broken, first].map((l) => JSON.stringify(l)).join('\n')}\n`)
    const once = await run(file, join(dir, 'dup-broken.sqlite'))
    expect(once.out[0]).toMatch(/^line 1: steps\[1\]\.command: /)
    expect(once.out.slice(1)).toEqual([`line 2: id: duplicate: line 1 of this file is the same case (system hohhot-12345, complaint ${String(first.id)}); a case is one line with its whole history`, '2 lines: 0 cases imported (0 events), 0 already imported, 2 failed'])
  })
})
