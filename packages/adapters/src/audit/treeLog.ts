import { type EventStore, type RecordedEvent } from '@gridcase/core'
import { consistencyRanges, inclusionRanges, leafHash, logLeaf, merkleFrontier, nodeHash, rootOf, splitPoint, toHex, type BytesHash, type Digest, type LeafRange, type SignedTreeHead } from '@gridcase/core/audit'
import { unsealedOf } from '@gridcase/core/privacy'
import type { Clock } from '../clock.js'
import { wakeupsFor } from '../sqlite/wakeups.js'
import { hasLeafFeed, hasPagedFeed, type LeafRow } from '../subscription.js'
import { bytesOf, flatFrontier } from './flatFrontier.js'
import { nodeSha256Bytes } from './nodeBytesHash.js'
import type { HeadSigner } from './signingKey.js'
import type { MerkleChunk, TreeHeadStore } from './treeHeads.js'
import { treeWorker, type TreeLag, type TreeStopped, type TreeUpdate, type TreeWorker } from './treeWorker.js'

/** Leaves per stored chunk: a proof re-reads at most a few chunks of events; a restart reads at most one. */
export const CHUNK = 256

/** SHA-256 over bytes with Node's crypto. */
export { nodeSha256Bytes }

/** An event as the tree takes it: its place in the log and its recorded chain hash. */
const leafOf = (event: RecordedEvent): LeafRow => ({ position: event.position, streamId: event.streamId, version: event.version, hash: event.metadata.hash })

export interface TreeLogOptions {
  readonly store: EventStore
  readonly heads: TreeHeadStore
  /** Absent: the tree is kept and proofs are served, but no head is signed (a read-only replica). */
  readonly signer?: HeadSigner
  readonly clock: Clock
  /** Sign a head once this many events arrived since the last one (default 1000). */
  readonly everyEvents?: number
  /** …or once this many milliseconds passed with new events (default 60 000). */
  readonly everyMs?: number
  readonly onError?: (error: unknown) => void
  /**
   * The largest head this signer signed, kept outside the database (`fileHeadMemory`): at start, before anything is
   * signed, the log's root at that size must still be the one signed, else nothing is signed this run (an alarm through
   * `onError`) — the database's heads and chunks are the insider's to delete or rewrite, and a tree re-derived from a
   * rewritten log would otherwise be signed: a second root for a size already signed (a fork).
   */
  readonly signed?: HeadMemory
  /**
   * A SQLite store's file: the per-event work of the tree (leaf and interior hashes, chunk roots) runs on a worker
   * thread reading that file, not on the thread that appends (see docs/tamper-evidence.md). With a signer that can hand
   * its key to the thread (`signer.threadKey`), the thread also signs the heads due (every N events, the timer's, the one
   * due at stop) and reports them; `writes` says who saves them and the chunks. `signNow()` still signs here, at once.
   * Otherwise heads are signed here, over the (size, root) pairs the thread reports. Absent: the tree follows the store
   * on this thread.
   */
  readonly thread?: {
    readonly path: string
    readonly pollMs?: number
    /**
     * The least time between two wakes of the thread by this process's commits (default 0: one wake in flight at a
     * time). Above 0, every commit within that window is taken in one step: the tree lags the log by up to this much
     * (it is derived from the committed log and resumes from its chunks, so nothing depends on it being current), and
     * a busy server sends the thread a message (and the thread a step, and back a report) per window, not per commit.
     */
    readonly wakeEveryMs?: number
    /**
     * Who writes the chunks and the signed heads when the thread signs them (heads in a SQLite file): 'main' (default),
     * this thread, when no writer thread of this process is in flight (`whenWriterIdle`), never meeting this process's
     * writer on the file's lock; 'thread', the worker thread on a connection of its own (nothing of it on this thread,
     * but the store's writer may meet its commit and sleep 1 ms in SQLite's busy handler: docs/tamper-evidence.md).
     */
    readonly writes?: 'main' | 'thread'
  }
}

/** The largest head a signer signed, kept where the database's users cannot reach it. */
export interface HeadMemory {
  readonly read: () => { readonly treeSize: number; readonly rootHash: string } | undefined
  readonly write: (head: SignedTreeHead) => void
  /** Where it is kept (a file's path), said when it holds nothing beside a database that holds signed heads. */
  readonly where?: string
}

export interface InclusionProof {
  readonly position: number
  readonly leafIndex: number
  readonly treeSize: number
  readonly leafHash: string
  readonly path: readonly string[]
}

export interface ConsistencyProof {
  readonly first: number
  readonly second: number
  readonly path: readonly string[]
}

/** 树日志 — the log's Merkle tree, kept up to date from the store, signing heads at intervals and serving proofs. */
export interface TreeLog {
  readonly start: () => Promise<void>
  readonly stop: () => Promise<void>
  readonly size: () => number
  /** Signs a head over everything seen so far now (if anything is new). */
  readonly signNow: () => SignedTreeHead | undefined
  /**
   * Resolves once the tree holds the event at `position` (proofs cover it). Beside a writer thread, the chunks and the
   * head that cover it may be written up to one writer group later (when the writer is idle), not yet when this resolves.
   */
  readonly waitFor: (position: number) => Promise<void>
  readonly inclusionProof: (position: number, treeSize: number) => Promise<InclusionProof | undefined>
  readonly consistencyProof: (first: number, second: number) => Promise<ConsistencyProof | undefined>
  /** With a worker thread: how far the tree is behind the committed log, and how often the thread was restarted. */
  readonly lag?: () => TreeLag
  /** With a worker thread: the running thread (tests kill it to see the tree resume). */
  readonly thread?: () => ReturnType<TreeWorker['thread']>
  /** With a worker thread: how many wakes this process sent it (one per step at most, see `thread.wakeEveryMs`). */
  readonly wakes?: () => number
  /** With a worker thread: how many leaves it took from this process's commits as they were sent to it, not read back. */
  readonly leavesFromCommits?: () => number
}

/**
 * Follows the log (catching up from the stored chunks on start, so a restart resumes where it was), keeps a
 * frontier for the root, stores a chunk every 256 leaves, and signs a head every N events or T ms.
 * Leaves use each event's recorded chain hash: the verifier re-computes it, so a stored lie shows there.
 */
export const treeLog = (options: TreeLogOptions): TreeLog => {
  const sha = nodeSha256Bytes
  // The log as written: leaves are the recorded chain hashes, so sealed personal fields need no opening (a key lookup and a decryption per event).
  const log = unsealedOf(options.store)
  // The log's leaves alone where the store offers them (PostgreSQL: no event's JSON sent or parsed); else its events.
  const leafFeed = hasLeafFeed(log) ? log : undefined
  // core's eventLeafHash, from a leaf row.
  const leafRowHash = (leaf: LeafRow): Digest => leafHash(logLeaf(leaf, leaf.hash), sha)
  const leavesFrom = async (fromPosition: number, limit: number): Promise<readonly LeafRow[]> =>
    leafFeed !== undefined ? leafFeed.readLeaves(fromPosition, limit) : (await log.readAll({ fromPosition, limit })).map(leafOf)
  const everyEvents = options.everyEvents ?? 1000
  const everyMs = options.everyMs ?? 60_000
  // setInterval keeps at most 2^31 − 1 ms: a longer interval is set to 1 ms (a head signed every millisecond).
  if (!Number.isInteger(everyMs) || everyMs < 1 || everyMs > 2 ** 31 - 1) throw new RangeError(`treeLog: everyMs must be a whole number of milliseconds from 1 to ${2 ** 31 - 1}, not ${everyMs}`)
  // The root of the chunk being filled, as the frontier computes it when the chunk's last leaf arrives.
  let chunkRoot: Digest | undefined
  // Core's merkleFrontier without an object or array per node (flatFrontier.test.ts holds them equal).
  const frontier = flatFrontier(CHUNK, (digest) => {
    chunkRoot = digest
  })
  let chunks: MerkleChunk[] = []
  // Leaves of the chunk being filled (latin1 text, as hashed), with their events' positions.
  let partial: { position: number; leaf: string }[] = []
  let lastHeadSize = 0
  let lastPosition = -1
  const abort = new AbortController()
  let running: Promise<void> | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  let waiters: { position: number; resolve: () => void }[] = []
  // With a worker thread: the size and root it reported last (always a pair: the root over exactly that many leaves).
  let reported: { size: number; root: Digest } | undefined
  let worker: TreeWorker | undefined
  // The worker thread signs the heads due (Ed25519 off this thread) when the signer can hand it its key; with
  // `thread.writes: 'thread'` and heads in a SQLite file it also saves them and the chunks itself.
  // The signer for this run: none once the log is found not to extend what it signed before (`signed`, at start).
  let signer = options.signer
  const threadKey = options.signer?.threadKey
  const headsFile = options.heads.file
  let signsOnThread = options.thread !== undefined && options.signer !== undefined && threadKey !== undefined
  let writesOnThread = signsOnThread && headsFile !== undefined && options.thread?.writes === 'thread'
  // The largest head signed here (or remembered from before): what the memory outside the database is told.
  let largestSigned = options.signed?.read()?.treeSize ?? -1
  const rememberSigned = (head: SignedTreeHead): void => {
    if (options.signed === undefined || head.treeSize <= largestSigned) return
    largestSigned = head.treeSize
    try {
      options.signed.write(head)
    } catch (error) {
      options.onError?.(error)
    }
  }
  // Heads the thread signed, to be saved here (in order) when the writer is idle.
  let signedThere: SignedTreeHead[] = []
  // With the thread signing: chunks it reported and wrote (with its last head); a restarted thread writes the rest.
  let savedChunks = 0
  const size = (): number => reported?.size ?? frontier.size()
  const root = (): Digest => reported?.root ?? frontier.root()

  const signNow = (): SignedTreeHead | undefined => {
    if (signer === undefined || size() <= lastHeadSize) return undefined
    let head: SignedTreeHead
    try {
      // Signing inside the try too: a head signed later, when the writer is idle, has no caller to throw to.
      head = signer.sign({ treeSize: size(), rootHash: toHex(root()), timestamp: options.clock.now() })
      rememberSigned(head)
      options.heads.saveHead(head)
    } catch (error) {
      // E.g. the database busy beyond its timeout: the next event (or the timer) signs again.
      options.onError?.(error)
      return undefined
    }
    lastHeadSize = head.treeSize
    if (signsOnThread) worker?.signed(head.treeSize)
    return head
  }

  // What the thread signed and saved (or failed to): `lastHeadSize` follows it, so signNow() and the thread agree on what is new.
  const fromThread = (message: { readonly head?: SignedTreeHead; readonly savedChunks?: number; readonly errors?: readonly unknown[] }): void => {
    if (message.head !== undefined) {
      lastHeadSize = Math.max(lastHeadSize, message.head.treeSize)
      rememberSigned(message.head)
    }
    if (message.savedChunks !== undefined) savedChunks = Math.max(savedChunks, message.savedChunks)
    for (const error of message.errors ?? []) options.onError?.(error)
  }

  /** Takes the next leaf: an event's (`leaf` is the event, its chain hash `hash`) or a leaf row's (itself and its hash). */
  const take = (leaf: { readonly position: number; readonly streamId: string; readonly version: number }, hash: string): void => {
    // eventLeafHash(event): H(0x00 ‖ logLeaf(event, its chain hash)).
    const input = frontier.pushLeafInput(`\u0000${logLeaf(leaf, hash)}`)
    const { position } = leaf
    partial.push({ position, leaf: input })
    lastPosition = position
    if (partial.length === CHUNK) {
      const chunk: MerkleChunk = { firstPosition: partial[0]?.position ?? 0, lastPosition: position, hash: chunkRoot ?? rootOf(partial.map((p) => bytesOf(p.leaf)), sha) }
      chunkRoot = undefined
      try {
        options.heads.saveChunk(chunks.length, chunk)
      } catch (error) {
        // A chunk not saved is re-derived from the events at the next start (stored chunks are read up to a gap).
        options.onError?.(error)
      }
      chunks.push(chunk)
      partial = []
    }
    if (frontier.size() - lastHeadSize >= everyEvents) signNow()
    release()
  }

  const release = (): void => {
    if (waiters.length > 0) {
      const due = waiters.filter((w) => w.position <= lastPosition)
      waiters = waiters.filter((w) => w.position > lastPosition)
      for (const w of due) w.resolve()
      if (waiters.length === 0) worker?.keepAlive(false)
    }
  }

  // What the worker thread reports: the chunks it completed (saved here, in order), then the new (size, root).
  const update = (message: TreeUpdate): void => {
    fromThread(message)
    // A head is due on the thread and it has no time to stamp it with: this clock's.
    if (message.wantsNow === true) worker?.sign(options.clock.now())
    if (message.size < size()) return // a restarted thread still catching up to where its predecessor was
    // Saved when the writer is idle; `lastHeadSize` follows the heads saved, not those signed (signNow signs over a head
    // not saved yet; the second saved of one size is ignored).
    for (const head of message.signedHeads ?? []) {
      signedThere.push(head)
      rememberSigned(head)
    }
    if (writesOnThread) {
      // Written by the thread: kept here for proofs only.
      for (const chunk of message.chunks) chunks.push(chunk)
      reported = { size: message.size, root: message.root }
      lastPosition = message.lastPosition
      release()
      return
    }
    for (const chunk of message.chunks) {
      unsaved.push({ index: chunks.length, chunk })
      chunks.push(chunk)
    }
    reported = { size: message.size, root: message.root }
    lastPosition = message.lastPosition
    if (!persistQueued && (unsaved.length > 0 || signedThere.length > 0 || (!signsOnThread && size() - lastHeadSize >= everyEvents))) {
      persistQueued = true
      whenWriterIdle(persist)
    }
    release()
  }

  // With a worker thread, chunks and heads are written (through the heads' own connection) when no writer thread of this
  // process holds the file's write lock (`whenWriterIdle`), not as the report arrives: the event loop would wait for a
  // writer thread's commit and fsync there, once per head. The tree in memory (proofs, `waitFor`) is current meanwhile.
  let unsaved: { readonly index: number; readonly chunk: MerkleChunk }[] = []
  let persistQueued = false
  let whenWriterIdle: (write: () => void) => void = (write) => write()
  let letGoOfFile: (() => void) | undefined
  const persist = (): void => {
    persistQueued = false
    const due = unsaved
    unsaved = []
    for (const { index, chunk } of due) {
      try {
        options.heads.saveChunk(index, chunk)
      } catch (error) {
        options.onError?.(error)
      }
    }
    // Signed on the thread: saved here, in order (with the chunks pending, in one commit each).
    const heads = signedThere
    signedThere = []
    for (const [i, head] of heads.entries()) {
      try {
        options.heads.saveHead(head)
        lastHeadSize = Math.max(lastHeadSize, head.treeSize)
      } catch (error) {
        // E.g. the database busy beyond its timeout: this head and those after it are tried again with the next report.
        options.onError?.(error)
        signedThere = [...heads.slice(i), ...signedThere]
        break
      }
    }
    if (!signsOnThread && size() - lastHeadSize >= everyEvents) signNow()
  }

  // A page at a time where the store offers it: one await per page, not one per event (the tree runs beside every append).
  const follow = async (): Promise<void> => {
    const from = { fromPosition: lastPosition + 1, signal: abort.signal }
    if (leafFeed !== undefined) {
      for await (const page of leafFeed.subscribeLeaves(from)) for (const leaf of page) take(leaf, leaf.hash)
    } else if (hasPagedFeed(log)) {
      for await (const page of log.subscribePages(from)) for (const event of page) take(event, event.metadata.hash)
    } else {
      for await (const event of log.subscribe(from)) take(event, event.metadata.hash)
    }
  }

  /** The leaf hashes of chunk `index`, from its events (a stored chunk) or from memory (the one being filled). */
  const chunkLeaves = async (index: number): Promise<Digest[]> => {
    if (index === chunks.length && worker === undefined) return partial.map((p) => bytesOf(p.leaf))
    // With a worker thread the chunk being filled is not in memory here: read from after the last complete chunk.
    if (index === chunks.length) return (await partialLeaves()).map(leafRowHash)
    const chunk = chunks[index]
    if (chunk === undefined) throw new RangeError(`no chunk ${index}`)
    return (await leavesFrom(chunk.firstPosition, CHUNK)).map(leafRowHash)
  }

  // Subtrees made of complete chunks never change: their hashes are kept (at most about two per chunk).
  const subtrees = new Map<number, Digest>()
  const chunkRange = (a: number, b: number): Digest => {
    if (b - a === 1) return (chunks[a] as MerkleChunk).hash
    const key = a * 2 ** 26 + b
    const known = subtrees.get(key)
    if (known !== undefined) return known
    const k = splitPoint(b - a)
    const digest = nodeHash(chunkRange(a, a + k), chunkRange(a + k, b), sha)
    subtrees.set(key, digest)
    return digest
  }

  /**
   * MTH of a leaf range: whole stored chunks from their roots, the rest from leaves re-read in their chunk
   * (each chunk read once per proof: `read` caches them).
   */
  const rangeHasher = () => {
    const read = new Map<number, Promise<Digest[]>>()
    const leavesOf = (index: number): Promise<Digest[]> => {
      const cached = read.get(index) ?? chunkLeaves(index)
      read.set(index, cached)
      return cached
    }
    const rangeHash = async (range: LeafRange): Promise<Digest> => {
      const { start, end } = range
      if (start % CHUNK === 0 && end % CHUNK === 0 && end / CHUNK <= chunks.length) return chunkRange(start / CHUNK, end / CHUNK)
      if (Math.floor(start / CHUNK) === Math.floor((end - 1) / CHUNK)) {
        const leaves = await leavesOf(Math.floor(start / CHUNK))
        const offset = Math.floor(start / CHUNK) * CHUNK
        return rootOf(leaves.slice(start - offset, end - offset), sha)
      }
      const k = splitPoint(end - start)
      return nodeHash(await rangeHash({ start, end: start + k }), await rangeHash({ start: start + k, end }), sha)
    }
    return rangeHash
  }

  const partialLeaves = (): Promise<readonly LeafRow[]> => leavesFrom((chunks.at(-1)?.lastPosition ?? -1) + 1, size() - chunks.length * CHUNK)

  /**
   * The log's root over its first `treeSize` events as the tree stands at start: the stored chunks below it, then the
   * leaves after them read from the log; undefined when the log holds fewer. (A chunk rewritten in the database with the
   * events under it shows here too: the root is not the one signed.)
   */
  const rootAt = async (treeSize: number): Promise<{ readonly root: string | undefined; readonly read: readonly LeafRow[] }> => {
    const at = merkleFrontier(sha)
    const whole = Math.min(Math.floor(treeSize / CHUNK), chunks.length)
    for (let i = 0; i < whole; i += 1) at.pushSubtree(CHUNK, (chunks[i] as MerkleChunk).hash)
    let from = whole === 0 ? 0 : (chunks[whole - 1] as MerkleChunk).lastPosition + 1
    let need = treeSize - whole * CHUNK
    // The leaves read, in order from the first after the chunks used: the catch-up that follows takes them from here.
    const read: LeafRow[] = []
    while (need > 0) {
      const page = await leavesFrom(from, Math.min(need, 1000))
      const last = page.at(-1)
      if (last === undefined) return { root: undefined, read }
      for (const leaf of page) {
        at.push(leafRowHash(leaf))
        read.push(leaf)
      }
      need -= page.length
      from = last.position + 1
    }
    return { root: toHex(at.root()), read }
  }

  /**
   * The stored chunks whose root is not that of the events under them, derived again from those events into `chunks`
   * (a new list: the stored one is kept by the caller); their indices. A chunk whose events are no longer all there is
   * left as it is: that is the log's own finding, not the chunk's.
   */
  const mendedChunks = async (): Promise<number[]> => {
    const mended: number[] = []
    const next = [...chunks]
    for (let i = 0; i < next.length; i += 1) {
      const chunk = next[i] as MerkleChunk
      const leaves = await leavesFrom(chunk.firstPosition, CHUNK)
      if (leaves.length !== CHUNK || leaves.at(-1)?.position !== chunk.lastPosition) continue
      const hash = rootOf(leaves.map(leafRowHash), sha)
      if (toHex(hash) === toHex(chunk.hash)) continue
      next[i] = { ...chunk, hash }
      mended.push(i)
    }
    chunks = next
    return mended
  }

  /** Saves these chunks as `chunks` holds them, at once (a read of the chunks writes them): a worker thread then reads them mended. */
  const saveChunks = (indices: readonly number[]): void => {
    try {
      for (const i of indices) options.heads.saveChunk(i, chunks[i] as MerkleChunk)
      options.heads.chunks()
    } catch (error) {
      options.onError?.(error)
    }
  }

  /** The leaf index of the event at a position (positions need not be contiguous). */
  const indexOf = async (position: number): Promise<number | undefined> => {
    if (worker !== undefined && position > (chunks.at(-1)?.lastPosition ?? -1)) {
      const count = chunks.length
      const at = (await partialLeaves()).findIndex((e) => e.position === position)
      return at === -1 ? undefined : count * CHUNK + at
    }
    const inPartial = partial.findIndex((p) => p.position === position)
    if (inPartial !== -1) return chunks.length * CHUNK + inPartial
    let lo = 0
    let hi = chunks.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const chunk = chunks[mid] as MerkleChunk
      if (position < chunk.firstPosition) hi = mid - 1
      else if (position > chunk.lastPosition) lo = mid + 1
      else {
        // Positions without gaps in the chunk (SQLite, memory): the index is arithmetic, nothing to read.
        if (chunk.lastPosition - chunk.firstPosition === CHUNK - 1) return mid * CHUNK + (position - chunk.firstPosition)
        const at = (await leavesFrom(chunk.firstPosition, CHUNK)).findIndex((e) => e.position === position)
        return at === -1 ? undefined : mid * CHUNK + at
      }
    }
    return undefined
  }

  const startTimer = (): void => {
    timer = setInterval(() => {
      // The thread signs the timer's head (anything new), stamped with this clock.
      if (signsOnThread) return worker?.sign(options.clock.now())
      whenWriterIdle(() => {
        if (abort.signal.aborted) return
        try {
          signNow()
        } catch (error) {
          options.onError?.(error)
        }
      })
    }, everyMs)
    timer.unref()
  }

  return {
    start: async () => {
      chunks = options.heads.chunks()
      lastPosition = chunks.at(-1)?.lastPosition ?? -1
      lastHeadSize = options.heads.latestHead()?.treeSize ?? 0
      savedChunks = chunks.length
      // Before anything is signed: does the log still hash, at the size this signer signed last, to the root it signed?
      const remembered = signer === undefined ? undefined : options.signed?.read()
      // Leaves the check read after the stored chunks: the catch-up below takes them rather than read them again.
      let early: readonly LeafRow[] = []
      // Nothing remembered though heads were signed over this log: a new key file whose memory beside it is empty (a
      // rotation, docs/tamper-evidence.md), a memory file lost or moved. Nothing can be checked at this start; said, not
      // silent (found by an auditor rotating the key as the docs said: the server signed on, checking nothing).
      // Heads under any key count here (a store that checks heads serves those of this server's key alone).
      const signedBefore = Math.max(lastHeadSize, options.heads.largestStored?.() ?? 0)
      if (remembered === undefined && signer !== undefined && options.signed !== undefined && signedBefore > 0) {
        options.onError?.(
          new Error(
            `no memory of a signed head in ${options.signed.where ?? "the signer's memory"}, though the database holds signed heads up to ${signedBefore} events: the log was not checked against what was signed before (a new key file — carry the old key's memory file over to it, docs/tamper-evidence.md, "Key rotation" — or the memory file lost or moved); signing goes on and is remembered from now on`,
          ),
        )
      }
      if (remembered !== undefined) {
        let { root: now, read } = await rootAt(remembered.treeSize)
        if (now !== undefined && now !== remembered.rootHash) {
          // The stored chunks are derived data: one edited in the database (the events untouched) makes the root differ
          // too. Each is derived again from its events before the events are blamed (found in review: a chunk's row
          // zeroed stopped all signing, "events before it were rewritten", and proofs were computed from it).
          // Kept only if the root is then the one signed: chunks over events that were themselves rewritten are left as
          // they are, and the alarm below is raised as before.
          const stored = chunks
          const mended = await mendedChunks()
          if (mended.length > 0) {
            const again = await rootAt(remembered.treeSize)
            if (again.root === remembered.rootHash) {
              ;({ root: now, read } = again)
              saveChunks(mended)
              options.onError?.(new Error(`merkle_chunks row${mended.length > 1 ? 's' : ''} ${mended.join(', ')} did not hold the root of the events under it: edited in the database (derived data: the log's events are what verify checks), derived again from the events and saved`))
            } else chunks = stored
          }
        }
        if (read[0]?.position === lastPosition + 1) early = read
        if (now !== remembered.rootHash) {
          signer = undefined
          signsOnThread = false
          writesOnThread = false
          options.onError?.(
            new Error(
              now === undefined
                ? `the log holds fewer than the ${remembered.treeSize} events this server signed a head of (root ${remembered.rootHash}): it was cut short in the database. Nothing is signed until it is restored or the signer's memory is reset knowingly (docs/tamper-evidence.md)`
                : `the log's root at ${remembered.treeSize} events is ${now}, not the ${remembered.rootHash} this server signed: events before it were rewritten in the database. Nothing is signed until it is restored or the signer's memory is reset knowingly (docs/tamper-evidence.md)`,
            ),
          )
        }
      }
      for (const chunk of chunks) frontier.pushSubtree(CHUNK, chunk.hash)
      if (options.thread !== undefined) {
        reported = { size: frontier.size(), root: frontier.root() }
        const file = wakeupsFor(options.thread.path)
        whenWriterIdle = (write) => file.whenWriterIdle(() => {
          // Stopped meanwhile: `stop` wrote what was due.
          if (!abort.signal.aborted) write()
        })
        letGoOfFile = file.release
        worker = treeWorker({
          path: options.thread.path,
          chunks: () => chunks,
          ...(options.thread.pollMs === undefined ? {} : { pollMs: options.thread.pollMs }),
          ...(options.thread.wakeEveryMs === undefined ? {} : { wakeEveryMs: options.thread.wakeEveryMs }),
          onUpdate: update,
          ...(signsOnThread && threadKey !== undefined
            ? {
                onStopped: (stopped: TreeStopped) => {
                  fromThread(stopped)
                  for (const head of stopped.signedHeads ?? []) {
                    signedThere.push(head)
                    rememberSigned(head)
                  }
                  if (signedThere.length > 0) persistQueued = true
                },
                now: () => options.clock.now(),
                signing: () => ({ ...(writesOnThread ? { file: headsFile } : {}), key: threadKey, keyId: signer?.keyId ?? '', everyEvents, lastHeadSize, savedChunks, now: options.clock.now() }),
              }
            : {}),
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        })
        // Resolves once the thread took in everything committed: a head signed at start covers what the log holds.
        await worker.start()
        signNow()
        startTimer()
        return
      }
      // Catch up synchronously in pages, so a head signed at start already covers what the log holds.
      for (const leaf of early) take(leaf, leaf.hash)
      for (;;) {
        const page = await leavesFrom(lastPosition + 1, 1000)
        for (const leaf of page) take(leaf, leaf.hash)
        if (page.length < 1000) break
      }
      // Events committed while the process was down are signed now, not only at the next interval.
      signNow()
      running = follow().catch((error: unknown) => {
        if (!abort.signal.aborted) options.onError?.(error)
      })
      startTimer()
    },
    stop: async () => {
      if (timer !== undefined) clearInterval(timer)
      abort.abort()
      await running
      if (worker === undefined && running !== undefined) {
        // Everything committed is taken in and a head signed over it, due or not (the thread does the same at its
        // stop): the log as it is left is anchored, and the unsigned window does not last the whole downtime.
        try {
          for (;;) {
            const page = await leavesFrom(lastPosition + 1, 1000)
            for (const leaf of page) take(leaf, leaf.hash)
            if (page.length < 1000) break
          }
          signNow()
        } catch (error) {
          options.onError?.(error)
        }
      }
      await worker?.stop()
      // What waited for an idle writer is written now (a stop may wait for a commit): nothing the tree took is left unsaved.
      if (persistQueued) persist()
      letGoOfFile?.()
      letGoOfFile = undefined
    },
    size,
    ...(options.thread === undefined ? {} : {
      lag: () => worker?.lag() ?? { events: 0, ms: 0, restarts: 0 },
      thread: () => worker?.thread(),
      wakes: () => worker?.wakes() ?? 0,
      leavesFromCommits: () => worker?.leavesFromCommits() ?? 0,
    }),
    signNow,
    waitFor: (position) =>
      position <= lastPosition
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push({ position, resolve })
            worker?.keepAlive(true)
          }),
    inclusionProof: async (position, treeSize) => {
      if (treeSize > size()) return undefined
      const leafIndex = await indexOf(position)
      if (leafIndex === undefined || leafIndex >= treeSize) return undefined
      const rangeHash = rangeHasher()
      const leaf = await rangeHash({ start: leafIndex, end: leafIndex + 1 })
      const path = []
      for (const range of inclusionRanges(leafIndex, treeSize)) path.push(toHex(await rangeHash(range)))
      return { position, leafIndex, treeSize, leafHash: toHex(leaf), path }
    },
    consistencyProof: async (first, second) => {
      if (!(first >= 0 && first <= second && second <= size())) return undefined
      const rangeHash = rangeHasher()
      const path = []
      for (const range of consistencyRanges(first, second)) path.push(toHex(await rangeHash(range)))
      return { first, second, path }
    },
  }
}
