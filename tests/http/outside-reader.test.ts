// Another process reading the server's SQLite files while it runs (an operator's `sqlite3 read-models.sqlite`, a
// backup script): found in a hands-on review (2026-12-04), the server had dropped its own POSIX locks on
// read-models.sqlite — it opened and closed the file again to make it private (0600) after SQLite had opened it, and
// closing any descriptor of a file drops every lock the process holds on it — so the outside reader, closing last as
// far as SQLite could tell, deleted the server's WAL. The server went on writing into the deleted file, and a crash
// then lost what it had acknowledged (a webhook subscription, 201, gone after the restart). SQLite's "How To Corrupt An
// SQLite Database File", section 2.2.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signToken } from '@gridcase/http'
import Database from 'better-sqlite3'
import { afterAll, expect, it } from 'vitest'
import { startChild, type ChildServer } from './helpers/child.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-outside-reader-'))
const verifyDir = mkdtempSync(join(tmpdir(), 'gridcase-outside-reader-verify-'))
let server: ChildServer | undefined
let verifying: ChildServer | undefined
afterAll(async () => {
  await server?.stop()
  await verifying?.stop()
  rmSync(dir, { recursive: true, force: true })
  rmSync(verifyDir, { recursive: true, force: true })
})

/** Whether process `pid` holds a POSIX lock on the file at `path` (Linux: /proc/locks, by inode). */
const holdsLock = (pid: number, path: string): boolean => {
  const inode = statSync(path).ino
  return readFileSync('/proc/locks', 'utf8').split('\n').some((line) => {
    const fields = line.trim().split(/\s+/)
    return fields[1] === 'POSIX' && fields[4] === String(pid) && fields[5]?.endsWith(`:${inode}`) === true
  })
}

it("the server keeps its locks on its SQLite files, so an outside process that opens and closes them leaves their WAL in place", async () => {
  server = await startChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: 'outside-reader-secret-outside-reader-secret!', SQLITE_SYNCHRONOUS: 'normal' })
  const pid = server.child.pid as number
  for (const name of ['read-models.sqlite', 'gridcase.sqlite']) {
    const path = join(dir, name)
    expect(existsSync(`${path}-wal`), `${name}-wal`).toBe(true)
    // SQLite in WAL mode: each connection holds a shared lock on the database file while it is open; an outside
    // process's connection, closing, deletes the WAL only when it can lock the file exclusively (nobody else has it).
    expect(holdsLock(pid, path), `the server's lock on ${name}`).toBe(true)
    // This test's process is another process than the server's, as an operator's sqlite3 is.
    const outside = new Database(path)
    expect(outside.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toBeDefined()
    outside.close()
    expect(existsSync(`${path}-wal`), `${name}-wal after an outside reader closed`).toBe(true)
  }
}, 60_000)

it("an auditor's verify keeps the server's locks on its log: the read-only opening of the log's keys opens no descriptor of its own on a file in use", async () => {
  // Found (session 49): reading the subject keys read-only (the verify's, on a worker thread and on the main one) asked
  // whether the log is a WAL file by opening and closing a descriptor on it, which dropped the server's lock on it.
  const secret = 'outside-reader-verify-secret-outside-reader-verify!'
  verifying = await startChild({ DATA_DIR: verifyDir, GRIDCASE_JWT_SECRET: secret, SQLITE_SYNCHRONOUS: 'normal' })
  const pid = verifying.child.pid as number
  const path = join(verifyDir, 'gridcase.sqlite')
  expect(holdsLock(pid, path), 'the lock before the verify').toBe(true)
  const auditor = await signToken({ secret }, { id: 'aud', role: 'auditor', jurisdiction: 'hohhot' })
  for (const query of ['', '?full=true']) {
    const answer = await fetch(`${verifying.url}/api/v1/audit/verify${query}`, { headers: { authorization: `Bearer ${auditor}` } })
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { ok: boolean }).ok).toBe(true)
    expect(holdsLock(pid, path), `the server's lock on gridcase.sqlite after verify${query}`).toBe(true)
  }
  const outside = new Database(path)
  expect(outside.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toBeDefined()
  outside.close()
  expect(existsSync(`${path}-wal`), 'gridcase.sqlite-wal after an outside reader closed').toBe(true)
}, 60_000)
