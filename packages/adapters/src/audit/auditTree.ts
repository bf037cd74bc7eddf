import { decode, type RecordedEvent } from '@gridcase/core'
import { logAuditor, SignedTreeHeadCodec, type LogAudit, type SignedTreeHead, type TrustedHead } from '@gridcase/core/audit'
import * as E from 'fp-ts/lib/Either.js'
import type { PostgresEventStore } from '../postgres/store.js'
import { openReadOnly, sqliteHasTable } from '../sqlite/open.js'
import { EVENT_COLUMNS, fromRow, type EventRow } from '../sqlite/rows.js'
import { SCHEMA_VERSION } from '../sqlite/schema.js'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'
import type { HeadVerifier } from './signingKey.js'
import { nodeSha256Bytes } from './nodeBytesHash.js'

/** A head that could not be used, and why. */
export interface RejectedHead {
  readonly source: 'receipt' | 'stored'
  /** Absent only for a `malformed` row that gives none. */
  readonly treeSize?: number
  /** `malformed`: a stored row that is no signed head at all (a NULL, a root that is no hash): written by hand. */
  readonly reason: 'bad-signature' | 'unknown-key' | 'malformed'
}

/**
 * Whether a head read from the database is one (a row of `tree_heads` is input: someone with write access may have put
 * anything there): the signed head, or undefined (found in review: a NULL signature crashed verify and receipt).
 */
export const wellFormedHead = (head: unknown): SignedTreeHead | undefined => {
  const decoded = decode(SignedTreeHeadCodec, head)
  return E.isRight(decoded) ? decoded.right : undefined
}

/** A malformed head's tree size as the row gives it: none when it gives none (found in review: NaN printed "treeSize": null). */
const sizeOf = (head: { readonly treeSize?: unknown }): { readonly treeSize?: number } => (typeof head.treeSize === 'number' && Number.isFinite(head.treeSize) ? { treeSize: head.treeSize } : {})

export interface TreeAudit extends LogAudit {
  /** Heads left out: a stored head with a bad signature is itself a finding (someone forged it) and fails the audit. */
  readonly rejectedHeads: readonly RejectedHead[]
}

export interface TreeAuditOptions {
  /** Heads the auditor kept (receipts): the anchor no insider can move. */
  readonly receipts: readonly SignedTreeHead[]
  /** The public keys heads are checked with (every key the log was signed with, old ones too). */
  readonly verifier: HeadVerifier
  /** Also check against the heads the database keeps (default true): more heads, a finer place. */
  readonly storedHeads?: boolean
  readonly onProgress?: (checked: number) => void
  /** Each event as it is audited (another check riding on the same pass: the erasure audit's scan). */
  readonly onEvent?: (event: RecordedEvent) => void
}

/**
 * Audits a SQLite log file, opened read-only, against signed heads: every chain, and the Merkle root
 * re-computed from the events at each head's size. Detects any edit before the newest trusted head —
 * a flipped byte, a removed event (newest of a stream or in the middle), a rewritten event with every
 * later hash recomputed, a reordering, an event inserted in the past, a truncated log — and names its place.
 */
export const auditSqliteLog = (path: string, options: TreeAuditOptions): TreeAudit => {
  const db = openReadOnly(path, SCHEMA_VERSION)
  try {
    const rejected: RejectedHead[] = []
    const trusted: TrustedHead[] = []
    const consider = (row: SignedTreeHead, source: 'receipt' | 'stored'): void => {
      const head = wellFormedHead(row)
      if (head === undefined) return void rejected.push({ source, ...sizeOf(row), reason: 'malformed' })
      const check = options.verifier.check(head)
      if (check === 'ok') trusted.push({ head, source })
      else rejected.push({ source, treeSize: head.treeSize, reason: check })
    }
    for (const receipt of options.receipts) consider(receipt, 'receipt')
    const hasHeads = sqliteHasTable(db, 'tree_heads')
    if (options.storedHeads !== false && hasHeads) {
      const rows = db.prepare<[], { tree_size: number; root_hash: string; timestamp: string; key_id: string; signature: string }>('SELECT * FROM tree_heads ORDER BY tree_size').all()
      for (const row of rows) consider({ treeSize: row.tree_size, rootHash: row.root_hash, timestamp: row.timestamp, keyId: row.key_id, signature: row.signature }, 'stored')
    }
    const auditor = logAuditor(trusted, { hash: nodeSha256Hex, bytesHash: nodeSha256Bytes, contiguousPositions: true })
    let checked = 0
    for (const row of db.prepare<[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY position`).iterate()) {
      let event: RecordedEvent
      try {
        event = fromRow(row)
      } catch (error) {
        auditor.pushUnreadable(row.position, error instanceof Error ? error.message : String(error))
        continue
      } finally {
        checked += 1
        if (checked % 10_000 === 0) options.onProgress?.(checked)
      }
      auditor.push(event)
      options.onEvent?.(event)
    }
    return withRejected(auditor.result(), rejected)
  } finally {
    db.close()
  }
}

/**
 * The same audit over a PostgreSQL store opened read-only (`readOnly: true`, unsealed: the log as written): the heads
 * from its `tree_heads`, the events read in pages in position order.
 */
export const auditPostgresLog = async (store: PostgresEventStore, options: TreeAuditOptions): Promise<TreeAudit> => {
  await store.ready
  const rejected: RejectedHead[] = []
  const trusted: TrustedHead[] = []
  const consider = (row: SignedTreeHead, source: 'receipt' | 'stored'): void => {
    const head = wellFormedHead(row)
    if (head === undefined) return void rejected.push({ source, ...sizeOf(row), reason: 'malformed' })
    const check = options.verifier.check(head)
    if (check === 'ok') trusted.push({ head, source })
    else rejected.push({ source, treeSize: head.treeSize, reason: check })
  }
  for (const receipt of options.receipts) consider(receipt, 'receipt')
  if (options.storedHeads !== false) for (const head of await postgresStoredHeads(store)) consider(head, 'stored')
  const auditor = logAuditor(trusted, { hash: nodeSha256Hex, bytesHash: nodeSha256Bytes, contiguousPositions: true })
  let from = 0
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: 5000 })
    for (const event of page) {
      auditor.push(event)
      options.onEvent?.(event)
    }
    const last = page.at(-1)
    if (last === undefined) break
    from = last.position + 1
    options.onProgress?.(from)
  }
  return withRejected(auditor.result(), rejected)
}

/**
 * The audit with the heads left out: a stored head with a bad signature fails it (someone forged it), and so does a
 * receipt that could not be checked (a bad signature, or a key not given): the anchor the auditor brought held nothing.
 * A stored head signed with a key not given is only listed.
 */
const withRejected = (result: LogAudit, rejected: readonly RejectedHead[]): TreeAudit => ({
  ...result,
  ok: result.ok && !rejected.some((r) => r.reason !== 'unknown-key' || r.source === 'receipt'),
  rejectedHeads: rejected,
})

/** The signed heads a PostgreSQL store keeps (its `tree_heads`), read only, oldest first. */
export const postgresStoredHeads = async (store: PostgresEventStore): Promise<SignedTreeHead[]> => {
  await store.ready
  // Imported here: the SQLite audit (the CLI's usual run) does not load pg.
  const { tablesOf } = await import('../postgres/schema.js')
  const rows = await store.pool.query<{ tree_size: string; root_hash: string; timestamp: string; key_id: string; signature: string }>(
    `SELECT tree_size, root_hash, timestamp, key_id, signature FROM ${tablesOf(store.schema).schema}.tree_heads ORDER BY tree_size`,
  )
  return rows.rows.map((r) => ({ treeSize: Number(r.tree_size), rootHash: r.root_hash, timestamp: r.timestamp, keyId: r.key_id, signature: r.signature }))
}
