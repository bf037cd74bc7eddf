// The tree's thread is woken once per step, not once per commit: commits close together are read by one step, and
// the tree still reaches every commit (a lone one after a quiet spell too).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteEventStore } from '../sqlite/store.js'
import { treeWorker } from './treeWorker.js'
import { noted } from '../../../../tests/support/plainEvents.js'


let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-tree-wake-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe("the tree log's thread, woken by commits", () => {
  it('takes N commits a millisecond apart with fewer than N wakes, and reaches the last; then a lone commit', async () => {
    const path = join(dir, 'log.sqlite')
    const store = sqliteEventStore({ path, writer: 'main' })
    let reached = -1
    // A quiet log is looked at every minute only: what the tree reaches here, a wake brought it to.
    const worker = treeWorker({ path, chunks: () => [], pollMs: 60_000, wakeEveryMs: 200, onUpdate: (u) => (reached = u.lastPosition) })
    try {
      await worker.start()
      let last = -1
      for (let n = 0; n < 30; n += 1) {
        const r = await store.appendToStream(`s-${n % 3}`, [noted(n)], { expectedVersion: 'any' })
        if (r._tag === 'Right') last = r.right.lastPosition
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      await expect.poll(() => reached, { timeout: 10_000 }).toBe(last)
      expect(worker.wakes()).toBeGreaterThan(0)
      expect(worker.wakes()).toBeLessThan(30)
      const r = await store.appendToStream('s-lone', [noted(99)], { expectedVersion: 'any' })
      if (r._tag === 'Left') throw new Error(r.left.message)
      await expect.poll(() => reached, { timeout: 10_000 }).toBe(r.right.lastPosition)
    } finally {
      await worker.stop()
      await store.close()
    }
  })
})
