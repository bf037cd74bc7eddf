import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rowBatches } from './rowBatches.js'

const SCHEMA = 'CREATE TABLE sums (place TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL, PRIMARY KEY (place, key)) STRICT, WITHOUT ROWID'
const UPSERT_HEAD = 'INSERT INTO sums (place, key, n, sum)'
const UPSERT_TAIL = 'ON CONFLICT (place, key) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum'
const DROP_HEAD = 'DELETE FROM sums WHERE n = 0 AND (place, key) IN ('

type Row = [place: string, key: string, n: number, sum: number]
// Few places and keys: the same key comes back within a group and across groups.
const rowArb: fc.Arbitrary<Row> = fc.tuple(fc.constantFrom('', 'a', 'a/b', 'a/c'), fc.constantFrom('k1', 'k2', 'k3'), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }))

/** The table as text, in key order: n and sum exactly as stored (a float summed in another order would show). */
const tableOf = (db: Database.Database): string[] => (db.prepare('SELECT place, key, n, sum FROM sums ORDER BY place, key').raw().all() as unknown[][]).map((r) => JSON.stringify(r))

describe('rowBatches', () => {
  it('rows upserted several per statement leave the table exactly as one statement per row, in the same order, does', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 80 }), fc.integer({ min: 1, max: 9 }), fc.array(fc.nat({ max: 80 }), { maxLength: 4 }), (rows, width, flushes) => {
        const reference = new Database(':memory:')
        reference.exec(SCHEMA)
        const one = reference.prepare(`${UPSERT_HEAD} VALUES (?, ?, ?, ?) ${UPSERT_TAIL}`)
        for (const r of rows) one.run(...r)
        const db = new Database(':memory:')
        db.exec(SCHEMA)
        const batches = rowBatches(db, UPSERT_HEAD, 4, UPSERT_TAIL, width)
        // Flushed early at some points too (as a page does before a read): the order of the rows is what counts.
        for (const [i, r] of rows.entries()) {
          batches.add(...r)
          if (flushes.includes(i)) batches.flush()
        }
        batches.flush()
        expect(tableOf(db)).toEqual(tableOf(reference))
        db.close()
        reference.close()
      }),
      { numRuns: 200 },
    )
  })

  it('keys deleted several per statement (`IN (VALUES …)`) are the rows one DELETE per key removes, and no other', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.array(fc.tuple(fc.constantFrom('', 'a', 'a/b', 'a/c', 'x'), fc.constantFrom('k1', 'k2', 'k4')), { maxLength: 30 }), (rows, keys) => {
        const fill = (db: Database.Database): void => {
          db.exec(SCHEMA)
          const upsert = db.prepare(`${UPSERT_HEAD} VALUES (?, ?, ?, ?) ${UPSERT_TAIL}`)
          for (const r of rows) upsert.run(...r)
        }
        const reference = new Database(':memory:')
        fill(reference)
        const drop = reference.prepare('DELETE FROM sums WHERE n = 0 AND place = ? AND key = ?')
        for (const k of keys) drop.run(...k)
        const db = new Database(':memory:')
        fill(db)
        const drops = rowBatches(db, DROP_HEAD, 2, ')', 4)
        for (const k of keys) drops.add(...k)
        drops.flush()
        expect(tableOf(db)).toEqual(tableOf(reference))
        db.close()
        reference.close()
      }),
      { numRuns: 200 },
    )
  })

  it('clear forgets the rows still waiting: a failed transaction does not hand its rows to the next', () => {
    const db = new Database(':memory:')
    db.exec(SCHEMA)
    const batches = rowBatches(db, UPSERT_HEAD, 4, UPSERT_TAIL, 4)
    batches.add('a', 'k1', 1, 1)
    batches.clear()
    batches.add('b', 'k1', 2, 2)
    batches.flush()
    expect(tableOf(db)).toEqual([JSON.stringify(['b', 'k1', 2, 2])])
    db.close()
  })

  it('a row of the wrong number of values is refused, and nothing of it waits to be written', () => {
    const db = new Database(':memory:')
    db.exec(SCHEMA)
    const batches = rowBatches(db, UPSERT_HEAD, 4, UPSERT_TAIL, 2)
    batches.add('a', 'k1', 1, 1)
    expect(() => batches.add('a', 'k2', 1)).toThrow(/3 values for 4 columns/)
    expect(() => batches.add('a', 'k2', 1, 1, 9)).toThrow(/5 values for 4 columns/)
    batches.add('b', 'k1', 2, 2)
    batches.flush()
    expect(tableOf(db)).toEqual([JSON.stringify(['a', 'k1', 1, 1]), JSON.stringify(['b', 'k1', 2, 2])])
    db.close()
  })

  it('INTEGER keys (the tree’s depth) upserted and deleted several per statement match one statement per row', () => {
    const schema = 'CREATE TABLE tree (depth INTEGER NOT NULL, place TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (depth, place, key)) STRICT, WITHOUT ROWID'
    const head = 'INSERT INTO tree (depth, place, key, n)'
    const tail = 'ON CONFLICT (depth, place, key) DO UPDATE SET n = n + excluded.n'
    const dump = (db: Database.Database): unknown[] => db.prepare('SELECT depth, place, key, n, typeof(depth) FROM tree ORDER BY depth, place, key').raw().all()
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('', 'a'), fc.constantFrom('k1', 'k2'), fc.integer({ min: -2, max: 2 })), { maxLength: 60 }), (rows) => {
        const reference = new Database(':memory:')
        reference.exec(schema)
        const one = reference.prepare(`${head} VALUES (?, ?, ?, ?) ${tail}`)
        for (const r of rows) one.run(...r)
        reference.prepare('DELETE FROM tree WHERE n = 0').run()
        const db = new Database(':memory:')
        db.exec(schema)
        const adds = rowBatches<[number, string, string, number]>(db, head, 4, tail, 3)
        for (const r of rows) adds.add(...r)
        adds.flush()
        const drops = rowBatches<[number, string, string]>(db, 'DELETE FROM tree WHERE n = 0 AND (depth, place, key) IN (', 3, ')', 3)
        for (const [depth, place, key] of rows) drops.add(depth, place, key)
        drops.flush()
        expect(dump(db)).toEqual(dump(reference))
        db.close()
        reference.close()
      }),
      { numRuns: 100 },
    )
  })
})
