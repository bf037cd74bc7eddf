// Issue #17, startup under 2 s: a start pays for the modules it will run, not for every deployment's. The server bin
// over SQLite (no DATABASE_URL) does not load the PostgreSQL client; over PostgreSQL it does (the control: the check
// sees a package that is loaded).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { dropSchema } from '../postgres/database.js'
import { spawnServer } from '../helpers/serverProcess.js'
import { until } from '../helpers/until.js'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const packagesLoadedBy = async (env: Record<string, string>): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-modules-'))
  dirs.push(dir)
  const server = spawnServer(['--demo'], { DATA_DIR: dir, LOG_LEVEL: 'silent', GRIDCASE_PROCESSES: 'off', ...env }, 'tests/http/helpers/binLoadedPackages.ts')
  try {
    await server.listening
    await until(() => server.output().stdout.includes('loaded packages: '), { everyMs: 25, state: () => JSON.stringify(server.output()) })
    const line = /loaded packages: (\[.*\])/.exec(server.output().stdout)?.[1]
    if (line === undefined) throw new Error(`no list of packages:\n${server.output().stdout}\n${server.output().stderr}`)
    return JSON.parse(line) as string[]
  } finally {
    await server.stop()
  }
}

describe('the modules a server start loads', () => {
  it('over SQLite (no DATABASE_URL) the PostgreSQL client is not loaded', async () => {
    const loaded = await packagesLoadedBy({})
    expect(loaded).toContain('better-sqlite3')
    expect(loaded).not.toContain('pg')
    expect(loaded).not.toContain('pg-protocol')
  }, 60_000)

  it.skipIf(inject('postgresUrl') === '')('over PostgreSQL (DATABASE_URL set) it is', async () => {
    const schema = `modules_${Date.now().toString(36)}`
    try {
      const loaded = await packagesLoadedBy({ DATABASE_URL: inject('postgresUrl'), DATABASE_SCHEMA: schema })
      expect(loaded).toContain('pg')
    } finally {
      await dropSchema(inject('postgresUrl'), schema)
    }
  }, 60_000)
})
