import type { Settled } from '../sqlite/groupCommit.js'

/**
 * Group commit for an asynchronous database: one commit runs at a time; requests that arrive while it
 * runs (or in the same loop turn) go together into the next one. Each promise settles only after its
 * commit returned; a failure of the whole commit rejects every request of that group.
 */
export const asyncGroupCommit = <Request, Result>(commit: (group: readonly Request[]) => Promise<readonly Settled<Result>[]>) => {
  type Entry = { readonly request: Request; readonly resolve: (r: Result) => void; readonly reject: (e: unknown) => void }
  let queue: Entry[] = []
  let running: Promise<void> | undefined

  const runOne = async (group: readonly Entry[]): Promise<void> => {
    let settled: readonly Settled<Result>[]
    try {
      settled = await commit(group.map((entry) => entry.request))
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
