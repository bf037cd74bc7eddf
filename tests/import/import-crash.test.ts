// `gridcase import` killed (SIGKILL) part-way through a file, then run again over the same file: every line is in the
// log once and whole — the killed run left no case with only some of its steps — and the second run writes the rest.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { importedCaseId } from '../../packages/adapters/src/import/importer.js'
import { gridcaseBin } from '../helpers/gridcaseBin.js'
import { awaiting, until } from '../helpers/until.js'
import { sampleLine, stepsOf } from '../support/importCases.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = (args: readonly string[]) => {
  const [command, leading] = gridcaseBin()
  const child = spawn(command, [...leading, 'import', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, exited, out: () => out, err: () => err }
}

/** Events per stream in the store. */
const eventsByStream = (db: string): Map<string, number> => {
  const d = new Database(db, { readonly: true })
  try {
    return new Map(d.prepare<[], { stream_id: string; n: number }>('SELECT stream_id, count(*) AS n FROM events GROUP BY stream_id').all().map((r) => [r.stream_id, r.n]))
  } finally {
    d.close()
  }
}

describe('gridcase import killed part-way', () => {
  it('leaves only whole lines, and the next run over the same file imports the rest, nothing twice', async () => {
    const TOTAL = 3000
    const lines = Array.from({ length: TOTAL }, (_, i) => sampleLine(i + 1))
    const file = join(dir, 'cases.ndjson')
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
    const db = join(dir, 'gridcase.sqlite')
    const streamOf = (line: Record<string, unknown>): string => `${line.type as string}-${importedCaseId(line.type as 'complaint' | 'dispute', line.id as string, line.system as string | undefined)}`
    const steps = new Map(lines.map((l) => [streamOf(l), stepsOf(l)]))

    const first = run([file, '--db', db])
    // Killed once a tenth of the file is done (progress on stderr, a plain line per tenth), before the end.
    await until(() => /import/.test(first.err()) || first.child.exitCode !== null, { state: () => first.err() })
    first.child.kill('SIGKILL')
    const killed = await awaiting('the killed import to exit', first.exited)
    expect(killed.signal, `${first.out()}\n${first.err()}`).toBe('SIGKILL')

    const after = eventsByStream(db)
    expect(after.size).toBeGreaterThan(0)
    expect(after.size).toBeLessThan(TOTAL)
    // Every case in the log has all its steps: a line is one append.
    for (const [stream, n] of after) expect(n, stream).toBe(steps.get(stream))

    const second = run([file, '--db', db, '--json'])
    const done = await awaiting('the second import', second.exited)
    expect(done.code, second.err()).toBe(0)
    const summary = (JSON.parse(second.out().trim().split('\n').at(-1) ?? '{}') as { summary: Record<string, number> }).summary
    expect(summary).toMatchObject({ lines: TOTAL, failed: 0, alreadyImported: after.size, imported: TOTAL - after.size })
    const all = eventsByStream(db)
    expect(all.size).toBe(TOTAL)
    for (const [stream, n] of all) expect(n, stream).toBe(steps.get(stream))
  }, 300_000)
})
