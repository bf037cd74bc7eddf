// DATABASE_STATEMENT_TIMEOUT_MS in the commands that open PostgreSQL, as in the server: the ones an operator waits on
// (calendar, erasure) are bounded by default (30 s, packages/adapters/src/cli/statementTimeout.test.ts) and by the
// variable, a lock another session holds is exit 3, said; the batches (audit, attachments gc) are not bounded unless the
// variable says so. Before, no command read it: a calendar or erasure command waited on a lock without end, and a bound
// set for the servers never reached them.
import { postgresEventStore } from '@gridcase/adapters'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { runAttachmentsCli } from '../../packages/adapters/src/cli/attachments.js'
import { gridcase } from './cli.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

describePostgres('DATABASE_STATEMENT_TIMEOUT_MS in the PostgreSQL commands', () => {
  const schema = freshSchemaName()
  let url = ''
  const saved = process.env['DATABASE_STATEMENT_TIMEOUT_MS']
  beforeAll(async () => {
    url = postgresUrl()
    const store = postgresEventStore({ connectionString: url, schema, maxConnections: 2 })
    await store.ready
    await store.close()
  })
  afterEach(() => {
    if (saved === undefined) delete process.env['DATABASE_STATEMENT_TIMEOUT_MS']
    else process.env['DATABASE_STATEMENT_TIMEOUT_MS'] = saved
  })
  afterAll(async () => {
    await dropSchema(postgresUrl(), schema)
  })

  /** Runs the command while another session holds `table` (ACCESS EXCLUSIVE) for 1.5 s: its answer and how long it took. */
  const whileHeld = async (table: string, argv: string[]) => {
    const locker = new pg.Client({ connectionString: url })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query(`LOCK TABLE ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} IN ACCESS EXCLUSIVE MODE`)
    const released = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => locker.query('ROLLBACK'))
    try {
      const started = Date.now()
      const result = await gridcase(...argv)
      return { ...result, ms: Date.now() - started }
    } finally {
      await released
      await locker.end()
    }
  }
  const at = () => ['--database-url', url, '--schema', schema]

  it('calendar show and erasure due under a 300 ms bound: exit 3 at the bound, said, not a wait for the lock', async () => {
    process.env['DATABASE_STATEMENT_TIMEOUT_MS'] = '300'
    const calendar = await whileHeld('store_schema', ['calendar', 'show', '2026', ...at()])
    expect([calendar.code, calendar.stderr]).toEqual([3, 'gridcase: the PostgreSQL database could not be used: canceling statement due to statement timeout\n'])
    expect(calendar.ms).toBeLessThan(1_400)
    const due = await whileHeld('events', ['erasure', 'due', ...at()])
    expect([due.code, due.stderr]).toEqual([3, 'gridcase erasure: canceling statement due to statement timeout\n'])
    expect(due.ms).toBeLessThan(1_400)
  })

  it('audit verify: no bound by default (it waits for the lock, then verifies); the variable bounds it', async () => {
    const unbounded = await whileHeld('events', ['audit', 'verify', ...at()])
    expect([unbounded.code, unbounded.stderr]).toEqual([0, ''])
    expect(unbounded.ms).toBeGreaterThanOrEqual(1_000)
    process.env['DATABASE_STATEMENT_TIMEOUT_MS'] = '300'
    const bounded = await whileHeld('store_schema', ['audit', 'verify', ...at()])
    expect([bounded.code, bounded.stderr]).toEqual([3, 'gridcase: the PostgreSQL database could not be used: canceling statement due to statement timeout\n'])
    expect(bounded.ms).toBeLessThan(1_400)
  })

  it('a bad value is the command line’s: exit 2, naming the variable', async () => {
    process.env['DATABASE_STATEMENT_TIMEOUT_MS'] = '30s'
    for (const argv of [['calendar', 'show', '2026'], ['erasure', 'due'], ['audit', 'verify']]) {
      const r = await gridcase(...argv, ...at())
      expect([r.code, r.stderr], argv.join(' ')).toEqual([2, expect.stringContaining('DATABASE_STATEMENT_TIMEOUT_MS: expected a whole number of milliseconds')])
    }
    let said = ''
    const io = { stdout: { write: (text: string) => Boolean((said += text)) }, stderr: { write: (text: string) => Boolean((said += text)) } }
    expect(await runAttachmentsCli(['gc', '--dry-run', ...at()], io)).toBe(2)
    expect(said).toContain('DATABASE_STATEMENT_TIMEOUT_MS: expected a whole number of milliseconds')
  })
})
