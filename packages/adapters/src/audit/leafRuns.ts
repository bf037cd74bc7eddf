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
