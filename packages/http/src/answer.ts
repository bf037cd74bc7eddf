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
 * name, value…: helmet's headers, which express's middleware set first), `X-Request-Id` if a `requestId` is given
 * (set next by express's path; `leading` does not name it then), the answer's headers, then `Content-Type` with `; charset=utf-8` (express's
 * `res.json` and `res.send` of a string add it) and `Content-Length`, then the body in one write.
 * `tests/http/fast-commands.test.ts` compares the two on the wire.
 *
 * The headers go to `writeHead` as one flat list, which Node writes in order, checking each name and value as
 * `setHeader` would, without building its header object (a name and an entry per header, then read back). That is
 * what `setHeader` would send only while no name repeats: `leadingNames` (lower case) are those of `leading` (and
 * `x-request-id` with a `requestId`), and an answer naming one of those, a body header or one of its own twice is
 * written through `setHeader` instead, where the last value of a name takes the first one's place. The list is made
 * at its length at once (a copy of `leading` grown by pushes was two to four arrays per answer).
 */
export const writeAnswer = (
  res: ServerResponse,
  answer: Answer,
  leading: readonly string[] = [],
  leadingNames: ReadonlySet<string> = new Set(),
  requestId?: string,
): void => {
  // The body as UTF-8 bytes, not a string: `end` of a string joins the head and the body into one string first, which
  // with a body in Chinese (two bytes a character in V8) copies both, twice the body's bytes, and then encodes the lot;
  // a Buffer is written beside the head as it is, and its length is the Content-Length.
  const body = Buffer.from(JSON.stringify(answer.body), 'utf8')
  const contentType = answer.problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
  const length = String(body.length)
  const own = answer.headers
  if (!anyRepeats(own, leadingNames)) {
    const headers = new Array<string>(leading.length + (requestId === undefined ? 0 : 2) + 2 * own.length + 4)
    let at = 0
    for (let i = 0; i < leading.length; i += 1) headers[at++] = leading[i] as string
    if (requestId !== undefined) {
      headers[at++] = 'X-Request-Id'
      headers[at++] = requestId
    }
    for (let i = 0; i < own.length; i += 1) {
      const header = own[i] as readonly [string, string]
      headers[at++] = header[0]
      headers[at++] = header[1]
    }
    headers[at++] = 'Content-Type'
    headers[at++] = contentType
    headers[at++] = 'Content-Length'
    headers[at] = length
    res.writeHead(answer.status, headers)
  } else {
    for (let i = 0; i < leading.length; i += 2) res.setHeader(leading[i] as string, leading[i + 1] as string)
    if (requestId !== undefined) res.setHeader('X-Request-Id', requestId)
    res.statusCode = answer.status
    for (const [name, value] of own) res.setHeader(name, value)
    res.setHeader('Content-Type', contentType)
    res.setHeader('Content-Length', length)
  }
  res.end(body)
}

/** Lower case of the header names answers use (a new string per `toLowerCase` of a name with capitals otherwise). */
const lowerNames = new Map<string, string>()
const lower = (name: string): string => {
  let known = lowerNames.get(name)
  if (known === undefined) {
    known = name.toLowerCase()
    // Names come from the code (ETag, Location, …), not from requests; the bound keeps an odd caller from growing it.
    if (lowerNames.size < 64) lowerNames.set(name, known)
  }
  return known
}

/** Does a header of the answer repeat a leading or body header, or one of its own before it (names in any case)? */
const anyRepeats = (headers: Answer['headers'], leadingNames: ReadonlySet<string>): boolean => {
  for (let at = 0; at < headers.length; at += 1) {
    const name = lower((headers[at] as readonly [string, string])[0])
    if (leadingNames.has(name) || BODY_HEADERS.has(name)) return true
    for (let i = 0; i < at; i += 1) if (lower((headers[i] as readonly [string, string])[0]) === name) return true
  }
  return false
}
