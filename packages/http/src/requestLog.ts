import type { IncomingHttpHeaders } from 'node:http'
import { newId } from '@gridcase/adapters/embedded'
import type { Logger } from 'pino'

/** The request's id: the client's `X-Request-Id` (at most 100 characters), else a fresh uuid (v7, as the ids of events); answered in `X-Request-Id`. */
export const requestIdOf = (headers: IncomingHttpHeaders): string => {
  const given = headers['x-request-id']
  return typeof given === 'string' ? given.slice(0, 100) : newId()
}

/**
 * One line per request at info: id, method, route pattern, path (never the query: it may hold a token), status,
 * milliseconds, and who. One plain object on the app's logger, no child logger or serializer per request; the
 * level is asked each time (it may change at run time) and below info nothing is built.
 */
export const logRequest = (
  logger: Logger,
  requestId: string,
  method: string,
  route: string,
  path: string,
  status: number,
  started: bigint,
  actor: { readonly id?: string; readonly role?: string } | undefined,
): void => {
  if (!logger.isLevelEnabled('info')) return
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  // Two literals, not one with a spread of a conditional object: the same keys in the same order, without the copy.
  logger.info(
    actor === undefined ? { requestId, method, route, path, status, ms } : { requestId, method, route, path, status, ms, actor: actor.id, role: actor.role },
    'request',
  )
}
