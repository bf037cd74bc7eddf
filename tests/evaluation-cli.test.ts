// `gridcase evaluation`: a period's unit evaluation from the event log, as CSV (UTF-8 with BOM) or JSON — the same
// table the server's GET /api/v1/evaluation gives (computed there from its read model, here by replaying the log).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_JURISDICTIONS_FILE, manualClock, newId, readJurisdictionRegistry, runEvaluationCli, sqliteEventStore, stableId } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { disputeUnitsDrafts } from '../packages/core/src/projections/fixtures.js'
import { complaints, createApp, disputes, jwtAuth, listen, seedDemo, signToken } from '@gridcase/http'
import type { AddressInfo } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gridcaseBin } from './helpers/gridcaseBin.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gridcase-evaluation-'))
const db = join(dir, 'gridcase.sqlite')
const NOW = '2026-12-01T02:00:00.000Z'
const SECRET = 'evaluation-cli-secret-evaluation-cli-secret'
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Spawns the real CLI (built, or from source through tsx: tests/helpers/gridcaseBin.ts) and collects its exit code and output (bytes: the BOM matters). */
const gridcase = (...args: string[]) => gridcaseWith({}, ...args)
const gridcaseWith = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ code: number; stdout: Buffer; stderr: string }>((resolve) => {
    execFile(
      gridcaseBin()[0],
      [...gridcaseBin()[1], ...args],
      { cwd: root, encoding: 'buffer', env: { ...process.env, GRIDCASE_JURISDICTIONS: '', GRIDCASE_RANKING_WEIGHTS: '', GRIDCASE_RATE_WEIGHTS: '', ...env } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr: stderr.toString('utf8') }),
    )
  })

let apiCsv: Buffer
beforeAll(async () => {
  // Forty days of the demo district in a SQLite file, and the server's CSV of November over the same file.
  const clock = manualClock(NOW)
  const collections = [complaints(), disputes()]
  const store = sqliteEventStore({ path: db, clock })
  await seedDemo({ store, collections, clock, ids: { newId, stableId }, logger: pino({ level: 'silent' }), days: 40 })
  const registry = readJurisdictionRegistry(DEMO_JURISDICTIONS_FILE)
  if (registry._tag === 'Left') throw new Error(registry.left.message)
  const app = createApp({ store, caseTypes: collections, auth: jwtAuth({ secret: SECRET }), clock, jurisdictions: registry.right })
  const server = await listen(app, 0, '127.0.0.1')
  try {
    const token = await signToken({ secret: SECRET }, { id: 'sup', role: 'supervisor', jurisdiction: 'hohhot/saihan' })
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/evaluation?period=2026-11`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } })
    expect(res.status).toBe(200)
    apiCsv = Buffer.from(await res.arrayBuffer())
  } finally {
    await app.gridcase.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await store.close()
  }
}, 120_000)

describe('gridcase evaluation', () => {
  it('writes the period’s unit evaluation as CSV with a BOM, the same table the API gives, names and scores included', async () => {
    const out = await gridcase('evaluation', '--db', db, '--period', '2026-11', '--jurisdiction', 'hohhot/saihan', '--as-of', NOW)
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    expect([...out.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = out.stdout.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toContain('辖区名称 jurisdiction name')
    expect(lines[0]).toContain('综合得分 composite score')
    expect(lines.length).toBeGreaterThan(5)
    // Names from the shipped registry beside the codes, e.g. a community's unit.
    expect(lines.some((l) => l.includes('社区'))).toBe(true)
    expect(out.stdout.equals(apiCsv)).toBe(true)
  }, 60_000)

  it('gives JSON with --format json, units in rank order', async () => {
    const out = await gridcase('evaluation', '--db', db, '--period', '2026-11', '--format', 'json', '--as-of', NOW)
    expect(out.code).toBe(0)
    const body = JSON.parse(out.stdout.toString('utf8')) as { period: string; units: { rank: number | null; score: number | null }[] }
    expect(body.period).toBe('2026-11')
    const ranks = body.units.map((u) => u.rank).filter((r): r is number => r !== null)
    expect(ranks.length).toBeGreaterThan(3)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  }, 60_000)

  it('refuses a period that is none, a missing log and a bad weight, naming each (exit 2)', async () => {
    const bad = await gridcase('evaluation', '--db', db, '--period', '2026-13')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--period: "2026-13"')
    const missing = await gridcase('evaluation', '--db', join(dir, 'none.sqlite'), '--period', '2026-11')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no event store at')
    const none = await gridcase('evaluation', '--db', db)
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--period is required')
    const weights = await gridcaseWith({ GRIDCASE_RANKING_WEIGHTS: 'speed=3' }, 'evaluation', '--db', db, '--period', '2026-11')
    expect(weights.code).toBe(2)
    expect(weights.stderr).toContain('GRIDCASE_RANKING_WEIGHTS: "speed=3"')
  }, 60_000)

  it('refuses a --jurisdiction that is no place: not in the registry and no case under it (found in review: exit 0 and an empty table, as if the place had done nothing)', async () => {
    for (const place of ['nowhere', 'hohhot/nowhere']) {
      const run = await gridcase('evaluation', '--db', db, '--period', '2026-11', '--jurisdiction', place)
      expect([run.code, run.stdout.length], place).toEqual([2, 0])
      expect(run.stderr, place).toContain(`--jurisdiction: no place "${place}"`)
    }
    // A place the registry names is evaluated, whether or not it had cases in the period.
    const named = await gridcase('evaluation', '--db', db, '--period', '2026-11', '--jurisdiction', 'hohhot/saihan', '--format', 'json')
    expect(named.code).toBe(0)
  }, 60_000)
})

describe('gridcase evaluation: committees and centres', () => {
  it('names and places them as GRIDCASE_COMMITTEES configures them, as the server does', async () => {
    // The log of packages/core/src/projections/fixtures.ts (disputeUnitsDrafts): d3's second period (due 06-09) is
    // the administrative committee's it was routed to; the events would place that committee in the dispute's
    // community, the file in street wulan.
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-committees-'))
    try {
      const file = join(dir, 'committees.json')
      writeFileSync(file, JSON.stringify({
        format: 'gridcase-committees/1',
        centres: [{ id: 'saihan-centre', name: '赛罕区社会矛盾纠纷调处化解中心', jurisdiction: 'hohhot/saihan' }],
        committees: [{ id: 'wulan-admin', name: '乌兰街道行政调解委员会', kind: 'people', track: 'administrative', jurisdiction: 'hohhot/saihan/wulan', mediators: [{ id: 'st-1', name: '苏和' }] }],
      }))
      const log = sealLog(disputeUnitsDrafts())
      const store = { readAll: async ({ fromPosition = 0, limit = 1000 }: { fromPosition?: number; limit?: number }) => log.slice(fromPosition, fromPosition + limit), close: async () => undefined } as unknown as EventStore
      let out = ''
      const code = await runEvaluationCli(['--period', '2026-06', '--format', 'json', '--as-of', '2026-06-12T12:00:00+08:00'], { GRIDCASE_COMMITTEES: file }, {
        stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
        stderr: { write: () => undefined },
        openStore: () => store,
      })
      expect(code).toBe(0)
      const units = (JSON.parse(out) as { units: { unit: { id: string; name?: string; level: string; jurisdiction: string }; overdue: Record<string, number> }[] }).units
      const byId = new Map(units.map((u) => [u.unit.id, u]))
      expect(byId.get('committee:wulan-admin')?.unit).toMatchObject({ name: '乌兰街道行政调解委员会', level: 'street', jurisdiction: 'hohhot/saihan/wulan' })
      expect(byId.get('committee:wulan-admin')?.overdue.mediation).toBe(1)
      expect(byId.get('centre:saihan-centre')?.unit).toMatchObject({ name: '赛罕区社会矛盾纠纷调处化解中心', level: 'district', jurisdiction: 'hohhot/saihan' })
      expect(byId.get('centre:saihan-centre')?.overdue.receipt).toBe(1)
      // Not in the file: as the events tell (the dispute's community).
      expect(byId.get('committee:c1-people')?.unit).toMatchObject({ level: 'community', jurisdiction: 'hohhot/saihan/wulan/c1' })
      // No unit's, as the server's answer has it: d4's 司法确认 window (due 05-11), the parties'.
      expect((JSON.parse(out) as { unassigned: { overdue: Record<string, number> } }).unassigned.overdue).toMatchObject({ confirmation: 1, mediation: 0, receipt: 0 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
