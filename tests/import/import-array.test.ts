// An export saved as a JSON array of cases (what many platforms' "export JSON" writes) instead of NDJSON: each line of a
// pretty-printed array was reported on its own ("line 1: (line): not JSON: Unexpected end of JSON input", "line 2: …",
// one per line of the file), a compact one as "(root): expected one of {…}"; neither said what was wrong with the file.
// It is a usage error naming the format, before anything is imported.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'
import { complaintLine, disputeLine } from '../support/importCases.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-array-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = async (name: string, text: string) => {
  const file = join(dir, name)
  writeFileSync(file, text)
  const db = join(dir, `${name}.sqlite`)
  let out = ''
  let err = ''
  const code = await runImportCli([file, '--db', db], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => ((err += s), true), isTTY: false }, clock: manualClock('2026-06-01T00:00:00Z'), env: {} })
  return { code, out, err: err.split('\n')[0], made: existsSync(db) }
}

describe('gridcase import: a JSON array instead of NDJSON', () => {
  const cases = [complaintLine(1), disputeLine(5)]
  const said = (name: string) =>
    `gridcase import: ${join(dir, name)} is a JSON array, not NDJSON: one case per line, each a JSON object (jq -c '.[]' cases.json > cases.ndjson)`
  it('pretty-printed, with a byte-order mark: exit 2, said once, nothing imported, no store made', async () => {
    const result = await run('pretty.json', `\uFEFF${JSON.stringify(cases, null, 2)}\n`)
    expect(result).toEqual({ code: 2, out: '', err: said('pretty.json'), made: false })
  })
  it('on one line, after blank lines', async () => {
    const result = await run('compact.json', `\n  \r\n${JSON.stringify(cases)}\n`)
    expect(result).toEqual({ code: 2, out: '', err: said('compact.json'), made: false })
  })
})
