// Test-only, not built (packages/http/tsconfig.json excludes src/**/fixtures.ts; tsconfig.tests.json type-checks it, as
// core's fixtures): what the route suites beside it share.
import type { Actor } from '@gridcase/core/access'
import express from 'express'
import type { AddressInfo } from 'node:net'
import type { RouteContext } from '../context.js'
import { eventRoutes } from './events.js'

/** The event log's routes served on a free port of 127.0.0.1 to `actor` (signed in as it, no token), over `ctx`. */
export interface ServedRoutes {
  /** http://127.0.0.1:<port> */
  readonly url: string
  /** Stops listening; resolves once the server is closed. */
  close(): Promise<void>
}

export const servedEventRoutes = async (ctx: RouteContext, actor: Actor): Promise<ServedRoutes> => {
  const app = express()
  app.use((_req, res, next) => {
    res.locals['actor'] = actor
    next()
  })
  app.use(eventRoutes(ctx))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))),
  }
}
