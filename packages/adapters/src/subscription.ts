import type { AbortSignalLike, EventStore, RecordedEvent } from '@gridcase/core'

/**
 * Wakes waiting subscribers when a store commits. Call its methods on the notifier (`wake.notify()`); a method taken
 * off it (`const { notify } = wake`, `emitter.on('commit', wake.notify)`) has no notifier to act on: pass
 * `() => wake.notify()` instead.
 */
export interface Notifier {
  notify(): void
  /** How many notifies so far: read it before a read, pass it to `wait`, and no commit in between is missed. */
  generation(): number
  /** Resolves at the next notify (at once if one came after `since`), or when the signal aborts. */
  wait(signal?: AbortSignalLike, timeoutMs?: number, since?: number): Promise<void>
}

/**
 * A class, where this codebase otherwise writes functions: the memory store calls `notify` on every append, and
 * closures made per notifier were a new call target for each store, which threw away the append V8 had compiled
 * for the first store when a second one came (see the memory store's `MemoryLog`). Methods are one function for all.
 */
class WakeUps implements Notifier {
  private waiters: (() => void)[] = []
  private count = 0

  generation(): number {
    return this.count
  }

  notify(): void {
    this.count += 1
    const woken = this.waiters
    this.waiters = []
    for (const wake of woken) wake()
  }

  wait(signal?: AbortSignalLike, timeoutMs?: number, since?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted || (since !== undefined && since !== this.count)) return resolve()
      let timer: ReturnType<typeof setTimeout> | undefined
      const done = () => {
        if (timer !== undefined) clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        this.waiters = this.waiters.filter((w) => w !== done)
        resolve()
      }
      this.waiters.push(done)
      signal?.addEventListener('abort', done, { once: true })
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs)
    })
  }
}

export const notifier = (): Notifier => new WakeUps()

/**
 * Catch up by reading pages of the log, then wait for commits and read again; each page as one array (a
 * follower that takes events in bulk, like the Merkle tree, pays one await per page, not one per event).
 * Shared by stores that can page their own log (memory, SQLite), and by PostgreSQL's leaf feed (pages of `LeafRow`).
 */
export async function* pollingPages<Item extends { readonly position: number } = RecordedEvent>(
  readPage: (fromPosition: number, limit: number) => Promise<readonly Item[]>,
  wake: Notifier,
  options: { fromPosition?: number; signal?: AbortSignalLike; pageSize?: number; pollMs?: number } = {},
): AsyncGenerator<readonly Item[]> {
  let from = options.fromPosition ?? 0
  const pageSize = options.pageSize ?? 500
  while (!options.signal?.aborted) {
    // Taken before the read: a commit landing while the consumer holds a yielded page still wakes us.
    const seen = wake.generation()
    const page = await readPage(from, pageSize)
    const last = page[page.length - 1]
    if (last !== undefined) {
      if (options.signal?.aborted) return
      yield page
      from = last.position + 1
    }
    if (page.length < pageSize) await wake.wait(options.signal, options.pollMs, seen)
  }
}

/** `pollingPages` one event at a time (the `EventStore.subscribe` shape). */
export async function* pollingSubscription(
  readPage: (fromPosition: number, limit: number) => Promise<readonly RecordedEvent[]>,
  wake: Notifier,
  options: { fromPosition?: number; signal?: AbortSignalLike; pageSize?: number; pollMs?: number } = {},
): AsyncGenerator<RecordedEvent> {
  let from = options.fromPosition ?? 0
  const pageSize = options.pageSize ?? 500
  while (!options.signal?.aborted) {
    // Taken before the read: a commit landing while the consumer holds a yielded event still wakes us.
    const seen = wake.generation()
    const page = await readPage(from, pageSize)
    for (const event of page) {
      if (options.signal?.aborted) return
      yield event
      from = event.position + 1
    }
    if (page.length < pageSize) await wake.wait(options.signal, options.pollMs, seen)
  }
}

/**
 * What a store that pages its own log may offer beside `subscribe`: the same feed, a page at a time (the events
 * of a page in position order, pages in order, nothing skipped). Optional: a follower falls back to `subscribe`.
 */
export interface PagedFeed {
  readonly subscribePages: (options?: { fromPosition?: number; signal?: AbortSignalLike }) => AsyncIterable<readonly RecordedEvent[]>
}

/** Whether a store offers `subscribePages`. */
export const hasPagedFeed = (store: object): store is PagedFeed => 'subscribePages' in store && typeof store.subscribePages === 'function'

/** What the Merkle tree takes of an event (core's `logLeaf` and its chain hash): its place in the log and its hash. */
export interface LeafRow {
  readonly position: number
  readonly streamId: string
  readonly version: number
  /** The event's chain hash (`metadata.hash`). */
  readonly hash: string
}

/**
 * What a store whose reads cross a network may offer the tree (PostgreSQL): the log's leaves without the events — four
 * columns a row, no data or metadata sent, decoded or parsed. `readLeaves` is `readAll`'s rows as leaves, in position
 * order; `subscribeLeaves` is `subscribePages`' pages as leaves. Optional: the tree falls back to the events.
 */
export interface LeafFeed {
  readonly readLeaves: (fromPosition: number, limit: number) => Promise<readonly LeafRow[]>
  readonly subscribeLeaves: (options?: { fromPosition?: number; signal?: AbortSignalLike }) => AsyncIterable<readonly LeafRow[]>
}

/** Whether a store offers its leaves (`LeafFeed`). */
export const hasLeafFeed = (store: object): store is LeafFeed =>
  'readLeaves' in store && typeof store.readLeaves === 'function' && 'subscribeLeaves' in store && typeof store.subscribeLeaves === 'function'

/**
 * Events of a one-at-a-time feed gathered into pages: a page is what the feed hands over within one turn of the event
 * loop (a store's page read, yielded event by event), at most `maxPage`; a feed that falls quiet ends the page.
 */
export async function* gatheredPages(events: AsyncIterable<RecordedEvent>, maxPage: number): AsyncGenerator<readonly RecordedEvent[]> {
  const source = events[Symbol.asyncIterator]()
  const turn = Symbol('turn')
  let next: Promise<IteratorResult<RecordedEvent>> | undefined
  try {
    for (;;) {
      const first = await (next ?? source.next())
      next = undefined
      if (first.done === true) return
      const page = [first.value]
      while (page.length < maxPage) {
        const pending = source.next()
        next = pending
        const got = await Promise.race([pending, new Promise<typeof turn>((resolve) => setImmediate(resolve, turn))])
        if (got === turn) break
        next = undefined
        if (got.done === true) {
          yield page
          return
        }
        page.push(got.value)
      }
      yield page
    }
  } finally {
    // Not awaited: a read under way settles when the feed's signal aborts; the caller need not wait for it.
    source.return?.().catch(() => undefined)
  }
}

/** The store's live feed a page at a time: its own page feed where it has one, else its `subscribe` gathered into pages. */
export const feedPages = (
  store: Pick<EventStore, 'subscribe'>,
  options: { readonly fromPosition: number; readonly signal: AbortSignalLike; readonly maxPage?: number },
): AsyncIterable<readonly RecordedEvent[]> =>
  hasPagedFeed(store)
    ? store.subscribePages({ fromPosition: options.fromPosition, signal: options.signal })
    : gatheredPages(store.subscribe({ fromPosition: options.fromPosition, signal: options.signal }), options.maxPage ?? 500)

/**
 * How long a follower pauses after a pass (`coalescing`'s `ms`), from the pass's start (performance.now()) and how many
 * events it took: long enough for about `events` events to gather at the rate the last pass saw them arrive (the events it
 * took over the time since the pass before started), never less than `minMs` nor more than `maxMs`. At a high rate that is
 * `minMs` and a pass stays as short as with a fixed pause; at a low one a pass's fixed cost (a transaction, a checkpoint, a
 * timer and a read per follower) is shared by `events` events rather than by the few of one `minMs`. The first pass, and
 * one after a quiet spell, pause `maxMs`; and as with a fixed pause, an event after a pause that has run out is taken at
 * once, and a reader waiting for a position cuts the pause short. `maxMs` at or below `minMs`: always `minMs`.
 */
export const adaptivePause = (options: { readonly minMs: number; readonly maxMs: number; readonly events: number }): ((start: number, taken: number) => number) => {
  const { minMs, maxMs, events } = options
  let previous: number | undefined
  return (start, taken) => {
    const since = previous === undefined ? Number.POSITIVE_INFINITY : start - previous
    previous = start
    if (maxMs <= minMs) return minMs
    if (taken <= 0) return maxMs
    return Math.min(maxMs, Math.max(minMs, (events * since) / taken))
  }
}

/**
 * The pauses of the live passes a deployment runs (`coalesceMs`, `coalesceMaxMs`, `coalesceEvents` of the projection and
 * process runners), one constant for the server's read models and processes and for `gridcase processes`: at least 20 ms
 * apart, and at a low rate up to 100 ms, long enough for about 20 events (`adaptivePause`). At 250 commands/s a pass each
 * 20 ms took 5 events and its fixed cost (the transaction, three checkpoints, a timer) came to a sixth of the main
 * thread's work per command. What that costs in latency: an event that arrives while a pause runs is taken when the pause
 * ends, up to 100 ms after it at rates under about 200 events/s (20 ms at 1000/s and above; the first pause after a start
 * is 100 ms), where a fixed pause kept that to 20 ms. So a reader that does not wait for its position may see the read
 * models up to 100 ms late, and a process (the webhook feeder's deliveries, referrals to mediation) may start its work up
 * to 100 ms after the event. A read of one's own writes does not wait (it ends the pause), nor does an event that arrives
 * after a pause has run out (after a quiet spell).
 */
export const LIVE_PASSES = { coalesceMs: 20, coalesceMaxMs: 100, coalesceEvents: 20 } as const

/**
 * A runner's pause options (`coalesceMs`, default 20; `coalesceMaxMs`, default `coalesceMs`; `coalesceEvents`, default
 * 20) as `adaptivePause` takes them, checked when the runner is built: a negative or NaN pause, or a pass that aims at no
 * events, would make every pass pause for nothing or never (NaN compares false everywhere), so it is refused, named.
 */
export const pauseOptions = (options: { readonly coalesceMs?: number; readonly coalesceMaxMs?: number; readonly coalesceEvents?: number }): { readonly minMs: number; readonly maxMs: number; readonly events: number } => {
  const ms = (name: string, value: number): number => {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name}: expected a finite number of milliseconds, 0 or more; got ${String(value)}`)
    return value
  }
  const minMs = ms('coalesceMs', options.coalesceMs ?? 20)
  const maxMs = ms('coalesceMaxMs', options.coalesceMaxMs ?? minMs)
  const events = options.coalesceEvents ?? 20
  if (!Number.isFinite(events) || events <= 0) throw new RangeError(`coalesceEvents: expected a finite number of events above 0; got ${String(events)}`)
  return { minMs, maxMs, events }
}

/**
 * Resolves `ms` after `since` (performance.now()), at once if that has passed, or earlier when `signal` aborts or
 * `hurry` is called. A follower waits on it between passes so that events arriving close together are taken in one
 * pass (one read, one transaction) — after a quiet spell the next event is taken at once, since the wait has run out.
 */
export const coalescing = (): { readonly wait: (since: number, ms: number, signal: AbortSignalLike) => Promise<void>; readonly hurry: () => void } => {
  let woken: (() => void) | undefined
  return {
    hurry: () => woken?.(),
    wait: (since, ms, signal) => {
      const left = since + ms - performance.now()
      if (left <= 0 || signal.aborted) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          woken = undefined
          resolve()
        }
        const timer = setTimeout(done, left)
        signal.addEventListener('abort', done, { once: true })
        woken = done
      })
    },
  }
}
