import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('./referenceServer.ts', import.meta.url))
let child: ChildProcess | undefined
let dir: string | undefined
afterEach(async () => {
  const running = child
  child = undefined
  if (running !== undefined && running.exitCode === null) {
    running.kill('SIGTERM')
    await new Promise((resolve) => running.once('exit', resolve))
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

/** Starts the server on a port of the kernel's choosing; resolves with that port. */
const start = async (file: string, work: Readonly<Record<'WORK_US' | 'WRITER_WORK_US' | 'FSYNC_ON' | 'ALLOC_KB' | 'RETAIN_KB', string>>): Promise<number> => {
  child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, PORT: '0', ...work, REFERENCE_FILE: file }, stdio: ['ignore', 'pipe', 'inherit'] })
  const started = child
  return new Promise<number>((resolve, reject) => {
    started.stdout?.on('data', (chunk: Buffer) => {
      const port = /listening on (\d+)/.exec(chunk.toString())?.[1]
      if (port !== undefined) resolve(Number(port))
    })
    started.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)))
  })
}

describe('referenceServer (the HTTP bench floor)', () => {
  it.each([
    { WORK_US: '100', WRITER_WORK_US: '0', FSYNC_ON: 'writer', ALLOC_KB: '0', RETAIN_KB: '0' },
    { WORK_US: '0', WRITER_WORK_US: '100', FSYNC_ON: 'writer', ALLOC_KB: '0', RETAIN_KB: '0' },
    { WORK_US: '100', WRITER_WORK_US: '0', FSYNC_ON: 'main', ALLOC_KB: '0', RETAIN_KB: '0' },
    { WORK_US: '100', WRITER_WORK_US: '0', FSYNC_ON: 'main', ALLOC_KB: '46', RETAIN_KB: '1' },
  ])('answers each request only once its body is in the file, concurrent requests sharing one write (%o)', async (work) => {
    dir = mkdtempSync(join(tmpdir(), 'gridcase-reference-'))
    const file = join(dir, 'log')
    const port = await start(file, work)
    const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ note: `n${i}` }))
    const answers = await Promise.all(
      bodies.map(async (body) => {
        const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        // What was answered must already be in the file.
        const written = readFileSync(file, 'utf8').split('\n')
        return { status: res.status, written: written.includes(body) }
      }),
    )
    expect(answers.every((a) => a.status === 200 && a.written)).toBe(true)
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).sort()).toEqual([...bodies].sort())
  })
})

