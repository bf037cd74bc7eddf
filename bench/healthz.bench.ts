// /healthz under the loads of issue 13, measured rather than asserted (tests/http/load.test.ts checks what is not a
// time: the verifies' results, the live caps, the slow readers dropped, RSS): the server bin as a child process on a
// sealed 30k-event SQLite log (1000 complaints × (1 + 29 notes)), /healthz called every 10 ms from a worker thread of
// this process, its p99 during
//   - verify: 4 concurrent GET /api/v1/audit/verify, then 4 with ?full=true;
//   - live: 10 live clients that never read and 200 that do, while 100 add-notes are written 50 ms apart;
// each beside the idle server's p99 (3 s of the same probe, nothing else running) measured just before it, and the
// ratio (after 3 s of probes left out: the server's first seconds after start are not idle). On a shared machine the
// scheduler alone costs the idle floor tens of ms; the load average is printed beside.
// Run: `npx tsc -b && npx tsx bench/index.ts healthz` (GRIDCASE_BENCH_HEALTHZ_CASES=1000 and
// GRIDCASE_BENCH_HEALTHZ_NOTES=29 by default).
import { signToken } from '@gridcase/http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bigLogServerEnv, writeBigLog } from '../tests/http/helpers/bigLog.js'
import { openLive, p99, probeHealth, startChild, type ChildServer, type LiveClient } from '../tests/http/helpers/child.js'

const CASES = Number(process.env.GRIDCASE_BENCH_HEALTHZ_CASES ?? 1000)
const NOTES = Number(process.env.GRIDCASE_BENCH_HEALTHZ_NOTES ?? 29)
const SECRET = 'healthz-bench-secret-healthz-bench!!'
const SLOW_MS = 8000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
const token = (sub: string, role: 'auditor' | 'supervisor' = 'auditor') => signToken({ secret: SECRET }, { id: sub, role, jurisdiction: 'hohhot' })

/** /healthz latencies while `during` runs; the probe's thread is stopped whether or not `during` throws. */
const probed = async (server: ChildServer, during: () => Promise<unknown>): Promise<number[]> => {
  const probe = probeHealth(server.url)
  let stopped = false
  try {
    await during()
    stopped = true
    return await probe.stop()
  } finally {
    if (!stopped) await probe.stop().catch(() => undefined)
  }
}

/** The idle server's /healthz p99: 3 s of probes with nothing else running. */
const idleP99 = async (server: ChildServer): Promise<number> => p99(await probed(server, () => sleep(3000)))

const report = (name: string, latencies: readonly number[], floor: number, loadBefore: string): void => {
  const loaded = p99(latencies)
  console.log(
    `${name}: /healthz p99 ${loaded.toFixed(1)} ms over ${latencies.length} probes, idle floor ${floor.toFixed(1)} ms, ratio ${(loaded / floor).toFixed(2)}× (load average ${loadBefore} → ${load()})`,
  )
}

const verifyPhase = async (server: ChildServer): Promise<void> => {
  const auditor = await token('verify-auditor')
  const verify = (query = '') =>
    fetch(`${server.url}/api/v1/audit/verify${query}`, { headers: { authorization: `Bearer ${auditor}` } }).then((r) => r.json() as Promise<{ ok: boolean; events: number }>)
  const loadBefore = load()
  const floor = await idleP99(server)
  let results: { ok: boolean; events: number }[] = []
  const latencies = await probed(server, async () => {
    results = [...(await Promise.all([verify(), verify(), verify(), verify()])), ...(await Promise.all([verify('?full=true'), verify('?full=true'), verify('?full=true'), verify('?full=true')]))]
  })
  if (!results.every((r) => r.ok && r.events === CASES * (1 + NOTES))) throw new Error(`a verify failed: ${JSON.stringify(results)}`)
  report('during 4 + 4 (full) concurrent verifies', latencies, floor, loadBefore)
}

const livePhase = async (server: ChildServer, caseIds: readonly string[]): Promise<void> => {
  const stalledTokens = await Promise.all(Array.from({ length: 10 }, (_, i) => token(`stalled-${i}`)))
  const readerTokens = await Promise.all(Array.from({ length: 200 }, (_, i) => token(`reader-${i}`)))
  const loadBefore = load()
  const floor = await idleP99(server)
  const opened = Date.now()
  const clients: LiveClient[] = []
  try {
    const latencies = await probed(server, async () => {
      clients.push(...(await Promise.all(stalledTokens.map((t) => openLive(server.port, t, '/api/v1/events?from=0', false)))))
      for (let i = 0; i < readerTokens.length; i += 20) clients.push(...(await Promise.all(readerTokens.slice(i, i + 20).map((t) => openLive(server.port, t)))))
      const supervisor = await token('load-writer', 'supervisor')
      for (let i = 0; i < 100; i += 1) {
        const res = await fetch(`${server.url}/api/v1/complaints/${caseIds[i % caseIds.length]}/add-note`, {
          method: 'POST',
          headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
          body: JSON.stringify({ note: `load ${i}` }),
        })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`add-note answered ${res.status}`)
        await sleep(50)
      }
      // Past LIVE_SLOW_CLIENT_MS: the stalled clients' drop is inside the measured window.
      await sleep(Math.max(0, opened + SLOW_MS + 3000 - Date.now()))
    })
    report('during 10 stalled + 200 reading live clients, 100 add-notes', latencies, floor, loadBefore)
  } finally {
    for (const client of clients) client.socket.destroy()
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-healthz-'))
  let server: ChildServer | undefined
  try {
    const caseIds = await writeBigLog(join(dir, 'gridcase.sqlite'), CASES, NOTES)
    server = await startChild(bigLogServerEnv(dir, SECRET, SLOW_MS))
    // Measured once the server has folded the log into its case index (a page of the log's last events waits for that).
    const ready = await fetch(`${server.url}/api/v1/events?from=${CASES * (1 + NOTES) - 1}`, { headers: { authorization: `Bearer ${await token('warm-up')}` } })
    await ready.arrayBuffer()
    if (ready.status !== 200) throw new Error(`warm-up answered ${ready.status}`)
    console.log(`server bin on a sealed SQLite log of ${CASES * (1 + NOTES)} events; /healthz every 10 ms from a worker thread`)
    // The server's first seconds (its read models' catch-up after start, the probe's first connection) are not idle:
    // a window of probes, printed and left out, before the first floor.
    console.log(`warm-up (left out): /healthz p99 ${(await idleP99(server)).toFixed(1)} ms`)
    await verifyPhase(server)
    await livePhase(server, caseIds)
  } finally {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
