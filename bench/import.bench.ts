// `gridcase import` events/s (each line decoded, its steps decided through the command pipeline as their original
// actors at their original times, one append per case) beside two floors measured in the same run on the same
// file: JSON.parse of every line, and a raw better-sqlite3 insert of the same line bytes (one row per line, one
// transaction per line, synchronous=NORMAL as the import writes) — with the ratios.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import { runImportCli } from '../packages/adapters/src/cli/import.js'
import { sampleLine, stepsOf } from '../tests/support/importCases.js'

const CASES = Number(process.env.BENCH_IMPORT_CASES ?? 2_000)

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9

export const run = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-bench-'))
  try {
    const lines = Array.from({ length: CASES }, (_, i) => sampleLine(i + 1))
    const events = lines.reduce((n, l) => n + stepsOf(l), 0)
    const file = join(dir, 'cases.ndjson')
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
    const text = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')

    let started = process.hrtime.bigint()
    let sink = 0
    for (const l of text) sink += (JSON.parse(l) as { steps: unknown[] }).steps.length
    const parsePerS = events / seconds(started)
    if (sink !== events) throw new Error('the file does not hold the events counted')

    const raw = new Database(join(dir, 'raw.sqlite'))
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
    raw.exec('CREATE TABLE lines (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
    const insert = raw.prepare('INSERT INTO lines (body) VALUES (?)')
    const one = raw.transaction((body: string) => insert.run(body))
    started = process.hrtime.bigint()
    for (const l of text) one(l)
    const rawPerS = events / seconds(started)
    raw.close()

    const quiet = { write: () => true }
    started = process.hrtime.bigint()
    const code = await runImportCli([file, '--db', join(dir, 'gridcase.sqlite')], { stdout: quiet, stderr: quiet, clock: manualClock('2026-06-01T00:00:00Z'), env: {} })
    const importPerS = events / seconds(started)
    if (code !== 0) throw new Error(`the import failed (exit ${code})`)

    const f = (x: number) => Math.round(x).toLocaleString('en-US')
    console.log(`${CASES} cases, ${events} events`)
    console.log(`events/s: JSON.parse (baseline) ${f(parsePerS)}; raw better-sqlite3 insert of the lines (baseline) ${f(rawPerS)}; gridcase import ${f(importPerS)}`)
    console.log(`ratio: import / JSON.parse ${(importPerS / parsePerS).toFixed(4)}×; import / raw insert ${(importPerS / rawPerS).toFixed(3)}×`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
