import { sealedSqliteStore } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeBigLog } from './helpers/bigLog.js'

// The built worker: a worker thread runs JavaScript only (under the tests' sources `verifyWorker` has none).
const { verifyWorker } = (await import(new URL('../../packages/http/dist/verifyWorker.js', import.meta.url).href)) as typeof import('../../packages/http/src/verifyWorker.js')

const dir = join(tmpdir(), `gridcase-verify-worker-${process.pid}`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the verify worker thread (GET /api/v1/audit/verify on SQLite)', () => {
  it('ends after each run (nothing of the log stays in the server), and the next run re-reads everything and finds a tamper made in between', async () => {
    mkdirSync(dir, { recursive: true })
    const path = join(dir, 'gridcase.sqlite')
    await writeBigLog(path, 3, 2)
    const verifier = verifyWorker(path)
    if (verifier === undefined) throw new Error('no built worker: run npx tsc -b first')
    try {
      const first = await verifier.runner(false)
      expect([...first.eventsByStream.values()].reduce((a, b) => a + b, 0)).toBe(9)
      expect(first.brokenLinks).toEqual([])
      expect(verifier.threads()).toBe(0)
      const db = new Database(path)
      db.prepare("UPDATE events SET data = json_set(data, '$.note', 'rewritten') WHERE position = 4").run()
      db.close()
      const second = await verifier.runner(false)
      expect(second.from).toBe(9)
      expect(second.brokenLinks.map((l) => l.position)).toEqual([4])
      expect(verifier.threads()).toBe(0)
    } finally {
      await verifier.close()
    }
  }, 60_000)

  it('tries each kept key on its subject\'s first sealed value in the thread, and sends back only the keys that do not open (found in review: every sample went to the event loop, which tried them there)', async () => {
    mkdirSync(dir, { recursive: true })
    const path = join(dir, 'sealed.sqlite')
    const store = sealedSqliteStore({ path })
    try {
      for (const n of [0, 1, 2]) {
        const written = await store.appendToStream(`complaint-${n}`, [{
          type: 'ComplaintRegistered',
          schemaVersion: 1,
          data: { title: `路灯 ${n}`, complainant: { name: `居民${n}`, phone: '13904719876' } },
          metadata: { commandId: `r${n}`, correlationId: `r${n}`, causationId: `r${n}`, actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }, occurredAt: '2026-11-30T08:00:00.000Z' },
        }], { expectedVersion: 'no-stream' })
        if (E.isLeft(written)) throw new Error(JSON.stringify(written.left))
      }
    } finally {
      await store.close()
    }
    const verifier = verifyWorker(path)
    if (verifier === undefined) throw new Error('no built worker: run npx tsc -b first')
    try {
      expect((await verifier.runner(false)).wrongKeys).toEqual([])
      const db = new Database(path)
      expect(db.prepare("UPDATE subject_keys SET key = randomblob(32) WHERE subject_id = 'complaint-1#complainant'").run().changes).toBe(1)
      db.close()
      const log = await verifier.runner(false)
      expect(log.wrongKeys).toEqual([['complaint-1#complainant', 1]])
      expect(Object.keys(log)).not.toContain('sealedSamples')
    } finally {
      await verifier.close()
    }
  }, 60_000)
})
