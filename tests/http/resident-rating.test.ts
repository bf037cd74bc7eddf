// A resident's own 一事一评 (in the app) beside the hotline's callback (回访), over HTTP (DOMAIN.md "Complaint": the
// rating is kept as such; where no callback reached the complainant, the 满意率 uses it; the 响应率 and 解决率 count
// callbacks only; both shown in history). docs/kpis.md "The callback (回访) and the resident's rating": a case counts
// once, by its answered callback, else its rating (满意率 only, `ratedByResident`).
import type { Actor } from '@gridcase/core/access'
import { complaints, disputes } from '@gridcase/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actors, COMMUNITY_A, postAs, sendAs, startServer, type TestServer } from './helpers/server.js'

const GRID = `${COMMUNITY_A}/grid-001`
const residentA: Actor = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const residentB: Actor = { id: 'r-li', role: 'resident', jurisdiction: GRID }
const grid: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const op = actors.operator
const unit = { id: GRID, name: '1号网格', level: 'grid', jurisdiction: GRID }
let s: TestServer

/** A's complaint from the app, dispatched, handled and notified: ready for the rating and the callback. */
const notified = async (owner: Actor = residentA): Promise<string> => {
  const id = (await postAs(s, owner, '/api/v1/complaints', {
    channel: 'mini-program', kind: 'complaint', category: 'parking', title: '占道停车', description: '门口停车', jurisdiction: GRID,
    complainant: { name: owner === residentA ? '王五' : '李四', phone: owner === residentA ? '13812345678' : '13900002222' },
  }))['id'] as string
  await postAs(s, op, `/api/v1/complaints/${id}/accept`)
  await postAs(s, op, `/api/v1/complaints/${id}/dispatch`, { unit })
  await postAs(s, grid, `/api/v1/complaints/${id}/acknowledge`)
  await postAs(s, grid, `/api/v1/complaints/${id}/submit-result`, { result: '已劝离', outcome: 'resolved' })
  await postAs(s, grid, `/api/v1/complaints/${id}/notify-complainant`, { method: 'app' })
  return id
}
const rate = (actor: Actor, id: string, rating: string) => sendAs(s, actor, `/api/v1/complaints/${id}/evaluate`, { rating })
const call = (id: string, answers: Record<string, unknown>) => postAs(s, op, `/api/v1/complaints/${id}/record-callback`, answers)
const answered = (satisfaction: string, solved = 'solved', contacted = true) => ({ reached: true, contacted, solved, satisfaction })

beforeAll(async () => {
  s = await startServer({ caseTypes: [complaints(), disputes()] })
})
afterAll(async () => {
  await s.close()
})

describe('the rating and the callback are kept apart and counted as docs/kpis.md says', () => {
  it('满意率 on a table of cases, worked out by hand', async () => {
    s.clock.set('2026-04-06T02:00:00.000Z')
    // | case | A's rating (app)    | callback                      | counts for 满意率 as          |
    // | c1   | basically-satisfied | answered: satisfied, solved    | the callback: satisfied       |
    // | c2   | unsatisfied         | not reached                    | the rating: unsatisfied       |
    // | c3   | satisfied           | none                           | the rating: satisfied         |
    // | c4   | basically-satisfied | declined                       | the rating: basically         |
    // | c5   | —                   | answered: basically, partly, not contacted | the callback: basically |
    // | c6   | unsatisfied         | answered: satisfied, solved (the callback first) | the callback: satisfied |
    // calledBack = c1, c5, c6 = 3; contacted = c1, c6 = 2 → 响应率 2/3; solved = c1, c6 = 2 (partly weighs 0) → 解决率 2/3;
    // ratedByResident = c2, c3, c4 = 3; notReached 1 (c2), declined 1 (c4);
    // 满意率 = (satisfied c1, c3, c6 = 3 + basically c4, c5 = 2 × 1) / (3 + 3) = 5/6.
    const [c1, c2, c3, c4, c5, c6] = [await notified(), await notified(), await notified(), await notified(), await notified(), await notified()] as string[]
    expect((await rate(residentA, c1!, 'basically-satisfied')).status).toBe(200)
    await call(c1!, answered('satisfied'))
    expect((await rate(residentA, c2!, 'unsatisfied')).status).toBe(200)
    await call(c2!, { reached: false })
    expect((await rate(residentA, c3!, 'satisfied')).status).toBe(200)
    expect((await rate(residentA, c4!, 'basically-satisfied')).status).toBe(200)
    await call(c4!, { reached: true, declined: true })
    await call(c5!, answered('basically-satisfied', 'partly', false))
    await call(c6!, answered('satisfied'))
    expect((await rate(residentA, c6!, 'unsatisfied')).status).toBe(200)

    for (const query of ['', '&from=2026-04-01T00:00:00%2B08:00&to=2026-05-01T00:00:00%2B08:00']) {
      const res = await s.call(actors.street, 'GET', `/api/v1/dashboard?jurisdiction=${encodeURIComponent(GRID)}${query}`)
      expect(res.status).toBe(200)
      const { rates } = (await res.json()) as { rates: Record<string, unknown> }
      expect(rates, query).toMatchObject({
        calledBack: 3, contacted: 2, responseRate: 2 / 3, resolved: 2, partlySolved: 1, resolutionRate: 2 / 3,
        notReached: 1, declined: 1, ratedByResident: 3, satisfied: 3, basicallySatisfied: 2, unsatisfied: 1, satisfactionRate: 5 / 6,
      })
    }

    // Both are on the case, apart: the resident's rating as `evaluation`, the hotline's answers as `callback`.
    const view = (await (await s.call(residentA, 'GET', `/api/v1/complaints/${c6}`)).json()) as Record<string, unknown>
    expect(view['evaluation']).toMatchObject({ rating: 'unsatisfied' })
    expect(view['callback']).toMatchObject({ reached: true, satisfaction: 'satisfied' })
    const history = (await (await s.call(residentA, 'GET', `/api/v1/complaints/${c6}/history`)).json()) as { events: { type: string; actor: Actor }[] }
    const evaluated = history.events.find((e) => e.type === 'ComplaintEvaluated')
    expect(evaluated?.actor.id).toBe(residentA.id)
    expect(history.events.some((e) => e.type === 'ComplaintCallbackRecorded')).toBe(true)
  })
})

describe('when a resident may rate', () => {
  it('only its own case (another’s is 404, the body of a missing case), once, after the result is notified, not once closed', async () => {
    const mine = await notified()
    const missing = await rate(residentB, crypto.randomUUID(), 'satisfied')
    expect(missing.status).toBe(404)
    const others = await rate(residentB, mine, 'satisfied')
    expect(others).toEqual(missing)
    expect((await rate(residentA, mine, 'satisfied')).status).toBe(200)
    expect((await rate(residentA, mine, 'unsatisfied')).status).toBe(409)
    await postAs(s, op, `/api/v1/complaints/${mine}/close`, {})
    expect((await rate(residentA, mine, 'unsatisfied')).status).toBe(409)
    // Before the result is notified: 409 (nothing to rate yet).
    const fresh = (await postAs(s, residentA, '/api/v1/complaints', {
      channel: 'mini-program', kind: 'complaint', category: 'parking', title: '占道', description: '停车', jurisdiction: GRID,
    }))['id'] as string
    expect((await rate(residentA, fresh, 'satisfied')).status).toBe(409)
  })

  it('a bad rating or comment is 400 naming the field, nothing written', async () => {
    const mine = await notified()
    for (const [body, path] of [[{}, 'rating'], [{ rating: 'good' }, 'rating'], [{ rating: 'satisfied', comment: 'x'.repeat(2001) }, 'comment'], [{ rating: 'satisfied', comment: 5 }, 'comment']] as const) {
      const res = await sendAs(s, residentA, `/api/v1/complaints/${mine}/evaluate`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((res.body['errors'] as { path: string }[]).map((e) => e.path), JSON.stringify(body)).toEqual([path])
    }
    const view = (await (await s.call(residentA, 'GET', `/api/v1/complaints/${mine}`)).json()) as Record<string, unknown>
    expect(view['status']).toBe('complainant-notified')
    expect(view).not.toHaveProperty('evaluation')
  })
})
