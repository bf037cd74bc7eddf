// The tree log's worker thread holds the file's wake-up and its commit listener only while it runs: from start to stop.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteEventStore } from '../sqlite/store.js'
import { wakeupsFor } from '../sqlite/wakeups.js'
import { treeWorker } from './treeWorker.js'

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-tree-worker-'))
  file = join(dir, 'log.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Does anyone else hold the file's entry? A user that comes and goes alone leaves none behind, so the next user gets a
 * fresh wake-up; if someone else holds it, both get the same one.
 */
const heldByAnother = (path: string): boolean => {
  const first = wakeupsFor(path)
  first.release()
  const second = wakeupsFor(path)
  second.release()
  return second.wake === first.wake
}

describe('the tree log’s worker thread and the file’s wake-up', () => {
  it('built and never started, holds nothing', () => {
    treeWorker({ path: file, chunks: () => [], onUpdate: () => undefined })
    expect(heldByAnother(file)).toBe(false)
  })

  it('whose start fails, lets go of what it took', async () => {
    const worker = treeWorker({
      path: file,
      chunks: () => {
        throw new Error('no chunks to resume from')
      },
      onUpdate: () => undefined,
    })
    await expect(worker.start()).rejects.toThrow('no chunks to resume from')
    expect(heldByAnother(file)).toBe(false)
    await worker.stop()
    expect(heldByAnother(file)).toBe(false)
  })

  it('started, holds the entry until stopped', async () => {
    const store = sqliteEventStore({ path: file })
    await store.close()
    const worker = treeWorker({ path: file, chunks: () => [], onUpdate: () => undefined })
    await worker.start()
    try {
      expect(heldByAnother(file)).toBe(true)
    } finally {
      await worker.stop()
    }
    expect(heldByAnother(file)).toBe(false)
  })
})
