import Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { attachmentPath, fileAttachmentStore, nodePlacingFs, type PlacingFs } from './fileStore.js'
import { defaultUploadLimits, receiveUpload } from './receive.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const png = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(256)])
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** A store whose file-system calls are written down, each with whether the index recorded the file at that moment. */
const watched = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-file-store-'))
  dirs.push(dir)
  const calls: string[] = []
  let hash = ''
  const index = () => new Database(join(dir, 'index.sqlite'), { readonly: true, fileMustExist: true })
  /** Is the file recorded in the index (read from another connection: what a crash now would leave)? */
  const recorded = (): boolean => {
    const db = index()
    try {
      return db.prepare('SELECT 1 FROM attachments WHERE sha256 = ?').get(hash) !== undefined
    } finally {
      db.close()
    }
  }
  const at = (path: string): string => (path === dir ? 'dir' : path.slice(dir.length + 1).replace(hash, '<sha256>'))
  const note = (call: string) => calls.push(`${call}${recorded() ? ' (recorded)' : ''}`)
  const fs: PlacingFs = {
    syncFile: async (path) => {
      note(`syncFile ${path.includes('/tmp/') ? 'tmp/<upload>' : at(path)}`)
      return nodePlacingFs.syncFile(path)
    },
    syncDirectory: async (path) => {
      note(`syncDirectory ${at(path)}`)
      return nodePlacingFs.syncDirectory(path)
    },
    rename: async (from, to) => {
      note(`rename ${from.includes('/tmp/') ? 'tmp/<upload>' : at(from)} ${at(to)}`)
      return nodePlacingFs.rename(from, to)
    },
    mkdir: async (path) => {
      const made = await nodePlacingFs.mkdir(path)
      note(`mkdir ${at(path)}${made === undefined ? '' : ` made ${at(made)}`}`)
      return made
    },
  }
  const store = fileAttachmentStore(dir, { fs })
  const put = async (bytes: Buffer, uploader = 'alice') => {
    hash = sha(bytes)
    const received = await receiveUpload([bytes], 'image/png', defaultUploadLimits, store.tempDir)
    if (!received.ok) throw new Error(received.refusal.reason)
    calls.length = 0
    const kept = await store.adopt(received.file, { id: uploader, at: '2026-03-02T01:00:00.000Z' })
    note('adopted')
    return kept
  }
  return { dir, store, calls, put }
}

describe('fileAttachmentStore: an upload is durable before it is recorded', () => {
  it('fsync(file) < rename < fsync(its directory) < the index row; a new shard directory is synced into its parent first', async () => {
    const { store, calls, put } = watched()
    const bytes = png()
    const [ab, cd] = [sha(bytes).slice(0, 2), sha(bytes).slice(2, 4)]
    await put(bytes)
    expect(calls).toEqual([
      `mkdir ${ab}/${cd} made ${ab}`,
      `syncDirectory ${ab}`,
      'syncDirectory dir',
      'syncFile tmp/<upload>',
      `rename tmp/<upload> ${ab}/${cd}/<sha256>`,
      `syncDirectory ${ab}/${cd}`,
      'adopted (recorded)',
    ])
    await store.close()
  })

  it('into a shard directory that is there already: no directory made, the file and its directory synced before the row', async () => {
    const { dir, store, calls, put } = watched()
    const bytes = png()
    const [ab, cd] = [sha(bytes).slice(0, 2), sha(bytes).slice(2, 4)]
    // Another file in the same shard made the directories before.
    await nodePlacingFs.mkdir(join(dir, ab, cd))
    await put(bytes)
    expect(calls).toEqual([`mkdir ${ab}/${cd}`, 'syncFile tmp/<upload>', `rename tmp/<upload> ${ab}/${cd}/<sha256>`, `syncDirectory ${ab}/${cd}`, 'adopted (recorded)'])
    await store.close()
  })

  it('the same bytes again: nothing synced or renamed (the copy held is intact); a damaged copy is replaced the same durable way', async () => {
    const { dir, store, calls, put } = watched()
    const bytes = png()
    const [ab, cd] = [sha(bytes).slice(0, 2), sha(bytes).slice(2, 4)]
    await put(bytes)
    await put(bytes, 'bob')
    expect(calls).toEqual(['adopted (recorded)'])
    writeFileSync(attachmentPath(dir, sha(bytes)), 'damaged')
    expect(dirname(attachmentPath(dir, sha(bytes)))).toBe(join(dir, ab, cd))
    await put(bytes, 'carol')
    // (Recorded from its first upload on.)
    expect(calls).toEqual([
      `mkdir ${ab}/${cd} (recorded)`,
      'syncFile tmp/<upload> (recorded)',
      `rename tmp/<upload> ${ab}/${cd}/<sha256> (recorded)`,
      `syncDirectory ${ab}/${cd} (recorded)`,
      'adopted (recorded)',
    ])
    expect(await store.check(sha(bytes))).toEqual({ status: 'ok' })
    await store.close()
  })
})
