import { type Digest, type SignedTreeHead } from '@gridcase/core/audit'
import type Database from 'better-sqlite3'
import type { HeadVerifier } from './signingKey.js'
import { openDatabase } from '../sqlite/open.js'
import { migrate } from '../sqlite/schema.js'

/** A stored chunk: the root of leaves [256·chunk, 256·chunk + 256), and the positions of its first and last event. */
export interface MerkleChunk {
  readonly firstPosition: number
  readonly lastPosition: number
  readonly hash: Digest
}

/**
 * Where the tree's derived state and the signed heads live: in the store's own database (SQLite: the
 * `merkle_chunks` and `tree_heads` tables; a PostgreSQL store needs the same two tables). Nothing here is
 * trusted by a verifier: chunks are re-derived from events, heads are checked by signature.
 */
export interface TreeHeadStore {
  /**
   * The SQLite file the store writes to, when it was opened by path: a tree log on a worker thread then saves its chunks
   * and signs and saves its heads there itself, on a connection of its own (see treeLog's `thread`).
   */
  readonly file?: string
  readonly chunks: () => MerkleChunk[]
  readonly saveChunk: (index: number, chunk: MerkleChunk) => void
  readonly saveHead: (head: SignedTreeHead) => void
  readonly latestHead: () => SignedTreeHead | undefined
  /**
   * The largest size of any stored row, whether its head verified or not (a store that checks heads leaves out those that
   * do not): whether heads were signed over this log before, under any key (treeLog's start, after a key rotation).
   */
  readonly largestStored?: () => number
  readonly head: (treeSize: number) => SignedTreeHead | undefined
  /** Heads in tree-size order, from `fromSize` on, at most `limit`. */
  readonly heads: (range?: { readonly fromSize?: number; readonly limit?: number }) => SignedTreeHead[]
  readonly close: () => void
}

/**
 * Whether a stored head is taken in: one that verifies under none of `keys` is not (it is no head this server or its
 * key signed: an insider's row in `tree_heads`), and is reported once per size and signature through `onIgnored`. Taken
 * in, a forged row above the log's size stopped all signing until the log grew past it, was served as the newest
 * head, and kept the server's own head of that size out of the table. Without keys, everything is taken in.
 */
export const headCheck = (keys: HeadVerifier | undefined, onIgnored: ((message: string) => void) | undefined): ((head: SignedTreeHead) => 'ok' | 'bad-signature' | 'unknown-key') => {
  const reported = new Set<string>()
  return (head) => {
    if (keys === undefined) return 'ok'
    const result = keys.check(head)
    if (result === 'ok') return result
    const key = `${head.treeSize} ${head.keyId} ${head.signature}`
    if (!reported.has(key)) {
      reported.add(key)
      onIgnored?.(
        result === 'unknown-key'
          ? `the stored head of ${head.treeSize} events names a key this server does not hold (${head.keyId}: an old key's after a rotation, another server's, or a row written into tree_heads by hand): it is not served nor counted as signed here; auditors check it with the public keys they hold`
          : `the stored head of ${head.treeSize} events has a signature that does not verify under this server's key: written into tree_heads by hand, not signed here. It is not served nor counted as signed, and this server's own head of that size replaces it`,
      )
    }
    return result
  }
}

interface HeadRow {
  readonly tree_size: number
  readonly root_hash: string
  readonly timestamp: string
  readonly key_id: string
  readonly signature: string
}

const fromHeadRow = (row: HeadRow): SignedTreeHead => ({ treeSize: row.tree_size, rootHash: row.root_hash, timestamp: row.timestamp, keyId: row.key_id, signature: row.signature })

/** The heads and chunks kept in a SQLite database (the event store's file, on a connection of its own). */
export const sqliteTreeHeads = (
  source: { readonly path: string } | { readonly db: Database.Database },
  /** As `postgresTreeHeads`'s: only heads that verify under `keys` are served and counted; a row that does not is reported once and replaced by this server's head of its size. */
  trust: { readonly keys?: HeadVerifier; readonly onIgnored?: (message: string) => void } = {},
): TreeHeadStore => {
  const own = 'path' in source
  // synchronous=normal: a chunk is derived and a head re-signed on restart, so a power cut may lose the newest
  // (never corrupt them); an fsync per chunk would cost every append.
  const db = own ? openDatabase(source.path, { synchronous: 'normal' }) : source.db
  if (own && !db.readonly) migrate(db)
  const selectChunks = db.prepare<[], { chunk: number; first_position: number; last_position: number; hash: Buffer }>(
    'SELECT chunk, first_position, last_position, hash FROM merkle_chunks ORDER BY chunk',
  )
  const selectHeads = db.prepare<[number, number], HeadRow>('SELECT * FROM tree_heads WHERE tree_size >= ? ORDER BY tree_size LIMIT ?')
  const selectHead = db.prepare<[number], HeadRow>('SELECT * FROM tree_heads WHERE tree_size = ?')
  const selectLatest = db.prepare<[], HeadRow>('SELECT * FROM tree_heads ORDER BY tree_size DESC')
  const selectLargest = db.prepare<[], { readonly n: number | null }>('SELECT max(tree_size) AS n FROM tree_heads')
  const check = headCheck(trust.keys, trust.onIgnored)
  // Checked once each (a row is read again at every page of heads and proof): by size, signature and key.
  const checked = new Map<string, ReturnType<typeof check>>()
  const verdict = (head: SignedTreeHead): ReturnType<typeof check> => {
    if (trust.keys === undefined) return 'ok'
    const key = `${head.treeSize} ${head.keyId} ${head.signature} ${head.rootHash} ${head.timestamp}`
    let result = checked.get(key)
    if (result === undefined) {
      result = check(head)
      checked.set(key, result)
    }
    return result
  }
  const trusted = (row: HeadRow | undefined): SignedTreeHead | undefined => {
    if (row === undefined) return undefined
    const head = fromHeadRow(row)
    return verdict(head) === 'ok' ? head : undefined
  }
  const writes = db.readonly
    ? undefined
    : {
        chunk: db.prepare<[number, number, number, Buffer]>('INSERT OR REPLACE INTO merkle_chunks (chunk, first_position, last_position, hash) VALUES (?, ?, ?, ?)'),
        head: db.prepare<[number, string, string, string, string]>(
          'INSERT OR IGNORE INTO tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES (?, ?, ?, ?, ?)',
        ),
        replaceHead: db.prepare<[number, string, string, string, string]>(
          'INSERT OR REPLACE INTO tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES (?, ?, ?, ?, ?)',
        ),
      }
  const writable = () => {
    if (writes === undefined) throw new Error('the tree heads were opened read-only')
    return writes
  }
  // Chunks wait in memory and are written with the next head (or at PENDING_CHUNKS, a read of the chunks, close):
  // a write by this connection is a commit the store's writer sees, after which it drops its page cache and the
  // heads it kept; one commit per head instead of one per 256 events. A chunk lost meanwhile (a crash, a busy
  // file) is derived from the events again at the next start, as before.
  let pending: { readonly index: number; readonly chunk: MerkleChunk }[] = []
  const writeChunks = (): void => {
    const { chunk } = writable()
    for (const p of pending) chunk.run(p.index, p.chunk.firstPosition, p.chunk.lastPosition, Buffer.from(p.chunk.hash))
  }
  const flushChunks = (): void => {
    if (pending.length === 0) return
    db.transaction(writeChunks)()
    pending = []
  }
  return {
    ...(own && !db.readonly ? { file: source.path } : {}),
    chunks: () => {
      flushChunks()
      const rows = selectChunks.all()
      // A gap (a chunk row removed) ends what can be trusted as a prefix: the rest is re-derived from events.
      const prefix = rows.findIndex((row, i) => row.chunk !== i)
      return (prefix === -1 ? rows : rows.slice(0, prefix)).map((row) => ({ firstPosition: row.first_position, lastPosition: row.last_position, hash: new Uint8Array(row.hash) }))
    },
    saveChunk: (index, chunk) => {
      writable()
      pending.push({ index, chunk })
      if (pending.length >= PENDING_CHUNKS) flushChunks()
    },
    saveHead: (head) => {
      const { head: insertHead, replaceHead } = writable()
      // The chunks and the head in one commit; should it fail, the chunks stay pending for the next.
      db.transaction(() => {
        writeChunks()
        // A row of this size that verifies under none of the keys is no server's head (an insider's, written into the
        // table): overwriting it loses nothing signed, and left there it stood for this size while this server's head —
        // the one receipts taken from now on are checked against — was never stored. A row under an unknown key with this
        // root stays (an old key's after a rotation: receipts of either verify); any other row stays first, as before.
        // (Written first, read after: the commit takes the write lock as before, waiting as it did for a busy file.)
        const values = [head.treeSize, head.rootHash, head.timestamp, head.keyId, head.signature] as const
        if (insertHead.run(...values).changes > 0 || trust.keys === undefined) return
        const row = selectHead.get(head.treeSize)
        const found = row === undefined ? 'ok' : verdict(fromHeadRow(row))
        if (row !== undefined && (found === 'bad-signature' || (found === 'unknown-key' && row.root_hash !== head.rootHash))) replaceHead.run(...values)
      })()
      pending = []
    },
    latestHead: () => {
      // The newest that verifies: rows above it that do not are passed over (each reported once).
      for (const row of selectLatest.iterate()) {
        const head = trusted(row)
        if (head !== undefined) return head
      }
      return undefined
    },
    largestStored: () => selectLargest.get()?.n ?? 0,
    head: (treeSize) => trusted(selectHead.get(treeSize)),
    heads: (range = {}) => {
      if (trust.keys === undefined) return selectHeads.all(range.fromSize ?? 0, range.limit ?? -1).map(fromHeadRow)
      const limit = range.limit === undefined || range.limit < 0 ? Number.POSITIVE_INFINITY : range.limit
      const found: SignedTreeHead[] = []
      for (const row of selectHeads.iterate(range.fromSize ?? 0, -1)) {
        if (found.length >= limit) break
        const head = trusted(row)
        if (head !== undefined) found.push(head)
      }
      return found
    },
    close: () => {
      try {
        if (db.open && writes !== undefined) flushChunks()
      } catch {
        // Derived state: chunks not written now are derived from the events at the next start.
      }
      if (own && db.open) db.close()
    },
  }
}

/** Chunks kept unwritten at most (16 × 256 events), for a tree whose heads come seldom or never (no signer). */
const PENDING_CHUNKS = 16

/** Heads and chunks in memory: for the memory store and tests. */
export const memoryTreeHeads = (): TreeHeadStore => {
  const chunks: MerkleChunk[] = []
  const heads = new Map<number, SignedTreeHead>()
  const sorted = () => [...heads.values()].sort((a, b) => a.treeSize - b.treeSize)
  return {
    chunks: () => [...chunks],
    saveChunk: (index, chunk) => {
      chunks[index] = chunk
    },
    saveHead: (head) => {
      if (!heads.has(head.treeSize)) heads.set(head.treeSize, head)
    },
    latestHead: () => sorted().at(-1),
    head: (treeSize) => heads.get(treeSize),
    heads: (range = {}) => sorted().filter((h) => h.treeSize >= (range.fromSize ?? 0)).slice(0, range.limit ?? Number.POSITIVE_INFINITY),
    close: () => {},
  }
}
