// examples/grid-worker-day.sh — a grid worker's day — run against the real server (npm start -- --demo), so the
// example cannot drift from what the server does.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root, spawnServer, type ServerProcess } from './helpers/serverProcess.js'

const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-grid-day-'))
let server: ServerProcess
let url = ''

beforeAll(async () => {
  server = spawnServer(['--demo'], { DATA_DIR: dataDir })
  url = await server.listening
}, 60_000)
afterAll(async () => {
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const runDay = (env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('bash', [join(root, 'examples/grid-worker-day.sh')], { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })

/** The status each step printed ("201  POST …"), in order. */
const statusesOf = (stdout: string): number[] => [...stdout.matchAll(/^(\d{3}) {2}/gm)].map((m) => Number(m[1]))

describe('examples/grid-worker-day.sh against the real server', () => {
  it('runs the day to the end: on the spot, refused on the spot, sent up, whistled, rated, verified; the figures show it', async () => {
    const day = await runDay({ GRIDCASE_URL: url, DATA_DIR: dataDir })
    expect(day.stderr).toBe('')
    expect(day.code, day.stdout).toBe(0)
    // Three photos uploaded first (POST /api/v1/attachments), then the day; the housing bureau uploads its own photo
    // before it reports its part (a command names only a file its actor uploaded or may already fetch).
    expect(statusesOf(day.stdout)).toEqual([
      ...[201, 201, 201, 201, 400, 201, 200, 200, 200, 403, 200, 200, 404, 200, 200, 201, 200, 200, 200, 409, 200, 200, 200],
      // 4. the contact card: registered, accepted, dispatched to the grid, signed for, result, fed back; a note refused
      ...[201, 200, 200, 200, 200, 200, 403],
      // 5. disputes screened: two reported, one regraded high, the same grade again refused, the risk list, a referral
      ...[201, 201, 200, 400, 200, 201, 200],
      // 6. the evaluation; 7. the community's list, then the next grid's worker: a missing case, the hidden case, its
      // history, a command, the dispute, the photo (404 each), an empty list, and the dashboard of grid-017 (403)
      ...[200, 200, 404, 404, 404, 404, 404, 404, 200, 403],
    ])
    expect(day.stdout).toMatch(/"status":"closed" "closedAs":"resolved-on-the-spot"/)
    expect(day.stdout).toMatch(/"path":"category"/)
    expect(day.stdout).toMatch(/"closedAs":"verified"/)
    expect(day.stdout).toMatch(/"helpRatings":\{"rated":1,"satisfied":1,/)
    expect(day.stdout).toMatch(/"resolvedOnTheSpot":1/)
    expect(day.stdout).toMatch(/"onTheSpot":\{"count":1,/)
    // 4. a day deadline: dispatched on a Monday, 15 working days (DOMAIN.md) end on the third Monday after, 24:00
    expect(day.stdout).toMatch(/"resultBy":"\d{4}-\d{2}-\d{2}T23:59:59\+08:00"/)
    // 5. high risk is escalated to the street at once and listed on the grid's dashboard
    expect(day.stdout).toMatch(/"escalatedTo":"hohhot\/saihan\/wulanchabu-east-road"/)
    expect(day.stdout).toMatch(/"highOpen":1/)
    expect(day.stdout).toMatch(/"status":"referred-to-mediation" "disputeId":"[0-9a-f-]{36}"/)
    // 6. the grid is one unit in its evaluation: what it resolved on the spot and what it was dispatched in one row
    // (a unit named by a short id beside the on-the-spot unit, named by its path, made two rows of one grid)
    expect(day.stdout).toMatch(/rows for the grid: 1$/m)
    // 7. lists mask the complainant for the community; the next grid's worker gets a missing case's body
    expect(day.stdout).toMatch(/"complainant":\{"name":"孙\*","phone":"137\*\*\*\*1234"\}/)
    expect(day.stdout).toMatch(/the same body as a missing case/)
    expect(day.stdout).toMatch(/no items/)
    expect(day.stdout).toMatch(/the grid worker's day went as expected/)
  }, 120_000)
})
