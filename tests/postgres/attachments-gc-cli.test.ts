// `gridcase attachments gc --database-url` and `gridcase erasure erase --database-url` make nothing a mistyped input
// names: a --schema with no gridcase store is refused (exit 2, named) and not created, and no `uploads/` folder is made
// beside --db (by default ./data/uploads in whatever folder the command was run from) for uploads they never take.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { postgresEventStore, runAttachmentsCli } from '@gridcase/adapters'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { gridcaseBin } from '../helpers/gridcaseBin.js'
import { sql } from './cli.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const schemaExists = async (url: string, schema: string): Promise<boolean> =>
  (await sql<{ found: boolean }>(url, 'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [schema]))[0]?.found === true

describePostgres('PostgreSQL commands: nothing made where a mistyped input points', () => {
  const schema = freshSchemaName()
  const missing = `${schema}_none`
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-gc-'))
  let url = ''
  beforeAll(async () => {
    url = postgresUrl()
    const store = postgresEventStore({ connectionString: url, schema, maxConnections: 2 })
    await store.ready
    await store.close()
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
    await dropSchema(postgresUrl(), missing)
  })

  const gc = async (...argv: string[]) => {
    let out = ''
    let err = ''
    const code = await runAttachmentsCli(['gc', ...argv], { stdout: { write: (t: string) => Boolean((out += t)) }, stderr: { write: (t: string) => Boolean((err += t)) } })
    return { code, out, err }
  }

  it('attachments gc refuses a --schema with no store (exit 2, naming it) and creates no schema', async () => {
    for (const dryRun of [['--dry-run'], []]) {
      const run = await gc('--database-url', url, '--schema', missing, '--db', join(dir, 'data', 'gridcase.sqlite'), ...dryRun)
      expect({ code: run.code, out: run.out }, run.err).toEqual({ code: 2, out: '' })
      expect(run.err).toContain(`no schema ${missing}`)
      expect(await schemaExists(url, missing)).toBe(false)
    }
  })

  it('attachments gc and erasure erase make no uploads folder beside --db', async () => {
    const db = join(dir, 'data', 'gridcase.sqlite')
    const run = await gc('--database-url', url, '--schema', schema, '--db', db, '--dry-run')
    expect(run.code, run.err).toBe(0)
    expect(existsSync(join(dir, 'data'))).toBe(false)
    // erasure takes no --db beside --database-url: run where it is, as an operator would, it made ./data/uploads there.
    const erase = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(gridcaseBin()[0], [...gridcaseBin()[1], 'erasure', 'erase', 'complaint-none', '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--database-url', url, '--schema', schema], { cwd: dir }, (error, _stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stderr }),
      )
    })
    expect(erase.stderr).toContain('no case complaint-none in the store')
    expect(erase.code).toBe(2)
    expect(existsSync(join(dir, 'data'))).toBe(false)
  })
})
