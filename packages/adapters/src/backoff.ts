// The wait between retries of a lost race, for core's `handle` (core has no timers or randomness of its own).

export interface BackoffOptions {
  /** The cap of the first retry's wait (default 2 ms); each later retry doubles it. */
  readonly baseMs?: number
  /** No wait is longer than this (default 100 ms). */
  readonly maxMs?: number
  /** A number in [0, 1) (default Math.random). */
  readonly random?: () => number
}

/**
 * The wait before retry number `retry` (1, 2, …): exponential with full jitter, a random time in
 * [0, min(maxMs, baseMs · 2^(retry−1))), so racing writers spread out instead of colliding again in step.
 */
export const backoffDelay = (retry: number, options: BackoffOptions = {}): number => {
  const { baseMs = 2, maxMs = 100, random = Math.random } = options
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1))
  return random() * cap
}

/** `handle`'s `backoff` option: sleeps `backoffDelay(retry)` milliseconds. */
export const jitteredBackoff =
  (options: BackoffOptions = {}) =>
  (retry: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, backoffDelay(retry, options)))

/** Waits `ms`, or less: resolves at once when `signal` aborts (a stop never waits out a backoff). */
export const sleepUnless = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
