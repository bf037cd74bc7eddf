import type { EventStore, RecordedEvent } from '@gridcase/core'
import type { Logger } from 'pino'

/**
 * The newest events of the log, read once for every live client: one store subscription while any
 * client is live, keeping the last `size` events. A client whose cursor is inside the window takes
 * its events from here; one further behind reads the store itself (`since` says which). Without it
 * every live client polled the store after every commit: 200 clients, 200 reads per command.
 */
export interface LiveTail {
  /** Events at or after `from` (oldest first), or undefined when the window no longer reaches back to `from`. */
  since(from: number): readonly RecordedEvent[] | undefined
  /** Resolves at the next event (or when `signal` aborts); at once if the window already holds one at or after `from`. */
  next(signal: AbortSignal, from?: number): Promise<void>
  /** A live client arrives or leaves: the subscription runs while there is at least one. */
  join(): void
  leave(): void
}

export const liveTail = (store: EventStore, startAt: () => number, logger: Logger, size = 1024): LiveTail => {
  let window: RecordedEvent[] = []
  /** Every event at or after this position is in `window` (while `running`). */
  let coveredFrom = Number.POSITIVE_INFINITY
  let clients = 0
  let controller: AbortController | undefined
  let waiters: (() => void)[] = []
  const wake = () => {
    const woken = waiters
    waiters = []
    for (const w of woken) w()
  }

  const start = () => {
    const stop = new AbortController()
    controller = stop
    const from = startAt()
    window = []
    coveredFrom = from
    void (async () => {
      try {
        for await (const event of store.subscribe({ fromPosition: from, signal: stop.signal })) {
          if (stop.signal.aborted) break
          window.push(event)
          if (window.length > size) {
            const dropped = window.splice(0, window.length - size)
            const last = dropped.at(-1)
            if (last !== undefined) coveredFrom = last.position + 1
          }
          wake()
        }
      } catch (error) {
        logger.error({ err: error }, 'live tail stopped')
      } finally {
        if (controller === stop) {
          controller = undefined
          coveredFrom = Number.POSITIVE_INFINITY
          window = []
        }
        wake()
      }
    })()
  }

  return {
    since: (from) => {
      if (controller === undefined || from < coveredFrom) return undefined
      // Usually the client is at the end: look back from there.
      let i = window.length
      while (i > 0 && (window[i - 1]?.position ?? -1) >= from) i -= 1
      return window.slice(i)
    },
    next: (signal, from) =>
      new Promise<void>((resolve) => {
        // Events at or after `from` came while the caller was busy (between its `since` and this): at once, or that
        // wake-up is lost and the caller waits for an event that may never come.
        if (signal.aborted || (from !== undefined && (window.at(-1)?.position ?? -1) >= from)) return resolve()
        // Not running (its subscription failed): the caller reads the store again in a second.
        if (controller === undefined) return void setTimeout(resolve, 1000)
        const done = () => {
          signal.removeEventListener('abort', done)
          resolve()
        }
        waiters.push(done)
        signal.addEventListener('abort', done, { once: true })
      }),
    join: () => {
      clients += 1
      if (controller === undefined) start()
    },
    leave: () => {
      clients -= 1
      if (clients === 0) {
        controller?.abort()
        controller = undefined
        coveredFrom = Number.POSITIVE_INFINITY
        window = []
        wake()
      }
    },
  }
}
