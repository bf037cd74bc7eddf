// A schedule loaded with `gridcase calendar load` beside several running servers over one log: the re-base of every open
// case it calls for runs once across them (the calendar-rebase process, on the process runner's lease), not once per
// server. Real servers (startGridcaseServer) over one SQLite data directory, in this process.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { CALENDAR_STREAM } from '@gridcase/core/calendar'
import { readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { runCalendarCli } from '../../packages/adapters/src/cli/calendar.js'
import { schedule2027 } from '../../packages/core/src/calendar/fixtures.js'
import { until } from '../helpers/until.js'

const SECRET = 'calendar-rebase-once-secret-calendar-rebase-once'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMMUNITY = 'hohhot/saihan/wulanchabu-east-road/xinhua-community'
const SERVERS = 3
const CASES = 40

describe('a schedule loaded with the CLI beside several servers', () => {
  const running: RunningServer[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const s of running.splice(0)) await s.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('is re-based once across the servers, each open case once, the completion once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-rebase-once-'))
    dirs.push(dir)
    // Every server decides on Sunday 2026-12-20 (no 2027 notice yet: result due on the provisional Mon 2027-01-11).
    const clock = manualClock('2026-12-20T02:00:00.000Z')
    const lines: { msg: string; load?: string }[][] = []
    for (let i = 0; i < SERVERS; i += 1) {
      const said: { msg: string; load?: string }[] = []
      lines.push(said)
      const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_CALENDAR_REFRESH_MS: '20' })
      if (config._tag === 'Left') throw new Error(config.left.message)
      const logger = pino({ level: 'info' }, { write: (line: string) => void said.push(JSON.parse(line) as { msg: string }) })
      running.push(await startGridcaseServer(config.right, { clock, logger }))
    }
    const [first] = running
    if (first === undefined) throw new Error('no server')
    const token = await signToken({ secret: SECRET }, operator)
    const post = async (path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
      const res = await fetch(`${first.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, await res.clone().text()).toBeLessThan(300)
      return (await res.json()) as Record<string, unknown>
    }
    const streams: string[] = []
    for (let i = 0; i < CASES; i += 1) {
      const id = (await post('/api/v1/complaints', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY })).id as string
      await post(`/api/v1/complaints/${id}/accept`)
      await post(`/api/v1/complaints/${id}/dispatch`, { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } })
      streams.push(`complaint-${id}`)
    }

    // The operator loads the 2027 notice (make-up Saturday 2027-01-09) with the CLI, beside the running servers.
    const file = join(dir, '2027.json')
    writeFileSync(file, JSON.stringify(schedule2027()))
    const said: string[] = []
    const code = await runCalendarCli(['load', file, '--data', dir], (s) => void said.push(s), (s) => void said.push(s), { now: () => '2026-12-28T02:00:00.000Z', user: 'ops' })
    expect(code, said.join('')).toBe(0)
    const calendarStream = () => first.store.readStream(CALENDAR_STREAM)
    const load = (await calendarStream())[0]?.eventId
    await until(async () => (await calendarStream()).some((e) => e.type === 'CalendarRebaseCompleted'))
    // Every server has read the load (its year view says so) — each would have started its pass by now.
    for (const s of running) {
      await until(async () => {
        const res = await fetch(`${s.url}/api/v1/calendar/2027`, { headers: { authorization: `Bearer ${token}` } })
        return ((await res.json()) as { source: string }).source === 'loaded'
      })
    }
    // Each case's deadline moved once, and the completion is in the log once.
    for (const streamId of streams) {
      const rebased = (await first.store.readStream(streamId)).filter((e) => e.type === 'ComplaintDeadlinesRebased')
      expect(rebased.map((e) => (e.data as { changes: { kind: string; deadline: string }[] }).changes.find((c) => c.kind === 'result')?.deadline)).toEqual(['2027-01-09T23:59:59+08:00'])
    }
    expect((await calendarStream()).map((e) => e.type)).toEqual(['HolidayScheduleLoaded', 'CalendarRebaseCompleted'])
    // Passes over the open cases, across the servers: one. On main, every server whose follower read the load before
    // the completion was recorded started its own pass over every open case (3 with 40 cases and a 20 ms refresh).
    const passes = lines.map((l) => l.filter((x) => x.msg === 'a re-base of open cases is due: resuming it' && x.load === load).length)
    expect(passes.reduce((a, b) => a + b, 0), JSON.stringify(passes)).toBe(1)
  }, 120_000)
})
