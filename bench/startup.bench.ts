// Server startup (issue #17: "startup under 2 s", and no replay of the log): seconds from spawning the server bin to its
// first 200 on GET /healthz, beside a bare `node:http` server's spawn-to-first-200 measured in the same run (what any Node
// process that answers HTTP pays: the runtime's own start), with the ratio. At each size the log is written, the server
// is started once in-process (its first start beside the log builds the read models and the tree log's chunks), then the
// bin is spawned ROUNDS times, alternating with the baseline; the median of each is printed.
// Run: `npx tsc -b && npx tsx bench/index.ts startup` (GRIDCASE_BENCH_STARTUP_CASES=0,5000 and
// GRIDCASE_BENCH_STARTUP_ROUNDS=5 by default; SQLite under a temporary DATA_DIR, processes on as `npm start` runs).
import { sqliteEventStore } from '@gridcase/adapters'
import { readConfig, startGridcaseServer } from '@gridcase/http'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { populate } from './scale.js'
import { median } from './anchors/runs.js'

const SIZES = (process.env.GRIDCASE_BENCH_STARTUP_CASES ?? '0,5000').split(',').map(Number)
const ROUNDS = Number(process.env.GRIDCASE_BENCH_STARTUP_ROUNDS ?? 5)
const BIN = join(import.meta.dirname, '../packages/http/bin/gridcase-server.js')
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

/** Spawns `args` with PORT set and polls GET /healthz every 5 ms: seconds from the spawn to the first 200. */
const spawnToFirst200 = async (args: readonly string[], env: Record<string, string>): Promise<number> => {
  const port = await freePort()
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' })
  let exited: number | null | undefined
  child.once('exit', (code) => (exited = code))
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`${args.join(' ')} exited (${exited}) before answering`)
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false)
      if (ok) return seconds(started)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  } finally {
    if (exited === undefined) {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  }
}

export async function run(): Promise<void> {
  console.log(`rounds ${ROUNDS}; median seconds from spawn to the first 200 on GET /healthz`)
  for (const cases of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-startup-bench-'))
    try {
      const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' }
      let events = 0
      if (cases > 0) {
        const log = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), synchronous: 'normal' })
        events = (await populate(log, cases)).events
        await log.close()
      }
      // The first start beside the log: read models built, tree chunks derived, the processes' catch-up done; not measured.
      const config = readConfig({ ...env, PORT: '0', HOST: '127.0.0.1' })
      if (config._tag === 'Left') throw new Error(config.left.message)
      const first = process.hrtime.bigint()
      const server = await startGridcaseServer(config.right, { demo: true, logger: pino({ level: 'silent' }) })
      await server.close()
      const firstStart = seconds(first)
      const bin: number[] = []
      const bare: number[] = []
      for (let i = 0; i < ROUNDS; i += 1) {
        bare.push(await spawnToFirst200(['-e', BARE], {}))
        bin.push(await spawnToFirst200([BIN, '--demo'], env))
      }
      const [b, s] = [median(bare), median(bin)]
      console.log(
        `${cases.toLocaleString('en-US')} cases (${events.toLocaleString('en-US')} events; first start beside the log ${firstStart.toFixed(2)} s): ` +
          `server bin ${s.toFixed(2)} s, bare node:http ${b.toFixed(2)} s, ratio ${(s / b).toFixed(1)}× [load ${load()}]`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
