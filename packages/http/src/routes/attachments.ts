import { mediaType, receiveUpload, type AttachmentStore, type Received, type UploadLimits } from '@gridcase/adapters/embedded'
import { forbidden, notFound, validationError } from '@gridcase/core'
import busboy from 'busboy'
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import { unlink } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { AttachmentAccess } from '../attachmentAccess.js'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { problem, problemOf, sendProblem } from '../problem.js'
import { NoQuery } from '../query.js'

const HEX64 = /^[0-9a-f]{64}$/
const EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }

export interface AttachmentRouteOptions {
  readonly store: AttachmentStore
  /** Who may fetch a file (its uploaders, whoever reads a case naming it): the rule commands naming files follow too. */
  readonly access: AttachmentAccess
  readonly limits: UploadLimits
}

type Outcome = Received | { readonly ok: false; readonly refusal: { readonly reason: 'no-file' | 'bad-multipart'; readonly detail: string } }

const MAX_PARTS = 40

/**
 * A multipart/form-data upload: the part named `file` is received (one file; other parts are read past). Whatever
 * ends the form — its end, a refusal, a malformed or truncated body, a client gone — the answer waits until the file
 * being received is closed, and removed when it is not kept: no temporary file outlives the request. Every file
 * stream busboy hands over gets an 'error' listener at once (busboy destroys the open one with the form's error, and
 * an 'error' nobody listens to ends the process).
 */
const receiveMultipart = (req: Request, limits: UploadLimits, tempDir: string): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 4096, parts: MAX_PARTS } })
    } catch (error) {
      resolve({ ok: false, refusal: { reason: 'bad-multipart', detail: error instanceof Error ? error.message : 'not multipart/form-data' } })
      return
    }
    let receiving: Promise<Received> | undefined
    let settled = false
    let partsCut = false
    let aborted = false
    /** Answers once: stops reading the body, waits for the file being received (removing it unless `outcome` keeps it). */
    const settle = (outcome: () => Promise<Outcome>, failure?: unknown): void => {
      if (settled) return
      settled = true
      req.unpipe(parser)
      const done = receiving ?? Promise.resolve(undefined)
      done
        .then(
          async (received) => {
            const answer = await outcome()
            // Received in full, but the form around it failed: the file is not kept.
            if (received?.ok === true && answer !== received) await unlink(received.file.tempPath).catch(() => undefined)
            return answer
          },
          async () => outcome(),
        )
        .then((answer) => (failure === undefined ? resolve(answer) : reject(failure)), reject)
    }
    const badMultipart = (detail: string): Outcome => ({ ok: false, refusal: { reason: 'bad-multipart', detail } })
    parser.on('file', (name, file, info) => {
      file.on('error', () => undefined)
      if (name !== 'file' || receiving !== undefined || settled) {
        file.resume()
        return
      }
      receiving = receiveUpload(file, info.mimeType, limits, tempDir)
      // Refused early (over the limit, another type): answer now, read no further.
      receiving.then((received) => {
        if (!received.ok) settle(async () => received)
      }, () => undefined)
    })
    parser.on('partsLimit', () => (partsCut = true))
    parser.on('close', () => {
      if (receiving === undefined) {
        const detail = partsCut ? `No part named "file" among the first ${MAX_PARTS} parts (at most ${MAX_PARTS} are read)` : 'Send the file in a part named "file"'
        settle(async () => ({ ok: false, refusal: { reason: 'no-file', detail } }))
      } else {
        const received = receiving
        settle(async () => received.catch((error: unknown) => badMultipart(error instanceof Error ? error.message : 'malformed multipart body')))
      }
    })
    parser.on('error', (error: unknown) => settle(async () => badMultipart(error instanceof Error ? error.message : 'malformed multipart body'), aborted ? error : undefined))
    // The client went away mid-body: the form will never end, so it is ended here (busboy then fails the open file stream).
    req.once('close', () => {
      if (req.complete || settled) return
      aborted = true
      parser.destroy(new Error('The upload was cut off'))
    })
    req.pipe(parser)
  })

const refuse = (res: Response, outcome: Exclude<Outcome, { ok: true }>, limits: UploadLimits): void => {
  // What was not read of the body is not waited for: the connection closes after the answer.
  res.setHeader('Connection', 'close')
  const r = outcome.refusal
  switch (r.reason) {
    case 'too-large':
      return sendProblem(res, problem(413, 'too-large', `The file is larger than the limit of ${r.limit} bytes; nothing was kept`, { limit: r.limit }))
    case 'unsupported-type':
      return sendProblem(res, problem(415, 'unsupported-media-type', `Send one of ${r.accepted.join(', ')}${r.declared === '' ? '' : ` (not ${r.declared})`}`, {
        errors: [{ path: 'headers.Content-Type', message: `expected one of ${r.accepted.join(', ')}` }],
        accepted: r.accepted,
      }))
    case 'type-mismatch':
      return sendProblem(res, problem(415, 'unsupported-media-type', `The content is not ${r.declared}: its bytes show ${r.detected ?? 'none of the accepted types'}`, {
        errors: [{ path: 'headers.Content-Type', message: `does not match the content (${r.detected ?? 'unknown'})` }],
        accepted: limits.types,
      }))
    case 'empty':
      return sendProblem(res, problemOf(validationError([{ path: '(body)', message: 'is empty' }], 'The file is empty')))
    case 'no-file':
      return sendProblem(res, problemOf(validationError([{ path: 'file', message: 'is required' }], r.detail)))
    case 'bad-multipart':
      return sendProblem(res, problemOf(validationError([{ path: '(body)', message: 'is not a valid multipart/form-data body' }], r.detail)))
  }
}

/**
 * `POST /api/v1/attachments` (raw body with its Content-Type, or multipart/form-data with a part `file`) and
 * `GET /api/v1/attachments/{sha256}`; to mount at `/api/v1/attachments` behind authentication.
 */
export const attachmentRoutes = (ctx: RouteContext, options: AttachmentRouteOptions): Router => {
  const { store, access, limits } = options
  const router = Router()

  router.post('/', async (req, res) => {
    const actor = actorOf(res)
    if (actor.role === 'auditor') return sendProblem(res, problemOf(forbidden('auditors are read-only: they upload nothing')))
    // Refused before a byte of the upload is read.
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const declared = req.headers['content-type']
    let outcome: Outcome
    try {
      if (mediaType(declared) === 'multipart/form-data') outcome = await receiveMultipart(req, limits, store.tempDir)
      else {
        // A raw body that says it is too large is refused before a byte of it is read.
        const length = Number(req.headers['content-length'] ?? Number.NaN)
        outcome = Number.isFinite(length) && length > limits.maxBytes
          ? { ok: false, refusal: { reason: 'too-large', limit: limits.maxBytes } }
          : await receiveUpload(req, declared, limits, store.tempDir)
      }
    } catch (error) {
      // The client went away mid-upload: nothing was kept (the temporary file is gone), no one to answer.
      ctx.logger.warn({ err: error }, 'an upload was cut off')
      if (!res.headersSent) sendProblem(res, problem(400, 'bad-request', 'The upload was cut off'))
      return
    }
    if (!outcome.ok) return refuse(res, outcome, limits)
    const kept = await store.adopt(outcome.file, { id: actor.id, at: ctx.clock.now() })
    // The same answer whether the bytes were new or held already: an upload tells nobody what others uploaded.
    res.status(201).location(`/api/v1/attachments/${kept.sha256}`).json({ sha256: kept.sha256, size: kept.size, contentType: kept.contentType })
  })

  router.get('/:sha256', async (req, res) => {
    const query = decodeQuery(NoQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const sha256 = String(req.params['sha256'])
    // A file the actor may not fetch and a file that is not there answer alike (least privilege).
    const missing = () => sendProblem(res, problemOf(notFound('No such attachment')))
    if (!HEX64.test(sha256)) return missing()
    const info = await store.info(sha256)
    if (info === undefined) return missing()
    const actor = actorOf(res)
    if (!(await access.mayFetch(sha256, info.uploaders, actor))) return missing()
    const etag = `"${sha256}"`
    res.setHeader('ETag', etag)
    // Who may read it can change (a case moves, an assignment ends): cached copies are checked every time.
    res.setHeader('Cache-Control', 'private, no-cache')
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end()
      return
    }
    const body = await store.read(sha256)
    if (body === undefined) {
      ctx.logger.error({ sha256 }, 'an attachment is recorded but its bytes are gone or not of the recorded size (gridcase audit verify names the cases; an upload of the right bytes repairs it)')
      return missing()
    }
    const extension = EXTENSIONS[info.contentType] ?? 'bin'
    res.setHeader('Content-Type', info.contentType)
    res.setHeader('Content-Length', String(info.size))
    res.setHeader('X-Content-Type-Options', 'nosniff')
    // Photos may show in a page; a PDF (which can carry scripts) is only ever downloaded.
    res.setHeader('Content-Disposition', `${info.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="${sha256}.${extension}"`)
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
    await pipeline(body, res)
  })

  return router
}
