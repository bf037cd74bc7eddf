/**
 * A step of a background loop that did not answer in time (卡住, a stall): a lease call or a query that hangs on a
 * lost connection, a handler that never settles. Reported like any failure, and the loop starts over, instead of
 * waiting for ever while nothing says so.
 */
export class Stalled extends Error {
  override readonly name = 'Stalled'
}

/**
 * `work`'s outcome, or a `Stalled` rejection once `ms` have passed. The work itself cannot be cancelled and goes on
 * unheard (its late outcome, a rejection too, is dropped), so whatever it does must be safe to do twice: the runner's
 * commands carry ids derived from their triggering event.
 */
export const within = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Stalled(`${what}: no answer within ${ms} ms`)), ms)
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })

/**
 * `within`, with the bound counted from the last `alive()` the work calls (from its start until the first): a long
 * piece of work that keeps saying it progresses (a re-base going from case to case) is not a stall; one step of it
 * that hangs is.
 */
export const withinAlive = <T>(work: (alive: () => void) => Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let settled = false
    const arm = (): void => {
      if (settled) return
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(() => {
        settled = true
        reject(new Stalled(`${what}: no answer within ${ms} ms`))
      }, ms)
    }
    arm()
    work(arm).then(
      (value) => {
        settled = true
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        settled = true
        clearTimeout(timer)
        reject(error)
      },
    )
  })

/** What `untilAborted` answers when the signal aborted first. */
export const ABORTED: unique symbol = Symbol('aborted')

/**
 * `work`'s outcome, or `ABORTED` as soon as `signal` aborts — also when it aborted before the call (an `abort`
 * listener added to an aborted signal never fires: the bug that left a stopped runner following for ever).
 */
export const untilAborted = <T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> =>
  new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = () => resolve(ABORTED)
    if (signal.aborted) {
      work.catch(() => undefined)
      return onAbort()
    }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })

/** Links `inner` to `outer`: aborts it when `outer` aborts, at once when `outer` already has. Returns the unlink. */
export const abortWith = (inner: AbortController, outer: AbortSignal): (() => void) => {
  const onAbort = () => inner.abort(outer.reason)
  if (outer.aborted) {
    onAbort()
    return () => undefined
  }
  outer.addEventListener('abort', onAbort, { once: true })
  return () => outer.removeEventListener('abort', onAbort)
}
