import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http'
import type { Express } from 'express'
import type { FastCommands } from './fastCommands.js'

/**
 * A Node HTTP server for an express app (a gridcase app's JSON commands on its fast path first) whose requests and responses are born with express's
 * prototypes, instead of having them swapped in on every request.
 *
 * `app.handle` calls `Object.setPrototypeOf(req, app.request)` (and the same for `res`) on each
 * request. On Node 20 (V8 11.3) objects whose prototype was changed after construction outlive the
 * young generation: measured with `--trace-gc` on a bare express 5 app at 1,000 GET/s, each scavenge
 * promoted about 4 MB and paused 12–20 ms, against 0.2–0.8 ms with the classes below. Here the
 * server constructs `req` and `res` from subclasses of Node's own whose prototypes are
 * `app.request` and `app.response`, so express's `setPrototypeOf` finds the prototype already in
 * place and changes nothing. Every express API on `req` and `res` is unchanged.
 */
export const httpServer = (app: Express): Server => {
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  // The chain stays: Request.prototype → app.request → express's request → IncomingMessage.prototype.
  Object.setPrototypeOf(Request.prototype, app.request)
  Object.setPrototypeOf(Response.prototype, app.response)
  app.request = Request.prototype as unknown as Express['request']
  app.response = Response.prototype as unknown as Express['response']
  // A gridcase app's plain JSON commands are answered without express (fastCommands.ts); everything else by the app.
  const fast = (app as Express & { gridcase?: { fastCommands?: FastCommands } }).gridcase?.fastCommands
  return createServer({ IncomingMessage: Request, ServerResponse: Response }, fast === undefined ? app : (req, res) => {
    if (!fast(req, res)) app(req, res)
  })
}

/** `httpServer(app)`, listening; resolves once it is, rejects if it cannot (port taken, say). */
export const listen = (app: Express, port: number, host?: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = httpServer(app)
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
