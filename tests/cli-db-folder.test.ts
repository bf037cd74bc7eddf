// `--db` naming a folder is a usage error naming it, for every command that reads the log — as `gridcase audit` has it.
// Before, `gridcase evaluation` and `gridcase attachments gc` failed with SQLite's "disk I/O error" (exit 3), naming nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAttachmentsCli, runEvaluationCli } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-cli-db-folder-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const io = () => {
  const said = { out: '', err: '' }
  return { said, io: { stdout: { write: (s: string | Uint8Array) => ((said.out += String(s)), true) }, stderr: { write: (s: string | Uint8Array) => ((said.err += String(s)), true) } } }
}

describe('--db naming a folder', () => {
  it('gridcase evaluation: exit 2, the folder named', async () => {
    const { said, io: streams } = io()
    expect(await runEvaluationCli(['--period', '2026-11', '--db', dir], {}, streams)).toBe(2)
    expect(said.err).toContain(`gridcase evaluation: ${dir} is a folder, not an event store (give the log's file with --db)`)
  })

  it('gridcase attachments gc: exit 2, the folder named', async () => {
    const { said, io: streams } = io()
    expect(await runAttachmentsCli(['gc', '--db', dir, '--dry-run'], streams)).toBe(2)
    expect(said.err).toContain(`gridcase attachments: ${dir} is a folder, not an event store (give the log's file with --db)`)
  })
})
