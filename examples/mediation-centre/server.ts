// A gridcase server in this process, for when no GRIDCASE_URL is given (and for the example's test): the server
// `npm start` runs (with its processes: a referral opens its dispute, a conclusion comes back on the complaint),
// on a free port, with SQLite under a temporary folder.
import type { Actor } from '@gridcase/core/access'
import { readConfig, signToken, startGridcaseServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'

export interface LocalServer {
  readonly url: string
  /** Signs a token for an actor with the server's secret (what your login service would do). */
  readonly token: (actor: Actor) => Promise<string>
  close(): Promise<void>
}

/** Starts the gridcase server on 127.0.0.1 and a free port. */
export const startLocalServer = async (): Promise<LocalServer> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-mediation-centre-'))
  const secret = 'example-only-secret-example-only-secret'
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, GRIDCASE_JWT_SECRET: secret, SQLITE_SYNCHRONOUS: 'normal' })
  if (config._tag === 'Left') throw new Error(config.left.message)
  const server = await startGridcaseServer(config.right, { logger: pino({ level: 'warn' }) })
  return {
    url: server.url,
    token: (actor) => signToken({ secret, expiresIn: '1h' }, actor),
    close: async () => {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
