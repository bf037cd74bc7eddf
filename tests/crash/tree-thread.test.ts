// The Merkle tree on a worker thread, in a process of its own: stopped, the process ends by itself (no thread or
// handle left behind); killed mid-way, the next start rebuilds the tree from the stored chunks and the log and
// signs the root of every event committed.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateHeadKey, headSigner, nodeSha256Bytes, sqliteEventStore, sqliteTreeHeads, systemClock, treeLog } from '@gridcase/adapters'
import { eventLeafHash, rootOf, toHex } from '@gridcase/core/audit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const script = fileURLToPath(new URL('./treeThreadRun.ts', import.meta.url))

const run = (path: string, appends: number, mode: 'stop' | 'kill'): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, String(appends), mode], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.tests.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-tree-thread-crash-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const expectedRoot = async (path: string) => {
  const store = sqliteEventStore({ path, readonly: true })
  const all = await store.readAll()
  await store.close()
  return { size: all.length, root: toHex(rootOf(all.map((e) => eventLeafHash(e, nodeSha256Bytes)), nodeSha256Bytes)) }
}

describe('the tree on a worker thread, in its own process', () => {
  it('stopped, the process ends on its own with code 0, the head over every event', async () => {
    const path = join(dir, 'a.sqlite')
    const out = await run(path, 60, 'stop')
    // Code 13 would be an await left hanging on a thread nobody holds; a hang would time the test out.
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: '' })
    const expected = await expectedRoot(path)
    expect(JSON.parse(out.stdout)).toMatchObject({ size: expected.size, head: { treeSize: expected.size, rootHash: expected.root } })
  }, 60_000)

  it('killed mid-way, the next start (on a thread again) signs the root of every event committed', async () => {
    const path = join(dir, 'b.sqlite')
    const out = await run(path, 400, 'kill')
    expect(out.signal).toBe('SIGKILL')
    const expected = await expectedRoot(path)
    expect(expected.size).toBeGreaterThan(700)
    const store = sqliteEventStore({ path })
    const heads = sqliteTreeHeads({ path })
    const tree = treeLog({ store, heads, signer: headSigner(generateHeadKey().privateKeyPem), clock: systemClock, thread: { path } })
    await tree.start()
    expect(heads.latestHead()).toMatchObject({ treeSize: expected.size, rootHash: expected.root })
    await tree.stop()
    heads.close()
    await store.close()
  }, 60_000)
})
