import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from './open.js'

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3')

/** Another connection (on a worker thread) that creates `path` and holds a write transaction on it for `holdMs`. */
const holdWriteLock = async (path: string, holdMs: number): Promise<Worker> => {
  const worker = new Worker(
    `const Database = require(${JSON.stringify(betterSqlite3)})
     const { parentPort } = require('node:worker_threads')
     const db = new Database(${JSON.stringify(path)})
     db.exec('BEGIN IMMEDIATE; CREATE TABLE held (x)')
     parentPort.postMessage('locked')
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs})
     db.exec('COMMIT')
     db.close()`,
    { eval: true },
  )
  await new Promise((resolve) => worker.once('message', resolve))
  return worker
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-open-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('openDatabase', () => {
  it('waits for WAL mode while another connection holds a new file, instead of failing with SQLITE_BUSY at once', async () => {
    const path = join(dir, 'new.sqlite')
    const other = await holdWriteLock(path, 300)
    const db = openDatabase(path)
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.prepare('SELECT count(*) AS n FROM held').get()).toEqual({ n: 0 })
    } finally {
      db.close()
      await other.terminate()
    }
  })

  it('still gives up with SQLITE_BUSY after the busy timeout', async () => {
    const path = join(dir, 'held.sqlite')
    const other = await holdWriteLock(path, 1500)
    try {
      const started = Date.now()
      expect(() => openDatabase(path, { busyTimeoutMs: 100 })).toThrow(expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }))
      expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    } finally {
      await other.terminate()
    }
  })
})
