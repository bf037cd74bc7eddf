import type { ServerResponse } from 'node:http'
import type { Response } from 'express'
import { sendProblem, type Problem } from './problem.js'

/**
 * A command route's answer as data: the status, the headers of its own (ETag, Location, …) in the order they are
 * set, and the JSON body — a case view, or a problem. Express's routes send it with `res.json` / `sendProblem`; the
 * fast command path (fastCommands.ts) writes the same bytes with node:http alone (`writeAnswer`).
 */
export type Answer =
  | { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly problem: false; readonly body: unknown }
  | { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly problem: true; readonly body: Problem }

export const jsonAnswer = (status: number, body: unknown, headers: readonly (readonly [string, string])[] = []): Answer => ({ status, headers, problem: false, body })

export const problemAnswer = (body: Problem, headers: readonly (readonly [string, string])[] = []): Answer => ({ status: body.status, headers, problem: true, body })

/** Sends an answer through express (`res.status().json()`, `sendProblem`). */
export const sendAnswer = (res: Response, answer: Answer): void => {
  for (const [name, value] of answer.headers) res.setHeader(name, value)
  if (answer.problem) sendProblem(res, answer.body)
  else res.status(answer.status).json(answer.body)
}

/** The names `writeAnswer` sets itself after an answer's own headers, lower case. */
const BODY_HEADERS: ReadonlySet<string> = new Set(['content-type', 'content-length'])

/**
 * Writes an answer with node:http alone, byte for byte what `sendAnswer` makes express write: `leading` (name, value,
 * name, value…: helmet's headers and X-Request-Id, which express's middleware set first), the answer's headers, then
 * `Content-Type` with `; charset=utf-8` (express's `res.json` and `res.send` of a string add it) and
 * `Content-Length`, then the body in one write. `tests/http/fast-commands.test.ts` compares the two on the wire.
 *
 * The headers go to `writeHead` as one flat list, which Node writes in order, checking each name and value as
 * `setHeader` would, without building its header object (a name and an entry per header, then read back). That is
 * what `setHeader` would send only while no name repeats: `leadingNames` (lower case) are those of `leading`, and an
 * answer naming one of those, a body header or one of its own twice is written through `setHeader` instead, where
 * the last value of a name takes the first one's place.
 */
export const writeAnswer = (res: ServerResponse, answer: Answer, leading: readonly string[] = [], leadingNames: ReadonlySet<string> = new Set()): void => {
  // The body as UTF-8 bytes, not a string: `end` of a string joins the head and the body into one string first, which
  // with a body in Chinese (two bytes a character in V8) copies both, twice the body's bytes, and then encodes the lot;
  // a Buffer is written beside the head as it is, and its length is the Content-Length.
  const body = Buffer.from(JSON.stringify(answer.body), 'utf8')
  const contentType = answer.problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
  const length = String(body.length)
  if (answer.headers.every(([name], i) => !repeats(name.toLowerCase(), answer.headers, i, leadingNames))) {
    const headers = leading.slice()
    for (const [name, value] of answer.headers) headers.push(name, value)
    headers.push('Content-Type', contentType, 'Content-Length', length)
    res.writeHead(answer.status, headers)
  } else {
    for (let i = 0; i < leading.length; i += 2) res.setHeader(leading[i] as string, leading[i + 1] as string)
    res.statusCode = answer.status
    for (const [name, value] of answer.headers) res.setHeader(name, value)
    res.setHeader('Content-Type', contentType)
    res.setHeader('Content-Length', length)
  }
  res.end(body)
}

/** Does the answer's header `name` (lower case, at index `at`) repeat a leading or body header, or one of its own before it? */
const repeats = (name: string, headers: Answer['headers'], at: number, leadingNames: ReadonlySet<string>): boolean => {
  if (leadingNames.has(name) || BODY_HEADERS.has(name)) return true
  for (let i = 0; i < at; i += 1) if ((headers[i] as readonly [string, string])[0].toLowerCase() === name) return true
  return false
}
