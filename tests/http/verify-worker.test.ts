import Database from 'better-sqlite3'
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
})
