// Webhook deliveries/s to a local receiver: gridcase's dispatcher (each delivery read from the outbox in SQLite, its
// event read from the log, the body built and masked, signed per Standard Webhooks, POSTed, the attempt recorded) beside
// the floor — a bare node:http POST loop of the same bodies to the same receiver, with as many requests in flight
// (the dispatcher's concurrency), in the same run.
//   npx tsx bench/index.ts webhooks          (BENCH_WEBHOOKS=… events, default 3000)
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  deliveryBody,
  manualClock,
  sqliteEventStore,
  sqliteLeases,
  sqliteReadModelFile,
  sqliteWebhookStore,
  webhookDispatcher,
  webhookProcess,
} from '@gridcase/adapters'
import type { NewEvent, RecordedEvent } from '@gridcase/core'

const N = Number(process.env.BENCH_WEBHOOKS ?? 3000)
const CASES = 300
const CONCURRENCY = 16
const JURISDICTION = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'

const event = (n: number, version: number): NewEvent => ({
  type: version === 0 ? 'ComplaintRegistered' : 'ComplaintNoteAdded',
  schemaVersion: 1,
  data:
    version === 0
      ? { channel: 'hotline-12345', kind: 'help', category: 'lighting', title: '路灯不亮', description: '小区东门路灯不亮，已报修三次', jurisdiction: JURISDICTION, complainant: { name: '欧阳淑芬', phone: '13904719876' }, n }
      : { note: '已联系物业，明日处理', n },
  metadata: {
    commandId: `cmd-${n}`,
    correlationId: `corr-${n}`,
    causationId: `cmd-${n}`,
    actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
    occurredAt: '2026-03-01T09:30:00+08:00',
  },
})

export const run = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-bench-webhooks-'))
  let received = 0
  const receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received += 1
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
  const store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), synchronous: 'normal' })
  const file = sqliteReadModelFile(join(dir, 'read-models.sqlite'))
  try {
    // The log: N events over CASES cases.
    const perCase = Math.ceil(N / CASES)
    for (let c = 0; c < CASES; c += 1) {
      const events = Array.from({ length: Math.min(perCase, N - c * perCase) }, (_, v) => event(c * perCase + v, v))
      if (events.length > 0) await store.appendToStream(`complaint-${String(c).padStart(8, '0')}-0000-4000-8000-000000000000`, events, { expectedVersion: 'no-stream' })
    }
    const log: RecordedEvent[] = [...(await store.readAll({ fromPosition: 0 }))]

    // Baseline: the same masked bodies POSTed by a bare loop, CONCURRENCY in flight on keep-alive connections.
    const bodies = log.map((e) => deliveryBody(e, { caseType: 'complaint', caseId: e.streamId.slice(10), jurisdiction: JURISDICTION, report: false }, false))
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    const post = (body: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume()
          res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))))
        })
        req.on('error', reject)
        req.end(body)
      })
    let next = 0
    const bareStarted = process.hrtime.bigint()
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await post(bodies[next++] as string)
    }))
    const bare = log.length / (Number(process.hrtime.bigint() - bareStarted) / 1e9)
    agent.destroy()

    // gridcase: one subscription to every event; the outbox fed by the webhook process, then drained by the dispatcher.
    const clock = manualClock(new Date().toISOString())
    const outbox = sqliteWebhookStore(file.db)
    await outbox.create({ id: '00000000-0000-4000-8000-00000000beef', url, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, createdAt: clock.now(), createdBy: 'bench', logPosition: -1 })
    const caseTypes = [{ name: 'complaint', streamPrefix: 'complaint-' }]
    const feeder = webhookProcess({ store, outbox, caseTypes, clock })
    const enqueueStarted = process.hrtime.bigint()
    for (const e of log) await feeder.react(e, { store })
    const enqueued = log.length / (Number(process.hrtime.bigint() - enqueueStarted) / 1e9)
    const dispatcher = webhookDispatcher({ store, outbox, caseTypes, clock, leases: sqliteLeases(file.db), holder: 'bench', settings: { concurrency: CONCURRENCY, allow: ['127.0.0.1'] } })
    const before = received
    const started = process.hrtime.bigint()
    while ((await dispatcher.tick()) > 0);
    const ours = log.length / (Number(process.hrtime.bigint() - started) / 1e9)
    await dispatcher.stop()
    if (received - before !== log.length) throw new Error(`delivered ${received - before} of ${log.length}`)
    console.log(`webhook outbox: ${enqueued.toFixed(0)} events/s matched and queued (SQLite)`)
    console.log(
      `webhook deliveries/s to a local receiver (${log.length} events, ${CASES} cases, ${CONCURRENCY} in flight): bare node:http POST loop (baseline) ${bare.toFixed(0)}; gridcase dispatcher (outbox, signed, attempt logged) ${ours.toFixed(0)}; ratio ${(ours / bare).toFixed(2)}×`,
    )
  } finally {
    file.close()
    await store.close()
    await new Promise<void>((resolve) => receiver.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  }
}
