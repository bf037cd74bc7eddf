// Issue #18: the ranking and trends routes composed their figures from one whole dashboard read per child place
// (ranking) or per month and day (trends: 42 reads). They now read them at once (`figures` of the read model). Here, on a
// real server over the sample log: the bodies are the same, byte for byte, as the per-read composition gives (the same
// app with a `Dashboards` that offers no `figures`), and the routes make one read each, not one per place or period.
import { manualClock, memoryEventStore } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { registryOf } from '@gridcase/core/projections'
import { complaints, createApp, disputes, inMemoryReadModels, jwtAuth, listen, readModelDashboards, signToken, type AppReadModels, type Dashboards } from '@gridcase/http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleDrafts } from '../support/sampleLog.js'

const SECRET = 'test-secret-test-secret-test-secret!'
const DAY = 86_400_000
const supervisor: Actor = { id: 'sup-city', role: 'supervisor', jurisdiction: 'hohhot' }
/** A time inside the kept log, before its latest event. */
const PAST = encodeURIComponent('2026-02-10T12:00:00+08:00')

const made = registryOf({
  format: 'gridcase-jurisdictions/1',
  jurisdictions: [
    { code: 'hohhot', name: '呼和浩特市', level: 'city' },
    { code: 'hohhot/saihan', name: '赛罕区', level: 'district' },
    { code: 'hohhot/saihan/zhaojun', name: '昭君路街道', level: 'street' },
    // Named, with no case: ranked with no figures.
    { code: 'hohhot/saihan/quiet', name: '静街道', level: 'street' },
  ],
})
if (!('registry' in made)) throw new Error('bad registry')

describe('ranking and trends read their figures at once, with the same bodies', () => {
  const store = memoryEventStore()
  const collections = [complaints(), disputes()]
  let models: AppReadModels
  let server: Server
  let url = ''
  let token = ''
  /** Whether the app's dashboards offer `figures` (else: a dashboard per place and period, as before). */
  let atOnce = true
  const calls = { view: 0, figures: 0 }

  beforeAll(async () => {
    // The sample log cut before its end: cases still open, deadlines falling due after the latest event.
    const drafts = [...sampleDrafts({ cases: 900, seed: 7, spacingMinutes: 90, gridWork: true, riskGrades: true })]
    const kept = drafts.slice(0, Math.floor(drafts.length * 0.6))
    for (const [i, d] of kept.entries()) {
      await store.appendToStream(d.streamId, [{ type: d.type, schemaVersion: 1, data: d.data, metadata: { commandId: `c-${i}`, correlationId: `c-${i}`, causationId: `c-${i}`, actor: d.actor, occurredAt: d.at } }], { expectedVersion: 'any' })
    }
    const lastAt = Date.parse(kept.at(-1)?.at ?? '')
    models = inMemoryReadModels(store, collections)
    await models.runner.catchUp()
    const app = createApp({
      store,
      caseTypes: collections,
      auth: jwtAuth({ secret: SECRET }),
      clock: manualClock(new Date(lastAt + 3 * DAY).toISOString()),
      readModels: models,
      jurisdictions: made.registry,
      dashboards: (ctx): Dashboards => {
        const inner = readModelDashboards(models.dashboard)(ctx)
        return {
          view: (filter, actor) => {
            calls.view += 1
            return inner.view(filter, actor)
          },
          figures: async (query, actor) => {
            if (!atOnce) return undefined
            calls.figures += 1
            return inner.figures?.(query, actor)
          },
        }
      },
    })
    server = await listen(app, 0, '127.0.0.1')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    token = await signToken({ secret: SECRET }, supervisor)
  }, 120_000)
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await models.close()
  })

  const body = async (path: string): Promise<string> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status, path).toBe(200)
    return res.text()
  }

  const paths = [
    ...['2026-01', '2026-02', '2026-03', '2026-Q1', '2026'].flatMap((p) => [`/api/v1/ranking?period=${p}&jurisdiction=hohhot/saihan`, `/api/v1/ranking?period=${p}`]),
    '/api/v1/ranking?period=2026-02&jurisdiction=hohhot/saihan/zhaojun',
    '/api/v1/trends',
    '/api/v1/trends?jurisdiction=hohhot/saihan&months=3&days=90',
    '/api/v1/trends?jurisdiction=hohhot/saihan/zhaojun&months=24&days=1',
    // As of a time before the latest event (the read model answers none: the log replayed once for every place and period).
    `/api/v1/ranking?period=2026-02&jurisdiction=hohhot/saihan&asOf=${PAST}`,
    `/api/v1/ranking?period=2026-Q1&asOf=${PAST}`,
    `/api/v1/trends?jurisdiction=hohhot/saihan&months=3&days=20&asOf=${PAST}`,
  ]

  it.each(paths)('%s: the same body, byte for byte, as a dashboard per place and period gives', async (path) => {
    atOnce = false
    const before = await body(path)
    atOnce = true
    const now = await body(path)
    expect(now).toBe(before)
    // Not a body of nothing: the figures are there (March lies after the cut log: overdue only).
    expect(now).toMatch(path.includes('2026-03') ? /"overdue":[1-9]/ : /"complaints":[1-9]/)
  })

  it.each([
    ['/api/v1/ranking?period=2026-02&jurisdiction=hohhot/saihan', 1],
    ['/api/v1/ranking?period=2026-Q1', 1],
    ['/api/v1/trends', 1],
    ['/api/v1/trends?months=24&days=90', 1],
    [`/api/v1/ranking?period=2026-Q1&asOf=${PAST}`, 1],
    [`/api/v1/trends?months=24&days=90&asOf=${PAST}`, 1],
  ] as const)('%s reads the read model once, not a dashboard per place or period', async (path, reads) => {
    atOnce = true
    calls.view = 0
    calls.figures = 0
    await body(path)
    expect(calls).toEqual({ view: 0, figures: reads })
    // Before: a dashboard per child (and one for the place) or per month and day.
    atOnce = false
    calls.view = 0
    calls.figures = 0
    await body(path)
    expect(calls.view).toBeGreaterThan(2)
  })
})
