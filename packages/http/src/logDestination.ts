import pino from 'pino'

/** How long a log line may wait in the server's buffer for others (default of `gatheredDestination`). */
export const LOG_FLUSH_MS = 100

/** How much is gathered (in UTF-16 code units, what `string.length` counts: ≥ 4 KiB of bytes) before it is written. */
const GATHER_UNITS = 4096

/**
 * Where the server's log lines go (stdout by default) without blocking the event loop on each write, gathered: written
 * once 4 KiB have come or at the next tick of a `flushMs` clock, whichever is first. One write per request cost more than
 * the command's own logging at 1k requests/s; a write per 4 KiB is one per ~12 request lines. Nothing is lost on exit:
 * pino flushes the destination synchronously when the process exits (and on `beforeExit`), and that flush takes what is
 * gathered first; only a kill -9 can lose the last `flushMs` of lines.
 *
 * The lines are gathered here, in an array, not in sonic-boom's own buffer (`minLength`): sonic-boom appends each line
 * to one growing string and asks its UTF-8 length (`Buffer.byteLength`) at every write, which flattens that string:
 * a copy of up to 4 KiB per request line, a third of what logging a line cost. sonic-boom still does the writing
 * (asynchronous, EAGAIN retries, a broken pipe tolerated) and is what pino and its exit hooks see: its `write`,
 * `flush`, `flushSync` and `end` are wrapped on the instance so that each first hands over what is gathered.
 */
export const gatheredDestination = (options: { readonly dest?: number | string; readonly flushMs?: number } = {}): pino.DestinationStream & { flush(): void; flushSync(): void } => {
  // minLength 1, not 0: what is handed over is written at once either way, but with 0 sonic-boom's `flush(callback)`
  // calls back at once instead of once the write is done.
  const destination = pino.destination({ dest: options.dest ?? 1, sync: false, minLength: 1 })
  const write = destination.write.bind(destination)
  const flush = destination.flush.bind(destination)
  const flushSync = destination.flushSync.bind(destination)
  const end = destination.end.bind(destination)
  let gathered: string[] = []
  let units = 0
  const handOver = (): void => {
    if (units === 0) return
    const text = gathered.length === 1 ? (gathered[0] as string) : gathered.join('')
    gathered = []
    units = 0
    write(text)
  }
  destination.write = (line: string): boolean => {
    gathered.push(line)
    units += line.length
    if (units >= GATHER_UNITS) handOver()
    return true
  }
  destination.flush = (callback?: (error?: Error) => void): void => {
    handOver()
    flush(callback)
  }
  // What is gathered is handed over to be written by sonic-boom's own flushSync, synchronously: a plain hand-over starts an
  // asynchronous write (minLength 1), which flushSync leaves in flight — the lines were not in the file when it returned
  // (found in CI under load: the exit's flush could leave the last lines to a write the exit does not wait for).
  const sink = destination as unknown as { minLength: number }
  destination.flushSync = (): void => {
    const minLength = sink.minLength
    sink.minLength = Number.POSITIVE_INFINITY
    try {
      handOver()
    } finally {
      sink.minLength = minLength
    }
    flushSync()
  }
  destination.end = (): void => {
    handOver()
    end()
  }
  setInterval(() => {
    try {
      destination.flush()
    } catch {
      // A stdout that went away (EPIPE) destroys the stream: the server goes on without its log rather than crash here.
    }
  }, options.flushMs ?? LOG_FLUSH_MS).unref()
  return destination
}
