// A gridcase server in this process, for when no GRIDCASE_URL is given (and for the example's test):
// the same app `npm start` runs, on a free port, with SQLite under a temporary folder.
import { DEMO_COMMITTEES_FILE, readCommitteeRegistry, sqliteEventStore } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { complaints, createApp, disputes, jwtAuth, listen, signToken } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface LocalServer {
  readonly url: string
  /** Signs a token for an actor with the server's secret (what your login service would do). */
  readonly token: (actor: Actor) => Promise<string>
  close(): Promise<void>
}

/** Starts the gridcase API on 127.0.0.1 and a free port. */
export const startLocalServer = async (): Promise<LocalServer> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-mediation-centre-'))
  const secret = 'example-only-secret-example-only-secret'
  const store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite') })
  // The committees (调解委员会) the centre routes to: the demo district's file (GRIDCASE_COMMITTEES in a real server).
  const read = readCommitteeRegistry(DEMO_COMMITTEES_FILE)
  if (read._tag === 'Left') throw new Error(read.left.message)
  const committees = read.right
  const app = createApp({ store, caseTypes: [complaints(), disputes({ committees })], auth: jwtAuth({ secret }), committees })
  const server = await listen(app, 0, '127.0.0.1')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: (actor) => signToken({ secret, expiresIn: '1h' }, actor),
    close: async () => {
      await app.gridcase.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
