import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { execute, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import { processActor, processCommandId } from '@gridcase/core/processes'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { projectionRunner } from '../projections/runner.js'
import { sqliteDashboard } from '../projections/sqliteDashboard.js'
import { sqliteReadModelFile, type ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { sqliteLeases } from './lease.js'
import { DEADLINE_SCHEDULER, deadlineScheduler, sqliteDeadlineSource, type DeadlineSource } from './scheduler.js'
import { caseTypes, GRID, HOUR, operator, readsOnlyWhatIsDue, remindersOn, remindsOnceAcrossRestarts, schedulerOf, type SchedulerHome } from '../../../../tests/support/deadlineSchedulerCases.js'

const ID = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'

describe('the deadline scheduler (临期预警, 超期, 督办) in simulated time', () => {
  let dir: string
  let store: EventStore & { close(): Promise<void> }
  let file: ReadModelFile
  // Dispatched Monday 2026-03-02 10:00 China time (02:00Z): acknowledge within 24 h (the standard normal policy),
  // so due 03-03 10:00 (02:00Z); due soon once 20% of the 24 h is left: from 03-03 05:12 (03-02 21:12Z).
  const clock = manualClock('2026-03-02T02:00:00Z')
  const dashboard = () => projectionRunner({ store, readModels: [sqliteDashboard(file.db)] })
  const home = (): SchedulerHome => ({ store, clock, deadlines: sqliteDeadlineSource(file.db), leases: sqliteLeases(file.db), dashboard })
  const scheduler = () => schedulerOf(home())
  const reminders = () => remindersOn(store, ID)

  const ID2 = '5d2c1a0e-8b7f-4c3d-a1e2-3f4b5c6d7e8f'
  /**
   * A second complaint dispatched to the street, acknowledged, and the housing bureau summoned (吹哨) on Mon 3-02 at
   * 11:00 China time: 报到 within 2 working days → Wed 3-04 23:59:59+08:00 (15:59:59Z). Command ids from c<first + 1>.
   */
  const summonedCase = async (first: number): Promise<void> => {
    const street = { id: 'wulan-street', level: 'street', jurisdiction: 'hohhot/saihan/wulan-street' }
    const streetOfficer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: street.jurisdiction }
    let n = first
    const run = async (actor: Actor, route: string, data: unknown) => {
      const r = await execute(store, complaint, ID2, route, data, { commandId: `c${(n += 1)}`, actor, at: clock.now() })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    clock.set('2026-03-02T03:00:00Z')
    await run(operator, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '供热管道', description: '漏水', jurisdiction: GRID })
    await run(operator, 'accept', {})
    await run(operator, 'dispatch', { unit: street })
    await run(streetOfficer, 'acknowledge', {})
    await run(streetOfficer, 'summon-departments', { departments: [{ id: 'saihan-housing', level: 'district', jurisdiction: 'hohhot/saihan', department: 'housing' }], reason: '吹哨' })
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridcase-scheduler-'))
    store = sqliteEventStore({ path: join(dir, 'gridcase.sqlite'), clock }) as EventStore & { close(): Promise<void> }
    file = sqliteReadModelFile(join(dir, 'read-models.sqlite'))
    clock.set('2026-03-02T01:00:00Z')
    const run = async (route: string, data: unknown, n: number) => {
      const r = await execute(store, complaint, ID, route, data, { commandId: `c${n}`, actor: operator, at: clock.now() })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    await run('create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: '暖气不热', description: '暖气一周不热',
      jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
    }, 1)
    await run('accept', {}, 2)
    clock.set('2026-03-02T02:00:00Z')
    await run('dispatch', { unit: { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID } }, 3)
    await dashboard().catchUp()
  })
  afterEach(async () => {
    file.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records each reminder once: due soon, then (after a restart) overdue and the urging due while it was down', async () => {
    await remindsOnceAcrossRestarts(home(), ID)
  })

  it('remembers at most rememberAtMost reminders (the oldest forgotten first); one forgotten and met again is replayed, not recorded twice', async () => {
    // A source that never settles a row: each pass meets every reminder again, as after a crash before the settle.
    const source = sqliteDeadlineSource(file.db)
    const unsettled: DeadlineSource = { due: source.due, settle: async () => undefined }
    const s = deadlineScheduler({ store, caseTypes, deadlines: unsettled, clock, leases: sqliteLeases(file.db), holder: 'a', urgeAfterMs: 2 * HOUR, rememberAtMost: 1 })
    // 03-03 05:00Z: past the acknowledge deadline (02:00Z) and its urging (04:00Z): due soon, overdue and urged, all due.
    clock.set('2026-03-03T05:00:00Z')
    expect(await s.tick()).toBe(3)
    expect(s.remembered()).toBe(1)
    // Met again: two of the three forgotten, issued again under their derived ids and replayed; none recorded twice.
    expect(await s.tick()).toBe(0)
    expect(s.remembered()).toBe(1)
    expect(await reminders()).toEqual(['due-soon acknowledge', 'overdue acknowledge', 'urged'])
  })

  it('records the due-soon reminder too when it first looks after the deadline passed (down the whole time)', async () => {
    clock.set('2026-03-03T03:00:00Z')
    const s = scheduler()
    expect(await s.tick()).toBe(2)
    await s.stop()
    expect(await reminders()).toEqual(['due-soon acknowledge', 'overdue acknowledge'])
  })

  it('reminds of a summoned department’s 报到 (arrival) deadline by its kind: due soon, then overdue', async () => {
    await summonedCase(10)
    await dashboard().catchUp()
    const arrivalReminders = async () =>
      (await store.readStream(`complaint-${ID2}`)).flatMap((e) => (e.type === 'ComplaintDeadlineReminder' ? [`${(e.data as { reminder: string }).reminder} ${(e.data as { kind: string }).kind}`] : []))
    // Wed 3-04 12:00Z: under 20% of the ~61 h left (4 h): due soon; Thu 3-05 00:00Z: overdue.
    clock.set('2026-03-04T12:00:00Z')
    const s = scheduler()
    await s.tick()
    expect(await arrivalReminders()).toEqual(['due-soon arrival'])
    clock.set('2026-03-05T00:00:00Z')
    await dashboard().catchUp()
    await s.tick()
    await s.stop()
    expect(await arrivalReminders()).toEqual(['due-soon arrival', 'overdue arrival'])
  })

  it('reminds of a 报到 shared by two departments summoned together once per reminder, naming those that owe it: both due soon, then only the one that has not come overdue', async () => {
    await summonedCase(70)
    const environment = { id: 'saihan-env', level: 'district', jurisdiction: 'hohhot/saihan', department: 'environment' }
    const officer = (department: string): Actor => ({ id: `${department}-1`, role: 'department-officer', jurisdiction: 'hohhot/saihan', department })
    const streetOfficer: Actor = { id: 'so-1', role: 'street-officer', jurisdiction: 'hohhot/saihan/wulan-street' }
    let n = 80
    const run = async (actor: Actor, route: string, data: unknown) => {
      const r = await execute(store, complaint, ID2, route, data, { commandId: `c${(n += 1)}`, actor, at: clock.now() })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    // Environment summoned in the same hour (Mon 3-02 11:00 China time): the same 报到, Wed 3-04 23:59:59+08:00.
    await run(streetOfficer, 'summon-departments', { departments: [environment], reason: '吹哨' })
    await dashboard().catchUp()
    const arrivalReminders = async () =>
      (await store.readStream(`complaint-${ID2}`)).flatMap((e) => {
        const d = e.data as { reminder: string; kind: string; units?: string[] }
        return e.type === 'ComplaintDeadlineReminder' ? [`${d.reminder} ${d.kind} ${(d.units ?? []).join(',')}`] : []
      })
    const s = scheduler()
    clock.set('2026-03-04T12:00:00Z')
    await s.tick()
    expect(await arrivalReminders()).toEqual(['due-soon arrival saihan-housing,saihan-env'])
    // Housing comes in its last hours (Wed 3-04 22:00 China time); environment never does.
    clock.set('2026-03-04T14:00:00Z')
    await run(officer('housing'), 'report-arrival', { unitId: 'saihan-housing' })
    await dashboard().catchUp()
    clock.set('2026-03-05T00:00:00Z')
    await s.tick()
    await s.stop()
    expect(await arrivalReminders()).toEqual(['due-soon arrival saihan-housing,saihan-env', 'overdue arrival saihan-env'])
    // 督办 2 h after the deadline (urgeAfterMs here): the urging names environment, not the street that leads the case.
    clock.set('2026-03-05T02:00:00Z')
    const again = scheduler()
    await again.tick()
    await again.stop()
    const urged = (await store.readStream(`complaint-${ID2}`)).filter((e) => e.type === 'ComplaintUrged').map((e) => (e.data as { units?: string[] }).units)
    expect(urged).toEqual([['saihan-env']])
  })

  it('reminds of the dispatch deadline (派单时限) of a case accepted and never dispatched: due soon, then overdue from 1 ms after it', async () => {
    // Accepted Mon 3-02 03:00Z (11:00 China time): dispatch within 2 hours (standard-normal) → 05:00Z; due soon in its
    // last 24 minutes (20%), from 04:36Z; overdue from 05:00:00.001Z.
    const ID3 = '3e1a5c7b-2d4f-4a6b-8c9d-0e1f2a3b4c5d'
    clock.set('2026-03-02T03:00:00Z')
    for (const [n, route, data] of [[30, 'create', { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '供热', description: '不热', jurisdiction: GRID }], [31, 'accept', {}]] as const) {
      const r = await execute(store, complaint, ID3, route, data, { commandId: `c${n}`, actor: operator, at: clock.now() })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    await dashboard().catchUp()
    const s = scheduler()
    clock.set('2026-03-02T04:35:59.999Z')
    await s.tick()
    expect(await remindersOn(store, ID3)).toEqual([])
    clock.set('2026-03-02T04:36:00Z')
    await s.tick()
    expect(await remindersOn(store, ID3)).toEqual(['due-soon dispatch'])
    clock.set('2026-03-02T05:00:00Z')
    await s.tick()
    expect(await remindersOn(store, ID3)).toEqual(['due-soon dispatch'])
    clock.set('2026-03-02T05:00:00.001Z')
    await s.tick()
    await s.stop()
    expect(await remindersOn(store, ID3)).toEqual(['due-soon dispatch', 'overdue dispatch'])
  })

  it('a day deadline is overdue from 24:00 China time, not in its last second; an hour deadline 1 ms after it; the reminders\' ids unchanged', async () => {
    await summonedCase(50)
    // 报到 by Wed 3-04 23:59:59+08:00 (15:59:59Z): 2 working days, so it runs to 24:00 (16:00:00Z).
    await dashboard().catchUp()
    const mine = async (id: string) =>
      (await store.readStream(`complaint-${id}`)).flatMap((e) =>
        e.type === 'ComplaintDeadlineReminder' ? [`${(e.data as { reminder: string }).reminder} ${(e.data as { kind: string }).kind} ${(e.data as { deadline: string }).deadline}`] : [],
      )
    const s = scheduler()
    // The first case's 签收 (24 h, an instant: 03-03 02:00:00Z) is overdue half a second after it.
    clock.set('2026-03-03T02:00:00.500Z')
    await s.tick()
    expect(await mine(ID)).toEqual(['due-soon acknowledge 2026-03-03T02:00:00.000Z', 'overdue acknowledge 2026-03-03T02:00:00.000Z'])
    clock.set('2026-03-04T15:59:59.500Z')
    await s.tick()
    clock.set('2026-03-04T15:59:59.999Z')
    await s.tick()
    expect(await mine(ID2)).toEqual(['due-soon arrival 2026-03-04T15:59:59.000Z'])
    // The row is looked at again at 24:00 exactly, not before.
    expect(await sqliteDeadlineSource(file.db).due(Date.parse('2026-03-04T15:59:59.999Z'), 10)).toEqual([])
    clock.set('2026-03-04T16:00:00.000Z')
    await s.tick()
    await s.stop()
    expect(await mine(ID2)).toEqual(['due-soon arrival 2026-03-04T15:59:59.000Z', 'overdue arrival 2026-03-04T15:59:59.000Z'])
    // The command ids name the deadline as written (23:59:59+08:00): reminders recorded before keep theirs.
    const ids = (await store.readStream(`complaint-${ID2}`)).filter((e) => e.type === 'ComplaintDeadlineReminder').map((e) => e.metadata.commandId)
    expect(ids).toEqual([processCommandId(DEADLINE_SCHEDULER, `due-soon:complaint:${ID2}:arrival:2026-03-04T15:59:59.000Z`), processCommandId(DEADLINE_SCHEDULER, `overdue:complaint:${ID2}:arrival:2026-03-04T15:59:59.000Z`)])
  })

  it('reminds of the handling deadline of a 信访 complaint referred to mediation before dispatch: due soon, overdue, then urged — once each across a restart', async () => {
    const ID3 = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
    let n = 30
    const run = async (route: string, data: unknown) => {
      const r = await execute(store, complaint, ID3, route, data, { commandId: `c${(n += 1)}`, actor: operator, at: clock.now() })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    clock.set('2026-08-03T01:00:00Z')
    await run('create', { channel: 'walk-in', kind: 'complaint', category: 'law-related', title: '宅基地边界信访', description: '相邻宅基地边界争议', jurisdiction: GRID, complainant: { name: '张伟' } })
    // Accepted Mon 08-03 10:00 China time (02:00Z) and referred at once, before any dispatch. 60 days from acceptance
    // (信访工作条例 art. 34; a statutory period): day 60 is Fri 10-02, inside 国庆 (10-01..10-07), so it ends Thu 10-08 24:00
    // (15:59:59Z). Due soon once 20% of its ~1598 h are left (~319.6 h before): from about 09-25 08:24Z.
    clock.set('2026-08-03T02:00:00Z')
    await run('accept', {})
    await run('refer-to-mediation', { disputeId: '16fd2706-8baf-433b-82eb-8c7fada847da', disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '访调对接' })
    await dashboard().catchUp()
    const mine = async () =>
      (await store.readStream(`complaint-${ID3}`)).flatMap((e) =>
        e.type === 'ComplaintDeadlineReminder' ? [`${(e.data as { reminder: string }).reminder} ${(e.data as { kind: string }).kind} ${(e.data as { deadline: string }).deadline}`] : e.type === 'ComplaintUrged' ? ['urged'] : [],
      )
    clock.set('2026-09-24T00:00:00Z')
    const first = scheduler()
    await first.tick()
    expect(await mine()).toEqual([])
    clock.set('2026-09-26T00:00:00Z')
    await first.tick()
    await first.tick()
    expect(await mine()).toEqual(['due-soon result 2026-10-08T15:59:59.000Z'])
    await first.stop()
    // Down over the deadline and the 2 h urging delay; a new instance records both once.
    clock.set('2026-10-09T02:00:00Z')
    await dashboard().catchUp()
    const second = scheduler()
    await second.tick()
    await second.tick()
    await second.stop()
    expect(await mine()).toEqual(['due-soon result 2026-10-08T15:59:59.000Z', 'overdue result 2026-10-08T15:59:59.000Z', 'urged'])
  })

  it('reminds of the accept deadline again after a failed referral put the case back in registered: overdue once, due soon not twice', async () => {
    const ID4 = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
    let n = 40
    const run = async (route: string, data: unknown, actor: Actor = operator) => {
      const r = await execute(store, complaint, ID4, route, data, { commandId: `c${(n += 1)}`, actor, at: clock.now() })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    const mine = async () =>
      (await store.readStream(`complaint-${ID4}`)).flatMap((e) =>
        e.type === 'ComplaintDeadlineReminder' ? [`${(e.data as { reminder: string }).reminder} ${(e.data as { kind: string }).kind} ${(e.data as { deadline: string }).deadline}`] : [],
      )
    // Registered Mon 08-03 09:00 China time (01:00Z) under 信访: accept within 15 days → Tue 08-18 24:00 (15:59:59Z), a
    // window of 375 h: due soon from 08-15 13:00Z (75 h before 08-18 16:00Z).
    clock.set('2026-08-03T01:00:00Z')
    await run('create', { channel: 'walk-in', kind: 'complaint', category: 'law-related', title: '宅基地边界信访', description: '相邻宅基地边界争议', jurisdiction: GRID, complainant: { name: '张伟' } })
    await dashboard().catchUp()
    const pass = async () => {
      await dashboard().catchUp()
      const s = scheduler()
      await s.tick()
      await s.tick()
      await s.stop()
    }
    clock.set('2026-08-16T00:00:00Z')
    await pass()
    expect(await mine()).toEqual(['due-soon accept 2026-08-18T15:59:59.000Z'])
    // Referred 08-16 01:00Z; the referral process is refused for good and records it 08-17 01:00Z: back in registered.
    const disputeId = '9b2c6f0e-1d3a-4e5b-8c7d-6e5f4a3b2c1d'
    clock.set('2026-08-16T01:00:00Z')
    await run('refer-to-mediation', { disputeId, disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '访调对接' })
    clock.set('2026-08-17T01:00:00Z')
    await run('record-referral-failure', { disputeId, code: 'already-exists', reason: 'a case with this id already exists' }, processActor('complaint-referral', GRID))
    // The day after its deadline: overdue on it, as if never referred; the due-soon reminder (named by the same
    // deadline) is not recorded again.
    clock.set('2026-08-19T01:00:00Z')
    await pass()
    expect(await mine()).toEqual(['due-soon accept 2026-08-18T15:59:59.000Z', 'overdue accept 2026-08-18T15:59:59.000Z'])
  })

  it('does nothing without the lease: another scheduler is active', async () => {
    clock.set('2026-03-03T03:00:00Z')
    expect(await sqliteLeases(file.db).acquire('deadline-scheduler', 'b', Date.parse(clock.now()), 60_000)).toBe(true)
    const s = scheduler()
    expect(await s.tick()).toBe(0)
    await s.stop()
    expect(await reminders()).toEqual([])
  })

  it('a pass reads only the deadlines with a reminder still to fire: with 60 old ones fired, a restart reads the one new deadline', async () => {
    // A note on an old one between the passes: its deadline row is written again by the dashboard, and stays fired.
    await readsOnlyWhatIsDue(home(), { old: 60, open: 1 }, async (ids) => {
      const note = await execute(store, complaint, ids[0] ?? '', 'add-note', { note: '已电话联系' }, { commandId: 'note', actor: { id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' }, at: clock.now() })
      expect(E.isRight(note)).toBe(true)
    })
  })

  it('a pass that never ends is reported as a stall, and the next pass goes on and records what is due', async () => {
    clock.set('2026-03-03T03:00:00Z')
    const real = sqliteDeadlineSource(file.db)
    let calls = 0
    // Fault injection: the first read of the deadlines never answers (a query on a lost connection, say).
    const hangsOnce: DeadlineSource = { ...real, due: (...args) => ((calls += 1) === 1 ? new Promise(() => undefined) : real.due(...args)) }
    const s = deadlineScheduler({ store, caseTypes, deadlines: hangsOnce, clock, leases: sqliteLeases(file.db), holder: 'a', urgeAfterMs: 2 * HOUR, stallMs: 2000 })
    await expect(s.tick()).rejects.toThrow('deadline-scheduler: a pass: no answer within 2000 ms')
    expect(await s.tick()).toBe(2)
    await s.stop()
    expect(await reminders()).toEqual(['due-soon acknowledge', 'overdue acknowledge'])
  })
})
