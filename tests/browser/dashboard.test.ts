// The dashboard page in a real browser: Debian's chromium driven by playwright-core against the
// real app on a real port with a SQLite store. Load with a token, see the API's figures, register
// a complaint over the API, see the page change without a reload; choose a period, drill down from a
// street to its communities, read the trend chart against /api/v1/trends, fit 390 px, print on A4.
import { manualClock, sqliteEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { registryOf } from '@gridcase/core/projections'
import { localDate } from '@gridcase/core/calendar'
import { complaints, createApp, disputes, jwtAuth, listen, pageRouter, signToken, type GridcaseApp } from '@gridcase/http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureChromium, launchChromium } from './chromium.js'

const unavailable = ensureChromium()
if (unavailable !== undefined) {
  console.warn(`\n\n*** SKIPPING tests/browser: chromium is absent and could not be installed (${unavailable}). ***\n\n`)
}

const SECRET = 'browser-test-secret-browser-test-secret'
const STREET = 'hohhot/saihan/wulan'
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`
const COMMUNITY_B = `${STREET}/fuxing-community`

const registry = registryOf({
  format: 'gridcase-jurisdictions/1',
  jurisdictions: [
    { code: STREET, name: '乌兰察布东路街道', level: 'street' },
    { code: COMMUNITY, name: '新华社区', level: 'community' },
    { code: COMMUNITY_B, name: '富兴社区', level: 'community' },
    { code: GRID, name: '新华社区第17网格', level: 'grid' },
  ],
})
if (!('registry' in registry)) throw new Error('bad registry')

const actors = {
  operator: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  gridWorker: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  communityWorker: { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  communityWorkerB: { id: 'cw-b', role: 'community-worker', jurisdiction: COMMUNITY_B },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  mediator: { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' },
  // Reads the street's figures, its lists only the disputes (the complaints are not its to open).
  centre: { id: 'co-1', role: 'centre-officer', jurisdiction: STREET },
  // Holds none of the seeded cases, and reads no figure of the street (docs/HTTP.md "Figures by role").
  department: { id: 'do-1', role: 'department-officer', jurisdiction: STREET, department: 'housing' },
} satisfies Record<string, Actor>

const units = {
  grid: { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID },
  community: { id: 'xinhua-community', name: '新华社区', level: 'community', jurisdiction: COMMUNITY },
  communityB: { id: 'fuxing-community', name: '富兴社区居委会', level: 'community', jurisdiction: COMMUNITY_B },
}

const complaint = (title: string, category: string, jurisdiction = GRID) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category,
  title,
  description: `${title}，请尽快处理。`,
  jurisdiction,
  complainant: { name: '李四', phone: '13912345678' },
})

let dir: string
let store: EventStore
let app: GridcaseApp
let server: Server
let url: string
let browser: Browser
let streetToken: string
const clock = manualClock('2026-03-02T01:00:00.000Z')

/** A call to the API as an actor; fails the test on any refusal (the seed must go through). */
const call = async (actor: Actor, path: string, body?: unknown): Promise<{ id: string }> => {
  const res = await fetch(`${url}/api/v1/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const json = (await res.json()) as { id: string }
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

interface DashboardJson {
  counts: { complaint: { total: number; byState: Record<string, number> }; dispute: { total: number; byState: Record<string, number> } }
  overdue: { items: unknown[]; byKind: Record<string, number>; dueSoon: { items: unknown[]; byKind: Record<string, number> } }
  rates: {
    responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; calledBack: number; evaluated: number
    resolved: number; partlySolved: number; satisfied: number; basicallySatisfied: number; weights: { partlySolved: number; basicallySatisfied: number }
  }
  risk: { highOpen: number; items: unknown[] }
}
// The 三率's weights the server is set with (GRIDCASE_RATE_WEIGHTS): the page's rate chart counts as the API does.
const RATE_WEIGHTS = { partlySolved: 0.5, basicallySatisfied: 0.5 }
// March 2026 in China time, the month the test's clock is in.
const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' }
const dashboard = async (period: { from: string; to: string } | undefined = MARCH): Promise<DashboardJson> => {
  const q = period === undefined ? '' : `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`
  return api<DashboardJson>(`/api/v1/dashboard${q}`)
}
const api = async <T>(path: string, token = streetToken): Promise<T> => {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status, path).toBe(200)
  return (await res.json()) as T
}
interface RankingJson { name: string; children: { jurisdiction: string; name: string | null; rank: number | null; score: number | null }[] }
interface TrendsJson { months: { period: string; responseRate: number | null; satisfactionRate: number | null }[]; days: { date: string; intake: number; overdue: number }[] }

/** A small district: one complaint evaluated, one dispatched and left unacknowledged, one mediated dispute, and two days later a new complaint. */
const seed = async () => {
  const a = await call(actors.operator, 'complaints', complaint('暖气不热', 'heating'))
  await call(actors.operator, `complaints/${a.id}/accept`, {})
  await call(actors.operator, `complaints/${a.id}/dispatch`, { unit: units.grid })
  await call(actors.gridWorker, `complaints/${a.id}/acknowledge`, {})
  await call(actors.gridWorker, `complaints/${a.id}/submit-result`, { result: '已协调供热公司排气。', outcome: 'resolved' })
  await call(actors.operator, `complaints/${a.id}/notify-complainant`, { method: 'phone' })
  await call(actors.operator, `complaints/${a.id}/evaluate`, { rating: 'satisfied' })
  const b = await call(actors.operator, 'complaints', complaint('楼道堆放杂物', 'property'))
  await call(actors.operator, `complaints/${b.id}/accept`, {})
  await call(actors.operator, `complaints/${b.id}/dispatch`, { unit: units.community })
  // Community B: handled, called back: contacted, partly solved, basically satisfied.
  const c = await call(actors.operator, 'complaints', complaint('楼道灯不亮', 'property', COMMUNITY_B))
  await call(actors.operator, `complaints/${c.id}/accept`, {})
  await call(actors.operator, `complaints/${c.id}/dispatch`, { unit: units.communityB })
  await call(actors.communityWorkerB, `complaints/${c.id}/acknowledge`, {})
  await call(actors.communityWorkerB, `complaints/${c.id}/submit-result`, { result: '已更换灯泡。', outcome: 'resolved' })
  await call(actors.operator, `complaints/${c.id}/notify-complainant`, { method: 'phone' })
  await call(actors.operator, `complaints/${c.id}/record-callback`, { reached: true, contacted: true, solved: 'partly', satisfaction: 'basically-satisfied' })
  const d = await call(actors.communityWorker, 'disputes', {
    source: 'screening',
    category: 'neighbour',
    jurisdiction: GRID,
    summary: '楼上漏水，邻里纠纷',
    parties: [
      { side: 'applicant', name: '王芳', phone: '13800138000' },
      { side: 'respondent', name: '李强', phone: '0471-6612345' },
    ],
  })
  await call(actors.street, `disputes/${d.id}/accept`, {})
  await call(actors.street, `disputes/${d.id}/assign-mediator`, { track: 'people', mediator: { id: 'pm-1', name: '张调解', jurisdiction: STREET } })
  await call(actors.mediator, `disputes/${d.id}/record-session`, { minutes: '双方陈述，查看漏水现场' })
  await call(actors.mediator, `disputes/${d.id}/record-agreement`, { form: 'oral', terms: ['李强赔偿王芳维修费2000元'], reachedOn: localDate(clock.now()) })
  // 风险研判: a dispute graded high at intake is escalated to the street and listed on its dashboard while open.
  await call(actors.communityWorker, 'disputes', {
    source: 'screening',
    category: 'neighbour',
    jurisdiction: GRID,
    summary: '因噪音争执，一方扬言报复',
    parties: [
      { side: 'applicant', name: '赵敏', phone: '13800138001' },
      { side: 'respondent', name: '钱多', phone: '13800138002' },
    ],
    risk: { grade: 'high', reason: '一方扬言报复' },
  })
  // Two days on, a new call: the unacknowledged complaint is past its 24-hour acknowledgement deadline.
  clock.advance(2 * 24 * 3600 * 1000)
  await call(actors.operator, 'complaints', complaint('小区门口乱停车', 'parking'))
}

/** Page errors and console errors (a CSP violation is one) collected while the page runs. */
const watchErrors = (page: Page): string[] => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  return errors
}

/** The contrast ratio (WCAG 2) of the login button's English label against the button (a string: the tests compile without the DOM lib). */
const CONTRAST_OF_OPEN = `(() => {
  const button = document.querySelector('#token-form button');
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const fg = lum(rgb(getComputedStyle(button.querySelector('.en')).color));
  const bg = lum(rgb(getComputedStyle(button).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
})()`

const kpi = (page: Page, id: string) => page.locator(`#${id} .value`)

/** Nothing sticks out sideways once the page has redrawn (two frames after a resize). */
const FITS = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(document.scrollingElement.scrollWidth <= window.innerWidth && document.documentElement.scrollWidth <= window.innerWidth))))'

const score = (n: number | null): string => (n === null ? '—' : (Math.round(n * 10) / 10).toFixed(1))

/** The ranking table as shown: [rank, place, score] per row. */
const rankingRows = (page: Page): Promise<string[][]> =>
  page.evaluate("[...document.querySelectorAll('#ranking tbody tr')].map((r) => [0, 1, 2].map((i) => (r.children[i]?.textContent ?? '').trim()))")

describe.skipIf(unavailable !== undefined)('dashboard page in chromium', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridcase-browser-'))
    store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), clock })
    // The app's default dashboards: core's dashboardProjection, run live in memory.
    app = createApp({ store, caseTypes: [complaints(), disputes()], auth: jwtAuth({ secret: SECRET }), clock, page: pageRouter(), jurisdictions: registry.registry, rateWeights: RATE_WEIGHTS })
    server = await listen(app, 0, '127.0.0.1')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    streetToken = await signToken({ secret: SECRET }, actors.street)
    await seed()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.gridcase.close()
    server?.closeAllConnections()
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
    await store?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('shows the figures of /api/v1/dashboard and follows new complaints live, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
    const errors = watchErrors(page)
    const response = await page.goto(`${url}/?token=${streetToken}`)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline')

    await page.locator('#live.on').waitFor()
    await page.locator('body[data-position]:not([data-position=""])').waitFor()
    // The page opens on the last full month (February: nothing yet); the live figures are this month's.
    expect(await page.locator('#period').inputValue()).toBe('2026-02')
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String((await dashboard({ from: '2026-02-01T00:00:00+08:00', to: MARCH.from })).counts.complaint.total))
    await page.selectOption('#period', '2026-03')
    await page.locator('#period-name', { hasText: '2026-03' }).waitFor()
    await page.locator('#ranking-of', { hasText: '2026-03' }).waitFor()
    const before = await dashboard()
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String(before.counts.complaint.total))
    expect(await kpi(page, 'kpi-disputes').textContent()).toBe(String(before.counts.dispute.total))
    expect(await page.locator('#overdue tbody tr').count()).toBe(before.overdue.items.length)
    expect(before.overdue.items.length).toBeGreaterThan(0)
    // The open high-risk disputes: the figure and the list are the API's.
    expect(before.risk.highOpen).toBe(1)
    expect(await kpi(page, 'kpi-risk').textContent()).toBe(String(before.risk.highOpen))
    expect(await page.locator('#high-risk tbody tr').count()).toBe(before.risk.items.length)
    expect(await page.locator('#chart-rates svg rect.bar').count()).toBeGreaterThan(0)
    // The 解决率 and 满意率 with the configured weights, their numerators counted the same way: a partly solved answer
    // and a basically satisfied one (community B's callback) each count 0.5.
    const r = before.rates
    expect(r.weights).toEqual(RATE_WEIGHTS)
    expect(r.partlySolved + r.basicallySatisfied).toBeGreaterThan(0)
    const asText = (rate: number | null, counted: number, of: number) => `${rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`}  (${Math.round(counted * 100) / 100}/${of})`
    const values = await page.locator('#chart-rates svg text.value').allTextContents()
    expect(values.slice(1, 3)).toEqual([
      asText(r.resolutionRate, r.resolved + r.partlySolved * 0.5, r.calledBack),
      asText(r.satisfactionRate, r.satisfied + r.basicallySatisfied * 0.5, r.evaluated),
    ])
    expect(await page.locator('#scope').textContent()).toBe(STREET)
    expect(await page.locator('#scope-name').textContent()).toBe('乌兰察布东路街道')
    // The token left the address (it lives in sessionStorage now).
    expect(page.url()).not.toContain('token=')

    // A mark on this document: a reload would lose it. (Expressions as strings: the tests compile without the DOM lib.)
    await page.evaluate('window.samePage = true')
    await call(actors.operator, 'complaints', complaint('夜间施工噪音扰民', 'environment'))
    const expected = String(before.counts.complaint.total + 1)
    await page.locator('#kpi-complaints .value', { hasText: new RegExp(`^${expected}$`) }).waitFor()
    const after = await dashboard()
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String(after.counts.complaint.total))
    expect(await page.evaluate('window.samePage')).toBe(true)

    const shot = join(dir, 'dashboard.png')
    await page.screenshot({ path: shot, fullPage: true })
    if (process.env['GRIDCASE_SCREENSHOT'] !== undefined) await page.screenshot({ path: process.env['GRIDCASE_SCREENSHOT'], fullPage: true })

    // On a narrow screen the charts are redrawn to fit: nothing sticks out sideways.
    await page.setViewportSize({ width: 720, height: 1000 })
    expect(await page.evaluate(FITS)).toBe(true)
    if (process.env['GRIDCASE_SCREENSHOT'] !== undefined) await page.screenshot({ path: process.env['GRIDCASE_SCREENSHOT'].replace(/\.png$/, '-narrow.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('asks for a token when it has none, says why a bad one is refused, and opens with a good one', async () => {
    const page = await browser.newPage()
    const errors = watchErrors(page)
    await page.goto(`${url}/`)
    await page.locator('#login').waitFor()
    expect(await page.locator('#board').isHidden()).toBe(true)
    // The button's "Open" is as readable as its "打开": WCAG AA contrast (4.5:1) against the button.
    expect(await page.evaluate(CONTRAST_OF_OPEN)).toBeGreaterThanOrEqual(4.5)
    // A footer without a log position yet starts with the name, not a stray separator.
    expect((await page.locator('footer').textContent())?.trim()).toBe('gridcase · OpenAPI')

    await page.fill('#token-input', 'not-a-jwt')
    await page.click('#token-form button[type=submit]')
    await page.locator('#login-error:not(:empty)').waitFor()
    expect(await page.locator('#login-error').textContent()).toContain('token')

    await page.fill('#token-input', streetToken)
    await page.click('#token-form button[type=submit]')
    await page.locator('body[data-position]:not([data-position=""])').waitFor()
    // Opened on the last full month, February.
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String((await dashboard({ from: '2026-02-01T00:00:00+08:00', to: MARCH.from })).counts.complaint.total))
    expect((await page.locator('footer').textContent())?.trim()).toMatch(/^gridcase · OpenAPI · 日志位置 log position \d+$/)
    // The refused token was answered 401, which the browser logs; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([])
    await page.close()
  })

  it('chooses a period, drills down from the street to a community, and draws the trend the API gives', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
    const errors = watchErrors(page)
    await page.goto(`${url}/?token=${streetToken}&period=2026-03`)
    await page.locator('#ranking-of', { hasText: '2026-03' }).waitFor()
    // The period selector offers the server's months, quarters and years; the address chose March.
    expect(await page.locator('#period').inputValue()).toBe('2026-03')
    const offered = (await page.locator('#period option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))) as string[]
    expect(offered).toEqual(expect.arrayContaining(['2026-03', '2026-02', '2025-04', '2026-Q1', '2025-Q2', '2026', '2025']))

    // The ranking of the street's communities, as /api/v1/ranking has it: rank, name, score.
    const march = await api<RankingJson>('/api/v1/ranking?period=2026-03')
    expect(march.children.length).toBe(2)
    const expected = (r: RankingJson) => r.children.map((c) => [c.rank === null ? '—' : String(c.rank), c.name ?? '', score(c.score)])
    expect(await rankingRows(page)).toEqual(expected(march))
    // Another period: the table follows it (February has nothing to score).
    await page.selectOption('#period', '2026-02')
    await page.locator('#ranking-of', { hasText: '2026-02' }).waitFor()
    expect(await rankingRows(page)).toEqual(expected(await api<RankingJson>('/api/v1/ranking?period=2026-02')))
    await page.selectOption('#period', '2026-Q1')
    await page.locator('#ranking-of', { hasText: '2026-Q1' }).waitFor()
    expect(await rankingRows(page)).toEqual(expected(await api<RankingJson>('/api/v1/ranking?period=2026-Q1')))

    // Drill down: click 新华社区 → its grids, the page now scoped to the community (and the address says so).
    await page.click(`#ranking button[data-code="${COMMUNITY}"]`)
    await page.locator('#scope', { hasText: new RegExp(`^${COMMUNITY}$`) }).waitFor()
    await page.locator(`#ranking tbody tr[data-code="${GRID}"]`).waitFor()
    expect(await page.locator('#scope-name').textContent()).toBe('新华社区')
    const down = await api<RankingJson>(`/api/v1/ranking?period=2026-Q1&jurisdiction=${COMMUNITY}`)
    expect(await rankingRows(page)).toEqual(expected(down))
    expect(await page.locator('#crumbs').textContent()).toBe('乌兰察布东路街道›新华社区')
    expect(page.url()).toContain(`jurisdiction=${encodeURIComponent(COMMUNITY)}`)
    // The community's own figures, as the API gives them for that place.
    const community = await api<DashboardJson>(`/api/v1/dashboard?jurisdiction=${COMMUNITY}&from=${encodeURIComponent('2026-01-01T00:00:00+08:00')}&to=${encodeURIComponent(MARCH.to)}`)
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String(community.counts.complaint.total))
    // Back up through the crumbs.
    await page.click(`#crumbs button[data-code="${STREET}"]`)
    await page.locator('#scope', { hasText: new RegExp(`^${STREET}$`) }).waitFor()
    await page.locator(`#ranking tbody tr[data-code="${COMMUNITY_B}"]`).waitFor()

    // The monthly trend as drawn by uPlot: the same months and rates (in %) as /api/v1/trends.
    const trends = await api<TrendsJson>('/api/v1/trends?months=12&days=30')
    await page.locator('#chart-trend-rates .uplot canvas').first().waitFor()
    const plotted = (await page.evaluate('window.gridcaseCharts.map((u) => ({ labels: u.series.slice(1).map((s) => s.label), data: u.data.slice(1) }))')) as {
      labels: string[]
      data: (number | null)[][]
    }[]
    const asPct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10)
    expect(plotted[0]?.labels.slice(0, 3)).toEqual(['响应率 Response', '解决率 Resolution', '满意率 Satisfaction'])
    expect(plotted[0]?.data[0]).toEqual(trends.months.map((m) => asPct(m.responseRate)))
    expect(plotted[0]?.data[2]).toEqual(trends.months.map((m) => asPct(m.satisfactionRate)))
    expect(trends.months.at(-1)?.period).toBe('2026-03')
    expect(plotted[0]?.data[0]?.at(-1)).toBe(100)
    // The daily chart: intake and missed deadlines per day, as the API counts them.
    expect(plotted[1]?.data[0]).toEqual(trends.days.map((d) => d.intake))
    expect(plotted[1]?.data[1]).toEqual(trends.days.map((d) => d.overdue))
    expect(trends.days.reduce((n, d) => n + d.overdue, 0)).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it("says when a list is shorter than its count (a mediation centre officer's lists hold only the disputes)", async () => {
    const token = await signToken({ secret: SECRET }, actors.centre)
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
    const errors = watchErrors(page)
    await page.goto(`${url}/?token=${token}&period=2026-03`)
    await page.locator('#ranking-of', { hasText: '2026-03' }).waitFor()
    await page.locator('body[data-position]:not([data-position=""])').waitFor()
    const d = await api<DashboardJson>(`/api/v1/dashboard?from=${encodeURIComponent(MARCH.from)}&to=${encodeURIComponent(MARCH.to)}`, token)
    const sum = (byKind: Record<string, number>) => Object.values(byKind).reduce((n, x) => n + x, 0)
    const overdue = sum(d.overdue.byKind)
    // The street's figures, its overdue complaints not the officer's to open.
    expect(overdue).toBeGreaterThan(0)
    expect((d.overdue.items as { caseType?: string }[]).every((i) => i.caseType === 'dispute')).toBe(true)
    expect(d.overdue.items.length).toBeLessThan(overdue)
    expect(await kpi(page, 'kpi-overdue').textContent()).toBe(String(overdue))
    // A list shorter than its count is not all that is overdue: the page says how many it lists of how many.
    expect(await page.locator('#overdue-empty').isHidden()).toBe(true)
    expect(await page.locator('#overdue-partial').textContent()).toContain(`${d.overdue.items.length} / ${overdue}`)
    // Beside each total, the cases not yet concluded, as said: a complaint whose result was fed back (结果反馈) or rated
    // is not 办理中, an agreement reached not 调解中 — the figure is of every state but the final ones.
    const notIn = (byState: Record<string, number>, finals: string[]) => Object.entries(byState).reduce((n, [k, x]) => n + (finals.includes(k) ? 0 : x), 0)
    expect(Object.keys(d.counts.complaint.byState)).toEqual(expect.arrayContaining(['complainant-notified', 'evaluated']))
    expect(Object.keys(d.counts.dispute.byState)).toContain('agreement-reached')
    expect(await page.locator('#kpi-complaints .sub').textContent()).toBe(`未结案 not concluded ${notIn(d.counts.complaint.byState, ['rejected', 'closed', 'merged'])}`)
    expect(await page.locator('#kpi-disputes .sub').textContent()).toBe(`未结案 not concluded ${notIn(d.counts.dispute.byState, ['declined', 'closed'])}`)
    expect(errors).toEqual([])
    await page.close()
  })

  it('counts 临期 as the API does, and writes it without a stray separator when nothing is overdue', async () => {
    // The street's dashboard as the API answers it, with nothing overdue and three deadlines due soon of which the
    // reader may open one (a list can be shorter than its count, docs/HTTP.md): the figure's line is
    // "临期 due soon 3" — the count of dueSoon.byKind, not the list's length, and not " · 临期 …".
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
    const errors = watchErrors(page)
    await page.route('**/api/v1/dashboard?*', async (route) => {
      const answer = (await (await route.fetch()).json()) as DashboardJson & { overdue: { acknowledge?: number; result?: number; mediation?: number } }
      const none = Object.fromEntries(Object.keys(answer.overdue.byKind).map((k) => [k, 0]))
      const soon = { ...none, result: 3 }
      const item = { caseType: 'complaint', caseId: '00000000-0000-4000-8000-000000000001', jurisdiction: GRID, category: 'heating', deadlineKind: 'result', deadline: '2026-03-05T15:59:59.000Z', hoursOverdue: -20, unitId: units.grid.id }
      const overdue = { ...answer.overdue, acknowledge: 0, result: 0, mediation: 0, byKind: none, items: [], dueSoon: { ...answer.overdue.dueSoon, byKind: soon, items: [item] } }
      await route.fulfill({ json: { ...answer, overdue } })
    })
    await page.goto(`${url}/?token=${streetToken}&period=2026-03`)
    await page.locator('#ranking-of', { hasText: '2026-03' }).waitFor()
    await page.locator('#due-soon tbody tr').first().waitFor()
    expect(await kpi(page, 'kpi-overdue').textContent()).toBe('0')
    expect(await page.locator('#kpi-overdue .sub').textContent()).toBe('临期 due soon 3')
    expect(await page.locator('#due-soon tbody tr').count()).toBe(1)
    expect(await page.locator('#due-soon-partial').textContent()).toContain('1 / 3')
    expect(errors).toEqual([])
    await page.close()
  })

  it.each([
    ['a resident', { id: 'resident-1', role: 'resident', jurisdiction: GRID } satisfies Actor, 'residents may not read'],
    // It reads the names of places, then is refused the street's figures (its evaluation alone is its: docs/HTTP.md).
    ['a department officer', actors.department, 'a department officer reads the evaluation of its own department'],
  ] as const)("shows a role the API refuses (%s) its reason, not an empty board with an export that fails again", async (_who, actor, reason) => {
    const token = await signToken({ secret: SECRET }, actor)
    const res = await fetch(`${url}/api/v1/dashboard`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { detail: string }).detail).toContain(reason)
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
    await page.goto(`${url}/?token=${token}`)
    await page.locator('#board-error:not([hidden])').waitFor()
    // The API's reason, as the first of the page's reads (the place names, then the figures) was answered.
    expect(await page.locator('#board-error').textContent()).toContain(reason)
    // Nothing of the board but the reason: no dashes for figures, no empty tables, no export or print to press.
    for (const part of ['.kpis', '.controls', '.ranking-card', '#overdue'])
      expect(await page.locator(part).first().isHidden(), part).toBe(true)
    expect(await page.locator('#change-token').isVisible()).toBe(true)
    await page.close()
  })

  it('fits a 390 px screen (no sideways scrolling) and prints an A4 report', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    const errors = watchErrors(page)
    await page.goto(`${url}/?token=${streetToken}&period=2026-03`)
    await page.locator('#ranking-of', { hasText: '2026-03' }).waitFor()
    await page.locator('#chart-trend-daily .uplot canvas').first().waitFor()
    await page.locator('#overdue tbody tr').first().waitFor()
    expect(await page.evaluate(FITS)).toBe(true)
    expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390)
    // The tables scroll sideways in their cards rather than squeeze a place's name into a column one character wide
    // (乌/兰/察/布… one per line at 390 px): every name in the ranking and the lists is on one line.
    const lines = (await page.evaluate(`[...document.querySelectorAll('#ranking td.place > *, #overdue tbody td, #due-soon tbody td')].map((e) => {
      const range = document.createRange(); range.selectNodeContents(e);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return [e.textContent, tops.size];
    })`)) as [string, number][]
    expect(lines.length).toBeGreaterThan(4)
    expect(lines.filter(([, n]) => n > 1)).toEqual([])
    if (process.env['GRIDCASE_SCREENSHOT'] !== undefined) await page.screenshot({ path: process.env['GRIDCASE_SCREENSHOT'].replace(/\.png$/, '-390.png'), fullPage: true })

    // Print: the controls give way to the report's title; the PDF is A4 (595 × 842 pt).
    await page.setViewportSize({ width: 794, height: 1123 })
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.controls').isHidden()).toBe(true)
    expect(await page.locator('#print-title').isVisible()).toBe(true)
    expect(await page.locator('#ranking tbody tr').count()).toBe(2)
    const pdf = await page.pdf({ format: 'A4' })
    const text = pdf.toString('latin1')
    expect(text.startsWith('%PDF-')).toBe(true)
    // A4 is 210 × 297 mm = 595.3 × 841.9 pt; chromium rounds its page box to whole pixels (596 × 843).
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
    expect(boxes.length).toBeGreaterThan(0)
    for (const [w, h] of boxes) {
      expect(Math.abs((w ?? 0) - 595.3)).toBeLessThan(2)
      expect(Math.abs((h ?? 0) - 841.9)).toBeLessThan(2)
    }
    if (process.env['GRIDCASE_SCREENSHOT'] !== undefined) writeFileSync(process.env['GRIDCASE_SCREENSHOT'].replace(/\.png$/, '.pdf'), pdf)
    expect(errors).toEqual([])
    await page.close()
  })
})
