import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventLeafHash, rootOf, toHex } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { generateHeadKey, headSigner, headVerifier } from './signingKey.js'
import { sqliteTreeHeads } from './treeHeads.js'
import { CHUNK, nodeSha256Bytes, treeLog } from './treeLog.js'

const actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const key = generateHeadKey()
const chunk = (i: number) => ({ firstPosition: i * CHUNK, lastPosition: i * CHUNK + CHUNK - 1, hash: new Uint8Array(32).fill(i + 1) })
const head = (treeSize: number) => ({ treeSize, rootHash: 'a'.repeat(64), timestamp: '2026-03-02T01:00:00Z', keyId: 'b'.repeat(64), signature: 'c2ln' })

let dir: string
let file: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-tree-heads-'))
  file = join(dir, 'log.sqlite')
  await sqliteEventStore({ path: file }).close()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** What another connection (another process, the store's writer) sees in the file. */
const stored = () => {
  const db = new Database(file, { readonly: true })
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { chunks: count('merkle_chunks'), heads: count('tree_heads') }
  } finally {
    db.close()
  }
}

describe('the tree heads in SQLite', () => {
  it('writes chunks with the next head, in one commit, not one commit per chunk', () => {
    const heads = sqliteTreeHeads({ path: file })
    heads.saveChunk(0, chunk(0))
    heads.saveChunk(1, chunk(1))
    expect(stored()).toEqual({ chunks: 0, heads: 0 })
    heads.saveHead(head(2 * CHUNK))
    expect(stored()).toEqual({ chunks: 2, heads: 1 })
    heads.close()
  })

  it('loses no chunk kept unwritten: a read of the chunks and closing write them', () => {
    const heads = sqliteTreeHeads({ path: file })
    heads.saveChunk(0, chunk(0))
    expect(heads.chunks().map((c) => c.lastPosition)).toEqual([CHUNK - 1])
    expect(stored().chunks).toBe(1)
    heads.saveChunk(1, chunk(1))
    heads.close()
    expect(stored().chunks).toBe(2)
    const again = sqliteTreeHeads({ path: file })
    expect(again.chunks().map((c) => Array.from(c.hash.slice(0, 1)))).toEqual([[1], [2]])
    again.close()
  })

  it('a tree following a SQLite store keeps the root of every event across a restart', async () => {
    const store = sqliteEventStore({ path: file })
    const signer = headSigner(key.privateKeyPem)
    const clock = manualClock('2026-03-02T01:00:00Z')
    let n = 0
    const append = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        n += 1
        await store.appendToStream(`s-${n % 7}`, Array.from({ length: 1 + (n % 13) }, (_, k) => ({ type: 'Noted', schemaVersion: 1, data: { n, k }, metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-03-02T01:00:00Z' } })), { expectedVersion: 'any' })
      }
    }
    const heads = sqliteTreeHeads({ path: file })
    const first = treeLog({ store, heads, signer, clock, everyEvents: 300 })
    await first.start()
    await append(60)
    await first.waitFor((await store.readAll()).length - 1)
    await first.stop()
    heads.close()
    await append(40)
    const reopened = sqliteTreeHeads({ path: file })
    const second = treeLog({ store, heads: reopened, signer, clock, everyEvents: 300 })
    await second.start()
    const all = await store.readAll()
    expect(second.size()).toBe(all.length)
    const expected = toHex(rootOf(all.map((e) => eventLeafHash(e, nodeSha256Bytes)), nodeSha256Bytes))
    expect(reopened.latestHead()).toMatchObject({ treeSize: all.length, rootHash: expected })
    await second.stop()
    reopened.close()
    await store.close()
  })

  // An insider's row in tree_heads above the log's size, under the server's key id with a signature of nothing, and one
  // signed by a key of their own: taken in, the first stopped all signing until the log grew past it and kept the
  // server's head of its size out of the table (INSERT OR IGNORE).
  for (const thread of [false, true])
    it(`a forged row is not served nor counted as signed, is reported once, and the server's head of its size replaces it (${thread ? 'on the tree thread' : 'in process'})`, async () => {
      const store = sqliteEventStore({ path: file })
      const signer = headSigner(key.privateKeyPem)
      const keys = headVerifier([signer.publicKeyPem])
      const clock = manualClock('2026-03-02T01:00:00Z')
      let n = 0
      const append = async (count: number) => {
        for (let i = 0; i < count; i += 1) {
          n += 1
          await store.appendToStream(`s-${n % 7}`, [{ type: 'Noted', schemaVersion: 1, data: { n }, metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-03-02T01:00:00Z' } }], { expectedVersion: 'any' })
        }
      }
      const warnings: string[] = []
      const open = () => sqliteTreeHeads({ path: file }, { keys, onIgnored: (message) => warnings.push(message) })
      const options = { store, signer, clock, everyEvents: 1_000_000, everyMs: 3_600_000, ...(thread ? { thread: { path: file } } : {}) }
      const heads = open()
      const first = treeLog({ ...options, heads })
      await append(20)
      await first.start()
      expect(heads.latestHead()?.treeSize).toBe(20)
      await first.stop()
      heads.close()

      const insider = headSigner(generateHeadKey().privateKeyPem)
      const own = insider.sign({ treeSize: 33, rootHash: 'ab'.repeat(32), timestamp: '2026-03-02T01:01:00Z' })
      const db = new Database(file)
      db.prepare('INSERT INTO tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)').run(
        30, 'cd'.repeat(32), '2026-03-02T01:01:00Z', signer.keyId, Buffer.alloc(64).toString('base64'),
        own.treeSize, own.rootHash, own.timestamp, own.keyId, own.signature,
      )
      db.close()

      const reopened = open()
      expect(reopened.latestHead()?.treeSize).toBe(20)
      expect(reopened.head(30)).toBeUndefined()
      expect(reopened.heads().map((h) => h.treeSize)).toEqual([20])
      expect(reopened.heads({ limit: 1 }).map((h) => h.treeSize)).toEqual([20])
      const second = treeLog({ ...options, heads: reopened })
      await second.start()
      await append(10)
      await second.waitFor((await store.readAll()).at(-1)?.position ?? 0)
      await second.stop()
      const at30 = reopened.head(30)
      expect(at30).toMatchObject({ treeSize: 30, keyId: signer.keyId })
      expect(keys.check(at30 as NonNullable<typeof at30>)).toBe('ok')
      expect(reopened.heads().map((h) => h.treeSize)).toEqual([20, 30])
      expect(warnings.filter((w) => w.includes('head of 30 events'))).toHaveLength(1)
      expect(warnings.filter((w) => w.includes('head of 33 events'))).toHaveLength(1)
      reopened.close()
      await store.close()
    })
})
