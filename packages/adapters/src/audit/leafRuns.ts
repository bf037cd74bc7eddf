// What the tree log's thread takes from this process's commits instead of reading the rows back: the leaf of each
// event committed (position, stream, version, chain hash), in runs, as few and as small as a message can carry.

/**
 * Committed events with consecutive positions in one stream with consecutive versions (one append's events):
 * the i-th is at `position + i`, version `version + i`, with the chain hash `hashes.slice(i·hashLength, (i+1)·hashLength)`.
 * One string of hashes, not an array of them: a message copies one string at once, an array string by string.
 */
export interface LeafRun {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly count: number
  readonly hashLength: number
  readonly hashes: string
}

interface CommittedEvent {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly metadata: { readonly hash: string }
}

/** The runs of committed events, in order (a new run wherever the position, stream, version or hash length breaks). */
export const leafRunsOf = (events: readonly CommittedEvent[]): LeafRun[] => {
  const runs: LeafRun[] = []
  let start: CommittedEvent | undefined
  let hashes: string[] = []
  const close = (): void => {
    if (start === undefined) return
    runs.push({ position: start.position, streamId: start.streamId, version: start.version, count: hashes.length, hashLength: start.metadata.hash.length, hashes: hashes.join('') })
    start = undefined
    hashes = []
  }
  for (const event of events) {
    const n = hashes.length
    if (start === undefined || event.streamId !== start.streamId || event.position !== start.position + n || event.version !== start.version + n || event.metadata.hash.length !== start.metadata.hash.length) {
      close()
      start = event
    }
    hashes.push(event.metadata.hash)
  }
  close()
  return runs
}

/** A run's leaf texts, made once per run: the stream's JSON, and whether its hashes need no escaping (hex). */
export interface RunText {
  readonly run: LeafRun
  readonly quote: boolean
  readonly stream: string
}

const PLAIN = /^[0-9A-Za-z]*$/

export const runText = (run: LeafRun): RunText => ({ run, quote: PLAIN.test(run.hashes), stream: `,"streamId":${JSON.stringify(run.streamId)},"version":` })

/**
 * The input of the i-th event's leaf hash: 0x00 ‖ logLeaf(event, chainHash) (core's `logLeaf`, written out for a run:
 * the stream's JSON made once, a hex hash quoted as it is). The 0x00 prefix is its own byte in UTF-8.
 */
export const leafInputAt = (text: RunText, i: number): string => {
  const { run } = text
  const hash = run.hashes.slice(i * run.hashLength, (i + 1) * run.hashLength)
  return `\u0000{"hash":${text.quote ? `"${hash}"` : JSON.stringify(hash)},"position":${run.position + i}${text.stream}${run.version + i}}`
}

/** The fixed bytes of every leaf input: 0x00 ‖ `{"hash":"`, then the hash, then `","position":`. */
const HEAD = Buffer.from('\u0000{"hash":"', 'latin1')
const POSITION = Buffer.from('","position":', 'latin1')
/** Leaf inputs longer than this (a stream id of kilobytes) are left to the text path. */
const MAX_LEAF_BYTES = 4096

/** A run's leaves as bytes: its hashes (latin1, one byte per char) and `,"streamId":…,"version":` (UTF-8), made once per run. */
export interface RunBytes {
  readonly run: LeafRun
  readonly hashes: Buffer
  readonly stream: Buffer
}

/**
 * Writes the i-th event's leaf hash input, 0x00 ‖ logLeaf(event, chainHash) as UTF-8 — the bytes of `leafInputAt`'s text
 * (leafRuns.test.ts holds them equal) — into one buffer reused for every leaf, and gives a view of it (one view kept per
 * length, so a leaf allocates nothing): no string per leaf for crypto.hash to flatten and encode again. `open` gives undefined
 * for a run whose hashes need escaping (not [0-9A-Za-z]) or whose leaves would not fit: those take the text path. A view
 * `leafAt` gives is valid until its next call (the caller hashes it at once and keeps nothing).
 */
export const leafBytesWriter = (): { readonly open: (run: LeafRun) => RunBytes | undefined; readonly leafAt: (bytes: RunBytes, i: number) => Uint8Array } => {
  const out = Buffer.alloc(MAX_LEAF_BYTES)
  HEAD.copy(out, 0)
  const views: Buffer[] = []
  // Where `","position":` was written (after a hash of the last run's length): moved only when the hash length changes.
  let hashLength = -1
  /** Writes the decimal digits of a non-negative safe integer at `at`; where they end. */
  const digits = (n: number, at: number): number => {
    let end = at + 1
    if (n < 0x80000000) {
      for (let x = n; x >= 10; x = (x / 10) | 0) end += 1
      let x = n
      for (let k = end - 1; k >= at; k -= 1) {
        const q = (x / 10) | 0
        out[k] = 48 + x - q * 10
        x = q
      }
      return end
    }
    for (let x = n; x >= 10; x = Math.floor(x / 10)) end += 1
    let x = n
    for (let k = end - 1; k >= at; k -= 1) {
      out[k] = 48 + (x % 10)
      x = Math.floor(x / 10)
    }
    return end
  }
  // The stream's bytes last written, and where: they are written again for another run's stream (each open() makes
  // its own), when the position's digit count differs from the last leaf's, and after a change of hash length.
  let streamOf: Buffer | undefined
  let streamAt = -1
  return {
    open: (run) => {
      // Positions and versions written as digits: non-negative safe integers only (what String() gives them as).
      const wholes = [run.position, run.version, run.position + run.count, run.version + run.count]
      if (!wholes.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined
      // [0-9A-Za-z] (what PLAIN says for the text path): quoted as they are. ASCII first: Node's hex decoder reads a
      // character above U+00FF by its low byte ('\u0161' as 'a'), so only on ASCII text does it say what is hex. Hex
      // hashes (the chain's) are then checked by the decoder, which stops at the first ASCII character that is not a hex
      // digit (a loop here cost more than the leaves' hashing).
      if (Buffer.byteLength(run.hashes, 'utf8') !== run.hashes.length) return undefined
      if (Buffer.from(run.hashes, 'hex').length * 2 !== run.hashes.length && !PLAIN.test(run.hashes)) return undefined
      const hashes = Buffer.from(run.hashes, 'latin1')
      const stream = Buffer.from(`,"streamId":${JSON.stringify(run.streamId)},"version":`, 'utf8')
      // Head, hash, `","position":`, 16 digits at most, the stream, 16 digits at most, `}`.
      if (HEAD.length + run.hashLength + POSITION.length + 16 + stream.length + 16 + 1 > MAX_LEAF_BYTES) return undefined
      return { run, hashes, stream }
    },
    leafAt: ({ run, hashes, stream }, i) => {
      const length = run.hashLength
      if (length !== hashLength) {
        POSITION.copy(out, HEAD.length + length)
        hashLength = length
        streamOf = undefined
      }
      const from = i * length
      hashes.copy(out, HEAD.length, from, from + length)
      let end = digits(run.position + i, HEAD.length + length + POSITION.length)
      if (stream !== streamOf || end !== streamAt) {
        stream.copy(out, end)
        streamOf = stream
        streamAt = end
      }
      end = digits(run.version + i, end + stream.length)
      out[end] = 0x7d // }
      end += 1
      return (views[end] ??= out.subarray(0, end))
    },
  }
}
