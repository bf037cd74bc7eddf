// `npm start -- --seed`: 90 days of the demo district, written through the pipeline, deterministic, and enough of
// everything that every panel of the page shows something (overdue of several kinds, due soon, exclusions, referrals,
// callbacks reached and not, every channel, kind and mediation track).
import { DEMO_JURISDICTIONS_FILE, memoryEventStore, manualClock, newId, readJurisdictionRegistry, stableId } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { complaints, disputes, seedDemo } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './helpers/server.js'

const NOW = '2026-12-01T02:00:00.000Z'
const collections = [complaints(), disputes()]
const supervisor = { id: 'sup-d', role: 'supervisor', jurisdiction: 'hohhot/saihan' } as const

const seeded = async () => {
  const clock = manualClock(NOW)
  const store = memoryEventStore({ clock })
  const result = await seedDemo({ store, collections, clock, ids: { newId, stableId }, logger: pino({ level: 'silent' }) })
  return { result, events: await store.readAll() }
}
const shape = (e: RecordedEvent) => [e.streamId, e.type, e.metadata.occurredAt, JSON.stringify(e.data)]

let s: TestServer
let log: readonly RecordedEvent[]
beforeAll(async () => {
  const registry = readJurisdictionRegistry(DEMO_JURISDICTIONS_FILE)
  if (registry._tag === 'Left') throw new Error(registry.left.message)
  s = await startServer({ caseTypes: collections, jurisdictions: registry.right })
  s.clock.set(NOW)
  const seededHere = await seedDemo({ store: s.store, collections, clock: manualClock(NOW), ids: { newId, stableId }, logger: pino({ level: 'silent' }) })
  expect(seededHere.refused).toBe(0)
  log = await s.store.readAll()
}, 120_000)
afterAll(async () => {
  await s.close()
})

const get = async <T>(path: string): Promise<T> => {
  const res = await s.call(supervisor, 'GET', path)
  expect(res.status, path).toBe(200)
  return (await res.json()) as T
}

describe('the demo seed', () => {
  it('writes the same 90 days twice from the same day (a seeded generator), none refused', async () => {
    const [a, b] = [await seeded(), await seeded()]
    expect(a.result.refused).toBe(0)
    expect(a.result.cases).toBeGreaterThan(300)
    expect(a.events.map(shape)).toEqual(b.events.map(shape))
    const times = a.events.map((e) => Date.parse(e.metadata.occurredAt))
    // 90 days back, in time order, nothing after now.
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(NOW) - 91 * 86_400_000)
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(NOW))
    expect(times).toEqual([...times].sort((x, y) => x - y))
  }, 120_000)

  it('covers every channel, kind and mediation track', () => {
    const registered = log.filter((e) => e.type === 'ComplaintRegistered').map((e) => e.data as { channel: string; kind: string })
    expect(new Set(registered.map((r) => r.channel))).toEqual(new Set(['hotline-12345', 'message-board', 'mini-program', 'grid-visit', 'walk-in', 'contact-card']))
    expect(new Set(registered.map((r) => r.kind))).toEqual(new Set(['consultation', 'help', 'complaint', 'report', 'suggestion']))
    const types = new Set(log.map((e) => e.type))
    for (const t of ['ComplaintReturned', 'ComplaintMerged', 'ComplaintReopened', 'ComplaintReferredToMediation', 'ComplaintCallbackRecorded', 'ComplaintExclusionDecided', 'ComplaintUrged', 'MediationAgreed', 'MediationFailed', 'DisputeTransferred', 'ComplaintDepartmentsSummoned', 'ComplaintDepartmentArrived', 'ComplaintDepartmentHelpRated']) {
      expect(types, t).toContain(t)
    }
  })

  it('gives every panel something: overdue of several kinds, due soon, 三率, exclusions, mediation on every track, a ranked district, trends', async () => {
    const all = await get<{
      counts: { complaint: { byState: Record<string, number> } }
      overdue: { byKind: Record<string, number>; items: unknown[]; dueSoon: { items: unknown[] } }
      rates: { calledBack: number; notReached: number; declined: number; excluded: number; ratedByResident: number }
      mediation: { byTrack: Record<string, { entered: number }>; agreements: number; failures: number; transfers: unknown[] }
      units: { returns: number; reopenings: number }[]
      exclusions: unknown[]
    }>('/api/v1/dashboard')
    expect(all.overdue.byKind['acknowledge']).toBeGreaterThan(0)
    expect(all.overdue.byKind['result']).toBeGreaterThan(0)
    expect(all.overdue.byKind['mediation']).toBeGreaterThan(0)
    expect(all.overdue.dueSoon.items.length).toBeGreaterThan(0)
    expect(all.rates.calledBack).toBeGreaterThan(50)
    expect(all.rates.notReached).toBeGreaterThan(0)
    expect(all.rates.declined).toBeGreaterThan(0)
    expect(all.rates.ratedByResident).toBeGreaterThan(0)
    expect(all.rates.excluded).toBeGreaterThan(0)
    expect(all.exclusions.length).toBe(all.rates.excluded)
    for (const state of ['merged', 'rejected', 'closed', 'referred-to-mediation', 'dispatched', 'acknowledged']) expect(all.counts.complaint.byState[state], state).toBeGreaterThan(0)
    for (const track of ['people', 'administrative', 'judicial']) expect(all.mediation.byTrack[track]?.entered, track).toBeGreaterThan(0)
    expect(all.mediation.agreements).toBeGreaterThan(0)
    expect(all.mediation.failures).toBeGreaterThan(0)
    expect(all.mediation.transfers.length).toBeGreaterThan(0)
    expect(all.units.reduce((n, u) => n + u.returns, 0)).toBeGreaterThan(0)
    expect(all.units.reduce((n, u) => n + u.reopenings, 0)).toBeGreaterThan(0)

    const ranking = await get<{ children: { name: string | null; rank: number | null; complaints: number }[] }>('/api/v1/ranking?period=2026-11')
    expect(ranking.children.map((c) => c.name).sort()).toEqual(['中专路街道', '乌兰察布东路街道', '人民路街道', '大学东路街道'].sort())
    for (const c of ranking.children) {
      expect(c.rank).not.toBeNull()
      expect(c.complaints).toBeGreaterThan(0)
    }
    // 以下评上: the departments the streets summoned are rated, and the rating enters their score.
    const evaluation = await get<{ units: { unit: { department?: string }; departmentRating: number | null; score: number | null; arrivals: { due: number } }[] }>('/api/v1/evaluation?period=2026-11')
    const departments = evaluation.units.filter((u) => u.unit.department !== undefined)
    expect(departments.length).toBeGreaterThan(0)
    expect(departments.some((u) => u.departmentRating !== null && u.score !== null)).toBe(true)
    expect(departments.reduce((n, u) => n + u.arrivals.due, 0)).toBeGreaterThan(0)
    const trends = await get<{ months: { period: string; complaints: number }[]; days: { intake: number; overdue: number }[] }>('/api/v1/trends')
    expect(trends.months.slice(-4, -1).map((m) => [m.period, m.complaints > 0])).toEqual([['2026-09', true], ['2026-10', true], ['2026-11', true]])
    expect(trends.days.filter((d) => d.intake > 0).length).toBeGreaterThan(20)
    expect(trends.days.filter((d) => d.overdue > 0).length).toBeGreaterThan(5)
  })

  it('writes nothing a second time', async () => {
    const again = await seedDemo({ store: s.store, collections, clock: manualClock(NOW), ids: { newId, stableId }, logger: pino({ level: 'silent' }) })
    expect(again.cases).toBe(0)
    expect(again.alreadyThere).toBeGreaterThan(300)
    expect(await s.store.readAll()).toHaveLength(log.length)
  })
})
