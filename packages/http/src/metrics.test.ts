// The request and event counters are counted in plain numbers and handed to prom-client when it reads them; the
// reference is prom-client's own counters incremented at every call, as before. What a scrape shows must be the same.
import fc from 'fast-check'
import { Counter, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { httpMetrics } from './metrics.js'

type Step =
  | { readonly kind: 'request'; readonly method: string; readonly route: string; readonly status: number }
  | { readonly kind: 'appended'; readonly caseType: string; readonly n: number }
  | { readonly kind: 'scrape' }

const steps = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('request' as const), method: fc.constantFrom('GET', 'POST'), route: fc.constantFrom('/api/v1/complaints', '/api/v1/complaints/:id/add-note', 'unmatched'), status: fc.constantFrom(200, 201, 400, 404) }),
    fc.record({ kind: fc.constant('appended' as const), caseType: fc.constantFrom('complaint', 'dispute'), n: fc.integer({ min: 1, max: 5 }) }),
    fc.constant({ kind: 'scrape' as const }),
  ),
  { maxLength: 60 },
)

/** The counters' lines of an exposition (the histogram is prom-client's own on both sides). */
const counterLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('gridcase_http_requests_total') || l.startsWith('gridcase_events_appended_total'))

describe('httpMetrics counters', () => {
  it('a scrape shows what prom-client counters incremented at every call show, at any point, series in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (run: readonly Step[]) => {
        const metrics = httpMetrics()
        const reference = new Registry()
        const requests = new Counter({ name: 'gridcase_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'] as const, registers: [reference] })
        const appended = new Counter({ name: 'gridcase_events_appended_total', help: 'Events appended by the HTTP commands, by case type', labelNames: ['case_type'] as const, registers: [reference] })
        for (const step of [...run, { kind: 'scrape' as const }]) {
          if (step.kind === 'request') {
            metrics.observe(step.method, step.route, step.status, process.hrtime.bigint())
            requests.inc({ method: step.method, route: step.route, status: String(step.status) })
          } else if (step.kind === 'appended') {
            metrics.countAppended(step.caseType, step.n)
            appended.inc({ case_type: step.caseType }, step.n)
          } else {
            expect(counterLines(await metrics.registry.metrics())).toEqual(counterLines(await reference.metrics()))
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
