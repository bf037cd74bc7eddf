// Tamper evidence on a real SQLite file: an auditor keeps a signed head (a receipt); an insider with write
// access to the database then edits it behind the store's back — a flipped byte, the newest event of a
// stream deleted, an event in the middle deleted, an event rewritten with every later hash of its stream
// recomputed, two events swapped, an event inserted in the past, the log cut short. Every edit must be found, with its place,
// and nothing reported on an untouched copy.
import { auditSqliteLog, generateHeadKey, headSigner, headVerifier, manualClock, sqliteEventStore, sqliteTreeHeads, treeLog } from '@gridcase/adapters'
import { eventHash, genesisHash, sealEvents } from '@gridcase/core'
import { type AuditFinding, type SignedTreeHead } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TreeAudit } from '../../packages/adapters/src/audit/auditTree.js'
import { fromRow, toParams, type EventRow } from '../../packages/adapters/src/sqlite/rows.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-tamper-'))
const pristine = join(dir, 'log.sqlite')
const key = generateHeadKey()
const verifier = headVerifier([key.publicKeyPem])
let receipt: SignedTreeHead
let size = 0
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const actor = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot/saihan' } as const
const STREAMS = ['complaint-a', 'complaint-b', 'dispute-c', 'complaint-d']

beforeAll(async () => {
  const clock = manualClock('2026-03-02T01:00:00Z')
  const store = sqliteEventStore({ path: pristine, clock })
  const heads = sqliteTreeHeads({ path: pristine })
  // A head after every event, as a busy server signing every few seconds would roughly give: the place is then exact.
  const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock, everyEvents: 1 })
  await tree.start()
  for (let i = 0; i < 36; i += 1) {
    const streamId = STREAMS[(i * 7) % STREAMS.length] ?? 'complaint-a'
    clock.advance(60_000)
    const data = i % 9 === 4 ? undefined : { n: i, note: `第${i}次 记录`, complainant: { name: '张三', phone: '13800138000' } }
    const result = await store.appendToStream(
      streamId,
      [{ type: i % 2 === 0 ? 'Noted' : 'Updated', schemaVersion: 1, data, metadata: { commandId: `cmd-${i}`, correlationId: `cmd-${i}`, causationId: `cmd-${i}`, actor, occurredAt: clock.now() } }],
      { expectedVersion: 'any' },
    )
    if (E.isLeft(result)) throw new Error(result.left.message)
    await tree.waitFor(result.right.lastPosition)
  }
  await tree.stop()
  size = tree.size()
  receipt = heads.latestHead() as SignedTreeHead
  heads.close()
  await store.close()
})

type Edit =
  | { readonly kind: 'flip'; readonly position: number; readonly column: 'data' | 'metadata' | 'hash' | 'type' | 'recorded_at'; readonly at: number }
  | { readonly kind: 'delete-newest'; readonly stream: number }
  | { readonly kind: 'delete-middle'; readonly position: number }
  | { readonly kind: 'truncate'; readonly count: number }
  | { readonly kind: 'rewrite-and-rehash'; readonly position: number }
  | { readonly kind: 'reorder'; readonly position: number; readonly other: number }
  | { readonly kind: 'insert'; readonly position: number }

const rows = (db: Database.Database): EventRow[] => db.prepare<[], EventRow>('SELECT * FROM events ORDER BY position').all()
const update = (db: Database.Database, row: EventRow): void => {
  db.prepare('UPDATE events SET stream_id = ?, version = ?, event_id = ?, type = ?, schema_version = ?, data = ?, metadata = ?, recorded_at = ?, prev_hash = ?, hash = ? WHERE position = ?').run(
    row.stream_id, row.version, row.event_id, row.type, row.schema_version, row.data, row.metadata, row.recorded_at, row.prev_hash, row.hash, row.position,
  )
}

/** Applies an edit to a copy, the way an insider with the file would; returns the position it should be named at. */
const tamper = (path: string, edit: Edit): number => {
  const db = new Database(path)
  try {
    const all = rows(db)
    switch (edit.kind) {
      case 'flip': {
        const row = all[edit.position] as EventRow
        const text = (edit.column === 'data' ? row.data : row[edit.column]) ?? row.metadata
        const column = (edit.column === 'data' && row.data === null) ? 'metadata' : edit.column
        const i = edit.at % text.length
        // XOR 1 on one UTF-16 unit: always a different character (a byte-level change to the text).
        const flipped = `${text.slice(0, i)}${String.fromCharCode(text.charCodeAt(i) ^ 1)}${text.slice(i + 1)}`
        db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(flipped, row.position)
        return row.position
      }
      case 'delete-newest': {
        const streamId = STREAMS[edit.stream % STREAMS.length] ?? ''
        const newest = all.filter((r) => r.stream_id === streamId).at(-1) as EventRow
        db.prepare('DELETE FROM events WHERE position = ?').run(newest.position)
        return newest.position
      }
      case 'delete-middle': {
        db.prepare('DELETE FROM events WHERE position = ?').run(edit.position)
        return edit.position
      }
      case 'truncate': {
        // The newest `count` events of the whole log, whichever streams they belong to.
        db.prepare('DELETE FROM events WHERE position >= ?').run(all.length - edit.count)
        return all.length - edit.count
      }
      case 'rewrite-and-rehash': {
        // Rewrite one event's data and recompute its hash and every later hash of its stream, with the
        // exported eventHash: every chain still verifies.
        const target = all[edit.position] as EventRow
        let prev = target.prev_hash
        for (const row of all.filter((r) => r.stream_id === target.stream_id && r.version >= target.version)) {
          const event = fromRow(row)
          const data = row.position === target.position ? { n: 999, note: '一切正常' } : event.data
          const unsealed = { ...event, data, metadata: { ...event.metadata, prevHash: prev } }
          const hash = eventHash(unsealed)
          update(db, { ...row, data: JSON.stringify(data), prev_hash: prev, hash })
          prev = hash
        }
        return target.position
      }
      case 'reorder': {
        const [p, q] = [Math.min(edit.position, edit.other), Math.max(edit.position, edit.other)]
        const a = all[p] as EventRow
        const b = all[q] as EventRow
        db.transaction(() => {
          db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(p, q)
          const insert = db.prepare(`INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
          insert.run(p, b.stream_id, b.version, b.event_id, b.type, b.schema_version, b.data, b.metadata, b.recorded_at, b.prev_hash, b.hash)
          insert.run(q, a.stream_id, a.version, a.event_id, a.type, a.schema_version, a.data, a.metadata, a.recorded_at, a.prev_hash, a.hash)
        })()
        return p
      }
      case 'insert': {
        // Make room at the position (the rowid), then write a well-formed event of a new stream there.
        db.transaction(() => {
          db.prepare('UPDATE events SET position = -position - 1 WHERE position >= ?').run(edit.position)
          db.prepare('UPDATE events SET position = -position WHERE position < 0').run()
          const [forged] = sealEvents({
            streamId: 'complaint-forged',
            nextVersion: 0,
            prevHash: genesisHash('complaint-forged'),
            recordedAt: '2026-03-02T01:30:00.000Z',
            events: [{ type: 'Noted', schemaVersion: 1, data: { n: -1 }, metadata: { commandId: 'x', correlationId: 'x', causationId: 'x', actor, occurredAt: '2026-03-02T01:30:00.000Z' } }],
            newEventId: () => '00000000-0000-4000-8000-000000000000',
          })
          if (forged === undefined) throw new Error('no forged event')
          db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...toParams({ ...forged, position: edit.position }))
        })()
        return edit.position
      }
    }
  } finally {
    db.close()
  }
}

/** Does a finding name this position exactly? */
const names = (finding: AuditFinding, position: number): boolean => {
  switch (finding.kind) {
    case 'broken-link':
      return finding.link.position === position
    case 'unreadable':
      return finding.position === position
    case 'position-gap':
      return finding.expected === position
    case 'root-mismatch':
      return finding.from === position && finding.to === position + 1
    case 'log-truncated':
      return finding.logSize === position
    case 'foreign-head':
      return false
  }
}

const audit = (path: string, heads: { receipts: SignedTreeHead[]; storedHeads?: boolean }): TreeAudit => auditSqliteLog(path, { verifier, ...heads })

let copies = 0
const copy = (): string => {
  const path = join(dir, `copy-${(copies += 1)}.sqlite`)
  copyFileSync(pristine, path)
  return path
}

const edits = (): fc.Arbitrary<Edit> => {
  const position = fc.nat({ max: size - 1 })
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), position, column: fc.constantFrom('data' as const, 'metadata' as const, 'hash' as const, 'type' as const, 'recorded_at' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete-newest' as const), stream: fc.nat() }),
    fc.record({ kind: fc.constant('delete-middle' as const), position }),
    fc.record({ kind: fc.constant('truncate' as const), count: fc.integer({ min: 1, max: size }) }),
    fc.record({ kind: fc.constant('rewrite-and-rehash' as const), position }),
    fc.record({ kind: fc.constant('reorder' as const), position, other: position }).filter((e) => e.position !== e.other),
    fc.record({ kind: fc.constant('insert' as const), position }),
  )
}

describe('tamper evidence against a receipt', () => {
  it('reports nothing on an untouched log, with the receipt and every stored head', () => {
    const result = audit(copy(), { receipts: [receipt] })
    expect(result.findings).toEqual([])
    expect(result).toMatchObject({ ok: true, events: size, headsChecked: size + 1, largestHead: size, rejectedHeads: [] })
    expect(result.rootHash).toBe(receipt.rootHash)
  })

  it('every edit of the file is detected against a receipt kept before it, and its place is named', () => {
    fc.assert(
      fc.property(edits(), (edit) => {
        const path = copy()
        const place = tamper(path, edit)
        const result = audit(path, { receipts: [receipt] })
        rmSync(path, { force: true })
        expect(result.ok, JSON.stringify(edit)).toBe(false)
        expect(result.findings.some((f) => names(f, place)), `${JSON.stringify(edit)} → ${JSON.stringify(result.findings)}`).toBe(true)
      }),
      { numRuns: 120 },
    )
  })

  it('the receipt alone detects every edit the chains cannot see (rewrite-and-rehash, reorder, insert, delete newest), placing it before the receipt', () => {
    fc.assert(
      fc.property(
        edits().filter((e) => e.kind !== 'flip'),
        (edit) => {
          const path = copy()
          const place = tamper(path, edit)
          // The insider also emptied the heads table: only the auditor's own receipt is left.
          const db = new Database(path)
          db.exec('DELETE FROM tree_heads')
          db.close()
          const result = audit(path, { receipts: [receipt] })
          rmSync(path, { force: true })
          expect(result.ok).toBe(false)
          const anchored = result.findings.find((f) => f.kind === 'root-mismatch' || f.kind === 'log-truncated')
          expect(anchored, JSON.stringify(edit)).toBeDefined()
          if (anchored?.kind === 'root-mismatch') expect(anchored.from <= place && place < anchored.to).toBe(true)
          // Fewer events than the receipt: removed at the end, or (positions skip) where the gap is.
          if (anchored?.kind === 'log-truncated') expect(anchored.logSize === place || result.findings.some((f) => f.kind === 'position-gap' && f.expected === place)).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('a rewritten event with every later hash recomputed passes the chains but not the receipt', () => {
    const path = copy()
    const place = tamper(path, { kind: 'rewrite-and-rehash', position: 5 })
    const result = audit(path, { receipts: [receipt] })
    expect(result.chains.ok).toBe(true)
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'root-mismatch', from: place, to: place + 1 }))
  })

  it('a head forged in the database (the insider has no key) fails the audit; a receipt signed by another key is not trusted', () => {
    const path = copy()
    const db = new Database(path)
    db.prepare("UPDATE tree_heads SET root_hash = ? WHERE tree_size = 3").run('0'.repeat(64))
    db.close()
    const result = audit(path, { receipts: [receipt] })
    expect(result.ok).toBe(false)
    expect(result.rejectedHeads).toEqual([{ source: 'stored', treeSize: 3, reason: 'bad-signature' }])
    const other = headSigner(generateHeadKey().privateKeyPem).sign({ treeSize: size, rootHash: '1'.repeat(64), timestamp: receipt.timestamp })
    const untrusted = audit(copy(), { receipts: [other], storedHeads: false })
    expect(untrusted.rejectedHeads).toEqual([{ source: 'receipt', treeSize: size, reason: 'unknown-key' }])
    expect(untrusted.headsChecked).toBe(0)
    // The anchor the auditor brought held nothing: not ok, even on an untouched log (reported by a reviewer: it was ok).
    expect(untrusted.ok).toBe(false)
    // Nor with the log's own stored heads beside it, on a log with its newest events gone.
    const cut = copy()
    tamper(cut, { kind: 'delete-newest', stream: 0 })
    expect(audit(cut, { receipts: [other] }).ok).toBe(false)
  })
})
