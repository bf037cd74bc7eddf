import type { SignedTreeHead } from '@gridcase/core/audit'
import type { PgReadModelHome } from '../postgres/readModelTables.js'
import { tablesOf } from '../postgres/schema.js'
import type { HeadVerifier } from './signingKey.js'
import { headCheck, type MerkleChunk, type TreeHeadStore } from './treeHeads.js'

export interface PostgresTreeHeads extends TreeHeadStore {
  /** Resolves once every chunk and head saved so far is written to the database (before the pool is ended). */
  readonly flush: () => Promise<void>
}

interface HeadRow {
  readonly tree_size: string
  readonly root_hash: string
  readonly timestamp: string
  readonly key_id: string
  readonly signature: string
}
const fromRow = (r: HeadRow): SignedTreeHead => ({ treeSize: Number(r.tree_size), rootHash: r.root_hash, timestamp: r.timestamp, keyId: r.key_id, signature: r.signature })

/**
 * The Merkle chunks and signed heads in the PostgreSQL store's schema (`merkle_chunks`, `tree_heads`, the store's
 * migration 2), shared by every server over the database. The port is synchronous (the tree log calls it as it folds),
 * so this loads both once, answers from memory, and writes behind: a chunk or head not yet written when the process
 * dies is derived or signed again at the next start (as a chunk lost to a busy SQLite file is). Heads other servers
 * sign are pulled in every `refreshMs` (default 2 s), so each serves the same heads within that.
 */
export const postgresTreeHeads = async (
  home: PgReadModelHome,
  options: {
    readonly refreshMs?: number
    readonly onError?: (error: unknown) => void
    /**
     * The keys a stored head must verify under to be taken in, served and counted as signed (the server's own): a row
     * that does not (an insider's, written into the table) is left out and reported once through `onIgnored`, and the
     * server's own head of that size replaces it. Without keys every row is taken in (a reader that checks nothing).
     */
    readonly keys?: HeadVerifier
    readonly onIgnored?: (message: string) => void
  } = {},
): Promise<PostgresTreeHeads> => {
  const s = tablesOf(home.schema).schema
  const rows = (await home.pool.query<{ chunk: number; first_position: string; last_position: string; hash: Buffer }>(`SELECT chunk, first_position, last_position, hash FROM ${s}.merkle_chunks ORDER BY chunk`)).rows
  // A gap (a chunk row removed) ends what can be trusted as a prefix: the rest is re-derived from events.
  const prefix = rows.findIndex((row, i) => row.chunk !== i)
  const chunks: MerkleChunk[] = (prefix === -1 ? rows : rows.slice(0, prefix)).map((r) => ({ firstPosition: Number(r.first_position), lastPosition: Number(r.last_position), hash: new Uint8Array(r.hash) }))
  const heads = new Map<number, SignedTreeHead>()
  let sorted: SignedTreeHead[] | undefined
  // Rows read that verify under none of the keys, by size: reported once each, replaced when this server signs that size.
  const ignored = new Map<number, { readonly head: SignedTreeHead; readonly result: 'bad-signature' | 'unknown-key' }>()
  let largestStored = 0
  const check = headCheck(options.keys, options.onIgnored)
  const take = (head: SignedTreeHead): void => {
    largestStored = Math.max(largestStored, head.treeSize)
    if (heads.has(head.treeSize)) return
    const result = check(head)
    if (result !== 'ok') {
      ignored.set(head.treeSize, { head, result })
      return
    }
    remember(head)
  }
  const remember = (head: SignedTreeHead): void => {
    if (heads.has(head.treeSize)) return
    heads.set(head.treeSize, head)
    sorted = undefined
  }
  const bySize = (): SignedTreeHead[] => (sorted ??= [...heads.values()].sort((a, b) => a.treeSize - b.treeSize))
  for (const row of (await home.pool.query<HeadRow>(`SELECT tree_size, root_hash, timestamp, key_id, signature FROM ${s}.tree_heads ORDER BY tree_size`)).rows) take(fromRow(row))

  // Written behind, in order: a statement that fails (the database restarting, unreachable) stays first in line and is
  // tried again at the next write or refresh, not dropped — dropped, a head signed meanwhile was served by this server
  // alone and never stored (the log's tail unsigned in the database until the next event), a chunk left a gap. Each
  // statement may run twice (ON CONFLICT), and few wait: no event is written while the database does not answer.
  const unwritten: { readonly sql: string; readonly params: unknown[] }[] = []
  let writing: Promise<void> = Promise.resolve()
  const drain = (): void => {
    writing = writing
      .then(async () => {
        for (let next = unwritten[0]; next !== undefined; next = unwritten[0]) {
          await home.pool.query(next.sql, next.params)
          unwritten.shift()
        }
      })
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
  }
  const behind = (sql: string, params: unknown[]): void => {
    unwritten.push({ sql, params })
    drain()
  }
  let pulling = false
  const pull = async (): Promise<void> => {
    if (pulling) return
    pulling = true
    try {
      const from = bySize().at(-1)?.treeSize ?? 0
      for (const row of (await home.pool.query<HeadRow>(`SELECT tree_size, root_hash, timestamp, key_id, signature FROM ${s}.tree_heads WHERE tree_size > $1 ORDER BY tree_size`, [from])).rows) take(fromRow(row))
    } catch (error) {
      options.onError?.(error)
    } finally {
      pulling = false
    }
  }
  const timer = setInterval(() => {
    if (unwritten.length > 0) drain()
    void pull()
  }, options.refreshMs ?? 2000)
  timer.unref()

  return {
    chunks: () => [...chunks],
    saveChunk: (index, chunk) => {
      chunks[index] = chunk
      // A row that differs is replaced: chunks are derived from the events, and one saved again was derived again after
      // its row was found edited (treeLog's start); the same chunk from another server is the same row (found in review:
      // DO NOTHING left the edited row, re-derived at every start).
      behind(`INSERT INTO ${s}.merkle_chunks (chunk, first_position, last_position, hash) VALUES ($1, $2, $3, $4) ON CONFLICT (chunk) DO UPDATE SET first_position = EXCLUDED.first_position, last_position = EXCLUDED.last_position, hash = EXCLUDED.hash WHERE ${s}.merkle_chunks.hash <> EXCLUDED.hash`, [
        index,
        chunk.firstPosition,
        chunk.lastPosition,
        Buffer.from(chunk.hash),
      ])
    },
    saveHead: (head) => {
      remember(head)
      const found = ignored.get(head.treeSize)
      ignored.delete(head.treeSize)
      // A row under a key this server does not hold with this root may be an old key's head (a rotation) or another
      // server's: the same root as this server's, it is kept (receipts of either verify). Any other row that did not verify
      // is no head of this log.
      const forged = found === undefined || (found.result === 'unknown-key' && found.head.rootHash === head.rootHash) ? undefined : found.head
      const values = [head.treeSize, head.rootHash, head.timestamp, head.keyId, head.signature]
      // Another server may have signed this size first: its head stays (the same root; receipts of either verify).
      if (forged === undefined) behind(`INSERT INTO ${s}.tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tree_size) DO NOTHING`, values)
      // The row of this size read before verifies under none of the keys: it is no server's head (an insider's, written
      // into the table), so overwriting it loses nothing signed, and left there it stood for this size in the table while
      // this server's head — the one receipts taken from now on are checked against — was never stored. Only that very row
      // is overwritten (its signature matched): a head another server stored meanwhile stays.
      else
        behind(
          `INSERT INTO ${s}.tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tree_size) DO UPDATE SET root_hash = EXCLUDED.root_hash, timestamp = EXCLUDED.timestamp, key_id = EXCLUDED.key_id, signature = EXCLUDED.signature WHERE ${s}.tree_heads.signature = $6 AND ${s}.tree_heads.key_id = $7`,
          [...values, forged.signature, forged.keyId],
        )
    },
    latestHead: () => bySize().at(-1),
    largestStored: () => Math.max(largestStored, bySize().at(-1)?.treeSize ?? 0),
    head: (treeSize) => heads.get(treeSize),
    heads: (range = {}) => {
      const all = bySize()
      const from = all.findIndex((h) => h.treeSize >= (range.fromSize ?? 0))
      return from === -1 ? [] : all.slice(from, range.limit === undefined || range.limit < 0 ? undefined : from + range.limit)
    },
    flush: () => writing,
    close: () => clearInterval(timer),
  }
}
