// The `gridcase` command line as an operator meets it when something is mistyped or goes wrong: an unknown command
// names itself and every command there is, and no error ends in a Node stack trace (exit 2 usage, 3 failure).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { gridcaseBin } from './helpers/gridcaseBin.js'
import { complaintLine } from './support/importCases.js'
import { HYPOTHETICAL_2027 } from '../packages/core/src/calendar/fixtures.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gridcase-cli-usage-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const gridcase = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(gridcaseBin()[0], [...gridcaseBin()[1], ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })
/** What a Node stack trace looks like on stderr. */
const STACK = /^\s+at .+\(.+:\d+:\d+\)$|node:internal|^node:fs/m

describe('gridcase: unknown commands', () => {
  it('an unknown command is named, with every command the CLI has (found in review: evaluation and attachments were left out)', async () => {
    const run = await gridcase('nope')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown command 'nope'")
    const expected = run.stderr.split('\n')[0] ?? ''
    for (const command of ['audit', 'token', 'processes', 'evaluation', 'import', 'calendar', 'erasure', 'attachments']) expect(expected).toContain(`'${command}'`)
  })

  it('no command at all says so, with every command (found in review: "missing command: gridcase audit <command>", as if audit were the only one)', async () => {
    const run = await gridcase()
    expect(run.code).toBe(2)
    const first = run.stderr.split('\n')[0] ?? ''
    expect(first).toContain('missing command')
    for (const command of ['audit', 'token', 'processes', 'evaluation', 'import', 'calendar', 'erasure', 'attachments']) expect(first).toContain(`'${command}'`)
  })

  it('an unknown calendar command is named (found in review: "expected load or show", not what was typed)', async () => {
    const run = await gridcase('calendar', 'nope')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown calendar command 'nope'")
  })
})

describe('gridcase: no stack trace for an error', () => {
  it('import into a --db whose folder is a file: one line saying so, exit 3, nothing thrown (found in review: a stack trace from the clean-up)', async () => {
    const lines = join(dir, 'one.ndjson')
    writeFileSync(lines, `${JSON.stringify(complaintLine(1))}\n`)
    const file = join(dir, 'a-file')
    writeFileSync(file, 'not a folder')
    const run = await gridcase('import', lines, '--db', join(file, 'gridcase.sqlite'), '--create')
    expect(run.stderr).not.toMatch(STACK)
    expect(run.stderr).toMatch(/^gridcase import: /)
    expect(run.stderr).toContain(`${file} is a file, not a directory`)
    expect(run.code).toBe(3)
  })
})

describe('gridcase: an error no command answers itself', () => {
  it('is one line and exit 3, not a stack trace (found in review: calendar load --create under a file threw out of the CLI)', async () => {
    const schedule = join(dir, '2027.csv')
    writeFileSync(schedule, HYPOTHETICAL_2027)
    const file = join(dir, 'not-a-folder')
    writeFileSync(file, 'x')
    const run = await gridcase('calendar', 'load', schedule, '--db', join(file, 'sub', 'gridcase.sqlite'), '--create')
    expect(run.stderr).not.toMatch(STACK)
    expect(run.stderr).toMatch(/^gridcase: ENOTDIR: not a directory/)
    expect(run.code).toBe(3)
  })
})

describe('gridcase calendar: what went wrong, not a remedy for something else', () => {
  it('a PostgreSQL server that does not answer is said so, without "give --create" (found in review: connect ECONNREFUSED … (give --create to make it))', async () => {
    // Port 1 on this machine's loopback: nothing listens there, the connection is refused at once.
    const run = await gridcase('calendar', 'show', '2026', '--database-url', 'postgres://gridcase@127.0.0.1:1/gridcase')
    // A failure, not a usage error (exit 3, as gridcase processes; found in review: exit 2 with the same words).
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('the PostgreSQL database could not be used: connect ECONNREFUSED')
    expect(run.stderr).not.toContain('--create')
  })
})
