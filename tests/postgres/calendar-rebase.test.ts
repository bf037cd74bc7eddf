// Two servers over one PostgreSQL log that start with the same re-base due (a schedule loaded, the server killed during
// its re-base; DATA_DIR/calendar shared): both resume it at once, and each case's re-base is written once.
import { calendarFiles, liveCalendar, manualClock, postgresEventStore, type PostgresEventStore } from '@gridcase/adapters'
import { execute } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaints, createApp, jwtAuth, type GridcaseApp } from '@gridcase/http'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, expect, it } from 'vitest'
import { schedule2027 } from '../../packages/core/src/calendar/fixtures.js'
import { until } from '../helpers/until.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'

const COMMUNITY = 'hohhot/saihan/wulanchabu-east-road/xinhua-community'
const admin: Actor = { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' }
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const CASES = 40

describePostgres('re-basing open cases beside PostgreSQL', () => {
  const schema = freshSchemaName()
  const opened: PostgresEventStore[] = []
  const apps: GridcaseApp[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.gridcase.close()
    for (const store of opened.splice(0)) await store.close()
    await dropSchema(postgresUrl(), schema)
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('two servers resuming the same re-base at once write each case’s re-base once', async () => {
    const clock = manualClock('2026-12-20T02:00:00.000Z')
    const open = () => {
      const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 4, clock, pollMs: 20 })
      opened.push(store)
      return store
    }
    const writer = open()
    await writer.ready
    // Dispatched Sunday 2026-12-20 with no 2027 notice: due the provisional 2027-01-11; the 2027 schedule (make-up
    // Saturday 01-09) moves every one of them to 01-09.
    const { caseType } = complaints({ calendar: liveCalendar().calendar })
    const ids: string[] = []
    for (let i = 0; i < CASES; i += 1) {
      const id = `0b6f3f43-7c1e-4d5a-9a51-${String(i).padStart(12, '0')}`
      const steps: [string, unknown][] = [
        ['create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY, complainant: { name: '王女士', phone: '13800471234' } }],
        ['accept', {}],
        ['dispatch', { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } }],
      ]
      for (const [n, [route, data]] of steps.entries()) {
        const r = await execute(writer, caseType, id, route, data, { commandId: `${id}/${n}`, actor: operator, at: clock.now() })
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
      ids.push(id)
    }
    // The load kept the schedule and the re-base it calls for, then the server died before re-basing any case.
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-rebase-pg-'))
    dirs.push(dir)
    const files = calendarFiles(join(dir, 'calendar'))
    const version = liveCalendar([schedule2027()]).calendar.version
    files.markRebaseDue({ id: 'a-load', version, reason: '2027年放假安排已发布', actor: admin, at: '2026-12-28T02:00:00.000Z' })
    files.save(schedule2027())
    clock.set('2026-12-28T02:00:00.000Z')

    // Two servers start over the same log and the same calendar directory: each resumes the re-base at once.
    const said: { msg: string; rebased?: number }[][] = [[], []]
    for (const log of said) {
      const live = liveCalendar(files.load().schedules)
      apps.push(
        createApp({
          store: open(),
          caseTypes: [complaints({ calendar: live.calendar })],
          auth: jwtAuth({ secret: 'calendar-rebase-postgres-secret-calendar-rebase' }),
          clock,
          calendar: { live, files },
          logger: pino({ level: 'info' }, { write: (line: string) => void log.push(JSON.parse(line) as { msg: string; rebased?: number }) }),
        }),
      )
    }
    const done = (log: { msg: string }[]) => log.find((l) => l.msg === 'open cases re-based') as { rebased: number } | undefined
    await until(() => said.every((log) => done(log) !== undefined), { state: () => JSON.stringify(said.map((log) => log.map((l) => l.msg))) })

    const rebased = await Promise.all(ids.map(async (id) => (await writer.readStream(`complaint-${id}`)).filter((e) => e.type === 'ComplaintDeadlinesRebased')))
    // Every case once, as the admin who loaded the schedule. Each server's count is every case the load moved, whichever
    // pass wrote it (a replay of the load's command counts): the same 40 from both, not a split that depends on the race.
    expect(rebased.map((events) => events.length)).toEqual(ids.map(() => 1))
    expect(new Set(rebased.flatMap((events) => events.map((e) => e.metadata.actor.id)))).toEqual(new Set([admin.id]))
    expect(said.map((log) => done(log)?.rebased)).toEqual([CASES, CASES])
    expect(files.rebaseDue()).toBeUndefined()
  }, 120_000)
})
