import type { RecordedEvent } from '../kernel/envelope.js'
import { sha256Hex, type BrokenLink, type HashFn } from '../kernel/hash.js'
import { merkleFrontier, sha256Bytes, toHex, type BytesHash } from './merkle.js'
import { eventLeafHash, type SignedTreeHead } from './treeHead.js'
import { logVerifier, type LogVerification } from './verify.js'

/** Where a trusted head came from: the auditor's own receipt, or the heads the database keeps (signature checked). */
export type HeadSource = 'receipt' | 'stored'

export interface TrustedHead {
  readonly head: SignedTreeHead
  readonly source: HeadSource
}

/**
 * Something the audit found, with its place. Leaf indexes count events in commit order from 0; in a
 * SQLite log they are the events' positions.
 */
export type AuditFinding =
  /** A stream's hash chain breaks here (an edit that did not recompute the hashes after it). */
  | { readonly kind: 'broken-link'; readonly link: BrokenLink }
  /** A row that cannot be read back as an event at all (e.g. a flipped byte made its JSON invalid). */
  | { readonly kind: 'unreadable'; readonly position: number; readonly message: string }
  /** Positions skip (an event removed), where the store numbers them without gaps. */
  | { readonly kind: 'position-gap'; readonly expected: number; readonly found: number }
  /**
   * The log no longer hashes to a signed head: the first altered, inserted, removed or moved event lies in
   * leaf indexes [from, to) — between the last head that still matches and this one. Any edit before
   * `to` shows here, whether or not the chains still verify (a rewritten event with every hash recomputed).
   */
  | { readonly kind: 'root-mismatch'; readonly source: HeadSource; readonly treeSize: number; readonly from: number; readonly to: number; readonly expected: string; readonly actual: string }
  /**
   * The log is shorter than a signed head: treeSize - logSize events are gone, removed at the end (from leaf
   * `logSize` on) or, where positions skip, at the gap.
   */
  | { readonly kind: 'log-truncated'; readonly source: HeadSource; readonly treeSize: number; readonly logSize: number }
  /**
   * A signed head (its signature good) that the log does not match while a larger trusted head does: it is not a head
   * of this log as the larger one knows it — a head of another log signed with the same key (a staging server's), or
   * of a fork. It names no place in this log; the larger matching heads say the log up to them is the one they signed.
   */
  | { readonly kind: 'foreign-head'; readonly source: HeadSource; readonly treeSize: number; readonly matchedLater: number }

export interface LogAudit {
  readonly ok: boolean
  readonly events: number
  readonly chains: LogVerification
  /** How many signed heads the log was checked against, and the largest. */
  readonly headsChecked: number
  readonly largestHead?: number
  /** The current log's Merkle root (hex) over all its events. */
  readonly rootHash: string
  readonly findings: readonly AuditFinding[]
}

export interface LogAuditor {
  readonly push: (event: RecordedEvent) => void
  /** A row that could not be decoded: it still takes its place in the log (as a leaf no head can match). */
  readonly pushUnreadable: (position: number, message: string) => void
  readonly result: () => LogAudit
}

export interface LogAuditOptions {
  readonly hash?: HashFn
  readonly bytesHash?: BytesHash
  /** The store numbers positions 0, 1, 2, … without gaps (SQLite, memory): a gap is then itself a finding. */
  readonly contiguousPositions?: boolean
}

/**
 * Checks a log, event by event in commit order, against signed heads the caller already trusts (their
 * signatures verified with the public key): the chains as `logVerifier` does, and the Merkle root at
 * each head's size, re-computed from the events' content (never from a stored hash or a stored tree).
 * Memory: one frontier (log n digests) and one link per stream.
 */
export const logAuditor = (heads: readonly TrustedHead[], options: LogAuditOptions = {}): LogAuditor => {
  const bytesHash = options.bytesHash ?? sha256Bytes
  const chains = logVerifier(options.hash ?? sha256Hex)
  const frontier = merkleFrontier(bytesHash)
  const pending = [...heads].sort((a, b) => a.head.treeSize - b.head.treeSize || (a.source === 'receipt' ? -1 : 1))
  const findings: AuditFinding[] = []
  let next = 0
  let checked = 0
  let largest: number | undefined
  // Each head reached, in size order: whether the log's root at its size is the one it signed.
  const results: { readonly due: TrustedHead; readonly actual: string }[] = []

  const checkHeads = (): void => {
    const size = frontier.size()
    for (let due = pending[next]; due !== undefined && due.head.treeSize <= size; due = pending[next]) {
      next += 1
      checked += 1
      largest = Math.max(largest ?? 0, due.head.treeSize)
      results.push({ due, actual: toHex(frontier.root()) })
    }
  }
  checkHeads()

  /**
   * The heads' findings. The edit lies after the largest head the log still matches and before the first stored head
   * above it that it does not (every later head holds the same change): that one names the place. A stored head the log
   * does not match at or below a size a trusted head matches is not this log's (`foreign-head`: another log's, or one
   * of two roots signed for one size — a fork). A receipt is never outranked by a stored head: when it does not match,
   * its own finding is reported, placed after the largest head below it that matches (found in review: a planted head
   * of another log moved the place to [0, 4), and a fork head of the receipt's size hid the receipt's mismatch).
   */
  const headFindings = (): AuditFinding[] => {
    const out: AuditFinding[] = []
    const matches = (r: (typeof results)[number]): boolean => r.actual === r.due.head.rootHash
    const matchedSizes = results.filter(matches).map((r) => r.due.head.treeSize)
    const largestMatchBelow = (size: number): number => matchedSizes.reduce((m, s) => (s < size ? Math.max(m, s) : m), 0)
    const mismatch = (r: (typeof results)[number]): AuditFinding => {
      const from = largestMatchBelow(r.due.head.treeSize)
      return { kind: 'root-mismatch', source: r.due.source, treeSize: r.due.head.treeSize, from, to: r.due.head.treeSize, expected: r.due.head.rootHash, actual: r.actual }
    }
    let placed = false
    for (const r of results) {
      if (matches(r)) continue
      const size = r.due.head.treeSize
      if (r.due.source === 'receipt') out.push(mismatch(r))
      else {
        const matchedLater = matchedSizes.filter((m) => m >= size).reduce((m, s) => Math.max(m, s), -1)
        if (matchedLater >= 0) out.push({ kind: 'foreign-head', source: r.due.source, treeSize: size, matchedLater })
        else if (!placed) {
          placed = true
          out.push(mismatch(r))
        }
      }
    }
    return out
  }

  let expectedPosition = 0
  const place = (position: number): void => {
    if (options.contiguousPositions === true && position !== expectedPosition) findings.push({ kind: 'position-gap', expected: expectedPosition, found: position })
    expectedPosition = position + 1
  }

  return {
    push: (event) => {
      place(event.position)
      const recomputed = chains.push(event)
      frontier.push(eventLeafHash(event, bytesHash, recomputed))
      checkHeads()
    },
    pushUnreadable: (position, message) => {
      place(position)
      findings.push({ kind: 'unreadable', position, message })
      frontier.push(bytesHash([`unreadable row ${position}`]))
      checkHeads()
    },
    result: () => {
      const size = frontier.size()
      const beyond = pending.slice(next)
      for (const head of beyond) {
        checked += 1
        largest = Math.max(largest ?? 0, head.head.treeSize)
      }
      findings.push(...headFindings())
      // Heads beyond the log: it is shorter than they say, whatever else was found (the receipt's own among them).
      const longest = beyond.at(-1)
      if (longest !== undefined) findings.push({ kind: 'log-truncated', source: longest.source, treeSize: longest.head.treeSize, logSize: size })
      const receiptBeyond = beyond.filter((h) => h.source === 'receipt').at(-1)
      if (receiptBeyond !== undefined && receiptBeyond !== longest) findings.push({ kind: 'log-truncated', source: 'receipt', treeSize: receiptBeyond.head.treeSize, logSize: size })
      const chainResult = chains.result()
      for (const link of chainResult.brokenLinks) findings.push({ kind: 'broken-link', link })
      return {
        ok: findings.length === 0,
        events: size,
        chains: chainResult,
        headsChecked: checked,
        ...(largest === undefined ? {} : { largestHead: largest }),
        rootHash: toHex(frontier.root()),
        findings,
      }
    },
  }
}

/** Audits a whole log held in memory (commit order) against trusted heads. */
export const auditLog = (events: Iterable<RecordedEvent>, heads: readonly TrustedHead[], options: LogAuditOptions = {}): LogAudit => {
  const auditor = logAuditor(heads, options)
  for (const event of events) auditor.push(event)
  return auditor.result()
}

/** One line naming a finding's place, for people. */
export const describeFinding = (finding: AuditFinding): string => {
  switch (finding.kind) {
    case 'broken-link':
      return `broken chain: ${finding.link.streamId} at version ${finding.link.version} (position ${finding.link.position}, event ${finding.link.eventId}): ${finding.link.reason}`
    case 'unreadable':
      return `unreadable event at position ${finding.position}: ${finding.message}`
    case 'position-gap':
      // Found in review: a first event moved to -1 read "positions skip from -1 to -1", a missing first "from -1 to 1".
      return finding.found < finding.expected
        ? `position ${finding.found} where ${finding.expected} comes next: positions were renumbered or moved back`
        : finding.expected === 0
          ? `the log starts at position ${finding.found}, not 0: ${finding.found === 1 ? 'the event at position 0 is' : `the events at positions 0 to ${finding.found - 1} are`} missing`
          : `positions skip from ${finding.expected - 1} to ${finding.found}: ${finding.found - finding.expected === 1 ? `the event at position ${finding.expected} is` : `the events at positions ${finding.expected} to ${finding.found - 1} are`} missing`
    case 'root-mismatch':
      return finding.to - finding.from === 1
        ? `the log differs from the ${finding.source === 'receipt' ? 'receipt' : 'signed head'} of ${finding.treeSize} events at position ${finding.from}`
        : `the log differs from the ${finding.source === 'receipt' ? 'receipt' : 'signed head'} of ${finding.treeSize} events: the first changed event is at a position from ${finding.from} to ${finding.to - 1}`
    case 'log-truncated':
      // Not only the last: removed earlier with the positions after moved down, the log is as dense as one cut at its end
      // (a skip is named on its own, as a position gap); a smaller head the log still matches, or differs from, places it.
      return `the log holds ${finding.logSize} events but a ${finding.source === 'receipt' ? 'receipt' : 'signed head'} covers ${finding.treeSize}: ${finding.treeSize - finding.logSize} removed, from position ${finding.logSize} on or, if the positions after them were renumbered, anywhere before (the largest head the log still matches bounds where)`
    case 'foreign-head':
      return `the signed head of ${finding.treeSize} events does not match the log, though a trusted head of ${finding.matchedLater} does: one of the two is a head of another log signed with the same key, or of a fork (two roots signed for one log)`
  }
}
