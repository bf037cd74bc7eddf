// Two real servers over one schema of the test PostgreSQL (the throwaway server of the global setup, or DATABASE_URL's),
// each with a data directory of its own, sharing one JWT secret: as two stateless servers behind a reverse proxy.
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { dropSchema, freshSchemaName, postgresUrl } from '../../postgres/database.js'
import { startSignedServer } from './demoServer.js'

export interface PostgresServers {
  /** The servers (set in beforeAll; a test may replace them with `start()`'s, closing the old ones first). */
  a: RunningServer
  b: RunningServer
  readonly schema: string
  /** The data directories made so far, one per server started. */
  readonly dirs: readonly string[]
  /** Another server over the schema, with a data directory of its own; closed by whoever started it, or by replacing a or b. */
  readonly start: () => Promise<RunningServer>
}

/**
 * In a describe: two servers over a fresh schema started before its tests (`tag` names their data directories, `more`
 * adds to their environment); after them both closed, the directories removed and the schema dropped.
 */
export const postgresServers = (tag: string, secret: string, more: Record<string, string> = {}): PostgresServers => {
  const dirs: string[] = []
  const schema = freshSchemaName()
  const start = (): Promise<RunningServer> => {
    const dir = mkdtempSync(join(tmpdir(), `gridcase-${tag}-`))
    dirs.push(dir)
    return startSignedServer({ DATA_DIR: dir, DATABASE_URL: postgresUrl(), DATABASE_SCHEMA: schema, GRIDCASE_JWT_SECRET: secret, ...more })
  }
  let a: RunningServer | undefined
  let b: RunningServer | undefined
  const started = (server: RunningServer | undefined): RunningServer => {
    if (server === undefined) throw new Error('the PostgreSQL servers are started in beforeAll')
    return server
  }
  beforeAll(async () => {
    a = await start()
    b = await start()
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    await dropSchema(postgresUrl(), schema)
  })
  return {
    get a() {
      return started(a)
    },
    set a(server) {
      a = server
    },
    get b() {
      return started(b)
    },
    set b(server) {
      b = server
    },
    schema,
    dirs,
    start,
  }
}
