// Waiting without a deadline of its own: for something a test cannot be told about (a log line, a row, a counter) by
// asking again (until), or for a promise (awaiting); a failed test then says what was still awaited (until: when given its state).
import { onTestFailed, onTestFinished } from 'vitest'

/**
 * Asks `done` every `everyMs` until it holds. No deadline of its own: on a slow machine it waits longer rather than
 * failing on a guess, and only the test's (or hook's) timeout ends it. If the test fails while it still waits, `state`
 * (what it saw last) is written to stderr, since a timeout alone does not say what was missing.
 */
export const until = async (done: () => boolean | Promise<boolean>, options: { readonly everyMs?: number; readonly state?: () => string } = {}): Promise<void> => {
  let waiting = true
  let over = false
  try {
    onTestFinished(() => {
      over = true
    })
    onTestFailed(() => {
      if (waiting && options.state !== undefined) process.stderr.write(`still waiting when the test failed: ${options.state()}\n`)
    })
  } catch {
    // Outside a test (a beforeAll): the hook's own timeout ends it; vitest then reports that timeout alone.
  }
  try {
    while (!(await done())) {
      if (over) throw new Error('the test ended while this waited')
      await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50))
    }
  } finally {
    waiting = false
  }
}

/**
 * Awaits `promise` (a child's first line, a process's exit), however long it takes: only the test's timeout ends the
 * wait, and a timeout alone does not say what was awaited, so if the test fails while this still waits, `what` (and
 * `state`, what was seen so far) is written to stderr.
 */
export const awaiting = async <T>(what: string, promise: Promise<T>, state?: () => string): Promise<T> => {
  let waiting = true
  try {
    onTestFailed(() => {
      if (waiting) process.stderr.write(`still waiting when the test failed: ${what}${state === undefined ? '' : ` (${state()})`}\n`)
    })
  } catch {
    // Outside a test (a beforeAll): the hook's own timeout ends it.
  }
  try {
    return await promise
  } finally {
    waiting = false
  }
}
