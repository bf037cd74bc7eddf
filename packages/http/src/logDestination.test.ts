// The server's log lines are gathered, not written one by one: they wait for 4 KiB or the flush clock, and none is lost.
import { execFileSync } from 'node:child_process'
import { pbkdf2 } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gatheredDestination } from './logDestination.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-log-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean)

describe('the gathered log destination', () => {
  it('holds a few request lines back (no write each), then writes them all at once when flushed', async () => {
    const file = join(dir, 'log')
    // A flush clock that does not tick during the test: only the 4 KiB mark or a flush writes.
    const destination = gatheredDestination({ dest: file, flushMs: 3_600_000 })
    const logger = pino({ level: 'info' }, destination)
    for (let i = 0; i < 5; i += 1) logger.info({ requestId: `r${i}`, status: 200 }, 'request')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(lines(file)).toEqual([])
    destination.flushSync()
    expect(lines(file).map((l) => (JSON.parse(l) as { requestId: string }).requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4'])
  })

  it('flushSync writes what it held before it returns, with libuv\'s pool busy (no write of it left in flight)', async () => {
    const file = join(dir, 'log')
    const destination = gatheredDestination({ dest: file, flushMs: 3_600_000 })
    const logger = pino({ level: 'info' }, destination)
    // The file opened (sonic-boom opens it asynchronously), then the pool's threads all busy: a write handed to the pool
    // now waits for them.
    await new Promise((resolve) => (destination as unknown as EventEmitter).once('ready', resolve))
    for (let i = 0; i < 5; i += 1) logger.info({ requestId: `r${i}` }, 'request')
    const busy = Array.from({ length: 4 }, () => new Promise((resolve) => pbkdf2('busy', 'salt', 400_000, 32, 'sha256', resolve)))
    destination.flushSync()
    const written = lines(file).length
    await Promise.all(busy)
    expect(written).toBe(5)
  })

  it('calls a flush callback once what it held is written (pino\'s logger.flush(cb))', async () => {
    const file = join(dir, 'log')
    const destination = gatheredDestination({ dest: file, flushMs: 3_600_000 })
    const logger = pino({ level: 'info' }, destination)
    for (let i = 0; i < 5; i += 1) logger.info({ requestId: `r${i}` }, 'request')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const seen = await new Promise<number>((resolve, reject) => logger.flush((error) => (error ? reject(error) : resolve(lines(file).length))))
    expect(seen).toBe(5)
  })

  it('writes what it holds at the next tick of the flush clock, with nothing more logged', async () => {
    const file = join(dir, 'log')
    const logger = pino({ level: 'info' }, gatheredDestination({ dest: file, flushMs: 20 }))
    logger.info({ requestId: 'lone' }, 'request')
    await expect.poll(() => lines(file).length, { timeout: 5000 }).toBe(1)
  })

  it('writes on its own once 4 KiB have gathered, in order', async () => {
    const file = join(dir, 'log')
    const logger = pino({ level: 'info' }, gatheredDestination({ dest: file, flushMs: 3_600_000 }))
    for (let i = 0; i < 100; i += 1) logger.info({ requestId: `r${i}`, path: '/api/v1/complaints/0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11/add-note' }, 'request')
    await expect.poll(() => lines(file).length, { timeout: 5000 }).toBeGreaterThan(0)
    const written = lines(file).map((l) => (JSON.parse(l) as { requestId: string }).requestId)
    expect(written).toEqual(Array.from({ length: written.length }, (_, i) => `r${i}`))
  })

  // The lines wait in the destination's own array, not in sonic-boom: the exit hooks pino registers must still find them.
  // A child process (tsx, as vitest runs this file) logs fewer lines than 4 KiB, with a flush clock that never ticks.
  const child = (ending: string): string[] => {
    const file = join(dir, 'log')
    const here = fileURLToPath(new URL('./logDestination.ts', import.meta.url))
    // An open descriptor, as the server's stdout is (a path would be opened asynchronously, not ready at an immediate exit).
    const script = `import pino from 'pino'; import { openSync } from 'node:fs'; import { gatheredDestination } from ${JSON.stringify(here)};
      const logger = pino({ level: 'info' }, gatheredDestination({ dest: openSync(${JSON.stringify(file)}, 'a'), flushMs: 3_600_000 }));
      for (let i = 0; i < 20; i += 1) logger.info({ requestId: 'r' + i }, 'request');
      ${ending}`
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)) })
    return lines(file).map((l) => (JSON.parse(l) as { requestId: string }).requestId)
  }
  const twenty = Array.from({ length: 20 }, (_, i) => `r${i}`)

  it('loses no gathered line when the process calls process.exit', () => {
    expect(child('process.exit(0)')).toEqual(twenty)
  }, 30_000)

  it('loses no gathered line when the process ends by itself (nothing left to do)', () => {
    expect(child('')).toEqual(twenty)
  }, 30_000)
})
