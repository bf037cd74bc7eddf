import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sqliteEventStore } from '../sqlite/store.js'
import { calendarFollowMs, runProcessesCli } from './processes.js'

const dirs: string[] = []
const saved = process.env['GRIDCASE_PROCESS_LEASE_MS']
const envBefore: Record<string, string | undefined> = Object.fromEntries(['PERSONAL_DATA_ENCRYPTION', 'DATABASE_URL', 'DATABASE_SCHEMA', 'NODE_ENV', 'GRIDCASE_WEBHOOK_SECRETS_KEY', 'GRIDCASE_WEBHOOK_SECRETS_KEY_FILE'].map((name) => [name, process.env[name]]))
afterEach(() => {
  if (saved === undefined) delete process.env['GRIDCASE_PROCESS_LEASE_MS']
  else process.env['GRIDCASE_PROCESS_LEASE_MS'] = saved
  delete process.env['GRIDCASE_ENTRUSTMENT_RECEIPT']
  for (const name of Object.keys(envBefore)) {
    if (envBefore[name] === undefined) delete process.env[name]
    else process.env[name] = envBefore[name]
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('gridcase processes', () => {
  it('does not start in production without the key webhook signing secrets are sealed with, naming it (exit 2), as the servers', async () => {
    // The servers refuse production without it (de369d9), so their secrets are sealed; a runner started as before, with
    // no key, took the webhook-delivery lease and failed every pass on the first sealed secret: nothing was delivered by
    // any server while it held the lease.
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-processes-cli-'))
    dirs.push(dir)
    const db = join(dir, 'gridcase.sqlite')
    await sqliteEventStore({ path: db }).close()
    process.env['NODE_ENV'] = 'production'
    delete process.env['GRIDCASE_WEBHOOK_SECRETS_KEY']
    delete process.env['GRIDCASE_WEBHOOK_SECRETS_KEY_FILE']
    let err = ''
    let out = ''
    const exit = await runProcessesCli(['--db', db], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
    expect({ exit, out }).toEqual({ exit: 2, out: '' })
    expect(err).toContain('gridcase processes: GRIDCASE_WEBHOOK_SECRETS_KEY_FILE (or GRIDCASE_WEBHOOK_SECRETS_KEY) is required in production')
    // Given the servers' key, it goes on to its other settings (here a lease out of range, refused in its turn).
    process.env['GRIDCASE_WEBHOOK_SECRETS_KEY'] = Buffer.alloc(32, 7).toString('base64')
    process.env['GRIDCASE_PROCESS_LEASE_MS'] = '999'
    err = ''
    expect(await runProcessesCli(['--db', db], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })).toBe(2)
    expect(err).toContain('GRIDCASE_PROCESS_LEASE_MS')
    expect(err).not.toContain('GRIDCASE_WEBHOOK_SECRETS_KEY')
  })

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

  it('refuses a PERSONAL_DATA_ENCRYPTION other than on or off, naming it, before it opens anything (exit 2; before, beside PostgreSQL anything but off sealed)', async () => {
    for (const [raw, args] of [
      ['false', ['--database-url', 'postgres://nobody@127.0.0.1:1/none']],
      ['OFF', ['--database-url', 'postgres://nobody@127.0.0.1:1/none']],
      ['no', ['--db', join(tmpdir(), 'gridcase-processes-no-such-dir', 'gridcase.sqlite')]],
    ] as const) {
      process.env['PERSONAL_DATA_ENCRYPTION'] = raw
      let err = ''
      let out = ''
      const exit = await runProcessesCli(args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
      expect({ exit, err, out }, raw).toEqual({ exit: 2, err: `gridcase processes: PERSONAL_DATA_ENCRYPTION: expected on or off; got '${raw}'\n`, out: '' })
    }
  })

  it('refuses a --db naming a folder, naming it (exit 2; before: SQLite’s error thrown out of the command)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-processes-cli-'))
    dirs.push(dir)
    let err = ''
    const exit = await runProcessesCli(['--db', dir], { stdout: { write: () => undefined }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
    expect({ exit, err }).toEqual({ exit: 2, err: `gridcase processes: ${dir} is a folder, not an event store (give the log's file with --db)\n` })
  })

  it('closes the store when the runner cannot be made over the read-model file given (exit 3; before, the store was left open)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-processes-cli-'))
    dirs.push(dir)
    const db = join(dir, 'gridcase.sqlite')
    await sqliteEventStore({ path: db }).close()
    // A read-model file whose dashboard_deadlines is not the one the scheduler reads (another build's, say).
    const readModel = join(dir, 'read-models.sqlite')
    const file = new Database(readModel)
    file.exec('CREATE TABLE dashboard_deadlines (x TEXT)')
    file.close()
    let err = ''
    const exit = await runProcessesCli(['--db', db, '--read-model', readModel], { stdout: { write: () => undefined }, stderr: { write: (t: string) => (err += t) }, stopped: new Promise(() => undefined) })
    expect(exit, err).toBe(3)
    expect(err).toContain('gridcase processes: ')
    // Closed: the last connection to each file folded its WAL in and removed it.
    expect(existsSync(`${db}-wal`)).toBe(false)
    expect(existsSync(`${readModel}-wal`)).toBe(false)
  })

  it('names DATABASE_URL and DATABASE_SCHEMA when a bad value came from them, not the flags it was not given', async () => {
    const run = async (args: readonly string[]) => {
      let err = ''
      const exit = await runProcessesCli(args, { stdout: { write: () => undefined }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
      return { exit, err }
    }
    process.env['DATABASE_URL'] = 'mysql://db/gridcase'
    expect(await run([])).toEqual({ exit: 2, err: 'gridcase processes: DATABASE_URL: expected a postgres:// or postgresql:// connection string\n' })
    expect(await run(['--database-url', 'not a url'])).toEqual({ exit: 2, err: 'gridcase processes: --database-url: expected a postgres:// or postgresql:// connection string\n' })
    process.env['DATABASE_URL'] = 'postgres://nobody@127.0.0.1:1/none'
    process.env['DATABASE_SCHEMA'] = 'Grid-Case'
    expect(await run([])).toEqual({ exit: 2, err: 'gridcase processes: DATABASE_SCHEMA: expected lower-case letters, digits and _, at most 63\n' })
    expect(await run(['--schema', 'Grid-Case'])).toEqual({ exit: 2, err: 'gridcase processes: --schema: expected lower-case letters, digits and _, at most 63\n' })
  })
})

describe('calendarFollowMs (GRIDCASE_CALENDAR_REFRESH_MS, as the servers read it)', () => {
  it('defaults to a second, takes 1 to 600000 ms, refuses anything else naming the variable', () => {
    expect([calendarFollowMs(undefined), calendarFollowMs(''), calendarFollowMs('1'), calendarFollowMs('250'), calendarFollowMs('600000')]).toEqual([1000, 1000, 1, 250, 600_000])
    for (const bad of ['0', '600001', '-5', '1.5', '1e3', ' 20', 'soon']) {
      expect(calendarFollowMs(bad)).toBe(`GRIDCASE_CALENDAR_REFRESH_MS: expected a whole number of milliseconds from 1 to 600000; got '${bad}'`)
    }
  })

  it('a bad value stops the command before it opens anything (exit 2, the variable named)', async () => {
    const before = process.env['GRIDCASE_CALENDAR_REFRESH_MS']
    process.env['GRIDCASE_CALENDAR_REFRESH_MS'] = 'soon'
    try {
      let err = ''
      const code = await runProcessesCli(['--db', join(tmpdir(), 'gridcase-processes-no-such-dir', 'gridcase.sqlite')], { stdout: { write: () => undefined }, stderr: { write: (t: string) => (err += t) }, stopped: Promise.resolve() })
      expect({ code, err }).toEqual({ code: 2, err: "gridcase processes: GRIDCASE_CALENDAR_REFRESH_MS: expected a whole number of milliseconds from 1 to 600000; got 'soon'\n" })
    } finally {
      if (before === undefined) delete process.env['GRIDCASE_CALENDAR_REFRESH_MS']
      else process.env['GRIDCASE_CALENDAR_REFRESH_MS'] = before
    }
  })
})
