// A failed referral over HTTP, in simulated time (the server's clock port is a manual clock): the complaint is back in
// the state it was referred from on the clocks it had there. A 信访 (law-related: petition policy) complaint registered
// Mon 2026-08-03 09:00 China time must be accepted or not within 15 days (信访工作条例 art. 23), by hand: Aug 4–18 →
// Tue 08-18 at 24:00 (23:59:59+08:00). Referred to mediation 08-05 from `registered` naming a dispute another complaint
// names too (the processes off meanwhile, so both are acknowledged); with the processes on, its referral is refused for
// good (the id exists) and comes back as ComplaintReferralFailed: `registered` again. The referral did not take the case
// up, so the days spent waiting on it are not excused: it is due soon on 08-18 and overdue from 08-19 00:00, on the
// dashboard (kind accept, no unit) and in the case list (?overdue=true), until it is accepted.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { manualClock } from '@gridcase/adapters'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'

const SECRET = 'referral-failed-clocks-secret-referral-failed'
const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
const hotline: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

const start = async (dataDir: string, processes: 'on' | 'off', clock: ReturnType<typeof manualClock>): Promise<RunningServer> => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_PROCESSES: processes })
  if (config._tag === 'Left') throw new Error(config.left.message)
  return startGridcaseServer(config.right, { logger: pino({ level: 'silent' }), clock })
}
const at = async (url: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, hotline)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const post = async (url: string, path: string, body: unknown = {}) => {
  const r = await at(url, 'POST', path, body)
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
  return r.body
}
const register = async (url: string): Promise<string> =>
  (await post(url, '/api/v1/complaints', {
    channel: 'walk-in', kind: 'complaint', category: 'law-related', title: '宅基地边界信访', description: '相邻宅基地边界争议',
    jurisdiction: GRID, complainant: { name: '张伟', phone: '13600001111' },
  })).id as string

describe('a referral that failed back to registered: the accept deadline over HTTP (simulated time)', () => {
  it('is due soon on its last day and overdue the day after, on the dashboard and in the case list, until accepted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-referral-failed-clocks-'))
    const clock = manualClock('2026-08-03T01:00:00Z')
    try {
      const disputeId = crypto.randomUUID()
      let b: string
      const first = await start(dataDir, 'off', clock)
      try {
        const a = await register(first.url)
        b = await register(first.url)
        expect((await at(first.url, 'GET', `/api/v1/complaints/${b}`)).body).toMatchObject({ status: 'registered', acceptBy: '2026-08-18T23:59:59+08:00' })
        clock.set('2026-08-05T01:00:00Z')
        const referral = { disputeId, disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '访调对接' }
        await post(first.url, `/api/v1/complaints/${a}/refer-to-mediation`, referral)
        await post(first.url, `/api/v1/complaints/${b}/refer-to-mediation`, referral)
      } finally {
        await first.close()
      }
      clock.set('2026-08-06T01:00:00Z')
      const second = await start(dataDir, 'on', clock)
      try {
        const { url } = second
        let status: unknown
        await until(async () => (status = (await at(url, 'GET', `/api/v1/complaints/${b}`)).body['status']) === 'registered', { state: () => `status ${String(status)}` })
        const overdueIds = async () => ((await at(url, 'GET', '/api/v1/complaints?overdue=true&limit=100')).body.items as { id: string }[]).map((i) => i.id)
        const dashboard = async () =>
          (await at(url, 'GET', '/api/v1/dashboard?jurisdiction=hohhot')).body as { overdue: { byKind: Record<string, number>; items: Record<string, unknown>[]; dueSoon: { items: Record<string, unknown>[] } } }
        const mine = (items: Record<string, unknown>[]) => items.filter((i) => i['caseId'] === b)

        // The last instant of the last day: not overdue yet, due soon (临期) by kind accept.
        clock.set('2026-08-18T23:59:59+08:00')
        expect(await overdueIds()).not.toContain(b)
        expect(mine((await dashboard()).overdue.dueSoon.items)).toEqual([expect.objectContaining({ deadlineKind: 'accept', deadline: '2026-08-18T15:59:59.000Z' })])
        expect(mine((await dashboard()).overdue.items)).toEqual([])

        // The next day: overdue in the list (its deadline the one counted from registration) and on the dashboard.
        clock.set('2026-08-19T00:00:00+08:00')
        expect(await overdueIds()).toContain(b)
        const listed = ((await at(url, 'GET', '/api/v1/complaints?overdue=true&limit=100')).body.items as Record<string, unknown>[]).find((i) => i['id'] === b)
        expect(listed).toMatchObject({ overdue: true })
        const view = await dashboard()
        const late = mine(view.overdue.items)
        expect(late).toEqual([expect.objectContaining({ deadlineKind: 'accept', deadline: '2026-08-18T15:59:59.000Z' })])
        expect(late[0]).not.toHaveProperty('unitId')
        expect(view.overdue.byKind['accept']).toBe(1)

        // Accepted late: the accept deadline is off both lists — but the 15 days to forward it (派单, 信访工作条例 art. 22,
        // counted from registration as the accept deadline is: the same 08-18) have passed too, the dispatcher's now.
        clock.set('2026-08-19T02:00:00Z')
        await post(url, `/api/v1/complaints/${b}/accept`)
        const accepted = await dashboard()
        expect(mine(accepted.overdue.items)).toEqual([expect.objectContaining({ deadlineKind: 'dispatch', deadline: '2026-08-18T15:59:59.000Z' })])
        expect(accepted.overdue.byKind['accept']).toBe(0)
        expect(await overdueIds()).toContain(b)
        // Dispatched: off both lists (the round's deadlines run from the dispatch).
        await post(url, `/api/v1/complaints/${b}/dispatch`, { unit: { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID } })
        expect(await overdueIds()).not.toContain(b)
        expect(mine((await dashboard()).overdue.items)).toEqual([])
        expect((await dashboard()).overdue.byKind['dispatch']).toBe(0)
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
