// The tree log's worker thread: follows the committed SQLite log on a read-only connection of its own and does
// the per-event work of the Merkle tree (leaf and interior hashes, chunk roots), so the writer's thread does not.
// As a Certificate Transparency log merges entries after accepting them: heads are signed over (size, root) pairs, each the
// root over exactly the first `size` committed events — here when the main side handed this thread its key (`signing`),
// else by the main side over the pairs this thread reports.
import { logLeaf, toHex, type Digest, type SignedTreeHead } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { createPublicKey } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'
import { leafBytesWriter, leafInputAt, runText, type LeafRun } from './leafRuns.js'
import { flatFrontier } from './flatFrontier.js'
import type { FromTree, ToTree, TreeThreadData } from './treeProtocol.js'
import { openDatabase } from '../sqlite/open.js'
import { migrate } from '../sqlite/schema.js'
import { headVerifier, signHead } from './signingKey.js'
import { sqliteTreeHeads, type MerkleChunk } from './treeHeads.js'

const port = parentPort
if (port === null) throw new Error('treeThread.ts runs as a worker thread only')
const options = workerData as TreeThreadData
const CHUNK = 256
const PAGE = 1000

// Read-only: the thread never commits, so it never makes the store's writer drop its page cache.
const db = new Database(options.path, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const select = db.prepare<[number, number]>('SELECT position, stream_id, version, hash FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true)
const last = db.prepare<[]>('SELECT MAX(position) FROM events').pluck(true)

let chunkRoot: Digest | undefined
const frontier = flatFrontier(CHUNK, (digest) => {
  chunkRoot = digest
})
for (const chunk of options.chunks) frontier.pushSubtree(CHUNK, chunk.hash)
let lastPosition = options.chunks.at(-1)?.lastPosition ?? -1
let partialCount = 0
let partialFirst = -1

// With a signer: chunks and heads saved here, on a writable connection of this thread's own (the appending thread neither
// signs nor waits for these commits). Heads are keyed by tree size and both sides sign the root over exactly that many
// events, so a head the main side saves (`signNow`) and one saved here never conflict (the first stored stays).
const signing = options.signing
// Its writes never wait, asleep in SQLite's busy handler (1, 2, 5, 10… ms), for the store's writer to let go of the write
// lock: the steps (and the tree's reports) would wait with them, and under a steady load the heads would come thousands of
// events apart. A write that finds the file busy is tried again a moment later (heads in order), while the steps go on.
const writes = signing?.file === undefined ? undefined : openDatabase(signing.file, { synchronous: 'normal' })
if (writes !== undefined) {
  migrate(writes)
  writes.pragma('busy_timeout = 0')
}
// With the signing key's public key: a row of a size it signs that verifies under no key is replaced by its head (the
// main side reports such rows).
const heads =
  writes === undefined || signing === undefined
    ? undefined
    : sqliteTreeHeads({ db: writes }, { keys: headVerifier([createPublicKey(signing.key).export({ type: 'spki', format: 'pem' }).toString()]) })
let lastHeadSize = signing?.lastHeadSize ?? 0
let now = signing?.now ?? ''
// A head says when it was signed: it is stamped with the main side's clock as sent for the step that signs it (with the wake
// that asked for the step, the timer's `sign`, the start or the stop). A step that no message asked for (a poll finding
// another process's commits, the next page of a catch-up) has no time of its own: when a head is due then, it asks the
// main side for one (`wantsNow`) and the step the answer brings signs it. (Stamped with the last wake's time instead, an
// idle server's head over another process's commits carried a time from before they were written, hours old.)
let fresh = true
let stamped = false
let wantsNow = false
let askedForNow = false
let signAnything = false
let chunkCount = options.chunks.length
let savedChunks = Math.min(signing?.savedChunks ?? chunkCount, chunkCount)
let head: SignedTreeHead | undefined
let errors: unknown[] = []
/** Without a file: heads signed and not yet reported, for the main side to save. */
let signedHeads: SignedTreeHead[] = []
/** Heads signed and not yet saved (the file was busy), oldest first, with the chunks written once each is. */
let unsaved: { readonly head: SignedTreeHead; readonly chunks: number }[] = []
let retry: ReturnType<typeof setTimeout> | undefined
const RETRY_MS = 2
/** An error as the main side's onError gets it: a plain Error (a SqliteError crosses to the main thread as a bare object). */
const failed = (what: string, error: unknown): Error =>
  new Error(`the tree log's thread could not ${what}: ${error instanceof Error ? `${'code' in error ? `${String(error.code)}: ` : ''}${error.message}` : String(error)}`)
const isBusy = (error: unknown): boolean => error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')
if (heads !== undefined) for (let i = savedChunks; i < chunkCount; i += 1) heads.saveChunk(i, options.chunks[i] as MerkleChunk)

/** Saves the heads signed, in order (each with the chunks pending, in one commit); stops at a busy file and tries again soon. */
const saveHeads = (): void => {
  if (heads === undefined) return
  while (unsaved.length > 0) {
    const next = unsaved[0] as (typeof unsaved)[number]
    try {
      heads.saveHead(next.head)
    } catch (error) {
      if (isBusy(error) && !stopping) {
        retry ??= setTimeout(() => {
          retry = undefined
          saveHeads()
          report()
        }, RETRY_MS)
        return
      }
      // Reported to the main side's onError; the head is kept and tried again at the next step (not reported as saved: the
      // main side's signNow still signs over what it covers). At stop it is given up: the next start signs over the log.
      errors.push(failed(`save the head of size ${next.head.treeSize}`, error))
      if (stopping) unsaved = []
      return
    }
    unsaved.shift()
    head = next.head
    savedChunks = Math.max(savedChunks, next.chunks)
  }
}

/** Signs a head over the tree as it is, if due (or, for the timer, if anything is new), and saves it. */
const signIfDue = (): void => {
  if (signing === undefined) return
  const size = frontier.size()
  if (size - lastHeadSize >= signing.everyEvents || (signAnything && size > lastHeadSize)) {
    if (!stamped) {
      // No time was sent for this step: ask for one (once), and sign in the step it brings.
      if (!askedForNow) wantsNow = askedForNow = true
      saveHeads()
      return
    }
    signAnything = false
    try {
      const signedHead = signHead(signing.key, signing.keyId, { treeSize: size, rootHash: toHex(frontier.root()), timestamp: now })
      if (heads === undefined) signedHeads.push(signedHead)
      else unsaved.push({ head: signedHead, chunks: chunkCount })
      lastHeadSize = size
    } catch (error) {
      // Reported to the main side's onError; the next step (or the timer) signs again.
      errors.push(failed('sign a head', error))
    }
  }
  saveHeads()
}

let stopping = false
let scheduled = false
let timer: ReturnType<typeof setTimeout> | undefined

const send = (message: FromTree): void => port.postMessage(message)

// Runs of events this process committed (sent with the wakes), in commit order: taken where they follow what the tree
// holds, so the rows need not be read back. Anything else (another process's commits, what came before a restart) is
// read from the file. The tree covers exactly the committed rows: a run only says what a COMMIT that returned wrote
// there (announced after it returned); a row changed in the file after its commit is caught by verify against the head.
let runs: LeafRun[] = []
let runEvents = 0
let fromCommits = 0
/** Runs held beyond this many events are dropped (read from the file instead): a tree far behind does not hoard them. */
const MAX_RUN_EVENTS = 1 << 18

let chunks: MerkleChunk[] = []
const leafBytes = leafBytesWriter()
/** Takes the event at `position`, whose leaf hash input is `input` (0x00 ‖ its logLeaf, as text or as its UTF-8 bytes). */
const takeLeaf = (position: number, input: string | Uint8Array): void => {
  if (typeof input === 'string') frontier.pushLeafInput(input)
  else frontier.pushLeafBytes(input)
  if (partialCount === 0) partialFirst = position
  partialCount += 1
  lastPosition = position
  if (partialCount === CHUNK) {
    if (chunkRoot === undefined) throw new Error('the frontier did not report the root of a full chunk')
    const chunk = { firstPosition: partialFirst, lastPosition: position, hash: chunkRoot }
    chunks.push(chunk)
    if (heads !== undefined) {
      try {
        heads.saveChunk(chunkCount, chunk)
      } catch (error) {
        // Busy: it stays pending and is written with the next head. Otherwise a chunk not written is derived from the
        // events again at the next start.
        if (!isBusy(error)) errors.push(failed('save a chunk', error))
      }
    }
    chunkCount += 1
    chunkRoot = undefined
    partialCount = 0
  }
}

/** Takes the runs that continue the tree, and drops those it holds already; stops at a gap (read from the file). */
const takeRuns = (): void => {
  let used = 0
  for (; used < runs.length; used += 1) {
    const run = runs[used] as LeafRun
    if (run.position + run.count - 1 <= lastPosition) continue
    if (run.position > lastPosition + 1) break
    fromCommits += run.count - (lastPosition + 1 - run.position)
    // Written as bytes into one reused buffer (nothing allocated per leaf); a run whose hashes need escaping as text.
    const bytes = leafBytes.open(run)
    if (bytes !== undefined) for (let i = lastPosition + 1 - run.position; i < run.count; i += 1) takeLeaf(run.position + i, leafBytes.leafAt(bytes, i))
    else {
      const text = runText(run)
      for (let i = lastPosition + 1 - run.position; i < run.count; i += 1) takeLeaf(run.position + i, leafInputAt(text, i))
    }
  }
  if (used > 0) {
    runs = runs.slice(used)
    runEvents = runs.reduce((n, run) => n + run.count, 0)
  }
}

const step = (): void => {
  scheduled = false
  stamped = fresh
  fresh = false
  if (timer !== undefined) clearTimeout(timer)
  timer = undefined
  if (stopping) return
  // Taken before the page: what the log held then, at least; the page then reads what is committed.
  const logPosition = (last.get() as number | null) ?? -1
  chunks = []
  takeRuns()
  // Nothing beyond the runs was committed when the log was looked at: no page to read.
  const rows = lastPosition >= logPosition ? [] : (select.all(lastPosition, PAGE) as [number, string, number, string][])
  for (const [position, streamId, version, chainHash] of rows) takeLeaf(position, `\u0000${logLeaf({ position, streamId, version }, chainHash)}`)
  takeRuns()
  const caughtUp = rows.length < PAGE
  signIfDue()
  lastReport = { logPosition: Math.max(logPosition, lastPosition), caughtUp }
  send({ type: 'tree', size: frontier.size(), root: frontier.root(), lastPosition, chunks, ...lastReport, fromCommits, ...signed() })
  if (!caughtUp) schedule()
  // Commits by other processes wake nobody here: look again after pollMs.
  else timer = setTimeout(schedule, options.pollMs)
}

/** What was signed and saved since the last report (with `signing`). */
const signed = (): { savedChunks?: number; head?: SignedTreeHead; errors?: unknown[]; signedHeads?: SignedTreeHead[]; wantsNow?: true } => {
  if (signing === undefined) return {}
  const out = {
    ...(wantsNow ? { wantsNow: true as const } : {}),
    ...(heads === undefined ? {} : { savedChunks }),
    ...(head === undefined ? {} : { head }),
    ...(errors.length === 0 ? {} : { errors }),
    ...(signedHeads.length === 0 ? {} : { signedHeads }),
  }
  errors = []
  signedHeads = []
  wantsNow = false
  return out
}
let lastReport = { logPosition: lastPosition, caughtUp: false }
/** A head saved on a retry, between steps: reported with the tree as it stands (no new chunks). */
const report = (): void => {
  if (!stopping) send({ type: 'tree', size: frontier.size(), root: frontier.root(), lastPosition, chunks: [], ...lastReport, caughtUp: false, fromCommits, ...signed() })
}

const schedule = (): void => {
  if (scheduled || stopping) return
  scheduled = true
  setImmediate(step)
}

port.on('message', (message: ToTree) => {
  if ((message.type === 'wake' || message.type === 'sign') && message.now !== undefined) {
    now = message.now
    fresh = true
    askedForNow = false
  }
  if (message.type === 'sign') {
    signAnything = true
    schedule()
  } else if (message.type === 'signed') {
    lastHeadSize = Math.max(lastHeadSize, message.size)
  } else if (message.type === 'wake') {
    for (const run of message.runs ?? []) {
      runs.push(run)
      runEvents += run.count
    }
    if (runEvents > MAX_RUN_EVENTS) {
      runs = []
      runEvents = 0
    }
    schedule()
  }
  else {
    stopping = true
    if (timer !== undefined) clearTimeout(timer)
    // Everything due is written before the thread goes: the heads due, and (closing) the chunks still pending, waiting
    // for the write lock now as any connection does.
    if (retry !== undefined) clearTimeout(retry)
    now = message.now ?? now
    stamped = true
    writes?.pragma('busy_timeout = 5000')
    // Everything committed is taken in and a head signed over it, due or not: the log as the server leaves it is
    // anchored, so an edit made while it is down shows against that head (found in review: nothing was signed at a
    // stop, and the window of unsigned events lasted the whole downtime, signed as found at the next start).
    try {
      takeRuns()
      for (;;) {
        const rows = select.all(lastPosition, PAGE) as [number, string, number, string][]
        for (const [position, streamId, version, chainHash] of rows) takeLeaf(position, `\u0000${logLeaf({ position, streamId, version }, chainHash)}`)
        if (rows.length < PAGE) break
      }
      signAnything = true
    } catch (error) {
      errors.push(failed('take in the last commits at stop', error))
    }
    signIfDue()
    try {
      heads?.close()
      writes?.close()
    } catch (error) {
      errors.push(failed('write its chunks at stop', error))
    }
    db.close()
    send({ type: 'stopped', ...signed() })
    port.close()
  }
})
schedule()
