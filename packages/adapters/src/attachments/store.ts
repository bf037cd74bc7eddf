import type { Readable } from 'node:stream'

/** What the store knows of one file besides its bytes. */
export interface AttachmentInfo {
  readonly sha256: string
  readonly size: number
  /** The type its magic bytes showed (and its uploader declared). */
  readonly contentType: string
  /** When it was first uploaded (ISO). */
  readonly uploadedAt: string
  /** Who uploaded it (actor ids): they may fetch it before any case names it. */
  readonly uploaders: readonly string[]
}

/** A complete upload, checked, in a temporary file of the store's `tempDir` (written, not yet fsynced), ready to be taken in. */
export interface ReceivedFile {
  readonly tempPath: string
  readonly sha256: string
  readonly size: number
  readonly contentType: string
}

/** A re-hash of a stored file: intact, gone, or its bytes no longer hash to its name. */
export type AttachmentCheck = { readonly status: 'ok' } | { readonly status: 'missing' } | { readonly status: 'altered'; readonly actual: string }

/**
 * 附件存储 — files kept by their SHA-256, each once however often it is uploaded (content-addressed). The port
 * every store implements: a directory under DATA_DIR (`fileAttachmentStore`), PostgreSQL (`postgresAttachmentStore`),
 * memory (tests). Receiving (streaming, hashing, limits, sniffing) is shared and happens before: a store only takes in
 * a complete, checked file, so a small adapter is all a new store needs.
 */
export interface AttachmentStore {
  /** Where uploads are streamed before they are taken in (on the store's own file system, so taking in is a rename). */
  readonly tempDir: string
  /**
   * Takes a received file in under its hash (removing the temporary file) and records the uploader, once the bytes are
   * durable; a file already held is kept as it is when its bytes still hash to its name, replaced by the upload when not.
   */
  adopt(file: ReceivedFile, uploader: { readonly id: string; readonly at: string }): Promise<AttachmentInfo>
  info(sha256: string): Promise<AttachmentInfo | undefined>
  /** Is a file with this hash held (recorded; `check` says whether its bytes are intact)? */
  has(sha256: string): Promise<boolean>
  /** The bytes, streamed; undefined when not held (a store may also say so of bytes it can tell are damaged without re-hashing them). */
  read(sha256: string): Promise<Readable | undefined>
  /** Re-hashes the stored bytes. */
  check(sha256: string): Promise<AttachmentCheck>
  /** Every recorded file (for garbage collection). */
  list(): Promise<readonly AttachmentInfo[]>
  /** Forgets a file and its bytes (garbage collection of a file no event names). */
  remove(sha256: string): Promise<void>
  close(): Promise<void>
}
