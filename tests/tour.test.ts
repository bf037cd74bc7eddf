// examples/tour.sh — the README's tour as a script — run against the real server, so neither can drift.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root, spawnServer, type ServerProcess } from './helpers/serverProcess.js'

const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-tour-'))
let server: ServerProcess
let url = ''

beforeAll(async () => {
  // As the README starts it: the demo tokens (and their file) are written only with --demo.
  server = spawnServer(['--demo', '--seed'], { DATA_DIR: dataDir })
  url = await server.listening
}, 60_000)
afterAll(async () => {
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const runTour = (env: Record<string, string>, cwd = root) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('bash', [join(root, 'examples/tour.sh')], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })

/** The status each step printed ("201  W/"0"  POST …"), in order. */
const statusesOf = (stdout: string): number[] => [...stdout.matchAll(/^(\d{3}) {2}/gm)].map((m) => Number(m[1]))

/** The README's tour section: from its heading to the next level-2 heading. */
const readmeTour = (): string => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const start = readme.indexOf('## A five-minute tour with curl')
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

describe('examples/tour.sh against the real server (npm start -- --demo --seed)', () => {
  let tour: { code: number; stdout: string; stderr: string }
  beforeAll(async () => {
    tour = await runTour({ GRIDCASE_URL: url, DATA_DIR: dataDir })
  }, 60_000)

  it('runs to the end and prints each step’s status and ETag', () => {
    expect(tour.stderr).toBe('')
    expect(tour.code).toBe(0)
    expect(statusesOf(tour.stdout)).toEqual([201, 201, 200, 412, 200, 400, 200, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200])
    expect(tour.stdout).toMatch(/^201 {2}W\/"0" +POST \/api\/v1\/complaints$/m)
    expect(tour.stdout).toMatch(/^200 {2}W\/"1" +accept/m)
    expect(tour.stdout).toMatch(/^200 {2}W\/"3" +acknowledge/m)
    expect(tour.stdout).toMatch(/Idempotent-Replayed: true/)
    expect(tour.stdout).toMatch(/"exists":false/)
    expect(tour.stdout).toMatch(/"ok":true/)
    expect(tour.stdout).toMatch(/every step answered as the README says/)
  })

  it('the README’s tour points to the script and promises the same statuses in the same order', () => {
    const section = readmeTour()
    expect(section).toContain('examples/tour.sh')
    // The server is started the way this test starts it.
    expect(section).toContain('npm start -- --demo --seed')
    // Each request line of the tour ends with a comment starting with the status it answers.
    const promised = [...section.matchAll(/^[^\n]*curl [^\n]*# (\d{3})\b/gm)].map((m) => Number(m[1]))
    expect(promised).toEqual(statusesOf(tour.stdout))
  })

  it('every ETag the README’s tour promises is the one that step answers', () => {
    // The comment's status and, when it names one, its ETag (`# 200, W/"2": …`), step by step as the script prints them
    // (found by a newcomer: the auditor's `?version=0` was promised `W/"0"` and answers `W/"0-m"`, its masked view).
    const promised = [...readmeTour().matchAll(/^[^\n]*curl [^\n]*# (\d{3})\b([^\n]*)$/gm)].map((m) => /W\/"[^"]*"/.exec(m[2] ?? '')?.[0])
    const printed = [...tour.stdout.matchAll(/^\d{3} {2}(\S+)/gm)].map((m) => m[1])
    expect(promised).toHaveLength(printed.length)
    const named = promised.flatMap((etag, i) => (etag === undefined ? [] : [[i, etag]]))
    expect(named.length).toBeGreaterThanOrEqual(5)
    expect(named).toEqual(named.map(([i]) => [i, printed[i as number]]))
  })

  it('fails, naming the step, when a status is not the promised one', async () => {
    // A token the server does not accept: the first step answers 401, not 201.
    const badTokens = join(dataDir, 'bad-tokens.env')
    const tokens = readFileSync(join(dataDir, 'demo-tokens.env'), 'utf8').replace(/TOKEN_HOTLINE_OPERATOR='[^']*'/, "TOKEN_HOTLINE_OPERATOR='nope'")
    writeFileSync(badTokens, tokens)
    const bad = await runTour({ GRIDCASE_URL: url, GRIDCASE_TOKENS: badTokens })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^401 .*POST \/api\/v1\/complaints {3}<-- expected 201$/m)
  })

  it('leaves nothing behind: not in the directory it runs in, not in its temp directory', async () => {
    const cwd = join(dataDir, 'cwd')
    const tmp = join(dataDir, 'tmp')
    mkdirSync(cwd)
    mkdirSync(tmp)
    const run = await runTour({ GRIDCASE_URL: url, GRIDCASE_TOKENS: join(dataDir, 'demo-tokens.env'), TMPDIR: tmp }, cwd)
    expect(run.code).toBe(0)
    expect(readdirSync(cwd)).toEqual([])
    expect(readdirSync(tmp)).toEqual([])
  })
})
