import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from './open.js'
import { walCheckpointsOnThread, WRITER_CHECKPOINT_PAGES, type WalCheckpoints } from './walCheckpoints.js'
import { framesWaiting, WAL_INDEX_HEADER_BYTES } from './walIndex.js'

let dir: string
let path: string
let db: Database.Database
let running: WalCheckpoints | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-walckpt-'))
  path = join(dir, 'log.sqlite')
  db = openDatabase(path)
  db.exec('CREATE TABLE pages (n INTEGER PRIMARY KEY, body BLOB NOT NULL)')
})
afterEach(async () => {
  await running?.stop()
  running = undefined
  if (db.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const PAGE = 4096
/** Commits `commits` transactions of one page-sized row each (each commit adds three frames to the WAL: the row's leaf and the pages above it). */
const write = async (commits: number, from = 0): Promise<void> => {
  const insert = db.prepare('INSERT INTO pages (n, body) VALUES (?, ?)')
  for (let i = 0; i < commits; i += 1) {
    insert.run(from + i, Buffer.alloc(PAGE - 200, i % 251))
    // A turn of the event loop now and then, as a server's commits come: the thread runs beside them anyway.
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 1))
  }
}
const waiting = (): number => framesWaiting(readFileSync(`${path}-shm`).subarray(0, WAL_INDEX_HEADER_BYTES))
const until = async (condition: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('the WAL index as read for the checkpoint thread (walIndex.ts)', () => {
  it('says the frames waiting as SQLite counts them: all of the WAL before a checkpoint, none after', async () => {
    db.pragma('wal_autocheckpoint = 0')
    await write(300)
    const before = waiting()
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
    // SQLite's own figures: `log` frames in the WAL, `checkpointed` of them copied by this checkpoint (all: nothing else reads).
    expect(row?.busy).toBe(0)
    expect(before).toBe(row?.log)
    expect(row?.checkpointed).toBe(row?.log)
    expect(before).toBeGreaterThan(300)
    expect(waiting()).toBe(0)
  })
})

describe('WAL checkpoints on a thread of their own (walCheckpointsOnThread)', () => {
  it("leaves the writer's own automatic checkpoint as it is (SQLite's 1,000 pages): should the thread be gone, the writer checkpoints as always", async () => {
    running = walCheckpointsOnThread(db)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_CHECKPOINT_PAGES)
    await running.stop()
    running = undefined
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_CHECKPOINT_PAGES)
  })

  it('copies the WAL into the database once `pages` frames wait, with no checkpoint by the writer', async () => {
    // 300 commits ≈ 900 frames: under the writer's own threshold (1,000), over the thread's (100 here).
    running = walCheckpointsOnThread(db, { pages: 100, pollMs: 5 })
    const fileBefore = statSync(path).size
    await write(300)
    await until(() => waiting() < 100)
    expect(running.done().checkpoints).toBeGreaterThan(0)
    // What it copied, counted as SQLite's WAL index counts it: all but the last few frames.
    expect(running.done().frames).toBeGreaterThan(800)
    // The pages are in the database file itself now, not only in the WAL.
    expect(statSync(path).size).toBeGreaterThan(fileBefore + 250 * PAGE)
  })

  it('without the thread, the writer copies nothing under its threshold: all of it is left to one commit', async () => {
    // The contrast for the test above: the same writes, the writer alone.
    const fileBefore = statSync(path).size
    await write(300)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(waiting()).toBeGreaterThan(800)
    expect(statSync(path).size).toBe(fileBefore)
  })

  it("under steady commits copies most of the WAL itself, and the WAL still starts again at the writer's threshold", async () => {
    running = walCheckpointsOnThread(db, { pages: 200, pollMs: 5 })
    await write(3000)
    await until(() => waiting() < 200)
    // 3,000 commits ≈ 9,000 frames: the thread copied most; the WAL never held many more than the writer's 1,000.
    const walFrames = statSync(`${path}-wal`).size / (PAGE + 24)
    expect(running.done().frames).toBeGreaterThan(6000)
    expect(walFrames).toBeLessThan(WRITER_CHECKPOINT_PAGES + 100)
    expect(db.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(3000)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('starts a thread that ended again, and checkpoints go on', async () => {
    running = walCheckpointsOnThread(db, { pages: 100, pollMs: 5, restartMs: 20 })
    await until(() => running?.thread() !== undefined)
    await running.thread()?.terminate()
    await until(() => running?.done().restarts === 1 && running.thread() !== undefined)
    await write(200)
    await until(() => (running?.done().checkpoints ?? 0) > 0)
    expect(running.done().restarts).toBe(1)
  })

  it('commits made while the thread copies are all kept: the file reopened holds every row', async () => {
    running = walCheckpointsOnThread(db, { pages: 50, pollMs: 1 })
    await write(1500)
    await running.stop()
    running = undefined
    db.close()
    const again = openDatabase(path)
    try {
      expect(again.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(1500)
      expect(again.prepare('SELECT sum(n) FROM pages').pluck().get()).toBe((1499 * 1500) / 2)
      expect(again.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      again.close()
    }
  })

  it('a stop keeps the process alive until the thread is gone: a program that closes its store and ends exits 0 (found: 13, a top-level await left pending)', () => {
    // The thread is unref'd while it runs; a stop awaited with nothing else in the event loop must still see its exit.
    const script = `
      import Database from 'better-sqlite3'
      import { walCheckpointsOnThread } from './walCheckpoints.ts'
      const db = new Database(${JSON.stringify(join(dir, 'alone.sqlite'))})
      db.pragma('journal_mode = WAL')
      const running = walCheckpointsOnThread(db)
      await running.stop()
      db.close()
      console.log('stopped')`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8' })
    expect(out.trim()).toBe('stopped')
  })
})
