// One suite, every attachment store: the directory under DATA_DIR, memory, and PostgreSQL (bytea, the throwaway
// server of tests/postgres/globalSetup.ts) — each takes in, deduplicates, streams out, re-hashes and forgets alike.
import { attachmentPath, fileAttachmentStore, memoryAttachmentStore, postgresAttachmentStore, type AttachmentStore } from '@gridcase/adapters'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buffer } from 'node:stream/consumers'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { pdf, png, put } from './support.js'

interface Harness {
  readonly store: AttachmentStore
  /** Replaces the stored bytes behind the store's back (an insider, a disk fault). */
  readonly tamper: (sha256: string, bytes: Buffer) => Promise<void>
  readonly close: () => Promise<void>
  /** What the store told of files it repaired (stores that tell). */
  readonly repairs?: readonly { readonly sha256: string; readonly actual: string }[]
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

const suite = (name: string, open: () => Promise<Harness>) => {
  describe(name, () => {
    let h: Harness
    beforeAll(async () => {
      h = await open()
    })
    afterAll(async () => h.close())

    it('takes a file in under its SHA-256 and gives the same bytes back', async () => {
      const bytes = png(4096)
      const info = await put(h.store, bytes, 'image/png', 'alice', '2026-03-02T01:00:00.000Z')
      expect(info).toEqual({ sha256: sha(bytes), size: bytes.length, contentType: 'image/png', uploadedAt: '2026-03-02T01:00:00.000Z', uploaders: ['alice'] })
      expect(await h.store.has(sha(bytes))).toBe(true)
      const read = await h.store.read(sha(bytes))
      expect(read === undefined ? undefined : (await buffer(read)).equals(bytes)).toBe(true)
      expect(await h.store.check(sha(bytes))).toEqual({ status: 'ok' })
    })

    it('keeps the same bytes once, and every uploader of them', async () => {
      const bytes = pdf()
      await put(h.store, bytes, 'application/pdf', 'alice', '2026-03-02T01:00:00.000Z')
      const again = await put(h.store, bytes, 'application/pdf', 'bob', '2026-03-03T01:00:00.000Z')
      expect(again.uploadedAt).toBe('2026-03-02T01:00:00.000Z')
      expect([...again.uploaders].sort()).toEqual(['alice', 'bob'])
      expect((await h.store.list()).filter((f) => f.sha256 === sha(bytes))).toHaveLength(1)
    })

    it('a file whose bytes were replaced is reported altered, with the hash it has now', async () => {
      const bytes = png()
      await put(h.store, bytes, 'image/png')
      const other = png()
      await h.tamper(sha(bytes), other)
      expect(await h.store.check(sha(bytes))).toEqual({ status: 'altered', actual: sha(other) })
    })

    it('an upload of the right bytes repairs a stored file whose bytes were damaged (and tells); an intact one is left alone', async () => {
      const bytes = png(2048)
      await put(h.store, bytes, 'image/png', 'alice')
      const damaged = Buffer.from(bytes)
      damaged[100] = (damaged[100] ?? 0) ^ 0xff
      await h.tamper(sha(bytes), damaged)
      expect(await h.store.check(sha(bytes))).toEqual({ status: 'altered', actual: sha(damaged) })
      const info = await put(h.store, bytes, 'image/png', 'bob')
      expect(await h.store.check(sha(bytes))).toEqual({ status: 'ok' })
      const read = await h.store.read(sha(bytes))
      expect(read === undefined ? undefined : (await buffer(read)).equals(bytes)).toBe(true)
      expect([...info.uploaders].sort()).toEqual(['alice', 'bob'])
      if (h.repairs !== undefined) {
        expect(h.repairs).toEqual([{ sha256: sha(bytes), actual: sha(damaged) }])
        // Intact: nothing to repair, nothing told.
        await put(h.store, bytes, 'image/png', 'carol')
        expect(h.repairs).toHaveLength(1)
      }
    })

    it('forgets a removed file; an unknown hash is missing, not an error', async () => {
      const bytes = png()
      await put(h.store, bytes, 'image/png')
      await h.store.remove(sha(bytes))
      expect(await h.store.has(sha(bytes))).toBe(false)
      expect(await h.store.read(sha(bytes))).toBeUndefined()
      expect(await h.store.check(sha(bytes))).toEqual({ status: 'missing' })
      expect(await h.store.info('not-a-hash')).toBeUndefined()
    })
  })
}

suite('directory store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-attachment-store-'))
  const repairs: { sha256: string; actual: string }[] = []
  const store = fileAttachmentStore(dir, { onRepaired: (r) => repairs.push(r) })
  return {
    store,
    repairs,
    tamper: async (sha256, bytes) => writeFileSync(attachmentPath(dir, sha256), bytes),
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

suite('memory store', async () => {
  const store = memoryAttachmentStore()
  return { store, tamper: async (sha256, bytes) => void store.bytes.set(sha256, bytes), close: () => store.close() }
})

describePostgres('PostgreSQL store (bytea)', () => {
  suite('in a fresh schema', async () => {
    const schema = freshSchemaName()
    const pool = new pg.Pool({ connectionString: postgresUrl(), max: 4 })
    const temp = mkdtempSync(join(tmpdir(), 'gridcase-pg-uploads-'))
    const repairs: { sha256: string; actual: string }[] = []
    const store = postgresAttachmentStore({ pool, schema, tempDir: temp, onRepaired: (r) => repairs.push(r) })
    return {
      store,
      repairs,
      tamper: async (sha256, bytes) => {
        await pool.query(`UPDATE ${pg.escapeIdentifier(schema)}.attachments SET content = $2 WHERE sha256 = $1`, [sha256, bytes])
      },
      close: async () => {
        await store.close()
        await pool.end()
        await dropSchema(postgresUrl(), schema)
        rmSync(temp, { recursive: true, force: true })
      },
    }
  })
})
