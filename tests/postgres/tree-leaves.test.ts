// The PostgreSQL store's leaf feed (`readLeaves`, `subscribeLeaves`): the Merkle tree follows the log through four
// columns a row instead of every event's JSON. Checked against the events themselves, and the tree built from it
// against the tree the events give (root, proofs), with the tree shown to take the leaves, not the events.
import { generateHeadKey, headSigner, manualClock, postgresEventStore, sealedPostgresStore, sqliteTreeHeads, treeLog, type PostgresEventStore } from '@gridcase/adapters'
import type { EventStore, RecordedEvent } from '@gridcase/core'
import { eventLeafHash, fromHex, rootOf, toHex, verifyInclusion } from '@gridcase/core/audit'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { sampleDrafts } from '../support/sampleLog.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

/** Appends the sample log's first `cases` cases, one event per append; the events as read back. */
const fill = async (store: EventStore, cases: number): Promise<readonly RecordedEvent[]> => {
  for (const draft of sampleDrafts({ cases, seed: 7 })) {
    const metadata = { commandId: `${draft.streamId}-${draft.at}-${draft.type}`, correlationId: 'c', causationId: 'c', actor: draft.actor, occurredAt: draft.at }
    const written = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
    if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
  }
  return store.readAll()
}

const leafOfEvent = (e: RecordedEvent) => ({ position: e.position, streamId: e.streamId, version: e.version, hash: e.metadata.hash })

describePostgres('PostgreSQL leaf feed', () => {
  let schema: string
  let dir: string
  const opened: { close: () => Promise<void> }[] = []
  beforeEach(() => {
    schema = freshSchemaName()
    dir = mkdtempSync(join(tmpdir(), 'gridcase-leaves-'))
  })
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
    await dropSchema(postgresUrl(), schema)
    rmSync(dir, { recursive: true, force: true })
  })
  const open = (pageSize?: number): PostgresEventStore => {
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 4, pollMs: 50, ...(pageSize === undefined ? {} : { pageSize }) })
    opened.push(store)
    return store
  }

  it('readLeaves gives each event’s position, stream, version and chain hash, in position order, from any position', async () => {
    const store = open()
    const events = await fill(store, 12)
    expect(events.length).toBeGreaterThan(40)
    expect(await store.readLeaves(0, 10_000)).toEqual(events.map(leafOfEvent))
    expect(await store.readLeaves(17, 5)).toEqual(events.slice(17, 22).map(leafOfEvent))
    expect(await store.readLeaves(events.length, 5)).toEqual([])
  })

  it('subscribeLeaves catches up in pages, then takes what is committed after, and ends when the store closes', async () => {
    const store = open(7)
    const before = await fill(store, 6)
    const seen: { position: number }[][] = []
    const following = (async () => {
      for await (const page of store.subscribeLeaves({ fromPosition: 3 })) seen.push([...page])
    })()
    const after = await fill(store, 9)
    const expected = after.slice(3).map(leafOfEvent)
    const deadline = Date.now() + 10_000
    while (seen.flat().length < expected.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen.flat()).toEqual(expected)
    // Pages of at most the store's page size, none empty.
    expect(seen.every((page) => page.length > 0 && page.length <= 7)).toBe(true)
    expect(before.length).toBeLessThan(after.length)
    await store.close()
    await following
  })

  it('the tree follows a PostgreSQL store through its leaves, not its events, and gives the root and proofs the events give', async () => {
    const inner = sealedPostgresStore({ connectionString: postgresUrl(), schema, maxConnections: 4, pollMs: 50 })
    opened.push(inner)
    const events = await fill(inner.unsealed, 10)
    // Counts the reads the tree makes of the log as written (the sealed store's inner store).
    const reads = { leaves: 0, leafPages: 0, events: 0 }
    const log = inner.unsealed
    const counted: PostgresEventStore = {
      ...log,
      readLeaves: async (from, limit) => {
        reads.leaves += 1
        return log.readLeaves(from, limit)
      },
      subscribeLeaves: (options) => {
        reads.leafPages += 1
        return log.subscribeLeaves(options)
      },
      readAll: async (options) => {
        reads.events += 1
        return log.readAll(options)
      },
      subscribe: (options) => {
        reads.events += 1
        return log.subscribe(options)
      },
    }
    const key = generateHeadKey()
    const heads = sqliteTreeHeads({ path: join(dir, 'heads.sqlite') })
    const tree = treeLog({ store: { ...inner, unsealed: counted } as EventStore, heads, signer: headSigner(key.privateKeyPem), clock: manualClock('2026-03-02T01:00:00Z'), everyEvents: 1000 })
    await tree.start()
    // More after the start: taken from the live feed.
    const more = (await fill(inner.unsealed, 14)).slice(events.length)
    await tree.waitFor(more.at(-1)?.position ?? -1)
    const all = await log.readAll()
    expect(tree.size()).toBe(all.length)
    const head = tree.signNow()
    expect(head?.rootHash).toBe(toHex(rootOf(all.map((e) => eventLeafHash(e)))))
    const proof = await tree.inclusionProof(all[33]?.position ?? -1, all.length)
    expect(proof).toBeDefined()
    const digest = (hex: string): Uint8Array => fromHex(hex) ?? new Uint8Array()
    if (proof !== undefined && head !== undefined) {
      expect(verifyInclusion({ index: proof.leafIndex, size: proof.treeSize, leafHash: digest(proof.leafHash), path: proof.path.map(digest), root: digest(head.rootHash) })).toBe(true)
    }
    await tree.stop()
    heads.close()
    expect(reads.leaves).toBeGreaterThan(0)
    expect(reads.leafPages).toBe(1)
    expect(reads.events).toBe(0)
  })
})
