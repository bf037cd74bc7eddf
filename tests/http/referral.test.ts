// 诉调对接 both ways on the real server (SQLite files, a real port, the processes it runs by default): a 12345
// complaint referred to mediation opens the dispute; the dispute's agreement comes back on the complaint; the
// hotline then tells the complainant and the complainant rates it. And the crash: the server killed (SIGKILL)
// after the referral was written and before the dispute was opened still opens exactly one dispute on restart.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteEventStore } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { entryArgs, root, spawnServer, type ServerProcess } from '../helpers/serverProcess.js'
import { until } from '../helpers/until.js'

const SECRET = 'referral-test-secret-referral-test-secret'
const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/community-a`
const GRID = `${COMMUNITY}/grid-001`
const who = {
  hotline: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  grid: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  mediator: { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET },
  resident: { id: 'r-wang', role: 'resident', jurisdiction: GRID },
  clerk: { id: 'cc-1', role: 'court-clerk', jurisdiction: 'hohhot/saihan' },
} satisfies Record<string, Actor>
const gridUnit = { id: 'grid-001', name: '1号网格', level: 'grid', jurisdiction: GRID }

const call = async (url: string, actor: Actor, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
const ok = async (url: string, actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await call(url, actor, 'POST', path, body)
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}
/** Reads until `done` holds: the processes run behind the request that wrote the event (only the test's timeout bounds it). */
const eventually = async (read: () => Promise<Response>, done: (status: number, body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
  let last = { status: 0, body: {} as Record<string, unknown> }
  await until(
    async () => {
      const res = await read()
      last = { status: res.status, body: (res.status === 200 ? await res.json() : {}) as Record<string, unknown> }
      return done(last.status, last.body)
    },
    { state: () => `not reached: ${last.status} ${JSON.stringify(last.body)}` },
  )
  return last.body
}

const registration = {
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'property',
  title: '物业费争议',
  description: '物业公司多收物业费，协商不成',
  jurisdiction: GRID,
  complainant: { name: '王芳', phone: '13800138000', residentId: 'r-wang' },
}

/** Registers a complaint, has it dispatched and acknowledged, and refers it: its id and the dispute's. */
const referOne = async (url: string): Promise<{ complaintId: string; disputeId: string }> => {
  const complaintId = (await ok(url, who.hotline, '/api/v1/complaints', registration)).id as string
  await ok(url, who.hotline, `/api/v1/complaints/${complaintId}/accept`)
  await ok(url, who.hotline, `/api/v1/complaints/${complaintId}/dispatch`, { unit: gridUnit })
  await ok(url, who.grid, `/api/v1/complaints/${complaintId}/acknowledge`)
  const disputeId = crypto.randomUUID()
  const referred = await ok(url, who.grid, `/api/v1/complaints/${complaintId}/refer-to-mediation`, {
    disputeId,
    disputeCategory: 'property',
    respondents: [{ name: '某物业公司', phone: '0471-6612345' }],
    summary: '物业费争议，经12345转人民调解',
  })
  // Waiting on mediation: open, not final.
  expect(referred).toMatchObject({ status: 'referred-to-mediation', disputeId })
  return { complaintId, disputeId }
}

/**
 * referOne, then the dispute the referral process opened (checked: both ids on both cases) agreed in people's mediation
 * (oral, today), and the agreement back on the complaint: the complaint's view once it is.
 */
const referAndAgree = async (url: string): Promise<{ complaintId: string; disputeId: string; concluded: Record<string, unknown> }> => {
  const { complaintId, disputeId } = await referOne(url)
  // The referral process opens the dispute the complaint named, both ids on both cases.
  const opened = await eventually(() => call(url, who.street, 'GET', `/api/v1/disputes/${disputeId}`), (status) => status === 200)
  expect(opened).toMatchObject({ id: disputeId, source: 'referral', complaintId, status: 'reported' })
  // Still open on the complaint side while the mediation runs.
  expect(await (await call(url, who.hotline, 'GET', `/api/v1/complaints/${complaintId}`)).json()).toMatchObject({ status: 'referred-to-mediation', disputeId })
  // People's mediation reaches an oral agreement.
  await ok(url, who.street, `/api/v1/disputes/${disputeId}/accept`)
  await ok(url, who.street, `/api/v1/disputes/${disputeId}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } })
  await ok(url, who.mediator, `/api/v1/disputes/${disputeId}/record-session`, { minutes: '双方陈述，物业公司同意退还多收费用' })
  await ok(url, who.mediator, `/api/v1/disputes/${disputeId}/record-agreement`, { form: 'oral', terms: ['某物业公司退还多收物业费800元'], reachedOn: localDate(new Date().toISOString()) })
  // The mediation-outcome process records the agreement back on the complaint: its result, the lead's.
  const concluded = await eventually(
    () => call(url, who.hotline, 'GET', `/api/v1/complaints/${complaintId}`),
    (_status, body) => body.status === 'result-submitted',
  )
  return { complaintId, disputeId, concluded }
}

describe('referral both ways through the real server (complaint → dispute → agreement → back on the complaint → notified)', () => {
  let dataDir: string
  let server: RunningServer
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gridcase-referral-'))
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('walks the whole referral', async () => {
    const { url } = server
    const { complaintId, disputeId, concluded } = await referAndAgree(url)
    expect(concluded).toMatchObject({ status: 'result-submitted', disputeId, mediation: { disputeId, outcome: 'agreement' }, result: { outcome: 'resolved', unit: { id: 'grid-001' } } })
    // …by the process, acting as an admin of the complaint's jurisdiction, caused by the dispute's agreement.
    const history = (await (await call(url, who.hotline, 'GET', `/api/v1/complaints/${complaintId}/history`)).json()) as unknown
    expect(JSON.stringify(history)).toContain('ComplaintMediationConcluded')
    // The hotline tells the complainant as usual; the complainant rates it (一事一评).
    expect(await ok(url, who.hotline, `/api/v1/complaints/${complaintId}/notify-complainant`, { method: 'phone' })).toMatchObject({ status: 'complainant-notified' })
    expect(await ok(url, who.resident, `/api/v1/complaints/${complaintId}/evaluate`, { rating: 'satisfied' })).toMatchObject({ status: 'evaluated' })
  })

  // The court rejects the agreement (驳回) after the complaint was closed, and the case goes to litigation: each later
  // outcome reaches the complaint (ComplaintMediationUpdated), which stays closed (docs/HTTP.md: told, not reopened).
  it('carries the court’s rejection of the agreement and the litigation after it onto the closed complaint', async () => {
    const { url } = server
    const { complaintId, disputeId } = await referAndAgree(url)
    const complaintPath = `/api/v1/complaints/${complaintId}`
    await ok(url, who.hotline, `${complaintPath}/notify-complainant`, { method: 'phone' })
    await ok(url, who.resident, `${complaintPath}/evaluate`, { rating: 'satisfied' })
    expect(await ok(url, who.hotline, `${complaintPath}/close`)).toMatchObject({ status: 'closed' })
    // 司法确认: the complainant applies, the company's consent recorded from the scan it signed; the court rejects.
    const path = `/api/v1/disputes/${disputeId}`
    const scan = await fetch(`${url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, who.street)}`, 'content-type': 'application/pdf' }, body: '%PDF-1.4 某物业公司同意申请司法确认' })
    const { sha256 } = (await scan.json()) as { sha256: string }
    await ok(url, who.street, `${path}/consent-confirmation`, { party: '某物业公司', documentHash: sha256 })
    await ok(url, who.resident, `${path}/apply-confirmation`, { court: '赛罕区人民法院' })
    await ok(url, who.clerk, `${path}/record-court-acceptance`, { decision: 'accepted', caseNumber: '(2026)蒙0105民特41号' })
    await ok(url, who.clerk, `${path}/record-confirmation`, { outcome: 'rejected', reason: '协议内容违反法律规定', caseNumber: '(2026)蒙0105民特41号' })
    const rejected = await eventually(() => call(url, who.hotline, 'GET', complaintPath), (_status, body) => (body.mediation as { latest?: unknown } | undefined)?.latest !== undefined)
    expect(rejected).toMatchObject({ status: 'closed', mediation: { disputeId, outcome: 'agreement', latest: { outcome: 'confirmation-rejected' } } })
    await ok(url, who.mediator, `${path}/refer-to-litigation`, { reason: '当事人坚持起诉' })
    const sued = await eventually(() => call(url, who.hotline, 'GET', complaintPath), (_status, body) => (body.mediation as { latest?: { outcome?: string } } | undefined)?.latest?.outcome === 'litigation')
    expect(sued).toMatchObject({ status: 'closed', closedAs: 'evaluated', result: { outcome: 'resolved' } })
    const history = (await (await call(url, who.hotline, 'GET', `${complaintPath}/history`)).json()) as { events: { type: string; data: { outcome?: string; summary?: string } }[] }
    expect(history.events.filter((e) => e.type === 'ComplaintMediationUpdated').map((e) => [e.data.outcome, e.data.summary])).toEqual([
      ['confirmation-rejected', 'mediation concluded: confirmation-rejected (协议内容违反法律规定)'],
      ['litigation', 'mediation concluded: litigation (当事人坚持起诉)'],
    ])
  })
})

describe('a server killed between the referral and the dispute', () => {
  const dirs: string[] = []
  const servers: ServerProcess[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('opens exactly one dispute after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-referral-crash-'))
    dirs.push(dataDir)
    const env = { DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'warn' }
    // First life: its processes run elsewhere (none here), so the referral is written and no dispute opened.
    const first = spawnServer([], { ...env, GRIDCASE_PROCESSES: 'off' })
    servers.push(first)
    const { complaintId, disputeId } = await referOne(await first.listening)
    expect((await call(await first.listening, who.street, 'GET', `/api/v1/disputes/${disputeId}`)).status).toBe(404)
    first.child.kill('SIGKILL')
    await first.exited
    expect(first.child.signalCode).toBe('SIGKILL')
    // Second life, with the processes: the referral is handled from the log.
    const second = spawnServer([], env)
    servers.push(second)
    const url = await second.listening
    expect(await eventually(() => call(url, who.street, 'GET', `/api/v1/disputes/${disputeId}`), (status) => status === 200)).toMatchObject({ complaintId })
    // Killed again just after the dispute opened (its checkpoint perhaps unsaved), and started a third time.
    second.child.kill('SIGKILL')
    await second.exited
    const third = spawnServer([], env)
    servers.push(third)
    const url3 = await third.listening
    await eventually(() => call(url3, who.street, 'GET', `/api/v1/disputes/${disputeId}`), (status) => status === 200)
    await third.stop()
    const store = sqliteEventStore({ path: join(dataDir, 'gridcase.sqlite'), readonly: true })
    try {
      const reported = (await store.readAll({ fromPosition: 0 })).filter((e) => e.type === 'DisputeReported')
      expect(reported.map((e) => e.streamId)).toEqual([`dispute-${disputeId}`])
    } finally {
      await store.close()
    }
  }, 60_000)
})

describe('`gridcase processes` beside a server that does not run them', () => {
  it('opens the dispute; of two such runners one is active at a time, and the other takes over when it stops', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-processes-cli-'))
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, SQLITE_SYNCHRONOUS: 'normal', GRIDCASE_PROCESSES: 'off' })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
    const children: { child: ChildProcess; out: () => string; exited: Promise<unknown> }[] = []
    const runner = () => {
      // Node with the built CLI or tsx's loader (not tsx's command, whose child a SIGKILL would leave running): the child is the CLI.
      const child = spawn(process.execPath, [...entryArgs('packages/adapters/src/cli/main.ts'), 'processes', '--db', join(dataDir, 'gridcase.sqlite')], {
        cwd: root,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.tests.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
      child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
      const entry = { child, out: () => out, exited: new Promise((resolve) => child.once('exit', resolve)) }
      children.push(entry)
      return entry
    }
    const seen = (what: () => boolean, label: string) => until(what, { state: () => `not reached: ${label}\n${children.map((c) => c.out()).join('\n---\n')}` })
    try {
      const { complaintId, disputeId } = await referOne(server.url)
      const a = runner()
      await seen(() => a.out().includes('active complaint-referral'), 'a active')
      const b = runner()
      await seen(() => b.out().includes('processes running'), 'b running')
      expect(await eventually(() => call(server.url, who.street, 'GET', `/api/v1/disputes/${disputeId}`), (status) => status === 200)).toMatchObject({ complaintId })
      // b waits: the lease is a's.
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(b.out()).not.toContain('active complaint-referral')
      a.child.kill('SIGTERM')
      expect(await a.exited).toBe(0)
      expect(a.out()).toContain('inactive complaint-referral')
      await seen(() => b.out().includes('active complaint-referral'), 'b takes over')
      // A second referral is handled by b.
      const second = await referOne(server.url)
      expect(await eventually(() => call(server.url, who.street, 'GET', `/api/v1/disputes/${second.disputeId}`), (status) => status === 200)).toMatchObject({ complaintId: second.complaintId })
    } finally {
      for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL')
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
