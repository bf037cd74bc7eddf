import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { EventStore } from '@gridcase/core'
import { dashboardProjection, dashboardView, replay } from '@gridcase/core/projections'
import { memoryEventStore, readCsv, runCli, sqliteDashboard, sqliteEventStore } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'
import { gridcaseBin } from './helpers/gridcaseBin.js'
import { editedCopy } from './helpers/editedCopy.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gridcase-cli-'))
const db = join(dir, 'gridcase.db')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Spawns the real CLI (built, or from source through tsx: tests/helpers/gridcaseBin.ts) and collects its exit code and output. */
const gridcase = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      gridcaseBin()[0],
      [...gridcaseBin()[1], ...args],
      { cwd: root },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })

const fill = async (store: EventStore, cases: number) => {
  for (const draft of sampleDrafts({ cases, seed: 42 })) {
    const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
    await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
  }
}

/** Runs the CLI in this process against a store, capturing its output. */
const inProcess = async (store: EventStore, ...argv: string[]) => {
  const stdout = new PassThrough()
  const stderr = Object.assign(new PassThrough(), { isTTY: true })
  const chunks = { out: '', err: '' }
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString()))
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString()))
  const code = await runCli(argv, { stdout, stderr, openStore: () => ({ ...store, close: async () => {} }), logSize: () => undefined })
  return { code, ...chunks }
}

beforeAll(async () => {
  const store = sqliteEventStore({ path: db })
  await fill(store, 60)
  await store.close()
})

describe('gridcase audit (spawned on a real SQLite file)', () => {
  it('verify: exit 0 when every chain is intact', async () => {
    const { code, stdout } = await gridcase('audit', 'verify', '--db', db)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^ok: \d+ events in 60 streams, every chain intact/)
  })

  it('export --format csv: a file that reads back into the same log', async () => {
    const out = join(dir, 'log.csv')
    expect((await gridcase('audit', 'export', '--format', 'csv', '--db', db, '--out', out)).code).toBe(0)
    const store = sqliteEventStore({ path: db })
    expect(readCsv(readFileSync(out, 'utf8'))).toEqual(E.right(await store.readAll()))
    await store.close()
  })

  it('rebuild: the saved dashboard read model equals a replay of the log', async () => {
    const { code, stdout } = await gridcase('audit', 'rebuild', '--db', db)
    expect(code).toBe(0)
    const store = sqliteEventStore({ path: db })
    const log = await store.readAll()
    await store.close()
    expect(stdout).toContain(`up to position ${log.length - 1}`)
    // The server keeps its read models beside the log, in read-models.sqlite; the CLI rebuilds that file.
    // The dashboard is kept there as totals (sqliteDashboard), checkpointed in the same file.
    const file = new Database(join(dirname(db), 'read-models.sqlite'), { readonly: true })
    const checkpoint = file.prepare<[], { position: number }>("SELECT position FROM checkpoints WHERE name = 'dashboard-totals'").get()
    file.close()
    expect(checkpoint?.position).toBe(log.length - 1)
    const saved = sqliteDashboard(join(dirname(db), 'read-models.sqlite'))
    const reference = replay(dashboardProjection, log)
    // The same figures to the last bit: the totals sum the days to conclude in whole milliseconds (concludedMs), as the
    // replay's figures do, so the order they were added in does not show.
    expect(await saved.view({ asOf: reference.lastAt })).toEqual(dashboardView(reference, { asOf: reference.lastAt }))
    await saved.close()
  })

  it('verify: exit 1 and the first broken link when an event was altered in the file', async () => {
    const copy = join(dir, 'tampered.db')
    const victim = await editedCopy(db, copy, (file) => {
      file.prepare("UPDATE events SET data = json_set(data, '$.summary', '没有纠纷') WHERE position = 5").run()
      return file.prepare<[], { stream_id: string; version: number }>('SELECT stream_id, version FROM events WHERE position = 5').get()
    })
    const { code, stdout } = await gridcase('audit', 'verify', '--db', copy)
    expect(code).toBe(1)
    expect(stdout).toContain(`first broken link: ${victim?.stream_id} at version ${victim?.version} (position 5`)
  })

  it('usage errors: exit 2 with a message naming the option', async () => {
    const { code, stderr } = await gridcase('audit', 'export', '--format', 'xml', '--db', db)
    expect(code).toBe(2)
    expect(stderr).toMatch(/--format: expected one of 'ndjson'.*'csv'/)
  })
})

describe('gridcase audit (in process, through the test seam)', () => {
  const store = memoryEventStore()
  beforeAll(() => fill(store, 20))

  it('history: actor, time, command and reason for each event, by bare case id', async () => {
    const [first] = await store.readAll({ limit: 1 })
    const caseId = (first?.streamId ?? '').replace(/^(complaint|dispute)-/, '')
    const { code, out } = await inProcess(store, 'audit', 'history', caseId)
    expect(code).toBe(0)
    const lines = out.trim().split('\n')
    expect(lines[0]).toBe(first?.streamId)
    expect(lines[1]).toMatch(/^v0 {2}2026-\S+ {2}op-1 \(hotline-operator, hohhot\) {2}(ComplaintRegistered|DisputeReported) {2}command=/)
  })

  it('history --json --mask --version: masked data and the case as of that version', async () => {
    const stream = (await store.readAll()).find((e) => e.type === 'ComplaintRegistered')?.streamId ?? ''
    const { code, out } = await inProcess(store, 'audit', 'history', stream, '--json', '--mask', '--version', '0')
    expect(code).toBe(0)
    const body = JSON.parse(out) as { history: { data: { complainant: { phone: string; name: string } } }[]; asOf: { version: number; state: { status: string } } }
    expect(body.history[0]?.data.complainant.phone).toMatch(/^1\d\d\*{4}\d{4}$/)
    expect(body.history[0]?.data.complainant.name).toMatch(/^.\*+$/)
    expect(body.asOf).toMatchObject({ version: 0, state: { status: 'registered' } })
  })

  it('history --as-of before the case existed: "did not exist yet", the same answer HTTP gives ({ "exists": false })', async () => {
    const stream = (await store.readAll()).find((e) => e.type === 'ComplaintRegistered')?.streamId ?? ''
    const json = await inProcess(store, 'audit', 'history', stream, '--json', '--as-of', '2020-01-01T00:00:00Z')
    expect(json.code).toBe(0)
    expect((JSON.parse(json.out) as { asOf: unknown }).asOf).toEqual({ exists: false })
    const text = await inProcess(store, 'audit', 'history', stream, '--as-of', '2020-01-01T00:00:00Z')
    expect(text.code).toBe(0)
    expect(text.out.trim().split('\n').at(-1)).toBe('as of {"time":"2020-01-01T00:00:00Z"}: did not exist yet')
  })

  it('history of an unknown case is an input error (exit 2)', async () => {
    expect((await inProcess(store, 'audit', 'history', 'nope')).code).toBe(2)
  })

  it('draws a progress bar on a terminal and ends it with a newline', async () => {
    const { code, err } = await inProcess(store, 'audit', 'verify')
    expect(code).toBe(0)
    expect(err).toMatch(/^(\rverify \d[\d,]* events \d+\.\ds)+\n$/)
  })

  it('reads --help and refuses unknown options and commands', async () => {
    expect((await inProcess(store, '--help')).code).toBe(0)
    expect(await inProcess(store, 'audit', 'verify', '--colour')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--colour'") })
    expect(await inProcess(store, 'audit', 'delete')).toMatchObject({ code: 2, err: expect.stringContaining("unknown audit command 'delete'") })
    expect(await inProcess(store, 'audit', 'export', '--format', 'csv', '--from', 'x3')).toMatchObject({ code: 2, err: expect.stringContaining('--from: expected a whole number') })
  })
})
