// A test run killed by a signal (vitest SIGKILLed or SIGTERMed) runs no teardown: the throwaway PostgreSQL its global
// setup started must die with it all the same, and its /tmp/gridcase-pg-* directory go (server.ts's watchdog).
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { postgresMissing } from './server.js'
import { until } from '../helpers/until.js'

const CHILD = fileURLToPath(new URL('./setupChild.ts', import.meta.url))

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  // A zombie (exited, not yet reaped by its parent) is gone too.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** The directory of the server listening on `port` and its postmaster's pid, from `data/postmaster.pid` (line 1: pid, line 4: port). */
const serverOnPort = (port: number): { dir: string; pid: number } => {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('gridcase-pg-'))) {
    const dir = join(tmpdir(), name)
    const lines = existsSync(join(dir, 'data', 'postmaster.pid')) ? readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n') : []
    if (Number(lines[3]) === port) return { dir, pid: Number(lines[0]) }
  }
  throw new Error(`no gridcase-pg-* directory in ${tmpdir()} holds the server on port ${port}`)
}

describe.skipIf(postgresMissing() !== undefined)('the throwaway PostgreSQL of a test run killed by a signal', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)('stops, and its directory is removed, when the process of the global setup gets %s', async (signal) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
    if (process.env.PG_BIN !== undefined) env.PG_BIN = process.env.PG_BIN
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      await until(() => out.includes('\n') || child.exitCode !== null, { everyMs: 100, state: () => out })
      const provided = JSON.parse(out.split('\n')[0] ?? '') as { postgresUrl: string }
      const { dir, pid } = serverOnPort(Number(new URL(provided.postgresUrl).port))
      expect(alive(pid)).toBe(true)
      child.kill(signal)
      await exited
      // The watchdog polls every 200 ms and PostgreSQL's immediate shutdown is quick; waited for, however slow, until the test's timeout.
      await until(() => !alive(pid) && !existsSync(dir), { everyMs: 100, state: () => `postmaster ${pid} alive: ${alive(pid)}; ${dir} exists: ${existsSync(dir)}` })
      expect([alive(pid), existsSync(dir)]).toEqual([false, false])
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  }, 120_000)
})
