// A backend the server ends (pg_terminate_backend: a restart, an administrator) while the erasure, calendar or audit CLI holds
// a client waiting on it (a lock another session holds): the CLI says the database failed, with exit 3, and nothing is
// uncaught. The schema checks said it was the command line's (exit 2), the calendar's telling to --create the schema.
import { postgresEventStore } from '@gridcase/adapters'
import { heardPool } from '../../packages/adapters/src/postgres/pool.js'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { gridcase } from './cli.js'
import { until } from '../helpers/until.js'
import { describePostgres, dropSchema, expectEndedClientHeard, freshSchemaName, postgresUrl } from './database.js'

describePostgres('the erasure, calendar and audit CLIs when PostgreSQL ends their connection', () => {
  const schema = freshSchemaName()
  let url = ''
  beforeAll(async () => {
    url = postgresUrl()
    const store = postgresEventStore({ connectionString: url, schema, maxConnections: 2 })
    await store.ready
    await store.close()
  })
  afterAll(async () => {
    await dropSchema(postgresUrl(), schema)
  })

  /** Runs the CLI while `table` is locked, ends the CLI's backend once one waits on the lock; the CLI's answer and what was uncaught. */
  const terminatedWhileWaiting = async (table: string, argv: string[]) => {
    const uncaught: unknown[] = []
    const hear = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', hear)
    const locker = new pg.Client({ connectionString: url })
    const admin = new pg.Client({ connectionString: url })
    await locker.connect()
    await admin.connect()
    try {
      await locker.query('BEGIN')
      await locker.query(`LOCK TABLE ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} IN ACCESS EXCLUSIVE MODE`)
      const running = gridcase(...argv)
      let waiting: { pid: number; application_name: string }[] = []
      await until(async () => {
        waiting = (await admin.query<{ pid: number; application_name: string }>(
          // This schema's only: other suites running beside this one wait on locks of their own.
          `SELECT pid, application_name FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> $1 AND application_name LIKE 'gridcase%' AND strpos(query, $2) > 0`,
          [(await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid, schema],
        )).rows
        return waiting.length > 0
      }, { state: () => 'no CLI backend waiting on the lock' })
      for (const w of waiting) await admin.query('SELECT pg_terminate_backend($1)', [w.pid])
      await locker.query('ROLLBACK')
      const result = await running
      await new Promise((resolve) => setTimeout(resolve, 300))
      return { ...result, uncaught: uncaught.map(String), waiting: waiting.map((w) => w.application_name) }
    } finally {
      process.off('uncaughtException', hear)
      await locker.end()
      await admin.end()
    }
  }

  // Before: exit 2, 'gridcase: terminating connection due to administrator command (give --create to make it)' — a
  // schema to create, of a schema that is there.
  it('calendar show: its schema check’s connection ended — exit 3, the database named, not --create', async () => {
    const r = await terminatedWhileWaiting('store_schema', ['calendar', 'show', '2026', '--database-url', url, '--schema', schema])
    expect(r.waiting).toEqual(['gridcase-calendar'])
    expect([r.code, r.stderr, r.uncaught]).toEqual([3, 'gridcase: the PostgreSQL database could not be used: terminating connection due to administrator command\n', []])
  })
  it('calendar show: its read’s connection ended — exit 3', async () => {
    const r = await terminatedWhileWaiting('events', ['calendar', 'show', '2026', '--database-url', url, '--schema', schema])
    expect([r.code, r.stderr, r.uncaught]).toEqual([3, 'gridcase: the log could not be read: terminating connection due to administrator command\n', []])
  })
  // Before: exit 2 (a usage error) for the database failing.
  it('erasure erase: its schema check’s connection ended — exit 3, the database named', async () => {
    const r = await terminatedWhileWaiting('store_schema', ['erasure', 'erase', '00000000-0000-4000-8000-000000000001', '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--database-url', url, '--schema', schema])
    expect(r.waiting).toEqual(['gridcase-erasure'])
    expect([r.code, r.stderr, r.uncaught]).toEqual([3, 'gridcase erasure: the PostgreSQL database could not be used: terminating connection due to administrator command\n', []])
  })
  // Before: exit 2 (a usage error) for the database failing.
  it('erasure due: its read-only store’s schema check’s connection ended — exit 3, the database named', async () => {
    const r = await terminatedWhileWaiting('store_schema', ['erasure', 'due', '--database-url', url, '--schema', schema])
    expect(r.waiting).toEqual(['gridcase-audit'])
    expect([r.code, r.stderr, r.uncaught]).toEqual([3, 'gridcase erasure: the PostgreSQL database could not be used: terminating connection due to administrator command\n', []])
  })
  it('erasure due: its read’s connection ended — exit 3', async () => {
    const r = await terminatedWhileWaiting('events', ['erasure', 'due', '--database-url', url, '--schema', schema])
    expect([r.code, r.stderr, r.uncaught]).toEqual([3, 'gridcase erasure: terminating connection due to administrator command\n', []])
  })
  // Before: exit 2 (the usage code) with the driver's message alone, as if the command line were wrong.
  it('audit verify: its read-only store’s schema check’s connection ended — exit 3, the database named', async () => {
    const r = await terminatedWhileWaiting('store_schema', ['audit', 'verify', '--database-url', url, '--schema', schema])
    expect(r.waiting).toEqual(['gridcase-audit'])
    expect([r.code, r.stderr, r.uncaught]).toEqual([3, 'gridcase: the PostgreSQL database could not be used: terminating connection due to administrator command\n', []])
  })
  it('audit history and verify: a database that refuses the connection — exit 3, the database named', async () => {
    // Port 1 on this machine: nothing listens there (connection refused at once).
    const refused = 'postgres://gridcase@127.0.0.1:1/gridcase'
    for (const command of [['verify'], ['history', 'x']]) {
      const r = await gridcase('audit', ...command, '--database-url', refused)
      expect([r.code, r.stderr], command.join(' ')).toEqual([3, expect.stringMatching(/^gridcase: the PostgreSQL database could not be used: connect ECONNREFUSED 127\.0\.0\.1:1\n$/)])
    }
  })

  it('a schema that is not there is still the command line’s: exit 2, naming it', async () => {
    expect(await gridcase('calendar', 'show', '2026', '--database-url', url, '--schema', `${schema}_none`)).toMatchObject({ code: 2, stderr: expect.stringContaining(`no schema ${schema}_none`) })
    expect(await gridcase('erasure', 'due', '--database-url', url, '--schema', `${schema}_none`)).toMatchObject({ code: 2, stderr: expect.stringContaining(`no schema ${schema}_none`) })
  })

  // The CLIs' own short pools (their schema checks) are the store's kind (`heardPool`): a client the server ends while it
  // is out of the pool between queries is heard, not an uncaught 'error' event (as tests/postgres/store.test.ts's for the store).
  it('a heard pool: a checked-out client’s connection ended between queries is no uncaught error', async () => {
    const pool = heardPool({ connectionString: url, max: 1 })
    try {
      await expectEndedClientHeard(pool)
    } finally {
      await pool.end()
    }
  })
})
