/** Each request's own outcome inside a shared commit. */
export type Settled<Result> = { readonly ok: Result } | { readonly error: unknown }

type Entry<Request, Result> = { readonly request: Request; readonly resolve: (r: Result) => void; readonly reject: (e: unknown) => void }

/** Settles each request of a committed group with its own outcome. */
const settle = <Request, Result>(group: readonly Entry<Request, Result>[], settled: readonly Settled<Result>[]): void => {
  group.forEach((entry, i) => {
    const outcome = settled[i]
    if (outcome === undefined) entry.reject(new Error('group commit returned fewer outcomes than requests'))
    else if ('ok' in outcome) entry.resolve(outcome.ok)
    else entry.reject(outcome.error)
  })
}

/**
 * Group commit (SQLite, a synchronous database): requests submitted during one turn of the event loop are written by a
 * single `commit` call (one transaction, one fsync), and each promise settles only after
 * that call returns. A failure of the whole commit rejects every request in the group.
 */
export const groupCommit = <Request, Result>(commit: (group: readonly Request[]) => readonly Settled<Result>[]) => {
  let queue: Entry<Request, Result>[] = []

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
    settle(group, settled)
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

/**
 * Group commit for an asynchronous database (PostgreSQL): one commit runs at a time; requests that arrive while it
 * runs (or in the same loop turn) go together into the next one. Each promise settles only after its
 * commit returned; a failure of the whole commit rejects every request of that group.
 */
export const asyncGroupCommit = <Request, Result>(commit: (group: readonly Request[]) => Promise<readonly Settled<Result>[]>) => {
  let queue: Entry<Request, Result>[] = []
  let running: Promise<void> | undefined

  const runOne = async (group: readonly Entry<Request, Result>[]): Promise<void> => {
    let settled: readonly Settled<Result>[]
    try {
      settled = await commit(group.map((entry) => entry.request))
    } catch (error) {
      for (const entry of group) entry.reject(error)
      return
    }
    settle(group, settled)
  }

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const group = queue
      queue = []
      await runOne(group)
    }
    running = undefined
  }

  return {
    submit: (request: Request): Promise<Result> =>
      new Promise<Result>((resolve, reject) => {
        queue.push({ request, resolve, reject })
        // setImmediate: requests arriving from other I/O callbacks in this loop turn join the same commit.
        if (running === undefined && queue.length === 1) {
          running = new Promise<void>((done) => setImmediate(() => void drain().then(done)))
        }
      }),
    /** Resolves when everything submitted so far has been committed (or failed). */
    idle: async (): Promise<void> => {
      while (running !== undefined) await running
    },
  }
}
