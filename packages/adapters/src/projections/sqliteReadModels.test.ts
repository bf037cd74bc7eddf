import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteCheckpointStore } from './sqliteReadModels.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-readmodels-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const walSize = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0)

describe('sqliteCheckpointStore', () => {
  it('checkpoints its WAL into the database file on close, even while another connection keeps the file open', async () => {
    const path = join(dir, 'read-models.sqlite')
    const store = sqliteCheckpointStore(path)
    await store.save([{ name: 'dashboard', position: 41, state: { counts: { open: 3 } } }])
    // An auditor's connection, open across the close: SQLite alone would leave the log for it.
    const other = new Database(path, { readonly: true })
    expect(other.prepare('SELECT count(*) AS n FROM read_models').get()).toEqual({ n: 1 })
    try {
      expect(walSize(path)).toBeGreaterThan(0)
      await store.close()
      expect(walSize(path)).toBe(0)
    } finally {
      other.close()
    }
    // The database file alone (no WAL beside it) holds the read model and its checkpoint.
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
    const reopened = sqliteCheckpointStore(path)
    expect(await reopened.load('dashboard')).toEqual({ name: 'dashboard', position: 41, state: { counts: { open: 3 } } })
    await reopened.close()
  })
})
