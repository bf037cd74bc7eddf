// 并案 on the event log: a merge step's reason names the primary's complainant and address (与李四（新华社区5号楼3单元201）…),
// masked as the duplicate's own people are (tests/http/merged-reason.test.ts over a real server), in every event of the
// duplicate as its history masks them (tests/http/live-feed-frames.test.ts). What it costs: one read of the duplicate
// and one of the primary for the first page with any of its events, none again while the read models stand still (the
// case's names kept with it).
import { memoryEventStore } from '@gridcase/adapters'
import type { EventStore, NewEvent } from '@gridcase/core'
import type { Actor, CaseScope } from '@gridcase/core/access'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { complaints } from './complaints.js'
import type { RouteContext } from '../context.js'
import { servedEventRoutes, type ServedRoutes } from './fixtures.js'

const GRID = 'hohhot/saihan/wulan/c1/g1'
const supervisor: Actor = { id: 'sv-1', role: 'supervisor', jurisdiction: 'hohhot' }
const REASON = '与李四（新华社区5号楼3单元201）反映的同一问题，并案办理'
const event = (caseId: string, type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  schemaVersion: 1,
  data: { complaintId: caseId, at: '2026-05-26T10:00:00+08:00', ...data },
  metadata: { commandId: `cmd-${type}`, correlationId: 'corr', causationId: 'corr', actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }, occurredAt: '2026-05-26T10:00:00+08:00' },
})

let served: ServedRoutes | undefined
let url = ''
const reads: string[] = []

beforeAll(async () => {
  const inner = memoryEventStore()
  const registered = { jurisdiction: GRID, kind: 'complaint', title: '占道停车', description: '门口长期停车' }
  await inner.appendToStream('complaint-p', [event('p', 'ComplaintRegistered', { ...registered, complainant: { name: '李四', phone: '13900002222' }, address: '新华社区5号楼3单元201' })], { expectedVersion: 'no-stream' })
  await inner.appendToStream('complaint-d', [
    event('d', 'ComplaintRegistered', { ...registered, complainant: { name: '王五', phone: '13812345678' } }),
    event('d', 'ComplaintAccepted', {}),
    event('d', 'ComplaintMerged', { primaryId: 'p', reason: REASON }),
  ], { expectedVersion: 'no-stream' })
  const store: EventStore = { ...inner, readStream: (id, options) => (reads.push(id), inner.readStream(id, options)) }
  const scope: CaseScope = { jurisdiction: GRID }
  const ctx = {
    store,
    logger: pino({ level: 'silent' }),
    // The read models caught up and standing still: the cases' states from them, not folded from the log.
    runner: { waitFor: async () => true, position: () => 4 },
    written: () => -1,
    // Already at the end of the log (a page's `fresh` has nothing to bring).
    fresh: async () => {},
    cases: {
      scopes: async (ids: readonly string[]) => new Map(ids.map((id) => [id, scope])),
      states: async (ids: readonly string[]) =>
        new Map<string, unknown>(ids.map((id) => [id, id === 'complaint-p' ? { ...registered, complainant: { name: '李四' }, address: '新华社区5号楼3单元201' } : { ...registered, complainant: { name: '王五' }, status: 'merged', mergedInto: 'p' }])),
    },
    collections: [complaints()],
  } as unknown as RouteContext
  served = await servedEventRoutes(ctx, supervisor)
  url = served.url
})
afterAll(() => served?.close())

const page = async (query: string): Promise<{ type: string; reason?: string }[]> => {
  const res = await fetch(`${url}/api/v1/events?${query}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { events: { type: string; reason?: string }[] }).events
}

it('masks the primary’s people in every event of the merged duplicate, with one read of each case for the page and none again', async () => {
  // A page of a merged duplicate's events before its merge step: its history names the primary's people too (the
  // read models hold it merged) — one read of its stream, one of the primary's.
  expect((await page('from=0&limit=3')).map((e) => e.type)).toEqual(['ComplaintRegistered', 'ComplaintRegistered', 'ComplaintAccepted'])
  expect(reads.sort()).toEqual(['complaint-d', 'complaint-p'])
  const merged = (await page('from=0')).find((e) => e.type === 'ComplaintMerged')
  expect(merged?.reason).toBe('与李*（新************）反映的同一问题，并案办理')
  // The next pages, the read models where they were: the names kept, no read.
  expect((await page('from=3')).find((e) => e.type === 'ComplaintMerged')?.reason).toBe('与李*（新************）反映的同一问题，并案办理')
  expect(reads).toEqual(['complaint-d', 'complaint-p'])
})
