// The dashboard page in a real browser: Debian's chromium driven by playwright-core against the
// real app on a real port with a SQLite store. Load with a token, see the API's figures, register
// a complaint over the API, see the page change without a reload.
import { manualClock, sqliteEventStore } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { complaints, createApp, disputes, jwtAuth, listen, pageRouter, signToken, type GridcaseApp } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
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

const actors = {
  operator: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  gridWorker: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  communityWorker: { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  mediator: { id: 'pm-1', role: 'mediator', jurisdiction: STREET, track: 'people' },
} satisfies Record<string, Actor>

const units = {
  grid: { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID },
  community: { id: 'xinhua-community', name: '新华社区', level: 'community', jurisdiction: COMMUNITY },
}

const complaint = (title: string, category: string) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category,
  title,
  description: `${title}，请尽快处理。`,
  jurisdiction: GRID,
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
  counts: { complaint: { total: number }; dispute: { total: number } }
  overdue: { items: unknown[] }
  rates: { responseRate: number | null }
}
const dashboard = async (): Promise<DashboardJson> => {
  const res = await fetch(`${url}/api/v1/dashboard`, { headers: { authorization: `Bearer ${streetToken}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as DashboardJson
}

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

describe.skipIf(unavailable !== undefined)('dashboard page in chromium', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridcase-browser-'))
    store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), clock })
    // The app's default dashboards: core's dashboardProjection, run live in memory.
    app = createApp({ store, caseTypes: [complaints(), disputes()], auth: jwtAuth({ secret: SECRET }), clock, page: pageRouter() })
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
    const before = await dashboard()
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String(before.counts.complaint.total))
    expect(await kpi(page, 'kpi-disputes').textContent()).toBe(String(before.counts.dispute.total))
    expect(await page.locator('#overdue tbody tr').count()).toBe(before.overdue.items.length)
    expect(before.overdue.items.length).toBeGreaterThan(0)
    expect(await page.locator('#chart-rates svg rect.bar').count()).toBeGreaterThan(0)
    expect(await page.locator('#scope').textContent()).toBe(STREET)
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
    const fits = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(document.documentElement.scrollWidth <= window.innerWidth))))'
    expect(await page.evaluate(fits)).toBe(true)
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
    expect(await kpi(page, 'kpi-complaints').textContent()).toBe(String((await dashboard()).counts.complaint.total))
    expect((await page.locator('footer').textContent())?.trim()).toMatch(/^gridcase · OpenAPI · 日志位置 log position \d+$/)
    // The refused token was answered 401, which the browser logs; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([])
    await page.close()
  })
})
