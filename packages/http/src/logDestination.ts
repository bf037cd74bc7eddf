import pino from 'pino'

/** How long a log line may wait in the server's buffer for others (default of `gatheredDestination`). */
export const LOG_FLUSH_MS = 100

/**
 * Where the server's log lines go (stdout by default) without blocking the event loop on each write, gathered: written
 * once 4 KiB have come or at the next tick of a `flushMs` clock, whichever is first. One write per request cost more than
 * the command's own logging at 1k requests/s; a write per 4 KiB is one per ~12 request lines. pino flushes what is left
 * synchronously when the process exits; only a kill -9 can lose the last `flushMs` of lines.
 */
export const gatheredDestination = (options: { readonly dest?: number | string; readonly flushMs?: number } = {}): pino.DestinationStream & { flushSync(): void } => {
  const destination = pino.destination({ dest: options.dest ?? 1, sync: false, minLength: 4096 })
  setInterval(() => {
    try {
      destination.flush()
    } catch {
      // A stdout that went away (EPIPE) destroys the stream: the server goes on without its log rather than crash here.
    }
  }, options.flushMs ?? LOG_FLUSH_MS).unref()
  return destination
}
