import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eventLeafHash, rootOf, toHex } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { generateHeadKey, headSigner } from './signingKey.js'
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
})
