// Where the log auditor places an edit when several signed heads speak of it: the largest head the log still matches
// and the first above it that it does not; the receipt's own result beside it; a head that matches nothing below heads
// that do is not this log's. (Signatures are the adapters' to check: the heads here are taken as trusted.)
import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../kernel/envelope.js'
import { eventHash } from '../kernel/hash.js'
import { auditLog, describeFinding, type TrustedHead } from './logAudit.js'
import { rootOf, toHex } from './merkle.js'
import { sealLog, type EventDraft } from './sealedLog.js'
import { eventLeafHash } from './treeHead.js'

const clerk = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
const log: readonly RecordedEvent[] = sealLog(
  Array.from({ length: 60 }, (_, i): EventDraft => ({ streamId: `counter-${i % 4}`, type: 'Added', data: { n: i }, actor: clerk, at: '2026-03-01T09:00:00+08:00' })),
)

/** A head over the first `size` events of `events`, from `source`. */
const headOf = (events: readonly RecordedEvent[], size: number, source: TrustedHead['source'] = 'stored'): TrustedHead => ({
  source,
  head: { treeSize: size, rootHash: toHex(rootOf(events.slice(0, size).map((e) => eventLeafHash(e)))), timestamp: '2026-03-01T02:00:00Z', keyId: 'k', signature: 's' },
})

/** `events` with the one at `position` rewritten and every later hash of its stream recomputed (the chains verify). */
const rewritten = (events: readonly RecordedEvent[], position: number): RecordedEvent[] => {
  const target = events[position] as RecordedEvent
  const out = [...events]
  let prev = target.metadata.prevHash
  for (let i = position; i < out.length; i += 1) {
    const e = out[i] as RecordedEvent
    if (e.streamId !== target.streamId) continue
    const data = i === position ? { n: -1 } : e.data
    const metadata = { ...e.metadata, prevHash: prev }
    const hash = eventHash({ ...e, data, metadata })
    out[i] = { ...e, data, metadata: { ...metadata, hash } }
    prev = hash
  }
  return out
}

describe('the place of an edit among several heads', () => {
  const stored = [10, 20, 30, 40].map((size) => headOf(log, size))
  const receipt = headOf(log, 60, 'receipt')

  it('lies between the largest head that matches and the first above it that does not', () => {
    const edited = rewritten(log, 35)
    const audit = auditLog(edited, [...stored, headOf(log, 50)])
    expect(audit.chains.ok).toBe(true)
    // Every head from 40 on holds the change; the first of them names the place, [30, 40).
    expect(audit.findings).toEqual([expect.objectContaining({ kind: 'root-mismatch', source: 'stored', treeSize: 40, from: 30, to: 40 })])
  })

  it("reports the receipt's own result beside a stored head that differs first", () => {
    const edited = rewritten(log, 35)
    const audit = auditLog(edited, [...stored, headOf(log, 50), receipt])
    expect(audit.findings.map((f) => [f.kind, 'source' in f ? f.source : '', 'treeSize' in f ? f.treeSize : 0])).toEqual([
      ['root-mismatch', 'stored', 40],
      ['root-mismatch', 'receipt', 60],
    ])
    expect(describeFinding(audit.findings[1] as (typeof audit.findings)[number])).toContain('the receipt of 60 events: the first changed event is at a position from 30 to 59')
  })

  it('a head of another log planted below heads the log matches is named foreign, and does not move the place (found in review)', () => {
    const other = sealLog(Array.from({ length: 4 }, (_, i): EventDraft => ({ streamId: 'other-1', type: 'Added', data: { n: i }, actor: clerk, at: '2026-03-01T09:00:00+08:00' })))
    const edited = rewritten(log, 45)
    const audit = auditLog(edited, [headOf(other, 4), ...stored, receipt])
    expect(audit.findings).toEqual([
      expect.objectContaining({ kind: 'foreign-head', treeSize: 4, matchedLater: 40 }),
      expect.objectContaining({ kind: 'root-mismatch', source: 'receipt', treeSize: 60, from: 40, to: 60 }),
    ])
    expect(describeFinding(audit.findings[0] as (typeof audit.findings)[number])).toContain('a head of another log signed with the same key, or of a fork')
  })

  it('a fork head of the receipt\'s size (a second root signed for it) never hides the receipt\'s mismatch, nor passes when the log matches the receipt (found in review)', () => {
    const edited = rewritten(log, 35)
    const fork = headOf(edited, 60)
    // The log rewritten, a head signed over the rewrite at the receipt's size: the receipt still finds it, placed from 0.
    const hidden = auditLog(edited, [receipt, fork])
    expect(hidden.ok).toBe(false)
    expect(hidden.findings).toEqual([expect.objectContaining({ kind: 'root-mismatch', source: 'receipt', treeSize: 60, from: 0, to: 60 })])
    // The log as the receipt has it, a fork head beside it: the second root signed for 60 is reported.
    const beside = auditLog(log, [receipt, headOf(edited, 60)])
    expect(beside.ok).toBe(false)
    expect(beside.findings).toEqual([expect.objectContaining({ kind: 'foreign-head', source: 'stored', treeSize: 60, matchedLater: 60 })])
    // Stored heads of the true log, a fork head above them over the rewrite: the receipt keeps its own place, [20, 50).
    const outranked = auditLog(edited, [headOf(log, 20), headOf(log, 40), headOf(log, 50, 'receipt'), headOf(edited, 60)])
    expect(outranked.findings).toContainEqual(expect.objectContaining({ kind: 'root-mismatch', source: 'receipt', treeSize: 50, from: 20, to: 50 }))
  })

  it('a log cut short after an edit reports both the edit and the cut', () => {
    const edited = rewritten(log, 25).slice(0, 50)
    const audit = auditLog(edited, [...stored, receipt])
    expect(audit.findings.map((f) => f.kind)).toEqual(['root-mismatch', 'log-truncated'])
    expect(audit.findings[1]).toMatchObject({ source: 'receipt', treeSize: 60, logSize: 50 })
  })

  it('an untouched log: nothing found, every head checked', () => {
    const audit = auditLog(log, [...stored, receipt])
    expect(audit).toMatchObject({ ok: true, findings: [], headsChecked: 5, largestHead: 60 })
  })
})

describe('describeFinding: a log shorter than a head does not claim the removed events were its last', () => {
  // Found auditing a PostgreSQL log: an insider deleted the newest event of a stream at position 57 of 60 and moved the
  // two after it down (UPDATE … SET position = position - 1), deleting the stored heads; against a receipt of 60 the
  // audit said "1 removed (from position 59 on, unless positions skip earlier)" — no position skips, and 59 is not where.
  it('says the events may be removed anywhere before when the positions after them were renumbered', () => {
    const renumbered = log.filter((e) => e.position !== 57).map((e, i) => ({ ...e, position: i }))
    const audit = auditLog(renumbered, [headOf(log, 60, 'receipt')])
    expect(audit.findings).toEqual([{ kind: 'log-truncated', source: 'receipt', treeSize: 60, logSize: 59 }])
    expect(describeFinding(audit.findings[0] as Parameters<typeof describeFinding>[0])).toBe(
      'the log holds 59 events but a receipt covers 60: 1 removed, from position 59 on or, if the positions after them were renumbered, anywhere before (the largest head the log still matches bounds where)',
    )
  })
})

describe('describeFinding: a position gap, said as it is (found in review: "positions skip from -1 to -1")', () => {
  const gap = (expected: number, found: number) => describeFinding({ kind: 'position-gap', expected, found })
  it('a gap in the middle names the missing positions', () => {
    expect(gap(5, 6)).toBe('positions skip from 4 to 6: the event at position 5 is missing')
    expect(gap(5, 9)).toBe('positions skip from 4 to 9: the events at positions 5 to 8 are missing')
  })
  it('a log that does not start at 0, and a position moved back', () => {
    expect(gap(0, 1)).toBe('the log starts at position 1, not 0: the event at position 0 is missing')
    expect(gap(0, 3)).toBe('the log starts at position 3, not 0: the events at positions 0 to 2 are missing')
    expect(gap(0, -1)).toBe('position -1 where 0 comes next: positions were renumbered or moved back')
  })
})
