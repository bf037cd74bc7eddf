// One memory file shared by several signers (docs/tamper-evidence.md advises it, to cover the heads the others
// signed), written at the same moments: it never goes back to a smaller head, and no write fails for another's. Two
// worker threads stand for two servers: they share `process.pid`, as two containers each running its server as pid 1
// over one volume do. Found in review: each write read the file, then wrote `<file>.<pid>.partial` and renamed it into
// place with no lock — two writers with one pid wrote one temporary file (one's rename then failed, ENOENT), and
// one that read before the other renamed replaced the other's larger head with its own smaller one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// The built module (a worker thread does not go through vitest's transform): `npx tsc -b` first, as for every test.
const MODULE = resolve(import.meta.dirname, '../../dist/audit/headMemory.js')
const WRITES = 150

const WRITER = `
const { workerData, parentPort } = require('node:worker_threads')
import(workerData.module).then(({ fileHeadMemory }) => {
  const memory = fileHeadMemory(workerData.path)
  const errors = []
  for (let i = 0; i < workerData.writes; i += 1) {
    const treeSize = 2 * i + workerData.offset
    try {
      memory.write({ treeSize, rootHash: treeSize.toString(16).padStart(64, '0'), timestamp: '2026-12-06T00:00:00Z', keyId: 'k', signature: 's' })
    } catch (error) {
      errors.push(String(error && error.message))
    }
  }
  parentPort.postMessage(errors)
})
`

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-head-memory-shared-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const writer = (path: string, offset: number): Promise<string[]> =>
  new Promise((done, fail) => {
    const worker = new Worker(WRITER, { eval: true, workerData: { module: MODULE, path, offset, writes: WRITES } })
    worker.once('message', (errors: string[]) => void worker.terminate().then(() => done(errors)))
    worker.once('error', fail)
  })

describe('one head memory file, two signers writing at once', () => {
  it('ends on the largest head either signed, never lower on the way, and no write fails', async () => {
    const path = join(dir, 'head.pem.last-head.json')
    const seen: number[] = []
    let watching = true
    const watch = (async () => {
      while (watching) {
        try {
          seen.push((JSON.parse(readFileSync(path, 'utf8')) as { treeSize: number }).treeSize)
        } catch {
          // not there yet
        }
        await new Promise((r) => setImmediate(r))
      }
    })()
    const [even, odd] = await Promise.all([writer(path, 2), writer(path, 3)])
    watching = false
    await watch
    expect([...even, ...odd]).toEqual([])
    // The largest head written: 2·(WRITES−1)+3, by the odd writer.
    expect((JSON.parse(readFileSync(path, 'utf8')) as { treeSize: number }).treeSize).toBe(2 * (WRITES - 1) + 3)
    const fell = seen.findIndex((size, i) => i > 0 && size < (seen[i - 1] as number))
    expect(fell, `the memory went from ${seen[fell - 1]} down to ${seen[fell]}`).toBe(-1)
  }, 60_000)
})
