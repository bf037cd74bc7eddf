// An open-loop load generator: requests leave at a constant rate whether or not earlier ones were answered,
// and each latency is counted from the moment its request was due, not from when it was sent.
//
// Why not autocannon's `overallRate`: autocannon paces nothing within a second. Each connection sends
// back-to-back (a new request as soon as the last answer arrives) until it has used its share of the
// second, then waits for the next second (autocannon 9, lib/httpClient.js, `reqsMadeThisSecond`). At
// "1000 req/s" over 10 connections the server sees 10 requests in flight at full speed for most of each
// second and none for the rest: that measures saturation, not a service answering 1000 requests a second.
// wrk2 and vegeta generate load this way, but neither is packaged for Debian.
import { Pool, type Dispatcher } from 'undici'

export interface PlannedRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

export interface OpenLoopOptions {
  readonly url: string
  /** Requests per second, evenly spaced. */
  readonly rate: number
  /** How long to measure, after the warm-up. */
  readonly seconds: number
  /** Sent at the same rate first and not counted (JIT, caches, connections). */
  readonly warmupSeconds?: number
  /** Most connections the generator opens; a request due when all are busy waits, and its wait counts. */
  readonly connections?: number
  /** The i-th request (0-based, counting the warm-up ones). */
  readonly request: (i: number) => PlannedRequest
  /** Called once, just before the first measured request is sent (the warm-up's are all sent by then). */
  readonly onMeasuring?: () => void
  /** Called at each answer (or error) of a measured request: when it was due and when it was answered (performance.now()). */
  readonly onAnswered?: (i: number, due: number, answered: number) => void
}

export interface LatencySummary {
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly p999: number
  readonly max: number
}

export interface OpenLoopResult {
  /** Requests measured (sent after the warm-up). */
  readonly sent: number
  readonly ok: number
  readonly non2xx: number
  readonly errors: number
  /** Answers per second over the measured span. */
  readonly achievedRate: number
  /** Milliseconds from when each request was due to when its answer had fully arrived. */
  readonly latency: LatencySummary
}

/** The value at quantile `q` of ascending `sorted` (nearest rank). */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number)

const summarise = (latencies: number[]): LatencySummary => {
  latencies.sort((a, b) => a - b)
  return {
    p50: quantile(latencies, 0.5),
    p90: quantile(latencies, 0.9),
    p99: quantile(latencies, 0.99),
    p999: quantile(latencies, 0.999),
    max: latencies.at(-1) ?? Number.NaN,
  }
}

/** Offers `rate` requests per second for warm-up plus `seconds`, then waits for every answer. */
export const openLoop = async (options: OpenLoopOptions): Promise<OpenLoopResult> => {
  // undici, not node:http's client: on a 2-core machine the generator shares the server's cores, and at
  // 1k add-note/s node:http's client cost this process about 0.32 ms of CPU per request, undici about 0.24.
  const pool = new Pool(new URL(options.url).origin, { connections: options.connections ?? 64, pipelining: 1 })
  const interval = 1000 / options.rate
  const warmup = Math.round((options.warmupSeconds ?? 2) * options.rate)
  const total = warmup + Math.round(options.seconds * options.rate)
  const latencies: number[] = []
  let ok = 0
  let non2xx = 0
  let errors = 0
  let firstMeasuredDue = Number.NaN
  let lastAnswer = Number.NaN
  let outstanding = 0
  let next = 0

  const start = performance.now()
  const finished = new Promise<void>((resolve) => {
    const answered = (i: number, due: number, status: number | undefined): void => {
      outstanding -= 1
      const now = performance.now()
      if (i >= warmup) {
        latencies.push(now - due)
        options.onAnswered?.(i, due, now)
        lastAnswer = now
        if (status === undefined) errors += 1
        else if (status >= 200 && status < 300) ok += 1
        else non2xx += 1
      }
      if (next === total && outstanding === 0) resolve()
    }
    const send = (i: number, due: number): void => {
      const planned = options.request(i)
      outstanding += 1
      pool
        .request({ method: planned.method as Dispatcher.HttpMethod, path: planned.path, headers: planned.headers, ...(planned.body === undefined ? {} : { body: planned.body }) })
        .then(async (res) => {
          await res.body.dump()
          answered(i, due, res.statusCode)
        })
        .catch(() => answered(i, due, undefined))
    }
    // Sends everything due by now, then sleeps until the next one is due. Timers fire about a
    // millisecond late; the lateness is in the latency (counted from `due`), not hidden.
    const tick = (): void => {
      const now = performance.now()
      while (next < total && start + next * interval <= now) {
        const due = start + next * interval
        if (next === warmup) {
          firstMeasuredDue = due
          options.onMeasuring?.()
        }
        send(next, due)
        next += 1
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()))
    }
    tick()
  })
  await finished
  await pool.destroy()
  const measured = total - warmup
  return {
    sent: measured,
    ok,
    non2xx,
    errors,
    achievedRate: measured / ((lastAnswer - firstMeasuredDue) / 1000),
    latency: summarise(latencies),
  }
}
