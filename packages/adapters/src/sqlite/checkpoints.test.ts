import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteCheckpoints } from './checkpoints.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-checkpoints-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('sqliteCheckpoints', () => {
  it('knows nothing of a projection that never ran, then remembers the last save across a reopen', () => {
    const path = join(dir, 'read-model.db')
    const first = sqliteCheckpoints(path)
    expect(first.load('dashboard')).toBeUndefined()
    first.save('dashboard', 41)
    first.save('dashboard', 42)
    first.save('overdue', 7)
    first.close()
    const second = sqliteCheckpoints(path)
    expect([second.load('dashboard'), second.load('overdue')]).toEqual([42, 7])
    second.reset('dashboard')
    expect(second.load('dashboard')).toBeUndefined()
    expect(() => second.save('dashboard', 1.5)).toThrow(RangeError)
    second.close()
  })

  it('commits or rolls back together with the read model when both share a transaction', () => {
    const db = new Database(join(dir, 'read-model.db'))
    db.exec('CREATE TABLE counts (id TEXT PRIMARY KEY, n INTEGER)')
    const checkpoints = sqliteCheckpoints(db)
    const apply = db.transaction((position: number, fail: boolean) => {
      db.prepare('INSERT INTO counts (id, n) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1').run('all')
      checkpoints.save('counts', position)
      if (fail) throw new Error('projection failed')
    })
    apply(0, false)
    expect(() => apply(1, true)).toThrow('projection failed')
    expect(checkpoints.load('counts')).toBe(0)
    expect(db.prepare('SELECT n FROM counts').get()).toEqual({ n: 1 })
    checkpoints.close()
    expect(db.open).toBe(true)
    db.close()
  })
})
