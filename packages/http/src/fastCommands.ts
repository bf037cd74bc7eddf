import { CREATE } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { isUtf8 } from 'node:buffer'
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as E from 'fp-ts/lib/Either.js'
import type { Logger } from 'pino'
import { problemAnswer, writeAnswer, type Answer } from './answer.js'
import type { CaseCollection } from './collection.js'
import type { RouteContext } from './context.js'
import type { HttpMetrics } from './metrics.js'
import { DATABASE_RETRY_AFTER_S, databaseUnavailable, erasedProblem, isJsonScalar, notAnObject, problem } from './problem.js'
import { logRequest, requestIdOf } from './requestLog.js'
import { commandAnswer } from './routes/command.js'

/**
 * Takes a request if it is a plain JSON command (`POST /api/v1/<collection>` or `POST /api/v1/<collection>/<uuid>/<command>`)
 * and answers it; false, having touched nothing, for anything else (express serves it then).
 */
export type FastCommands = (req: IncomingMessage, res: ServerResponse) => boolean

export interface FastCommandOptions {
  readonly ctx: RouteContext
  readonly collections: readonly CaseCollection[]
  /** The actor a request's Authorization header names, or why not (app.ts `actorFrom`, the express path's too). */
  readonly actorFrom: (authorization: string | undefined) => Promise<E.Either<string, Actor>>
  /** The 401 answer (app.ts `unauthorized`). */
  readonly unauthorized: (detail: string) => Answer
  /** helmet's headers, as express's path sets them (`fixedSecurityHeaders`). */
  readonly security: { readonly removed: readonly string[]; readonly headers: readonly (readonly [string, string])[] }
  /** Largest body in bytes (the express JSON parser's limit); a longer one goes to express, which answers 413. */
  readonly bodyLimit: number
  readonly logger: Logger
  readonly metrics: HttpMetrics
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
// Exactly the path, no query, no trailing slash, no percent-encoding: whatever else express's router would match goes to express
// (a command with a query among them: its route refuses the query, 400 at query.<name>, as the one rule for every route).
const COMMAND_PATH = new RegExp(`^/api/v1/([a-z][a-z0-9-]*)(?:/(${UUID})/([a-z][a-z0-9-]*))?$`)
// The media types the fast path reads itself (spaces removed, lower case); any other JSON type, or a charset, goes to express.
const PLAIN_JSON = new Set(['application/json', 'application/json;charset=utf-8'])
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/

/**
 * body-parser's `express.json()` (strict) on a UTF-8 body: empty → {}, else an object or array, else `scalar` (JSON
 * that is not an object or array, which express's errorHandler answers as `notAnObject`) or undefined (not JSON).
 */
const parseJson = (text: string): { readonly value: unknown } | 'scalar' | undefined => {
  // iconv-lite, which decodes the body for body-parser, drops a byte order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.length === 0) return { value: {} }
  const first = FIRST_NON_WHITESPACE.exec(body)?.[1]
  if (first !== '{' && first !== '[') return isJsonScalar(body) ? 'scalar' : undefined
  try {
    return { value: JSON.parse(body) as unknown }
  } catch {
    return undefined
  }
}

/** The whole body's bytes; undefined if the client went away first. */
const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)))
    req.on('error', () => resolve(undefined))
    req.on('aborted', () => resolve(undefined))
  })

// The answers express's errorHandler gives for these body-parser errors (app.ts).
const notUtf8 = (): Answer => problemAnswer(problem(400, 'validation', 'The body is not valid UTF-8', { errors: [{ path: '(root)', message: 'is not valid UTF-8' }] }))
const notJson = (): Answer => problemAnswer(problem(400, 'validation', 'The body is not valid JSON', { errors: [{ path: '(root)', message: 'is not valid JSON' }] }))
const unreadable = (): Answer => problemAnswer(problem(400, 'bad-request', 'The request could not be read'))
const internal = (): Answer => problemAnswer(problem(500, 'internal', 'Something went wrong on our side; it has been logged'))

/**
 * The hot command routes on node:http alone, beside express: at 1k commands/s express's router, `res.json`, the
 * body-parser stack and the per-request `finish` listeners cost more than the command's own work. The answer comes from
 * the same `commandAnswer` express's routes use, and every header, status and body is what express's path sends for
 * the same request (helmet's headers, X-Request-Id, 401/400 problems, the metrics' route labels, the request log line):
 * tests/http/fast-commands.test.ts compares the two on the wire. Anything not plainly a JSON command goes to express.
 */
export const fastCommands = (options: FastCommandOptions): FastCommands => {
  const { ctx, security, logger, metrics } = options
  // helmet's headers as one flat list (name, value, …), X-Request-Id's place kept after them; the names, lower case.
  const securityHeaders = security.headers.flatMap(([name, value]) => [name, value])
  const leadingNames: ReadonlySet<string> = new Set([...security.headers.map(([name]) => name.toLowerCase()), 'x-request-id'])
  // Per collection: its commands, each with its route label (the metrics' and the log's), made once rather than per request.
  const served = new Map(
    options.collections.map((c) => [
      c.path,
      { collection: c, create: `/api/v1/${c.path}`, commands: new Map(Object.keys(c.caseType.commands).map((command) => [command, `/api/v1/${c.path}/:id/${command}`] as const)) },
    ] as const),
  )

  const serve = async (req: IncomingMessage, res: ServerResponse, collection: CaseCollection, id: string | undefined, command: string, matched: string): Promise<void> => {
    const started = process.hrtime.bigint()
    const path = req.url ?? ''
    const requestId = requestIdOf(req.headers)
    for (const name of security.removed) res.removeHeader(name)
    // As express labels them: no route matched until the body is read and the actor known.
    let route = 'unmatched'
    let actor: Actor | undefined
    const answer = (a: Answer): void => {
      // helmet's headers and X-Request-Id first, as express's middleware sets them first (`writeAnswer`).
      writeAnswer(res, a, securityHeaders, leadingNames, requestId)
      metrics.observe('POST', route, a.status, started)
      logRequest(logger, requestId, 'POST', route, path, a.status, started, actor)
    }
    try {
      const bytes = await readBody(req)
      if (bytes === undefined) return answer(unreadable())
      // Decoding would put U+FFFD in place of a bad byte, and the case would record it for good.
      if (!isUtf8(bytes)) return answer(notUtf8())
      const body = parseJson(bytes.toString('utf8'))
      if (body === undefined) return answer(notJson())
      if (body === 'scalar') return answer(problemAnswer(notAnObject()))
      const who = await options.actorFrom(req.headers.authorization)
      if (E.isLeft(who)) return answer(options.unauthorized(who.left))
      actor = who.right
      route = matched
      answer(await commandAnswer(ctx, collection, { headers: req.headers, body: body.value }, actor, id?.toLowerCase(), command))
    } catch (error) {
      if (res.headersSent) {
        logger.error({ err: error, path }, 'error after the response started')
        res.end()
        return
      }
      const erased = erasedProblem(error)
      if (erased !== undefined) return answer(problemAnswer(erased))
      const unavailable = databaseUnavailable(error)
      if (unavailable !== undefined) {
        logger.warn({ err: error, method: 'POST', path }, 'the database did not answer: 503')
        return answer(problemAnswer(unavailable, [['Retry-After', String(DATABASE_RETRY_AFTER_S)]]))
      }
      logger.error({ err: error, method: 'POST', path }, 'unhandled error')
      answer(internal())
    }
  }

  return (req, res) => {
    if (req.method !== 'POST') return false
    const match = COMMAND_PATH.exec(req.url ?? '')
    if (match === null) return false
    const [, where, id, command] = match
    const target = served.get(where ?? '')
    if (target === undefined) return false
    const matched = id === undefined ? target.create : command === undefined ? undefined : target.commands.get(command)
    if (matched === undefined) return false
    const { headers } = req
    const type = headers['content-type']
    const length = headers['content-length']
    if (
      type === undefined ||
      !PLAIN_JSON.has(type.replace(/[ \t]/g, '').toLowerCase()) ||
      headers['content-encoding'] !== undefined ||
      headers['transfer-encoding'] !== undefined ||
      length === undefined ||
      !/^\d+$/.test(length) ||
      Number(length) > options.bodyLimit
    ) {
      return false
    }
    void serve(req, res, target.collection, id, id === undefined ? CREATE : (command ?? CREATE), matched)
    return true
  }
}
