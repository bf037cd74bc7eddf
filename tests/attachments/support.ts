// What the attachment suites share: files of each type, one taken into a store, a complaint that names files.
import { defaultUploadLimits, newId, receiveUpload, type AttachmentInfo, type AttachmentStore } from '@gridcase/adapters'
import { execute, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { randomBytes } from 'node:crypto'

export const png = (size = 128): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)])
export const pdf = (): Buffer => Buffer.from(`%PDF-1.4\n% ${randomBytes(8).toString('hex')}\n%%EOF\n`)

/** Receives bytes as an upload would be and takes them into the store. */
export const put = async (store: AttachmentStore, bytes: Buffer, contentType: string, uploader = 'uploader', at = '2026-03-02T01:00:00.000Z'): Promise<AttachmentInfo> => {
  const received = await receiveUpload([bytes], contentType, defaultUploadLimits, store.tempDir)
  if (!received.ok) throw new Error(`refused: ${received.refusal.reason}`)
  return store.adopt(received.file, { id: uploader, at })
}

export const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** Registers a complaint naming these files (through the pipeline, which checks them against `files`). */
export const registerWith = async (log: EventStore, files: AttachmentStore, hashes: readonly string[]): Promise<string> => {
  const id = newId()
  const outcome = await execute(
    log,
    complaint,
    id,
    'create',
    {
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'heating',
      title: '暖气不热',
      description: '3号楼暖气一周不热。',
      jurisdiction: GRID,
      attachments: hashes.map((sha256) => ({ sha256, kind: 'photo' })),
    },
    { commandId: newId(), actor: operator, at: '2026-03-02T09:00:00+08:00' },
    { attachments: files },
  )
  if (E.isLeft(outcome)) throw new Error(outcome.left.message)
  return id
}
