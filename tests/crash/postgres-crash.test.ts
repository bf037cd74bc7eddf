// The PostgreSQL store when things die under load: writer processes killed with SIGKILL (on the shared
// test server), and the server itself stopped with `pg_ctl stop -m immediate` — a crash: no checkpoint,
// recovery from the WAL at the next start — on a private server, since the others share theirs. After
// each: every acknowledged event is there, batches are whole, positions are dense (0..n-1 in commit
// order), and every stream's hash chain verifies. Two writer processes (two pools) share the database throughout.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { postgresEventStore } from '@gridcase/adapters'
import type { RunningServer } from '@gridcase/http'
import { verifyStream, type RecordedEvent } from '@gridcase/core'
import pg from 'pg'
import { afterEach, describe, expect, it, onTestFailed } from 'vitest'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from '../postgres/database.js'
import { postgresMissing, startPostgres } from '../postgres/server.js'
import { parseAcks, STREAMS, type Ack, type BatchMark } from './events.js'
import { awaiting, until } from '../helpers/until.js'
import { startSignedServer } from '../http/helpers/demoServer.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const writerScript = fileURLToPath(new URL('./pgWriter.ts', import.meta.url))

interface Writer {
  readonly name: string
  readonly child: ChildProcess
  output: string
  stderr: string
  /** Resolves once the writer has acknowledged its first append (it is then under load). */
  readonly started: Promise<void>
  readonly exited: Promise<NodeJS.Signals | number | null>
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

const startWriter = (url: string, schema: string, name: string): Writer => {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, url, schema, name], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.tests.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const writer: Writer = {
    name,
    child,
    output: '',
    stderr: '',
    started: new Promise((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        writer.output += chunk.toString('utf8')
        if (writer.output.includes('ack ')) resolve()
      })
      child.once('exit', () => reject(new Error(`writer ${name} exited before acknowledging anything: ${writer.stderr}`)))
    }),
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))),
  }
  child.stderr?.on('data', (chunk: Buffer) => {
    writer.stderr += chunk.toString('utf8')
  })
  return writer
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const markOf = (event: RecordedEvent): BatchMark => event.data as BatchMark
const acksSoFar = (w: Writer): number => parseAcks(w.output).length

/** Waits until a writer has acknowledged `more` events beyond `from` (only the test's timeout bounds it; a failure says so). */
const untilAcked = (w: Writer, from: number, more: number): Promise<void> =>
  awaiting(
    `writer ${w.name} to acknowledge ${more} more events after ${from}`,
    (async () => {
      while (acksSoFar(w) < from + more) {
        if (w.child.exitCode !== null) throw new Error(`writer exited: ${w.stderr}`)
        await sleep(20)
      }
    })(),
    () => `${acksSoFar(w)} acknowledged`,
  )

/** Each writer's first acknowledged append: a node process through tsx starting, seconds on a loaded machine. */
const allStarted = (writers: readonly Writer[]): Promise<void[]> => Promise.all(writers.map((w) => awaiting(`writer ${w.name}'s first acknowledged append`, w.started)))

const killAll = async (writers: readonly Writer[], acked: Ack[]): Promise<void> => {
  await Promise.all(
    writers.map(async (w) => {
      w.child.kill('SIGKILL')
      expect(await awaiting(`writer ${w.name} to exit after SIGKILL`, w.exited)).toBe('SIGKILL')
      acked.push(...parseAcks(w.output))
    }),
  )
}

/** The checks after a crash: every ack there, dense positions, whole batches, verified chains. */
const checkLog = async (url: string, schema: string, acked: readonly Ack[]): Promise<number> => {
  const store = postgresEventStore({ connectionString: url, schema, maxConnections: 2 })
  try {
    const all = await store.readAll()
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i))
    const byStream = new Map<string, readonly RecordedEvent[]>()
    for (const streamId of STREAMS) {
      const events = await store.readStream(streamId)
      byStream.set(streamId, events)
      expect(verifyStream(streamId, events)).toMatchObject({ ok: true, events: events.length })
    }
    for (const ack of acked) {
      expect(byStream.get(ack.streamId)?.[ack.version]?.eventId, `acknowledged ${ack.streamId}@${ack.version}`).toBe(ack.eventId)
    }
    const batches = new Map<string, RecordedEvent[]>()
    for (const event of all) batches.set(markOf(event).batchId, [...(batches.get(markOf(event).batchId) ?? []), event])
    for (const events of batches.values()) {
      const first = events[0] as RecordedEvent
      expect(events.map((e) => markOf(e).index)).toEqual(Array.from({ length: markOf(first).size }, (_, i) => i))
      expect(events.map((e) => e.version - first.version)).toEqual(events.map((_, i) => i))
      expect(events.map((e) => e.position - first.position)).toEqual(events.map((_, i) => i))
    }
    return all.length
  } finally {
    await store.close()
  }
}

describePostgres('PostgreSQL store under SIGKILL of its clients', () => {
  it('keeps every acknowledged event, whole batches, dense positions and verifiable chains after writer processes are killed at random moments', async () => {
    const url = postgresUrl()
    const schema = freshSchemaName()
    const acked: Ack[] = []
    try {
      for (let round = 1; round <= 2; round += 1) {
        // Two processes, each with its own pool and four appends in flight, racing on the same streams.
        const writers = [startWriter(url, schema, `w${round}a`), startWriter(url, schema, `w${round}b`)]
        await allStarted(writers)
        await sleep(100 + Math.random() * 400)
        await killAll(writers, acked)
        await checkLog(url, schema, acked)
      }
      expect(acked.length).toBeGreaterThan(0)
    } finally {
      await dropSchema(url, schema)
    }
    // Four writer starts (tsx): 26 s at load average 13 (2026-12-03). The bound is for a hung run, not for the work.
  }, 300_000)
})

const missing = postgresMissing()
describe('PostgreSQL store across a server crash (pg_ctl stop -m immediate)', () => {
  ;(missing === undefined ? it : it.skip)(
    missing === undefined
      ? 'loses no acknowledged event when the server is killed under load and restarted; the writers carry on after it, and a live subscription comes back by itself and misses nothing'
      : `skipped: ${missing}`,
    async () => {
      const server = await startPostgres()
      const schema = 'crash'
      const acked: Ack[] = []
      try {
        const writers = [startWriter(server.url, schema, 'a'), startWriter(server.url, schema, 'b')]
        await allStarted(writers)
        // A subscriber in this process, live across the crash: it must come back by itself and miss nothing.
        const reader = postgresEventStore({ connectionString: server.url, schema, pollMs: 100, maxConnections: 2 })
        const stopReading = new AbortController()
        const seen: RecordedEvent[] = []
        let readFailure: unknown
        const reading = (async () => {
          for await (const event of reader.subscribe({ signal: stopReading.signal })) seen.push(event)
        })().catch((error: unknown) => {
          readFailure = error ?? new Error('the subscription failed')
        })
        await Promise.all(writers.map((w) => untilAcked(w, 0, 100)))
        // The crash: no shutdown checkpoint; what was acknowledged must come back from the WAL.
        server.stop('immediate')
        const before = writers.map(acksSoFar)
        await sleep(300)
        server.start()
        // The same writer processes reconnect (their pools replace the dead connections) and go on.
        await Promise.all(writers.map((w, i) => untilAcked(w, before[i] ?? 0, 50)))
        await killAll(writers, acked)
        const total = await checkLog(server.url, schema, acked)
        expect(total).toBeGreaterThanOrEqual(acked.length)
        await awaiting(
          `the subscription to see all ${total} events`,
          (async () => {
            while (seen.length < total && readFailure === undefined) await sleep(50)
          })(),
          () => `${seen.length} seen`,
        )
        expect(readFailure).toBeUndefined()
        stopReading.abort()
        await reading
        await reader.close()
        expect(seen.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i))
        expect(acked.length).toBeGreaterThan(300)
      } finally {
        server.destroy()
      }
    },
    // A private server's start and crash recovery, two writer starts (tsx): 34 s at load average 13 (2026-12-03).
    300_000,
  )
})

// Found running two servers over one PostgreSQL and restarting it under load (README, "A deployment"): every route that
// reads or writes answered 500 `internal` while the database was down — a client (or a proxy) could not tell "retry"
// from a bug. Now 503 `unavailable` with Retry-After, within the pool's connect timeout, nothing written; and once the
// database is back the same server serves again by itself.
//
// Every wait here is bounded on its own and says what it was doing when it ran out. A CI run (2026-12-07, load 2–4) timed
// out at 120 s once and said nothing else: what this test did whenever the server went on answering 503 after the
// restart, since a retry with the key first waits up to 2 s for the read models (read-your-writes), so its 50 retries
// took 50 × 2.2 s and the test's timeout came before the expect that would have shown the answers (a run with the
// restart left out: timed out at 120 s). Here, at loads 6–24, 11 runs took 11–51 s and 41 restarts under one server
// answered the first retry 201 within 0.4–2.8 s, so what that run met is not known. Now a request that does not answer
// fails naming it after `CALL_BOUND_MS`, the retries after the restart end at `RECOVERY_BOUND_MS` listing their answers
// and the pools' clients, `running.close()` fails naming the pools after `CLOSE_BOUND_MS`, and any failure (a timeout
// too) writes the test's timeline: each step's time, each request and its answer.
/** Longer than any answer the server may give: the connect timeout (10 s) then a statement's bound and grace (35 s). */
const CALL_BOUND_MS = 50_000
/** The restart's first retry answered 201 within 2.8 s in every run here: a read-your-writes wait (2 s) and the request. */
const RECOVERY_BOUND_MS = 30_000
/** How long a read waits for the read models to reach this server's writes (createApp's `readWaitMs`, by default). */
const READ_WAIT_MS = 2000
/** A close took 0.05–2.1 s here (loads up to 24); with the database down, 0.03 s. */
const CLOSE_BOUND_MS = 30_000

interface PoolCounts {
  readonly totalCount: number
  readonly idleCount: number
  readonly waitingCount: number
}
/** The clients of the store's two pools (PostgreSQL): all, idle, callers waiting for one. */
const poolsOf = (store: object): string => {
  const counts = (name: string, pool: PoolCounts | undefined) => (pool === undefined ? `${name} -` : `${name} ${pool.totalCount} clients, ${pool.idleCount} idle, ${pool.waitingCount} waiting`)
  const { pool, backgroundPool } = store as { readonly pool?: PoolCounts; readonly backgroundPool?: PoolCounts }
  return `${counts('request pool', pool)}; ${backgroundPool === pool ? 'background pool: the same' : counts('background pool', backgroundPool)}`
}

/** Settles as `work` does, or rejects with `what` once `ms` have passed without it. */
const within = <T>(ms: number, what: () => string, work: Promise<T>): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)))]).finally(() => clearTimeout(timer))
}

describe('the HTTP server while its PostgreSQL is down (pg_ctl stop, then start)', () => {
  ;(missing === undefined ? it : it.skip)(
    missing === undefined ? 'answers 503 unavailable with Retry-After (not 500) on commands and reads, writes nothing, and serves again once the database is back' : `skipped: ${missing}`,
    async () => {
      const began = Date.now()
      const timeline: string[] = []
      const note = (what: string): void => {
        timeline.push(`${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s  ${what}`)
      }
      let running: RunningServer | undefined
      onTestFailed(() => {
        if (running !== undefined) note(`now: ${poolsOf(running.store)}`)
        process.stderr.write(`the test's timeline (s since it began):\n${timeline.join('\n')}\n`)
      })
      const step = <T>(what: string, work: () => T): T => {
        const started = Date.now()
        const result = work()
        note(`${what} (${Date.now() - started} ms)`)
        return result
      }
      note('→ a private PostgreSQL (initdb, pg_ctl start)')
      const server = await startPostgres()
      note('← PostgreSQL started')
      const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-down-'))
      try {
        note('→ the gridcase server')
        running = await startSignedServer({ DATA_DIR: dir, DATABASE_URL: server.url, GRIDCASE_JWT_SECRET: 'pg-down-secret-pg-down-secret-pg-down!', GRIDCASE_PROCESSES: 'off' })
        note('← gridcase server started')
        const http = running
        const call = async (role: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
          const started = Date.now()
          const what = `${method} ${path}${headers['idempotency-key'] === undefined ? '' : ' (with a key)'}`
          note(`→ ${what}`)
          const answered = await within(
            CALL_BOUND_MS,
            () => `${what} had no answer after ${CALL_BOUND_MS} ms (${poolsOf(http.store)})`,
            (async () => {
              const res = await fetch(`${http.url}${path}`, {
                method,
                headers: { authorization: `Bearer ${http.demoTokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
                ...(body === undefined ? {} : { body: JSON.stringify(body) }),
              })
              return { res, text: await res.text() }
            })(),
          )
          const { res, text } = answered
          const answer = { status: res.status, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> }
          note(`← ${answer.status}${typeof answer.body['type'] === 'string' ? ` ${answer.body['type']}` : ''} in ${answer.ms} ms`)
          return answer
        }
        const complaint = {
          channel: 'hotline-12345',
          kind: 'complaint',
          category: 'heating',
          title: '暖气不热',
          description: '室温 15 度',
          jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017',
          complainant: { name: '王女士', phone: '13800471234' },
        }
        const created = await call('hotline-operator', 'POST', '/api/v1/complaints', complaint)
        expect(created.status).toBe(201)
        const id = String(created.body['id'])
        // The outage comes while the read models are behind this server's own write: a session holds the case list's
        // table, so the runner's pass that would apply the next case waits on its lock until the database stops.
        const holder = new pg.Client({ connectionString: server.url })
        holder.on('error', () => {})
        await holder.connect()
        await holder.query('BEGIN')
        await holder.query('LOCK TABLE gridcase.case_list IN ACCESS EXCLUSIVE MODE')
        note('case_list locked by another session')
        expect((await call('hotline-operator', 'POST', '/api/v1/complaints', complaint)).status).toBe(201)
        let waiting = 0
        await until(
          async () => {
            waiting = Number((await holder.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'gridcase.case_list'::regclass")).rows[0]?.n)
            return waiting > 0
          },
          { state: () => `${waiting} sessions waiting for case_list's lock` },
        )
        note('the read models wait for case_list')
        step('pg_ctl stop -m fast', () => server.stop('fast'))
        void holder.end().catch(() => {})
        const key = randomUUID()
        const answers = {
          'register with a key': await call('hotline-operator', 'POST', '/api/v1/complaints', complaint, { 'idempotency-key': key }),
          'register with the key again': await call('hotline-operator', 'POST', '/api/v1/complaints', complaint, { 'idempotency-key': key }),
          'register': await call('hotline-operator', 'POST', '/api/v1/complaints', complaint),
          'accept': await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/accept`, undefined, { 'if-match': 'W/"0"' }),
          'read': await call('hotline-operator', 'GET', `/api/v1/complaints/${id}`),
          'history': await call('auditor', 'GET', `/api/v1/complaints/${id}/history`),
          'list': await call('hotline-operator', 'GET', '/api/v1/complaints'),
          'events': await call('auditor', 'GET', '/api/v1/events?limit=2'),
        }
        for (const [what, answer] of Object.entries(answers)) {
          expect({ what, status: answer.status, type: answer.body['type'], retryAfter: answer.retryAfter }).toEqual({ what, status: 503, type: 'urn:gridcase:problem:unavailable', retryAfter: '1' })
          // Bounded: the pool's connect timeout (10 s) at most, never a request held open for ever.
          expect(answer.ms).toBeLessThan(15_000)
        }
        // A command with a key is answered without waiting for the read models to reach this server's write (at most
        // READ_WAIT_MS, then it reads them): they cannot until the database is back, and its read of them fails anyway.
        // Before, each such request (a client's retries) answered its 503 after the whole wait, 2.0–2.1 s.
        expect({ first: answers['register with a key'].ms < READ_WAIT_MS, again: answers['register with the key again'].ms < READ_WAIT_MS }).toEqual({ first: true, again: true })
        step('pg_ctl start', () => server.start())
        // The same server serves again by itself: the retry with the same key writes the case once. Retried as a client
        // told Retry-After would, until RECOVERY_BOUND_MS; the answers are in the failure's message.
        const restarted = Date.now()
        const retries: string[] = []
        let again = await call('hotline-operator', 'POST', '/api/v1/complaints', complaint, { 'idempotency-key': key })
        retries.push(`${again.status} ${String(again.body['type'] ?? '')} (${again.ms} ms)`)
        while (again.status !== 201 && Date.now() - restarted < RECOVERY_BOUND_MS) {
          await sleep(200)
          again = await call('hotline-operator', 'POST', '/api/v1/complaints', complaint, { 'idempotency-key': key })
          retries.push(`${again.status} ${String(again.body['type'] ?? '')} (${again.ms} ms)`)
        }
        expect(again.status, `the retries after the restart answered: ${retries.join(', ')}; ${poolsOf(http.store)}`).toBe(201)
        expect((await call('hotline-operator', 'POST', `/api/v1/complaints/${id}/accept`, undefined, { 'if-match': 'W/"0"' })).status).toBe(200)
        // Nothing the 503s answered was written: the first case (registered, accepted) and the retried one, nothing else.
        expect((await running.store.readAll()).filter((e) => e.streamId.startsWith('complaint-')).map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintRegistered', 'ComplaintRegistered', 'ComplaintAccepted'])
      } catch (error) {
        note(`failed: ${error instanceof Error ? error.message : String(error)}`)
        throw error
      } finally {
        try {
          const open = running
          if (open !== undefined) {
            note('→ running.close()')
            const started = Date.now()
            await within(CLOSE_BOUND_MS, () => `running.close() did not finish within ${CLOSE_BOUND_MS} ms (${poolsOf(open.store)})`, open.close())
            note(`gridcase server closed (${Date.now() - started} ms)`)
            running = undefined
          }
        } finally {
          step('pg_ctl stop, directory removed', () => server.destroy())
          rmSync(dir, { recursive: true, force: true })
        }
      }
    },
    120_000,
  )
})
