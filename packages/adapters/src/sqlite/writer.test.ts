// The SQLite writer commits a group or refuses it: never a group released as a savepoint of a transaction it did not
// open (answered as committed, then gone when that transaction rolls back).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nodeSha256Hex } from './nodeHash.js'
import { sqliteEventStore } from './store.js'
import { sqliteWriter } from './writer.js'
import { noted } from '../../../../tests/support/plainEvents.js'


let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-writer-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the SQLite writer', () => {
  it('refuses a group while its connection is inside a transaction (as a failed ROLLBACK would leave it), writing nothing', async () => {
    const path = join(dir, 'log.sqlite')
    await sqliteEventStore({ path }).close() // the schema
    const db = new Database(path)
    try {
      let n = 0
      const write = sqliteWriter(db, { hash: nodeSha256Hex, now: () => '2026-03-02T01:00:00.000Z', newEventId: () => `e-${(n += 1)}` })
      db.exec('BEGIN')
      expect(() => write([{ streamId: 's-1', events: [noted(1)], expectedVersion: 'no-stream' }])).toThrow('inside a transaction it did not open')
      db.exec('ROLLBACK')
      // Out of it, the writer commits again.
      const settled = write([{ streamId: 's-1', events: [noted(2)], expectedVersion: 'no-stream' }])
      expect(settled[0]).toMatchObject({ ok: { _tag: 'Right', right: { lastPosition: 0 } } })
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 })
    } finally {
      db.close()
    }
  })
})
