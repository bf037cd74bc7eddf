// The server as `npm start` runs it (readConfig, SQLite files under a fresh DATA_DIR, a real port, the processes it
// runs by default), in this process, and how a test speaks to it as an actor.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { expect } from 'vitest'

export interface RealServer {
  readonly server: RunningServer
  /** A request as `actor` (a bearer token signed with the server's secret), a JSON body when one is given. */
  readonly call: (actor: Actor, method: string, path: string, body?: unknown) => Promise<Response>
  /** A bearer token for `actor`, signed with the server's secret (for a client other than fetch). */
  readonly token: (actor: Actor) => Promise<string>
  /** A command (POST) as `actor` that must succeed: its answer's text. */
  readonly ok: (actor: Actor, path: string, body?: unknown) => Promise<string>
  /** Stops the server and removes its data. */
  readonly close: () => Promise<void>
}

/** Starts the server on a fresh data folder with `env` beside the essentials (`SQLITE_SYNCHRONOUS=normal`: tests need no fsync). */
export const startRealServer = async (name: string, env: Readonly<Record<string, string>> = {}): Promise<RealServer> => {
  const secret = `${name}-secret-`.repeat(4)
  const dataDir = mkdtempSync(join(tmpdir(), `gridcase-${name}-`))
  // A start refused (the tests of bad settings) leaves no data folder behind.
  let server: RunningServer
  try {
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: secret, SQLITE_SYNCHRONOUS: 'normal', ...env })
    if (config._tag === 'Left') throw new Error(config.left.message)
    server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const call = async (actor: Actor, method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await signToken({ secret }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const ok = async (actor: Actor, path: string, body: unknown = {}): Promise<string> => {
    const res = await call(actor, 'POST', path, body)
    const text = await res.text()
    expect(res.status, `${path}: ${text}`).toBeLessThan(300)
    return text
  }
  return {
    server,
    call,
    token: (actor) => signToken({ secret }, actor),
    ok,
    close: async () => {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
