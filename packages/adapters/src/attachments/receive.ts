import { ATTACHMENT_TYPES, SNIFF_BYTES, sniffContentType } from '@gridcase/core/attachments'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { open, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { ReceivedFile } from './store.js'

/** Upload limits (configuration: ATTACHMENTS_MAX_BYTES, ATTACHMENTS_TYPES). */
export interface UploadLimits {
  /** Largest file accepted, in bytes (default 10 MiB). */
  readonly maxBytes: number
  /** Content types accepted; each must be one the store can recognise by its magic bytes (`ATTACHMENT_TYPES`). */
  readonly types: readonly string[]
}

export const defaultUploadLimits: UploadLimits = { maxBytes: 10 * 1024 * 1024, types: ATTACHMENT_TYPES }

/** Why an upload was not kept. Nothing of it is: the temporary file is removed. */
export type UploadRefusal =
  | { readonly reason: 'too-large'; readonly limit: number }
  | { readonly reason: 'unsupported-type'; readonly declared: string; readonly accepted: readonly string[] }
  | { readonly reason: 'type-mismatch'; readonly declared: string; readonly detected?: string }
  | { readonly reason: 'empty' }

export type Received = { readonly ok: true; readonly file: ReceivedFile } | { readonly ok: false; readonly refusal: UploadRefusal }

/** The media type without parameters, lower case (`image/PNG; x=y` → `image/png`). */
export const mediaType = (declared: string | undefined): string => (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

/**
 * `source` as an iterable whose first chunk is asked for now (a stream's async iterator attaches its 'error' listener on
 * the first `next()`, not when it is made), the same iterator afterwards; `return()` releases the source as `for await` does.
 */
const startReading = (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncIterable<Uint8Array> => {
  const iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()
  let first: Promise<IteratorResult<Uint8Array>> | undefined = Promise.resolve(iterator.next())
  // Failed before it is awaited: the rejection is handled when it is.
  first.catch(() => undefined)
  const reader: AsyncIterator<Uint8Array> = {
    next: () => {
      const pending = first ?? Promise.resolve(iterator.next())
      first = undefined
      return pending
    },
    return: async () => {
      first = undefined
      return (await iterator.return?.()) ?? { done: true, value: undefined }
    },
  }
  return { [Symbol.asyncIterator]: () => reader }
}

/**
 * Streams an upload into a temporary file under `tempDir` while hashing it, and stops at the first byte over the
 * limit or as soon as the first bytes show another type than the one declared — nothing is kept then. The file
 * is written with mode 0600; making it durable is the store's part (the directory store fsyncs it before it renames
 * it into place; a database store copies it and needs no fsync of it). Reading starts before anything is awaited: a
 * stream that fails (a form cut off, a client gone) has a listener from its first moment, since an 'error' nobody
 * listens to ends the process.
 */
export const receiveUpload = async (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, declaredType: string | undefined, limits: UploadLimits, tempDir: string): Promise<Received> => {
  const declared = mediaType(declaredType)
  const refuse = (refusal: UploadRefusal): Received => ({ ok: false, refusal })
  if (!limits.types.includes(declared)) return refuse({ reason: 'unsupported-type', declared, accepted: limits.types })
  const chunks = startReading(source)
  mkdirSync(tempDir, { recursive: true, mode: 0o700 })
  const tempPath = join(tempDir, `upload-${randomBytes(12).toString('hex')}`)
  const handle = await open(tempPath, 'wx', 0o600)
  const hash = createHash('sha256')
  let size = 0
  let head = Buffer.alloc(0)
  let sniffed = false
  let outcome: Received | undefined
  try {
    for await (const chunk of chunks) {
      size += chunk.length
      if (size > limits.maxBytes) {
        outcome = refuse({ reason: 'too-large', limit: limits.maxBytes })
        break
      }
      if (!sniffed) {
        head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES)
        if (head.length >= SNIFF_BYTES) {
          sniffed = true
          const detected = sniffContentType(head)
          if (detected !== declared) {
            outcome = refuse({ reason: 'type-mismatch', declared, ...(detected === undefined ? {} : { detected }) })
            break
          }
        }
      }
      hash.update(chunk)
      await handle.write(chunk)
    }
    if (outcome === undefined && size === 0) outcome = refuse({ reason: 'empty' })
    if (outcome === undefined && !sniffed) {
      // A file shorter than the sniffed prefix: judged on what there is.
      const detected = sniffContentType(head)
      if (detected !== declared) outcome = refuse({ reason: 'type-mismatch', declared, ...(detected === undefined ? {} : { detected }) })
    }
    if (outcome === undefined) {
      outcome = { ok: true, file: { tempPath, sha256: hash.digest('hex'), size, contentType: declared } }
    }
    return outcome
  } finally {
    await handle.close()
    if (outcome === undefined || !outcome.ok) await unlink(tempPath).catch(() => undefined)
  }
}
