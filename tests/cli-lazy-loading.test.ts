// What one `gridcase` run loads. The CLI suites spawn it a few hundred times, and an operator runs it by hand: each run
// paid about 1 s of CPU to import every command's modules (pg, jose, the webhooks', the processes' and the read models'
// parts: 252 modules for `--help`) before it did anything. Each command now imports its own (packages/adapters/src/cli/main.ts,
// run.ts): here the modules a run loaded, recorded by a module hook given to node (NODE_OPTIONS), are held to that.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fileAttachmentStore, sqliteEventStore } from '@gridcase/adapters'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gridcaseBin } from './helpers/gridcaseBin.js'
import { sampleDrafts } from './support/sampleLog.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-cli-loads-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const db = join(dir, 'gridcase.sqlite')
let caseStream = ''

// A load hook (module.register: every module node loads, ESM or a package's CommonJS entry) that appends each URL to
// the file LOADED_LOG names; registered by a module given to node with --import.
const hooks = join(dir, 'hooks.mjs')
writeFileSync(hooks, `import { appendFileSync } from 'node:fs'\nexport async function load(url, context, next) { if (process.env.LOADED_LOG) appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context) }\n`)
const register = join(dir, 'register.mjs')
writeFileSync(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)

let runs = 0
/** Runs the CLI; its exit code and the URLs of the modules it loaded. */
const loadsOf = (...args: (string | Record<string, string>)[]) =>
  new Promise<{ code: number; stdout: string; stderr: string; loaded: readonly string[] }>((resolve) => {
    const log = join(dir, `loaded-${(runs += 1)}.txt`)
    writeFileSync(log, '')
    const env = Object.assign({}, ...args.filter((a): a is Record<string, string> => typeof a !== 'string')) as Record<string, string>
    const argv = args.filter((a): a is string => typeof a === 'string')
    execFile(gridcaseBin()[0], [...gridcaseBin()[1], ...argv], { cwd: dir, env: { ...process.env, ...env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}`, LOADED_LOG: log } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr, loaded: readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') }),
    )
  })

/**
 * Runs a CLI command that runs until stopped (`gridcase processes`): once it printed `ready` on stdout it is sent
 * SIGTERM; its exit code and the URLs of the modules it loaded.
 */
const loadsRunning = (ready: string, ...argv: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string; loaded: readonly string[] }>((resolve) => {
    const log = join(dir, `loaded-${(runs += 1)}.txt`)
    writeFileSync(log, '')
    const child = spawn(gridcaseBin()[0], [...gridcaseBin()[1], ...argv], { cwd: dir, env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}`, LOADED_LOG: log } })
    let stdout = ''
    let stderr = ''
    // Once: a second SIGTERM, its handler spent, would end the runner before it stopped.
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout
      stdout += chunk.toString()
      if (!before.includes(ready) && stdout.includes(ready)) child.kill('SIGTERM')
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr, loaded: readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') }))
  })

/** What the URLs loaded name: each package (node_modules/<name>) and each folder of gridcase's own (adapters/projections, …). */
const packagesIn = (loaded: readonly string[]): Set<string> => {
  const names = new Set<string>()
  for (const url of loaded) {
    const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
    if (npm?.[1] !== undefined) names.add(npm[1])
    const own = /packages\/(core|adapters|http)\/(?:src|dist)\/([^/]+)\//.exec(url)
    if (own !== null) names.add(`${own[1]}/${own[2]}`)
  }
  return names
}

/** What no audit of a SQLite file needs: PostgreSQL's driver, tokens' JWTs, EventStoreDB's gRPC, webhooks, the read models and the processes. */
const NOT_FOR_A_SQLITE_AUDIT = ['pg', 'jose', '@grpc/grpc-js', '@eventstore/db-client', 'standardwebhooks', 'adapters/projections', 'adapters/webhooks', 'adapters/processes', 'adapters/postgres', 'core/projections']

beforeAll(async () => {
  const store = sqliteEventStore({ path: db })
  for (const draft of sampleDrafts({ cases: 3, seed: 5 })) {
    const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
    const result = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
    if (E.isRight(result)) caseStream = draft.streamId
  }
  await store.close()
}, 60_000)

describe('gridcase loads what its command needs', () => {
  it('--help and a SQLite audit (verify, history, export) load no PostgreSQL driver, no JWTs, no webhooks, read models or processes', async () => {
    const runs = {
      help: await loadsOf('--help'),
      verify: await loadsOf('audit', 'verify', '--db', db),
      history: await loadsOf('audit', 'history', caseStream, '--version', '0', '--db', db),
      export: await loadsOf('audit', 'export', '--format', 'ndjson', '--db', db),
    }
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.stderr}`).toBe(0)
      // The hook saw the run: the CLI's own modules are among what it loaded.
      expect(run.loaded.some((url) => /packages\/adapters\/(src|dist)\/cli\/args\.(ts|js)$/.test(url)), name).toBe(true)
      expect([...packagesIn(run.loaded)].filter((p) => NOT_FOR_A_SQLITE_AUDIT.includes(p)), name).toEqual([])
    }
    // History folds the case by its case type; verify does not.
    expect(packagesIn(runs.history.loaded).has('core/complaint')).toBe(true)
    expect(packagesIn(runs.verify.loaded).has('core/complaint')).toBe(false)
  }, 60_000)

  it('each command loads its own drivers: token its JWTs (and no SQLite, no pg), rebuild the read models, erasure beside SQLite no pg', async () => {
    const token = await loadsOf('token', '--sub', 'u-1', '--role', 'auditor', '--jurisdiction', 'hohhot', { GRIDCASE_JWT_SECRET: 'a'.repeat(32) })
    expect(token.code, token.stderr).toBe(0)
    expect(packagesIn(token.loaded).has('jose')).toBe(true)
    expect([...packagesIn(token.loaded)].filter((p) => ['pg', 'better-sqlite3', 'adapters/sqlite', 'adapters/projections'].includes(p))).toEqual([])
    const rebuild = await loadsOf('audit', 'rebuild', '--db', db, '--read-model', join(dir, 'read-models.sqlite'))
    expect(rebuild.code, rebuild.stderr).toBe(0)
    expect(packagesIn(rebuild.loaded).has('adapters/projections')).toBe(true)
    expect(packagesIn(rebuild.loaded).has('pg')).toBe(false)
    const due = await loadsOf('erasure', 'due', '--db', db)
    expect(due.code, due.stderr).toBe(0)
    expect(packagesIn(due.loaded).has('adapters/privacy')).toBe(true)
    expect([...packagesIn(due.loaded)].filter((p) => ['pg', 'adapters/postgres', 'jose'].includes(p))).toEqual([])
  }, 60_000)

  it('calendar, attachments and processes beside SQLite load no pg, nor PostgreSQL\'s stores', async () => {
    // The runner keeps its checkpoints and leases beside the read models a server (here a rebuild) made.
    const readModels = join(dir, 'processes-read-models.sqlite')
    const rebuilt = await loadsOf('audit', 'rebuild', '--db', db, '--read-model', readModels)
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    // The gc works in the attachments directory a server makes at start (never one of its own).
    await fileAttachmentStore(join(dir, 'attachments')).close()
    const runs = {
      'calendar show': await loadsOf('calendar', 'show', '2026', '--db', db),
      'attachments gc': await loadsOf('attachments', 'gc', '--db', db, '--dry-run'),
      processes: await loadsRunning('processes running as', 'processes', '--db', db, '--read-model', readModels),
    }
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.stderr}`).toBe(0)
      expect(run.loaded.some((url) => /packages\/adapters\/(src|dist)\/cli\/(calendar|attachments|processes)\.(ts|js)$/.test(url)), name).toBe(true)
    }
    // Each did its work beside the file: the year shown, the uploads looked at, the runner started.
    expect(runs['calendar show'].stdout).toContain('2026: shipped schedule')
    expect(runs['attachments gc'].stdout).toMatch(/\d/)
    expect(runs.processes.stdout).toContain('processes running as')
    const postgres = Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, [...packagesIn(run.loaded)].filter((p) => ['pg', 'pg-pool', 'adapters/postgres'].includes(p))]))
    expect(postgres).toEqual({ 'calendar show': [], 'attachments gc': [], processes: [] })
  }, 60_000)
})
