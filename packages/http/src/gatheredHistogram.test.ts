// The request-duration histogram is counted in plain numbers (gatheredHistogram.ts); the reference is prom-client's own
// Histogram observing the same durations. What a scrape shows, as text and as JSON, must be the same.
import fc from 'fast-check'
import { Histogram, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { gatheredHistogram } from './gatheredHistogram.js'
import { httpMetrics } from './metrics.js'

const NAME = 'gridcase_http_request_duration_seconds'
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

type Step =
  | { readonly kind: 'request'; readonly method: string; readonly route: string; readonly status: number; readonly seconds: number }
  | { readonly kind: 'scrape' }
  | { readonly kind: 'reset' }

// Durations on the bounds themselves (an observation equal to a bound is inside it), between them and above them all.
const seconds = fc.oneof(fc.constantFrom(0, ...BUCKETS), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 0.01, noNaN: true }))
const request = fc.record({
  kind: fc.constant('request' as const),
  method: fc.constantFrom('GET', 'POST'),
  route: fc.constantFrom('/api/v1/complaints', '/api/v1/complaints/:id/add-note', 'unmatched'),
  status: fc.constantFrom(200, 201, 400, 404),
  seconds,
})

const histogramLines = (text: string): string[] => text.split('\n').filter((l) => l.includes(NAME))

describe('gatheredHistogram', () => {
  it('a scrape shows what prom-client Histogram observing the same durations shows, as text and as JSON, at any point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 8, arbitrary: request }, { weight: 2, arbitrary: fc.constant({ kind: 'scrape' as const }) }), { maxLength: 80 }), async (run: readonly Step[]) => {
        const metrics = httpMetrics()
        const reference = new Registry()
        const histogram = new Histogram({ name: NAME, help: 'HTTP request latency by method, route and status', labelNames: ['method', 'route', 'status'] as const, buckets: BUCKETS, registers: [reference] })
        for (const step of [...run, { kind: 'scrape' as const }]) {
          if (step.kind === 'request') {
            metrics.observeSeconds(step.method, step.route, step.status, step.seconds)
            histogram.labels({ method: step.method, route: step.route, status: String(step.status) }).observe(step.seconds)
          } else if (step.kind === 'scrape') {
            expect(histogramLines(await metrics.registry.metrics())).toEqual(histogramLines(await reference.metrics()))
            const json = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === NAME)
            expect(json).toEqual((await reference.getMetricsAsJSON())[0])
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('after a reset, shows nothing until observed again, then the series in the order observed since, as prom-client does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 8, arbitrary: request }, { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) }), { maxLength: 60 }), async (run: readonly Step[]) => {
        const ours = new Registry()
        const gathered = gatheredHistogram({ name: NAME, help: 'h', buckets: BUCKETS, registers: [ours] })
        const reference = new Registry()
        const histogram = new Histogram({ name: NAME, help: 'h', labelNames: ['method', 'route', 'status'] as const, buckets: BUCKETS, registers: [reference] })
        // Series found once and kept, as metrics.ts keeps them: a reset must not lose their later observations.
        const kept = new Map<string, ReturnType<typeof gathered.series>>()
        for (const step of run) {
          if (step.kind === 'request') {
            const labels = { method: step.method, route: step.route, status: String(step.status) }
            const key = JSON.stringify(labels)
            const series = kept.get(key) ?? gathered.series(key, labels)
            kept.set(key, series)
            gathered.observe(series, step.seconds)
            histogram.observe(labels, step.seconds)
          } else if (step.kind === 'reset') {
            ours.resetMetrics()
            reference.resetMetrics()
          }
        }
        expect(await ours.metrics()).toBe(await reference.metrics())
      }),
      { numRuns: 200 },
    )
  })

  it('refuses a duration that is not a number, as prom-client does', () => {
    const gathered = gatheredHistogram({ name: NAME, help: 'h', buckets: BUCKETS, registers: [] })
    expect(() => gathered.observe(gathered.series('k', { method: 'GET' }), Number.NaN)).toThrow(TypeError)
  })
})
