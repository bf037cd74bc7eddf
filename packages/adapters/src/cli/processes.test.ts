import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sqliteEventStore } from '../sqlite/store.js'
import { runProcessesCli } from './processes.js'

const dirs: string[] = []
const saved = process.env['GRIDCASE_PROCESS_LEASE_MS']
afterEach(() => {
  if (saved === undefined) delete process.env['GRIDCASE_PROCESS_LEASE_MS']
  else process.env['GRIDCASE_PROCESS_LEASE_MS'] = saved
  delete process.env['GRIDCASE_ENTRUSTMENT_RECEIPT']
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('gridcase processes', () => {
  it('refuses a GRIDCASE_PROCESS_LEASE_MS out of range, naming it, before it starts anything (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-processes-cli-'))
    dirs.push(dir)
    const db = join(dir, 'gridcase.sqlite')
    await sqliteEventStore({ path: db }).close()
    for (const raw of ['999', '600001', 'soon']) {
      process.env['GRIDCASE_PROCESS_LEASE_MS'] = raw
      let err = ''
      let out = ''
      const exit = await runProcessesCli(['--db', db], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
      expect(exit, raw).toBe(2)
      expect(err, raw).toContain('GRIDCASE_PROCESS_LEASE_MS expected a whole number of milliseconds from 1000 to 600000')
      expect(out, raw).toBe('')
    }
  })

  it('refuses a bad GRIDCASE_ENTRUSTMENT_RECEIPT, naming it, before it starts anything (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-processes-cli-'))
    dirs.push(dir)
    const db = join(dir, 'gridcase.sqlite')
    await sqliteEventStore({ path: db }).close()
    for (const raw of ['3', '0wd', 'three days']) {
      process.env['GRIDCASE_ENTRUSTMENT_RECEIPT'] = raw
      let err = ''
      let out = ''
      const exit = await runProcessesCli(['--db', db], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
      expect(exit, raw).toBe(2)
      expect(err, raw).toContain('GRIDCASE_ENTRUSTMENT_RECEIPT: expected <n>wd')
      expect(out, raw).toBe('')
    }
  })
})
