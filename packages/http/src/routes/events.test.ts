// The event log while the read models lag (DOMAIN.md "Jurisdiction and actors": personal data is masked in the live feed,
// whoever reads it). A complaint's referral to mediation names respondents its state never keeps; the log learns of the
// referral from the read models' state — which, behind the log past the route's wait, does not know it yet. A page that
// starts after the referral (a note repeating the respondent's name) must still mask the name. The route over a real
// port, its context the store's own and read models held behind the log.
import { memoryEventStore } from '@gridcase/adapters'
import type { NewEvent } from '@gridcase/core'
import type { Actor, CaseScope } from '@gridcase/core/access'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complaints } from './complaints.js'
import type { RouteContext } from '../context.js'
import { servedEventRoutes, type ServedRoutes } from './fixtures.js'

const GRID = 'hohhot/saihan/wulan/c1/g1'
const street: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: 'hohhot/saihan/wulan' }
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  schemaVersion: 1,
  data: { complaintId: 'c-1', at: '2026-05-26T10:00:00+08:00', ...data },
  metadata: { commandId: `cmd-${type}`, correlationId: 'corr', causationId: 'corr', actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }, occurredAt: '2026-05-26T10:00:00+08:00' },
})

let served: ServedRoutes | undefined
let url = ''
let notePosition = 0

beforeAll(async () => {
  const store = memoryEventStore()
  const registered = { jurisdiction: GRID, kind: 'complaint', title: '噪音', description: '楼下夜间施工', complainant: { name: '吴九', phone: '13700009999' } }
  await store.appendToStream('complaint-1', [
    event('ComplaintRegistered', registered),
    event('ComplaintReferredToMediation', { disputeId: 'd-1', respondents: [{ name: '郑十一', phone: '13600001111' }], summary: '吴九与郑十一噪音争议' }),
    event('ComplaintNoteAdded', { note: '已电话联系郑十一，同意到调委会' }),
  ], { expectedVersion: 'no-stream' })
  notePosition = (await store.readAll()).at(-1)?.position ?? -1
  // A second case the read models do not know at all yet: registered, referred, noted.
  await store.appendToStream('complaint-2', [
    event('ComplaintRegistered', { ...registered, complainant: { name: '钱七', phone: '13700007777' } }),
    event('ComplaintReferredToMediation', { disputeId: 'd-2', respondents: [{ name: '孙十二', phone: '13600002222' }], summary: '钱七与孙十二噪音争议' }),
    event('ComplaintNoteAdded', { note: '已电话联系孙十二与钱七' }),
  ], { expectedVersion: 'no-stream' })
  // The read models stopped before the referral: the case's state as registered, and they never catch up.
  const stale = { ...registered, status: 'registered' }
  const ctx = {
    store,
    logger: pino({ level: 'silent' }),
    runner: { waitFor: async () => false, position: () => 0 },
    written: () => -1,
    // Their refresh before a page brings nothing either (bounded: the read answers from what they hold).
    fresh: async () => {},
    cases: {
      scopes: async (ids: readonly string[]) => new Map<string, CaseScope>(ids.filter((id) => id === 'complaint-1').map((id) => [id, { jurisdiction: GRID }])),
      states: async (ids: readonly string[]) => new Map<string, unknown>(ids.filter((id) => id === 'complaint-1').map((id) => [id, stale])),
    },
    collections: [complaints()],
  } as unknown as RouteContext
  served = await servedEventRoutes(ctx, street)
  url = served.url
})
afterAll(() => served?.close())

describe('the event log behind lagging read models', () => {
  it('masks a referral’s respondent in a later event on a page that starts after the referral', async () => {
    const res = await fetch(`${url}/api/v1/events?from=${notePosition}&limit=10`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { events: { streamId: string; type: string; data?: { note?: string; summary?: string } }[] }
    expect(body.events.filter((e) => e.streamId === 'complaint-1').map((e) => [e.type, e.data?.note])).toEqual([['ComplaintNoteAdded', '已电话联系郑**，同意到调委会']])
  })

  it('folds a case the read models do not know yet from the log: its events are in the feed, in its scope and masked', async () => {
    const res = await fetch(`${url}/api/v1/events?from=${notePosition + 1}&limit=10`)
    const text = await res.text()
    const body = JSON.parse(text) as { events: { streamId: string; type: string; data?: { note?: string; summary?: string } }[] }
    expect(body.events.map((e) => [e.streamId, e.type, e.data?.summary ?? e.data?.note])).toEqual([
      ['complaint-2', 'ComplaintRegistered', undefined],
      ['complaint-2', 'ComplaintReferredToMediation', '钱*与孙**噪音争议'],
      ['complaint-2', 'ComplaintNoteAdded', '已电话联系孙**与钱*'],
    ])
    expect(text).not.toContain('孙十二')
    expect(text).not.toContain('钱七')
  })

  it('masks it on the live feed too', async () => {
    const controller = new AbortController()
    try {
      const res = await fetch(`${url}/api/v1/events?from=${notePosition}`, { headers: { accept: 'text/event-stream' }, signal: controller.signal })
      expect(res.status).toBe(200)
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      let text = ''
      while (!text.includes(`id: ${notePosition}\n`) || !text.includes('\n\n', text.indexOf(`id: ${notePosition}\n`))) {
        const chunk = await reader.read()
        if (chunk.done) break
        text += new TextDecoder().decode(chunk.value)
      }
      expect(text).toContain('已电话联系郑**，同意到调委会')
      expect(text).not.toContain('郑十一')
    } finally {
      controller.abort()
    }
  })
})
