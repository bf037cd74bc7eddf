import type { NextFunction, Request, Response } from 'express'
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client'
import { gatheredHistogram, type HistogramSeries } from './gatheredHistogram.js'

/** The app's Prometheus metrics, in a registry of its own (several apps may share a process). */
export interface HttpMetrics {
  readonly registry: Registry
  /**
   * Adds `n` to `gridcase_events_appended_total` for `caseType`: counted here and handed to the counter when it is read
   * (a scrape). The only way to count appended events: the counter itself is not handed out.
   */
  readonly countAppended: (caseType: string, n: number) => void
  /** Counts and times every request by route pattern and status. */
  readonly middleware: (req: Request, res: Response, next: NextFunction) => void
  /** Counts and times one request answered outside express (the fast command path); `started` from `process.hrtime.bigint()`. */
  readonly observe: (method: string, route: string, status: number, started: bigint) => void
  /** `observe` with the duration given, in seconds (tests). */
  readonly observeSeconds: (method: string, route: string, status: number, seconds: number) => void
}

/** The route pattern a request matched (`/api/v1/complaints/:id`), never the raw URL: bounded label values. */
export const routeLabel = (req: Request): string => {
  const route = (req as Request & { route?: { path?: unknown } }).route
  if (typeof route?.path !== 'string') return 'unmatched'
  // A router mounted at a path serves that path itself as its '/'.
  return req.baseUrl !== '' && route.path === '/' ? req.baseUrl : `${req.baseUrl}${route.path}`
}

export const httpMetrics = (options: { readonly defaultMetrics?: boolean } = {}): HttpMetrics => {
  const registry = new Registry()
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry })
  // The counters are counted in plain numbers per series and handed to prom-client when it reads them (`collect`, at each
  // scrape): a labelled child's `inc` hashes and checks its labels at every call (~2% of the main thread at 1k commands/s).
  // What a scrape shows is the same: every count made before it, the series in the order they were first counted.
  const pendingRequests = new Map<string, { readonly labels: { method: string; route: string; status: string }; n: number }>()
  const requests: Counter<'method' | 'route' | 'status'> = new Counter({
    name: 'gridcase_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
    collect() {
      for (const pending of pendingRequests.values()) {
        if (pending.n === 0) continue
        requests.inc(pending.labels, pending.n)
        pending.n = 0
      }
    },
  })
  // Counted in plain numbers too, shown as prom-client's Histogram shows them (gatheredHistogram.ts).
  const duration = gatheredHistogram({
    name: 'gridcase_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const pendingAppended = new Map<string, { n: number }>()
  const eventsAppended: Counter<'case_type'> = new Counter({
    name: 'gridcase_events_appended_total',
    help: 'Events appended by the HTTP commands, by case type',
    labelNames: ['case_type'] as const,
    registers: [registry],
    collect() {
      for (const [caseType, pending] of pendingAppended) {
        if (pending.n === 0) continue
        eventsAppended.inc({ case_type: caseType }, pending.n)
        pending.n = 0
      }
    },
  })
  const countAppended = (caseType: string, n: number): void => {
    const pending = pendingAppended.get(caseType)
    if (pending === undefined) pendingAppended.set(caseType, { n })
    else pending.n += n
  }
  // One series per (method, route, status), found by method, route and status in turn: prom-client would hash a fresh
  // label object per request, and a key string built per request would be hashed too (a route label the fast path gives
  // is the same string each time, its hash computed once). Routes are patterns, so the maps stay small.
  type Series = { readonly requests: { n: number }; readonly duration: HistogramSeries }
  const series = new Map<string, Map<string, Map<number, Series>>>()
  const seriesOf = (method: string, route: string, statusCode: number): Series => {
    let byRoute = series.get(method)
    if (byRoute === undefined) series.set(method, (byRoute = new Map()))
    let byStatus = byRoute.get(route)
    if (byStatus === undefined) byRoute.set(route, (byStatus = new Map()))
    let found = byStatus.get(statusCode)
    if (found === undefined) {
      const key = `${method} ${statusCode} ${route}`
      const labels = { method, route, status: String(statusCode) }
      const requestsCount = { labels, n: 0 }
      pendingRequests.set(key, requestsCount)
      found = { requests: requestsCount, duration: duration.series(key, labels) }
      byStatus.set(statusCode, found)
    }
    return found
  }
  const observeSeconds = (method: string, route: string, status: number, seconds: number): void => {
    const series = seriesOf(method, route, status)
    series.requests.n += 1
    duration.observe(series.duration, seconds)
  }
  const observe = (method: string, route: string, status: number, started: bigint): void =>
    observeSeconds(method, route, status, Number(process.hrtime.bigint() - started) / 1e9)
  return {
    registry,
    countAppended,
    middleware: (req, res, next) => {
      const started = process.hrtime.bigint()
      res.on('finish', () => observe(req.method, routeLabel(req), res.statusCode, started))
      next()
    },
    observe,
    observeSeconds,
  }
}

/**
 * How far the log's Merkle tree (on its worker thread) is behind the committed log: the merge delay a Certificate
 * Transparency log bounds. Read at each scrape; alert when it grows or the restarts count moves.
 */
export const treeLagMetrics = (registry: Registry, lag: () => { readonly events: number; readonly ms: number; readonly restarts: number }): void => {
  new Gauge({ name: 'gridcase_tree_lag_events', help: 'Events committed that the Merkle tree has not taken in yet', registers: [registry], collect() { this.set(lag().events) } })
  new Gauge({ name: 'gridcase_tree_lag_seconds', help: 'How long the oldest commit the tree was told about has waited for it', registers: [registry], collect() { this.set(lag().ms / 1000) } })
  new Gauge({ name: 'gridcase_tree_thread_restarts', help: "Times the Merkle tree's worker thread died and was started again", registers: [registry], collect() { this.set(lag().restarts) } })
}
