import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { copyWhole, openDatabase } from './open.js'

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

describe('copyWhole: a private copy of a WAL-mode file (read-only media) as one state of it', () => {
  /** A WAL-mode file with `rows` rows committed (the WAL not checkpointed: they are in `-wal`), and its writer, still open. */
  const written = (rows: number): { path: string; writer: Database.Database; add: (n: number) => void } => {
    const path = join(dir, 'log.sqlite')
    const writer = openDatabase(path)
    writer.pragma('wal_autocheckpoint = 0')
    writer.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, body TEXT NOT NULL)')
    const insert = writer.prepare('INSERT INTO t (body) VALUES (?)')
    const add = (n: number) => writer.transaction(() => { for (let i = 0; i < n; i += 1) insert.run('x'.repeat(500)) })()
    add(rows)
    return { path, writer, add }
  }
  const rowsOf = (path: string): { rows: number; integrity: string } => {
    const db = new Database(path, { readonly: true })
    try {
      return { rows: (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, integrity: db.pragma('integrity_check', { simple: true }) as string }
    } finally {
      db.close()
    }
  }

  it('copies the file and its WAL: the copy reads every committed row', () => {
    const { path, writer } = written(200)
    const copy = join(dir, 'copy.sqlite')
    copyWhole(path, copy)
    writer.close()
    expect(rowsOf(copy)).toEqual({ rows: 200, integrity: 'ok' })
  })

  it('a checkpoint that restarts the WAL between the file and its WAL is seen, and the copy made again (found in review: the file, then its -wal, copied one after the other)', () => {
    const { path, writer, add } = written(200)
    const copy = join(dir, 'copy.sqlite')
    let writes = 0
    copyWhole(path, copy, {
      afterFile: () => {
        // Once: the writer checkpoints everything into the file (not yet copied again), restarts the WAL and commits more.
        if (writes++ > 0) return
        writer.pragma('wal_checkpoint(TRUNCATE)')
        add(50)
      },
    })
    writer.close()
    expect(writes).toBe(2)
    expect(rowsOf(copy)).toEqual({ rows: 250, integrity: 'ok' })
  })

  it('with its WAL empty before and after, a change to the file itself during the copy is seen too (found in review: a commit checkpointed with TRUNCATE in the middle of the copy left the WAL empty, and the copy torn)', () => {
    const { path, writer, add } = written(200)
    writer.pragma('wal_checkpoint(TRUNCATE)')
    const copy = join(dir, 'copy.sqlite')
    let writes = 0
    copyWhole(path, copy, {
      afterFile: () => {
        if (writes++ > 0) return
        add(50)
        writer.pragma('wal_checkpoint(TRUNCATE)')
      },
    })
    writer.close()
    expect(writes).toBe(2)
    expect(rowsOf(copy)).toEqual({ rows: 250, integrity: 'ok' })
  })

  it('a file written all the time is an error naming it, after a few tries; no copy is left', () => {
    const { path, writer, add } = written(10)
    const copy = join(dir, 'copy.sqlite')
    expect(() =>
      copyWhole(path, copy, {
        afterFile: () => {
          writer.pragma('wal_checkpoint(TRUNCATE)')
          add(1)
        },
      }),
    ).toThrow(`${path} changed while it was copied`)
    writer.close()
    expect(existsSync(copy)).toBe(false)
    expect(existsSync(`${copy}-wal`)).toBe(false)
  })
})
