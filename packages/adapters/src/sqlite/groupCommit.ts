/** Each request's own outcome inside a shared commit. */
export type Settled<Result> = { readonly ok: Result } | { readonly error: unknown }

/**
 * Group commit: requests submitted during one turn of the event loop are written by a
 * single `commit` call (one transaction, one fsync), and each promise settles only after
 * that call returns. A failure of the whole commit rejects every request in the group.
 */
export const groupCommit = <Request, Result>(commit: (group: readonly Request[]) => readonly Settled<Result>[]) => {
  let queue: { readonly request: Request; readonly resolve: (r: Result) => void; readonly reject: (e: unknown) => void }[] = []

  const flush = (): void => {
    const group = queue
    queue = []
    if (group.length === 0) return
    let settled: readonly Settled<Result>[]
    try {
      settled = commit(group.map((entry) => entry.request))
    } catch (error) {
      for (const entry of group) entry.reject(error)
      return
    }
    group.forEach((entry, i) => {
      const outcome = settled[i]
      if (outcome === undefined) entry.reject(new Error('group commit returned fewer outcomes than requests'))
      else if ('ok' in outcome) entry.resolve(outcome.ok)
      else entry.reject(outcome.error)
    })
  }

  return {
    submit: (request: Request): Promise<Result> =>
      new Promise<Result>((resolve, reject) => {
        queue.push({ request, resolve, reject })
        // setImmediate, not a microtask: requests arriving from other I/O callbacks in
        // this loop turn (e.g. concurrent HTTP requests) join the same commit.
        if (queue.length === 1) setImmediate(flush)
      }),
    /** Commits whatever is queued now (before closing the connection). */
    flush,
  }
}
