// A row an insider writes into tree_heads above the log's size, unsigned or signed with a key the server does not hold,
// must not stop the server's signing: it is not taken in (at start or from the refresh), not served, not counted as
// signed; it is reported once; and the server's own head of that size replaces it, so receipts taken after verify.
import { generateHeadKey, headSigner, headVerifier, manualClock, postgresEventStore, postgresTreeHeads, treeLog, type PostgresEventStore } from '@gridcase/adapters'
import type { EventDraft } from '@gridcase/core/audit'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { sampleDrafts } from '../support/sampleLog.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const append = async (store: EventStore, drafts: readonly EventDraft[]): Promise<void> => {
  for (const draft of drafts) {
    const metadata = { commandId: `${draft.streamId}-${draft.at}-${draft.type}`, correlationId: 'c', causationId: 'c', actor: draft.actor, occurredAt: draft.at }
    const written = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
    if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
  }
}
type EventStore = PostgresEventStore

describePostgres('PostgreSQL tree heads: a forged row', () => {
  let schema: string
  let store: PostgresEventStore
  let pool: pg.Pool
  beforeEach(() => {
    schema = freshSchemaName()
    store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 4, pollMs: 50 })
    pool = new pg.Pool({ connectionString: postgresUrl(), max: 2 })
  })
  afterEach(async () => {
    await store.close()
    await pool.end()
    await dropSchema(postgresUrl(), schema)
  })

  it('is ignored for signing and serving, reported once naming its size, and replaced by the head the server signs at that size', async () => {
    const key = generateHeadKey()
    const signer = headSigner(key.privateKeyPem)
    const verifier = headVerifier([signer.publicKeyPem])
    const first = [...sampleDrafts({ cases: 3, seed: 5 })]
    const later = [...sampleDrafts({ cases: 2, seed: 6 })].map((d) => ({ ...d, streamId: `${d.streamId}-later` }))
    await append(store, first)
    const size = first.length

    // A running server signs the log as it is.
    const warnings: string[] = []
    const running = await postgresTreeHeads({ pool: store.pool, schema: store.schema }, { refreshMs: 30, keys: verifier, onIgnored: (message) => warnings.push(message) })
    const tree = treeLog({ store, heads: running, signer, clock: manualClock('2026-12-07T06:00:00Z'), everyEvents: 1_000_000, everyMs: 3_600_000 })
    await tree.start()
    expect(running.latestHead()?.treeSize).toBe(size)
    await running.flush()

    // The insider's rows: one under the server's key id with a signature of nothing, one signed by a key of their own.
    const forgedSize = size + later.length
    const insider = headSigner(generateHeadKey().privateKeyPem)
    const own = insider.sign({ treeSize: forgedSize + 3, rootHash: 'ab'.repeat(32), timestamp: '2026-12-07T06:01:00Z' })
    await pool.query(`INSERT INTO ${schema}.tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)`, [
      forgedSize, 'cd'.repeat(32), '2026-12-07T06:01:00Z', signer.keyId, Buffer.alloc(64).toString('base64'),
      own.treeSize, own.rootHash, own.timestamp, own.keyId, own.signature,
    ])
    // The refresh reads them and takes neither in: the newest head served is still the server's.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(running.latestHead()?.treeSize).toBe(size)
    expect(running.head(forgedSize)).toBeUndefined()
    expect(running.heads().map((h) => h.treeSize)).toEqual([size])
    expect(warnings.filter((w) => w.includes(`${forgedSize} events`))).toHaveLength(1)
    expect(warnings.filter((w) => w.includes(`${forgedSize + 3} events`))).toHaveLength(1)
    await tree.stop()
    running.close()

    // A server started now counts as signed only what verifies, signs on, and its head at the forged size is stored.
    const restartWarnings: string[] = []
    const heads = await postgresTreeHeads({ pool: store.pool, schema: store.schema }, { refreshMs: 30, keys: verifier, onIgnored: (message) => restartWarnings.push(message) })
    expect(heads.latestHead()?.treeSize).toBe(size)
    expect(restartWarnings.filter((w) => w.includes(`${forgedSize} events`))).toHaveLength(1)
    const again = treeLog({ store, heads, signer, clock: manualClock('2026-12-07T06:02:00Z'), everyEvents: 1_000_000, everyMs: 3_600_000 })
    await again.start()
    await append(store, later)
    await again.waitFor((await store.readAll()).at(-1)?.position ?? 0)
    const signed = again.signNow()
    expect(signed?.treeSize).toBe(forgedSize)
    expect(heads.head(forgedSize)).toEqual(signed)
    await heads.flush()
    const stored = (await pool.query<{ root_hash: string; timestamp: string; key_id: string; signature: string }>(`SELECT root_hash, timestamp, key_id, signature FROM ${schema}.tree_heads WHERE tree_size = $1`, [forgedSize])).rows
    expect(stored).toHaveLength(1)
    const row = stored[0] as (typeof stored)[number]
    expect(verifier.check({ treeSize: forgedSize, rootHash: row.root_hash, timestamp: row.timestamp, keyId: row.key_id, signature: row.signature })).toBe('ok')
    expect(row.root_hash).toBe(signed?.rootHash)
    await again.stop()
    heads.close()
  })
})
