// Loading a holiday schedule re-bases every open case, even when the server is killed (SIGKILL) half-way through the
// re-base, and when the schedule was loaded with `gridcase calendar load` while the server was down: the restarted
// server finishes it. Real servers (the bin, from source) over SQLite, real time: the cases are dispatched now.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Actor } from '@gridcase/core/access'
import { addLocalDays, festivalDays, weekdayOf } from '@gridcase/core/calendar'
import { signToken } from '@gridcase/http'
import { afterEach, describe, expect, it } from 'vitest'
import { gridcaseBin } from '../helpers/gridcaseBin.js'
import { root, spawnServer, type ServerProcess } from '../helpers/serverProcess.js'
import { until } from '../helpers/until.js'

const SECRET = 'calendar-rebase-crash-secret-calendar-rebase'
const admin: Actor = { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' }
const hotline: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMMUNITY = 'hohhot/saihan/wulanchabu-east-road/community-a'
const GRID = `${COMMUNITY}/grid-001`
const CASES = 50
const env = (dataDir: string) => ({ DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', GRIDCASE_PROCESS_LEASE_MS: '2000' })

/**
 * A schedule that moves the deadline of a complaint dispatched today (15 working days): the statutory festival days,
 * and every other weekday from 40 days before today to 40 days after off as well, within the year of ten days from
 * now (in the last days of a year, the next one's January).
 */
const movingSchedule = () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const year = Number(addLocalDays(today, 10).slice(0, 4))
  const festivals = festivalDays(year)
  const festival = new Set(festivals.map((f) => f.date))
  const holidays: { name: string; from: string; to: string }[] = festivals.map((f) => ({ name: f.name, from: f.date, to: f.date }))
  let run: { from: string; to: string } | undefined
  const end = addLocalDays(today, 40)
  for (let d = addLocalDays(today, -40); d <= end; d = addLocalDays(d, 1)) {
    const weekday = weekdayOf(d)
    const extra = d.startsWith(`${year}-`) && !festival.has(d) && weekday !== 0 && weekday !== 6
    if (extra && run !== undefined && addLocalDays(run.to, 1) === d) run.to = d
    else if (extra) {
      if (run !== undefined) holidays.push({ name: '测试停工', ...run })
      run = { from: d, to: d }
    }
  }
  if (run !== undefined) holidays.push({ name: '测试停工', ...run })
  return { year, source: '测试通知（移动期限）', holidays, workdays: [] as { name: string; date: string }[] }
}

const post = async (url: string, actor: Actor, path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, actor)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
  return (await res.json()) as Record<string, unknown>
}

/** `cases` complaints registered, accepted and dispatched now (8 at a time); their stream ids. */
const openCases = async (url: string, cases = CASES): Promise<string[]> => {
  const streams: string[] = []
  for (let batch = 0; batch < cases; batch += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, cases - batch) }, async () => {
        const id = (await post(url, hotline, '/api/v1/complaints', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '暖气一周不热', jurisdiction: GRID })).id as string
        await post(url, hotline, `/api/v1/complaints/${id}/accept`)
        await post(url, hotline, `/api/v1/complaints/${id}/dispatch`, { unit: { id: 'community-a', level: 'community', jurisdiction: COMMUNITY } })
        streams.push(`complaint-${id}`)
      }),
    )
  }
  return streams.sort()
}

const loadSchedule = async (url: string, schedule: unknown): Promise<{ status: number; body: { rebase?: { cases: number; rebased: number; failed: number } } }> => {
  const res = await fetch(`${url}/api/v1/calendar`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, admin)}`, 'content-type': 'application/json' },
    body: JSON.stringify(schedule),
  })
  return { status: res.status, body: (await res.json()) as { rebase?: { cases: number; rebased: number; failed: number } } }
}

/** Reads a server's SQLite file beside it, read-only (WAL readers do not block the server). */
const reading = <T>(file: string, read: (db: Database.Database) => T): T => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/** The `…DeadlinesRebased` events in the log, per case. */
const rebasedPerCase = (dataDir: string): Map<string, number> =>
  reading(join(dataDir, 'gridcase.sqlite'), (db) => {
    const rows = db.prepare<[], { stream_id: string; n: number }>("SELECT stream_id, count(*) AS n FROM events WHERE type LIKE '%DeadlinesRebased' GROUP BY stream_id").all()
    return new Map(rows.map((r) => [r.stream_id, r.n]))
  })
const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0)

describe('re-basing open cases after a holiday schedule is loaded, across a crash', () => {
  const servers: ServerProcess[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const s of servers.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-rebase-'))
    dirs.push(dir)
    return dir
  }
  const start = async (dir: string, more: Record<string, string> = {}): Promise<{ server: ServerProcess; url: string }> => {
    const server = spawnServer([], { ...env(dir), ...more })
    servers.push(server)
    return { server, url: await server.listening }
  }

  it('a server killed half-way through the re-base finishes it after the restart: every open case once', async () => {
    const dir = dataDir()
    const schedule = movingSchedule()
    const first = await start(dir)
    const streams = await openCases(first.url)
    let answered = false
    const loading = loadSchedule(first.url, schedule).then(
      () => (answered = true),
      () => undefined,
    )
    // Killed once the re-base has written its first case, before it answers.
    await until(() => total(rebasedPerCase(dir)) > 0, { everyMs: 2, state: () => `answered: ${answered}` })
    first.server.child.kill('SIGKILL')
    await first.server.exited
    await loading
    expect(answered, 'the re-base ended before the kill: the test did not kill it half-way').toBe(false)
    const atKill = total(rebasedPerCase(dir))
    expect(atKill).toBeLessThan(CASES)

    const second = await start(dir)
    // Loading the same schedule again moves nothing new: the restarted server re-based every open case (a load answers
    // once the re-base it resumed is done). Arriving while that resumed re-base runs, it answers with its completion,
    // which counts every case the first load moved (6c43cff), the killed pass's too; arriving after, with 0.
    const again = await loadSchedule(second.url, schedule)
    expect(again.status).toBe(201)
    const rebase = again.body.rebase
    expect(rebase).toMatchObject({ cases: CASES, failed: 0 })
    expect(rebase?.rebased === 0 || ((rebase?.rebased ?? -1) >= CASES - atKill && (rebase?.rebased ?? CASES + 1) <= CASES), `rebased ${rebase?.rebased}`).toBe(true)
    // Every case exactly once.
    const after = rebasedPerCase(dir)
    expect([...after.keys()].sort()).toEqual(streams)
    expect([...after.values()].filter((n) => n !== 1)).toEqual([])
  }, 600_000)

  it('`gridcase calendar load` while the server is down: the next start re-bases every open case', async () => {
    const dir = dataDir()
    const first = await start(dir)
    const streams = await openCases(first.url)
    expect(await first.server.stop()).toBe(0)
    const schedule = movingSchedule()
    const file = join(dir, 'schedule.json')
    writeFileSync(file, JSON.stringify(schedule))
    const [command, args] = gridcaseBin()
    const cli = spawnSync(command, [...args, 'calendar', 'load', file, '--data', dir], { cwd: root, encoding: 'utf8' })
    expect(cli.status, cli.stderr).toBe(0)
    expect(total(rebasedPerCase(dir))).toBe(0)
    const { url } = await start(dir)
    const again = await loadSchedule(url, schedule)
    expect(again.status).toBe(201)
    expect(again.body.rebase).toEqual({ cases: CASES, rebased: 0, failed: 0 })
    const after = rebasedPerCase(dir)
    expect([...after.keys()].sort()).toEqual(streams)
    expect([...after.values()].filter((n) => n !== 1)).toEqual([])
  }, 600_000)

  const loadWithCli = (dir: string, schedule: unknown): void => {
    const file = join(dir, 'schedule.json')
    writeFileSync(file, JSON.stringify(schedule))
    const [command, args] = gridcaseBin()
    const cli = spawnSync(command, [...args, 'calendar', 'load', file, '--data', dir], { cwd: root, encoding: 'utf8' })
    expect(cli.status, cli.stderr).toBe(0)
  }

  it('`gridcase calendar load` while the server runs: it counts with the schedule within its refresh and re-bases every open case once', async () => {
    const dir = dataDir()
    const { url } = await start(dir)
    const streams = await openCases(url, 20)
    const schedule = movingSchedule()
    loadWithCli(dir, schedule)
    // The server reads the log's calendar stream every second: its year view, then the re-base of every open case.
    await until(async () => {
      const res = await fetch(`${url}/api/v1/calendar/${schedule.year}`, { headers: { authorization: `Bearer ${await signToken({ secret: SECRET }, hotline)}` } })
      return ((await res.json()) as { source: string }).source === 'loaded'
    })
    await until(() => rebasedPerCase(dir).size === streams.length)
    const after = rebasedPerCase(dir)
    expect([...after.keys()].sort()).toEqual(streams)
    expect([...after.values()].filter((n) => n !== 1)).toEqual([])
    // Nothing left to move: the same schedule over HTTP re-bases no case again.
    const again = await loadSchedule(url, schedule)
    expect(again.body.rebase).toEqual({ cases: 20, rebased: 0, failed: 0 })
  }, 600_000)

  it('a deadline counted by a server that had not read the load yet is re-based by the calendar-stale process', async () => {
    const dir = dataDir()
    // A server that does not look at the calendar stream by itself for ten minutes: it decides with what it read at start.
    // Its processes run beside it (`gridcase processes`): processes running in the server read the stream for it (the
    // calendar-rebase process reads it as soon as a load is recorded), so it would not stay stale.
    const { url } = await start(dir, { GRIDCASE_CALENDAR_REFRESH_MS: '600000', GRIDCASE_PROCESSES: 'off' })
    const processes = spawnServer(['processes', '--db', join(dir, 'gridcase.sqlite')], { ...env(dir) }, 'packages/adapters/src/cli/main.ts')
    servers.push(processes)
    // It listens on nothing: no "listening" line will come.
    processes.listening.catch(() => undefined)
    await until(() => processes.output().stdout.includes('active calendar-rebase'), { state: () => JSON.stringify(processes.output()) })
    const schedule = movingSchedule()
    loadWithCli(dir, schedule)
    const streams = await openCases(url, 6)
    // Every deadline the stale calendar counted is counted again by the process (an admin of each case's jurisdiction).
    const byProcess = (): Set<string> =>
      reading(join(dir, 'gridcase.sqlite'), (db) => {
        const rows = db.prepare<[], { stream_id: string }>("SELECT DISTINCT stream_id FROM events WHERE type = 'ComplaintDeadlinesRebased' AND json_extract(metadata, '$.actor.id') = 'process:calendar-stale'").all()
        return new Set(rows.map((r) => r.stream_id))
      })
    // The first case at least was counted with the old calendar (the process reads the stream on its first stamped
    // event, and this server counts with the load from then on); the process then goes over every later event.
    await until(() => byProcess().size >= 1)
    const logEnd = (): number => reading(join(dir, 'gridcase.sqlite'), (db) => db.prepare<[], { p: number }>('SELECT max(position) AS p FROM events').get()?.p ?? -1)
    const checkpoint = (): number =>
      reading(join(dir, 'read-models.sqlite'), (db) => db.prepare<[], { position: number }>("SELECT position FROM checkpoints WHERE name = 'process:calendar-stale'").get()?.position ?? -1)
    await until(() => checkpoint() >= logEnd())
    // Then nothing is left counted with the old calendar: the same schedule over HTTP moves no deadline of these cases.
    const again = await loadSchedule(url, schedule)
    expect(again.status).toBe(201)
    expect(again.body.rebase).toEqual({ cases: streams.length, rebased: 0, failed: 0 })
  }, 600_000)
})
