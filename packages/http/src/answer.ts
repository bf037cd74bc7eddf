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

/**
 * Writes an answer with node:http alone, byte for byte what `sendAnswer` makes express write: the answer's headers,
 * then `Content-Type` with `; charset=utf-8` (express's `res.json` and `res.send` of a string add it) and
 * `Content-Length`, then the body in one write. `tests/http/fast-commands.test.ts` compares the two on the wire.
 */
export const writeAnswer = (res: ServerResponse, answer: Answer): void => {
  const body = JSON.stringify(answer.body)
  res.statusCode = answer.status
  for (const [name, value] of answer.headers) res.setHeader(name, value)
  res.setHeader('Content-Type', answer.problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8')
  res.setHeader('Content-Length', String(Buffer.byteLength(body)))
  res.end(body)
}
