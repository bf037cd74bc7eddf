// The server under the loads issue 13 measured, as a child process (its RSS is read from /proc) on a 30k-event SQLite log:
// 10 live clients that never read and 200 that do, the live caps, and 4 concurrent verifies — while /healthz keeps
// answering. How fast it answers meanwhile (p99 beside the idle floor) is a figure of the bench: bench/healthz.bench.ts.
import { signToken } from '@gridcase/http'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bigLogServerEnv, writeBigLog } from './helpers/bigLog.js'
import { openLive, probeHealth, startChild, type ChildServer, type LiveClient } from './helpers/child.js'
import { until } from '../helpers/until.js'

const SECRET = 'load-test-secret-load-test-secret-!!'
const CASES = 1000
const NOTES = 29 // 1000 × (1 + 29) = 30,000 events
const MB = 1024 * 1024
const SLOW_MS = 8000

let dir: string
let server: ChildServer
let caseIds: string[]

const token = (sub: string, role = 'auditor') => signToken({ secret: SECRET }, { id: sub, role: role as 'auditor', jurisdiction: 'hohhot' })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-load-'))
  caseIds = await writeBigLog(join(dir, 'gridcase.sqlite'), CASES, NOTES)
  server = await startChild(bigLogServerEnv(dir, SECRET, SLOW_MS), [], process.env['LOAD_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])
  // Measure once the server has folded the log into its case index (a page of the log's last events waits for that).
  const ready = await fetch(`${server.url}/api/v1/events?from=${CASES * (1 + NOTES) - 1}`, { headers: { authorization: `Bearer ${await token('warm-up')}` } })
  expect(ready.status).toBe(200)
}, 120_000)
afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a server on a 30k-event log', () => {
  it('answers 4 concurrent verifies (and 4 full ones) on a worker thread, and /healthz while they are under way', async () => {
    const auditor = await token('verify-auditor')
    const verify = (query = '') => fetch(`${server.url}/api/v1/audit/verify${query}`, { headers: { authorization: `Bearer ${auditor}` } })
    const threads = () => readdirSync(`/proc/${server.child.pid}/task`).length
    const before = threads()
    let most = before
    const sampler = setInterval(() => (most = Math.max(most, threads())), 5)
    // Ordering, not milliseconds: /healthz probes, each sent once the previous one is answered, until the verifies are
    // answered. Counted are only those sent while a verify thread is running (the server has more threads than before)
    // and answered while one still is: a verify that held the event loop would start no thread, and an event loop busy
    // with a verify could answer no probe in that window (probes that slip in before or after its hashing do not count).
    const answeredDuring = async (verifies: Promise<Response>[]): Promise<{ results: unknown[]; answered: number }> => {
      let settled = false
      void Promise.allSettled(verifies).then(() => (settled = true))
      let answered = 0
      while (!settled) {
        const sentDuring = threads() > before
        const res = await fetch(`${server.url}/healthz`)
        await res.arrayBuffer()
        expect(res.status).toBe(200)
        if (sentDuring && threads() > before) answered += 1
      }
      return { results: await Promise.all(verifies.map(async (v) => (await v).json())), answered }
    }
    // The verify threads end with their runs (a wait for them to exit, not a timing).
    const threadsGone = () => until(() => threads() <= before, { state: () => `server threads: ${threads()}, ${before} before` })
    const plain = await answeredDuring([verify(), verify(), verify(), verify()])
    await threadsGone() // so that none of these is counted as a thread of the full verifies
    const full = await answeredDuring([verify('?full=true'), verify('?full=true'), verify('?full=true'), verify('?full=true')])
    clearInterval(sampler)
    for (const result of [...plain.results, ...full.results]) expect(result).toMatchObject({ ok: true, events: CASES * (1 + NOTES) })
    expect(plain.answered, '/healthz answered while the verifies were under way').toBeGreaterThan(0)
    expect(full.answered, '/healthz answered while the full verifies were under way').toBeGreaterThan(0)
    // The verify runs on a thread of its own that ends with the run (packages/http/src/verifyWorker.ts): one more
    // thread in the server while it runs, gone after.
    await threadsGone()
    expect(most, `server threads: ${before} before, ${most} at most while verifying`).toBeGreaterThan(before)
    expect(threads()).toBeLessThanOrEqual(before)
    console.log(`verify ×8 on ${CASES * (1 + NOTES)} events: /healthz answered ${plain.answered} + ${full.answered} times while a verify thread ran; threads ${before} → ${most} → ${threads()}`)
  }, 120_000)

  it('holds 10 non-reading and 200 reading live clients: RSS grows < 100 MB, /healthz keeps answering, the slow ones are dropped with a retry hint', async () => {
    const stalledTokens = await Promise.all(Array.from({ length: 10 }, (_, i) => token(`stalled-${i}`)))
    const readerTokens = await Promise.all(Array.from({ length: 200 }, (_, i) => token(`reader-${i}`)))
    const baseline = server.rss()
    // Sampled from before the first client connects: the stalled clients' catch-up is counted too.
    let peak = baseline
    const sampler = setInterval(() => (peak = Math.max(peak, server.rss())), 100)
    const stalled = await Promise.all(stalledTokens.map((t) => openLive(server.port, t, '/api/v1/events?from=0', false)))
    const readers: LiveClient[] = []
    for (let i = 0; i < readerTokens.length; i += 20) readers.push(...(await Promise.all(readerTokens.slice(i, i + 20).map((t) => openLive(server.port, t)))))
    expect([...stalled, ...readers].map((c) => c.status)).toEqual(Array(210).fill(200))
    // The total cap (LIVE_MAX_CLIENTS=210): one more is refused with a Retry-After.
    const over = await openLive(server.port, await token('one-too-many'))
    expect(over.status).toBe(503)
    expect(over.text()).toMatch(/retry-after: \d+/i)
    over.socket.destroy()

    const probe = probeHealth(server.url)
    const supervisor = await token('load-writer', 'supervisor')
    const WRITES = 100
    for (let i = 0; i < WRITES; i += 1) {
      const res = await fetch(`${server.url}/api/v1/complaints/${caseIds[i % caseIds.length]}/add-note`, {
        method: 'POST',
        headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ note: `load ${i}` }),
      })
      expect(res.status).toBe(200)
      await sleep(50)
    }
    // Until the server has dropped every stalled client (it logs each, a warning): an ordering, not a guess at the
    // clock. Their sockets fill only once the catch-up reaches them, which on a busy machine is late; a client resumed
    // before it was dropped would drain, never be dropped, and the wait for its end below would hang.
    const dropped = () => server.output().split('\n').filter((line) => line.includes('too slow, dropped') && /"actor":"stalled-\d+"/.test(line)).length
    while (dropped() < stalled.length) await sleep(100)
    clearInterval(sampler)
    // Every probe answered 200 (the probe fails on any other answer); how fast is bench/healthz.bench.ts's figure.
    const probes = (await probe.stop()).length

    console.log(`live 10 stalled + 200 reading: RSS ${(baseline / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB (+${((peak - baseline) / MB).toFixed(1)}), /healthz answered ${probes} probes`)
    expect(peak - baseline, `RSS ${Math.round(baseline / MB)} MB → peak ${Math.round(peak / MB)} MB`).toBeLessThan(100 * MB)
    expect(probes).toBeGreaterThan(0)
    // Each write was answered once committed; its event reaches the readers after that. Waited for, not assumed: on a
    // busy machine the stalled clients may have been dropped long before the last write, and nothing above then waits.
    const ids = (reader: LiveClient) => reader.text().match(/^id: \d+$/gm)?.length ?? 0
    await until(() => readers.every((reader) => ids(reader) >= WRITES), { state: () => `events per reader: ${readers.map(ids).join(' ')}` })
    for (const reader of readers) {
      expect(ids(reader)).toBe(WRITES)
      expect(reader.text()).toContain(': heartbeat')
    }
    // A stalled client that reads at last finds what was queued, the hint to come back later, and the end of the stream.
    const late = stalled[0]
    if (late === undefined) throw new Error('no stalled client')
    const ended = new Promise<void>((resolve) => late.socket.once('end', () => resolve()))
    let tail = ''
    late.socket.on('data', (chunk: Buffer) => (tail += chunk.toString('latin1')))
    late.socket.resume()
    await ended
    expect(tail.slice(-300)).toMatch(/retry: 30000\n: too slow; reconnect with Last-Event-ID\n\n(\r\n0\r\n\r\n)?$/)
    // It was dropped long before the 30,000th event.
    expect(late.bytes()).toBeLessThan(30_000 * 300)
    for (const client of [...stalled, ...readers]) client.socket.destroy()
  }, 120_000)

  it('refuses a third live feed for one actor (LIVE_MAX_PER_ACTOR=2) with 503 and Retry-After', async () => {
    const same = await token('one-actor')
    const first = await openLive(server.port, same)
    const second = await openLive(server.port, same)
    const third = await openLive(server.port, same)
    expect([first.status, second.status, third.status]).toEqual([200, 200, 503])
    expect(third.text()).toMatch(/retry-after: \d+/i)
    for (const c of [first, second, third]) c.socket.destroy()
  }, 30_000)
})
