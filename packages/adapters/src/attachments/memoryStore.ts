import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { readFile, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { AttachmentInfo, AttachmentStore } from './store.js'

/** Attachments in memory: for tests and examples (an app given no store keeps its uploads here). */
export const memoryAttachmentStore = (): AttachmentStore & { readonly bytes: Map<string, Buffer> } => {
  const bytes = new Map<string, Buffer>()
  const infos = new Map<string, AttachmentInfo>()
  const tempDir = mkdtempSync(join(tmpdir(), 'gridcase-uploads-'))
  return {
    bytes,
    tempDir,
    adopt: async (file, uploader) => {
      const held = bytes.get(file.sha256)
      // Held already: kept when its bytes still hash to its name, replaced when not.
      if (held === undefined || createHash('sha256').update(held).digest('hex') !== file.sha256) bytes.set(file.sha256, await readFile(file.tempPath))
      await unlink(file.tempPath).catch(() => undefined)
      const known = infos.get(file.sha256)
      const kept: AttachmentInfo = known === undefined
        ? { sha256: file.sha256, size: file.size, contentType: file.contentType, uploadedAt: uploader.at, uploaders: [uploader.id] }
        : { ...known, uploaders: known.uploaders.includes(uploader.id) ? known.uploaders : [...known.uploaders, uploader.id] }
      infos.set(file.sha256, kept)
      return kept
    },
    info: async (sha256) => infos.get(sha256),
    has: async (sha256) => infos.has(sha256),
    read: async (sha256) => {
      const held = bytes.get(sha256)
      return held === undefined ? undefined : Readable.from([held])
    },
    check: async (sha256) => {
      const held = bytes.get(sha256)
      if (held === undefined) return { status: 'missing' }
      const actual = createHash('sha256').update(held).digest('hex')
      return actual === sha256 ? { status: 'ok' } : { status: 'altered', actual }
    },
    list: async () => [...infos.values()],
    remove: async (sha256) => {
      infos.delete(sha256)
      bytes.delete(sha256)
    },
    // The temporary directory is this store's alone: closed, it goes (each app made without a store made one, and tests
    // make thousands of apps).
    close: async () => {
      await rm(tempDir, { recursive: true, force: true })
    },
  }
}
