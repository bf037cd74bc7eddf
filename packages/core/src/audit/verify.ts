import type { RecordedEvent } from '../kernel/envelope.js'
import { eventHash, genesisHash, sha256Hex, type BrokenLink, type HashFn, type HashedEnvelope } from '../kernel/hash.js'

/** The outcome of checking every stream's hash chain in the global log. */
export interface LogVerification {
  readonly ok: boolean
  /** Events read. */
  readonly events: number
  /** Distinct streams seen. */
  readonly streams: number
  /** The first broken link of each broken stream, in log order. */
  readonly brokenLinks: readonly BrokenLink[]
  /** The earliest broken link in the log, if any. */
  readonly firstBrokenLink?: BrokenLink
}

/** Checks the log one event at a time, so a store of any size is verified in constant memory per stream. */
export interface LogVerifier {
  /** Checks one event; returns its chain hash re-computed from its content (what a Merkle leaf should carry). */
  readonly push: (event: RecordedEvent) => string
  readonly result: () => LogVerification
}

const hashedPart = (event: RecordedEvent): HashedEnvelope => {
  const { hash: _hash, ...metadata } = event.metadata
  const { position: _position, metadata: _metadata, ...rest } = event
  return { ...rest, metadata }
}

/** Where a stream's chain stands: the hash the next event must point at, or the link that broke it. */
interface Link {
  prev: string
  nextVersion: number
  broken: boolean
}

/** A verifier for the whole log (events in commit order); each stream is checked like `verifyStream`. */
export const logVerifier = (hash: HashFn = sha256Hex): LogVerifier => {
  const links = new Map<string, Link>()
  const broken: BrokenLink[] = []
  let events = 0
  return {
    push: (event) => {
      events += 1
      let link = links.get(event.streamId)
      if (link === undefined) {
        link = { prev: genesisHash(event.streamId, hash), nextVersion: 0, broken: false }
        links.set(event.streamId, link)
      }
      const recomputed = eventHash(hashedPart(event), hash)
      if (link.broken) return recomputed
      const fail = (reason: BrokenLink['reason'], expected: string, actual: string): string => {
        broken.push({ streamId: event.streamId, version: event.version, position: event.position, eventId: event.eventId, reason, expected, actual })
        link.broken = true
        return recomputed
      }
      if (event.version !== link.nextVersion) return fail('version-gap', String(link.nextVersion), String(event.version))
      if (event.metadata.prevHash !== link.prev) return fail('prev-hash-mismatch', link.prev, event.metadata.prevHash)
      if (recomputed !== event.metadata.hash) return fail('hash-mismatch', recomputed, event.metadata.hash)
      link.prev = event.metadata.hash
      link.nextVersion += 1
      return recomputed
    },
    result: () => {
      const first = broken.reduce<BrokenLink | undefined>((a, b) => (a === undefined || b.position < a.position ? b : a), undefined)
      return { ok: broken.length === 0, events, streams: links.size, brokenLinks: [...broken], ...(first ? { firstBrokenLink: first } : {}) }
    },
  }
}

/** Re-computes every stream's chain in a log (commit order) and reports the first broken link of each. */
export const verifyLog = (events: Iterable<RecordedEvent>, hash: HashFn = sha256Hex): LogVerification => {
  const verifier = logVerifier(hash)
  for (const event of events) verifier.push(event)
  return verifier.result()
}
