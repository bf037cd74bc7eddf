// 诉调对接 on the real server, the ids: a referral that is acknowledged always happens (or comes back on the complaint
// as failed), and naming an id that exists tells nothing about the case behind it.
// - refer-to-mediation naming a dispute that exists: refused up front, 409 `already-exists`, the same body whether
//   or not the caller may see that dispute; without a disputeId the server derives one and opens that dispute;
// - a `referral` dispute naming a complaint that does not exist (or that the actor may not read): 404, as a missing case;
// - a referral the process is refused for good (two complaints named the same new dispute before the processes ran):
//   recorded back on the complaint (`ComplaintReferralFailed`), which is back where it was and may be referred again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/until.js'

const SECRET = 'referral-ids-test-secret-referral-ids-test'
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/community-a/grid-001`
const OTHER_GRID = 'hohhot/saihan/other-street/community-b/grid-009'
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  otherGrid: { id: 'gw-9', role: 'grid-worker', jurisdiction: OTHER_GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
} satisfies Record<string, Actor>

const call = async (url: string, actor: Actor, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
const answer = async (url: string, actor: Actor, method: string, path: string, body?: unknown) => {
  const res = await call(url, actor, method, path, body)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const ok = async (url: string, actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await answer(url, actor, 'POST', path, body)
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
  return res.body
}
/** Reads until `done` holds: the processes run behind the request that wrote the event (only the test's timeout bounds it). */
const eventually = async (read: () => Promise<Response>, done: (status: number, body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
  let last = { status: 0, body: {} as Record<string, unknown> }
  await until(
    async () => {
      const res = await read()
      last = { status: res.status, body: (await res.json()) as Record<string, unknown> }
      return done(last.status, last.body)
    },
    { state: () => `not reached: ${last.status} ${JSON.stringify(last.body)}` },
  )
  return last.body
}

const registration = (jurisdiction: string) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'property',
  title: '物业费争议',
  description: '物业公司多收物业费，协商不成',
  jurisdiction,
  complainant: { name: '王芳', phone: '13800138000' },
})
const referral = { disputeCategory: 'property', respondents: [{ name: '某物业公司', phone: '0471-6612345' }], summary: '物业费争议，经12345转人民调解' }
const parties = [
  { side: 'applicant', name: '王芳', phone: '13800138000' },
  { side: 'respondent', name: '李强', phone: '13900139000' },
]

/** A complaint in `jurisdiction`, accepted: its id. */
const accepted = async (url: string, jurisdiction: string): Promise<string> => {
  const id = (await ok(url, who.hotline, '/api/v1/complaints', registration(jurisdiction))).id as string
  await ok(url, who.hotline, `/api/v1/complaints/${id}/accept`)
  return id
}

const start = async (dataDir: string, processes: 'on' | 'off'): Promise<RunningServer> => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_PROCESSES: processes })
  if (config._tag === 'Left') throw new Error(config.left.message)
  return startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
}

describe('referral ids through the real server', () => {
  let dataDir: string
  let server: RunningServer
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gridcase-referral-ids-'))
    server = await start(dataDir, 'on')
  })
  afterAll(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses a disputeId that names an existing dispute, with one 409 whoever asks, and leaves the complaint as it was', async () => {
    const { url } = server
    // Someone else's dispute, in the street: the hotline may see it, the other street's grid worker may not.
    const existing = (await ok(url, who.grid, '/api/v1/disputes', { source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水' })).id as string
    const mine = await accepted(url, GRID)
    const theirs = await accepted(url, OTHER_GRID)
    const seen = await answer(url, who.hotline, 'POST', `/api/v1/complaints/${mine}/refer-to-mediation`, { ...referral, disputeId: existing })
    const unseen = await answer(url, who.otherGrid, 'POST', `/api/v1/complaints/${theirs}/refer-to-mediation`, { ...referral, disputeId: existing })
    expect(seen.status).toBe(409)
    expect(seen.body).toMatchObject({ type: 'urn:gridcase:problem:already-exists', status: 409 })
    // The same answer whether or not the caller may see the dispute: no state, no command, nothing of the case.
    expect(unseen).toEqual(seen)
    expect(JSON.stringify(seen.body)).not.toContain('reported')
    // Nothing written: the complaint is still accepted, pointing at no dispute; the dispute is untouched.
    expect((await answer(url, who.hotline, 'GET', `/api/v1/complaints/${mine}`)).body).toMatchObject({ status: 'accepted', version: 1 })
    expect((await answer(url, who.hotline, 'GET', `/api/v1/complaints/${mine}`)).body['disputeId']).toBeUndefined()
    expect((await answer(url, who.street, 'GET', `/api/v1/disputes/${existing}`)).body).toMatchObject({ status: 'reported', version: 0 })
    expect((await answer(url, who.street, 'GET', `/api/v1/disputes/${existing}`)).body['complaintId']).toBeUndefined()
  })

  it('derives the dispute id when none is given, and the process opens that dispute', async () => {
    const { url } = server
    const id = await accepted(url, GRID)
    const referred = await ok(url, who.hotline, `/api/v1/complaints/${id}/refer-to-mediation`, referral)
    expect(referred).toMatchObject({ status: 'referred-to-mediation' })
    const disputeId = referred['disputeId']
    expect(disputeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const opened = await eventually(() => call(url, who.street, 'GET', `/api/v1/disputes/${String(disputeId)}`), (status) => status === 200)
    expect(opened).toMatchObject({ id: disputeId, source: 'referral', complaintId: id, status: 'reported' })
  })

  it('refuses a referral dispute whose complaint does not exist, or is not the actor’s to read, as a missing case', async () => {
    const { url } = server
    const report = (actor: Actor, complaintId: string) =>
      answer(url, actor, 'POST', '/api/v1/disputes', { source: 'referral', complaintId, category: 'property', jurisdiction: actor.jurisdiction === OTHER_GRID ? OTHER_GRID : GRID, parties, summary: '物业费争议' })
    const madeUp = await report(who.street, crypto.randomUUID())
    expect(madeUp.status).toBe(404)
    expect(madeUp.body).toMatchObject({ type: 'urn:gridcase:problem:not-found', status: 404 })
    // A complaint in the street, which the other street's grid worker may not read: the same 404.
    const notTheirs = await accepted(url, GRID)
    const hidden = await report(who.otherGrid, notTheirs)
    expect(hidden).toEqual(madeUp)
    // One the actor may read is not 404 (the complaint is there), but a dispute is not referred from it this way (below).
    const readable = await report(who.street, notTheirs)
    expect(readable.status, JSON.stringify(readable.body)).toBe(400)
  })

  // DOMAIN.md "Dispute": "A dispute referred from a complaint carries both ids, and its conclusion is recorded back on the
  // complaint (the complainant is told)". Found in review: a dispute reported directly as `source: referral`, naming a
  // complaint that was never referred (no `refer-to-mediation`: the complaint names no dispute), was opened; its
  // conclusion went to the complaint by the mediation-outcome process, which the complaint refused for good (not referred
  // to mediation) and which was dropped — the complainant was never told, and the complaint went on as if no mediation
  // had happened. A complaint is referred by its own command, whose process opens the dispute.
  it('refuses a dispute reported as referred from a complaint that was not referred to it: 400 at source, nothing written', async () => {
    const { url } = server
    const complaintId = await accepted(url, GRID)
    const id = crypto.randomUUID()
    const direct = await answer(url, who.street, 'POST', '/api/v1/disputes', { id, source: 'referral', complaintId, category: 'property', jurisdiction: GRID, parties, summary: '物业费争议' })
    expect(direct.status, JSON.stringify(direct.body)).toBe(400)
    expect(direct.body).toMatchObject({ type: 'urn:gridcase:problem:validation', errors: [{ path: 'source' }] })
    expect(JSON.stringify(direct.body)).toContain('refer-to-mediation')
    expect((await call(url, who.street, 'GET', `/api/v1/disputes/${id}`)).status).toBe(404)
    expect((await answer(url, who.hotline, 'GET', `/api/v1/complaints/${complaintId}`)).body).toMatchObject({ status: 'accepted', version: 1 })
    // A role that may not report a referral at all still hears the decider's 403, not this.
    const resident = { id: 'r-1', role: 'resident', jurisdiction: GRID } satisfies Actor
    expect((await answer(url, resident, 'POST', '/api/v1/disputes', { source: 'referral', complaintId, category: 'property', jurisdiction: GRID, parties, summary: 'x' })).status).not.toBe(400)
  })
})

describe('a referral the process is refused for good', () => {
  it('comes back on the complaint (ComplaintReferralFailed), which is as it was before and may be referred again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-referral-failed-'))
    try {
      // Processes off: two complaints name the same new dispute; neither exists yet, so both are acknowledged.
      const first = await start(dataDir, 'off')
      const disputeId = crypto.randomUUID()
      let a: string
      let b: string
      try {
        a = await accepted(first.url, GRID)
        b = await accepted(first.url, GRID)
        await ok(first.url, who.hotline, `/api/v1/complaints/${a}/refer-to-mediation`, { ...referral, disputeId })
        await ok(first.url, who.hotline, `/api/v1/complaints/${b}/refer-to-mediation`, { ...referral, disputeId })
      } finally {
        await first.close()
      }
      // With the processes: the first referral opens the dispute, the second is refused (the id exists) and says so.
      const second = await start(dataDir, 'on')
      try {
        const { url } = second
        const back = await eventually(() => call(url, who.hotline, 'GET', `/api/v1/complaints/${b}`), (_s, body) => body['status'] === 'accepted')
        expect(back['disputeId']).toBeUndefined()
        const history = JSON.stringify(await (await call(url, who.hotline, 'GET', `/api/v1/complaints/${b}/history`)).json())
        expect(history).toContain('ComplaintReferralFailed')
        expect(history).toContain('already-exists')
        expect((await answer(url, who.street, 'GET', `/api/v1/disputes/${disputeId}`)).body).toMatchObject({ complaintId: a })
        expect((await answer(url, who.hotline, 'GET', `/api/v1/complaints/${a}`)).body).toMatchObject({ status: 'referred-to-mediation', disputeId })
        // Referred again, under an id the server derives: that dispute opens.
        const again = await ok(url, who.hotline, `/api/v1/complaints/${b}/refer-to-mediation`, referral)
        const derived = String(again['disputeId'])
        expect(derived).not.toBe(disputeId)
        expect(await eventually(() => call(url, who.street, 'GET', `/api/v1/disputes/${derived}`), (status) => status === 200)).toMatchObject({ complaintId: b })
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
