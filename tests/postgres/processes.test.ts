// Processes beside PostgreSQL: the lease row (one active runner per name across servers, taken over once it ends),
// the referral process run by two servers' runners at once (one dispute, not two), and the deadline scheduler
// reading the PostgreSQL dashboard's running deadlines in simulated time (each reminder once).
import {
  manualClock,
  postgresDashboard,
  postgresDeadlineSource,
  postgresEventStore,
  postgresLeases,
  postgresProcessCheckpoints,
  postgresProcessRefusals,
  postgresProcessRunner,
  processRunner,
  projectionRunner,
  referralProcess,
  type LeaseStore,
  type PostgresEventStore,
} from '@gridcase/adapters'
import { execute } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { runProcessesCli } from '../../packages/adapters/src/cli/processes.js'
import { describePostgres, dropSchema, freshSchemaName, postgresUrl } from './database.js'
import { until } from '../helpers/until.js'
import { fencesEachWrite, keepsRefusals, noter, staleHolderWritesNothing } from '../support/processRefusalCases.js'
import { caseTypes, GRID, operator, readsOnlyWhatIsDue, remindsOnceAcrossRestarts, type SchedulerHome } from '../support/deadlineSchedulerCases.js'

const COMPLAINT_ID = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
const DISPUTE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

describePostgres('processes beside PostgreSQL', () => {
  let schema: string
  const opened: PostgresEventStore[] = []
  const open = (clock = manualClock('2026-03-02T01:00:00Z')): PostgresEventStore => {
    const store = postgresEventStore({ connectionString: postgresUrl(), schema, maxConnections: 4, clock, pollMs: 20 })
    opened.push(store)
    return store
  }
  beforeEach(() => {
    schema = freshSchemaName()
  })
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
    await dropSchema(postgresUrl(), schema)
  })

  const run = async (store: PostgresEventStore, at: string, route: string, data: unknown, n: number, id = COMPLAINT_ID) => {
    const r = await execute(store, complaint, id, route, data, { commandId: `c${n}`, actor: operator, at })
    if (E.isLeft(r)) throw new Error(r.left.message)
  }
  /** The deadline scheduler's home beside PostgreSQL: the dashboard's running deadlines and the lease rows in the schema. */
  const homeOf = (store: PostgresEventStore, clock: ReturnType<typeof manualClock>): SchedulerHome => {
    const home = { pool: store.pool, schema }
    return { store, clock, deadlines: postgresDeadlineSource(home), leases: postgresLeases(home), dashboard: () => projectionRunner({ store, readModels: [postgresDashboard(home)] }) }
  }
  it('keeps refused and failed process commands in the schema beside the checkpoints, surviving a restart (a new pool)', async () => {
    const store = open()
    await keepsRefusals(() => postgresProcessRefusals({ pool: store.pool, schema }), async () => postgresProcessRefusals({ pool: open().pool, schema }))
  })

  const register = (store: PostgresEventStore, at: string) =>
    run(store, at, 'create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', urgency: 'normal', title: '暖气不热', description: '暖气一周不热',
      jurisdiction: GRID, complainant: { name: '李四', phone: '13912345678' },
    }, 1)

  it('the runner beside PostgreSQL keeps a command refused for good in the schema, read by a runner started after it', async () => {
    const store = open()
    await register(store, '2026-03-02T09:00:00+08:00')
    const at = (await store.readAll()).at(-1)?.position ?? -1
    const clock = manualClock('2026-03-02T02:00:00Z')
    const first = postgresProcessRunner({ home: { pool: store.pool, schema }, store, caseTypes, holder: 'server-a', clock, leaseMs: 60_000, processes: [noter(() => '')], onRefused: () => undefined })
    first.start()
    await first.runner.waitFor('noter', at)
    await first.close()
    const again = postgresProcessRunner({ home: { pool: open().pool, schema }, store, caseTypes, holder: 'server-b', clock, leaseMs: 60_000, processes: [] })
    const [kept, ...more] = await again.refusals.list({ limit: 10 })
    await again.close()
    expect(more).toEqual([])
    expect(kept).toMatchObject({ process: 'noter', kind: 'refused', code: 'validation', attempts: 1, status: 'open', event: { position: at, type: 'ComplaintRegistered' }, command: { command: 'add-note', data: { note: '' } } })
  })

  for (const kind of ['refused', 'failed'] as const) {
    it(`a stale lease holder (stalled past its lease row, taken over by another server) keeps no ${kind} command and moves no checkpoint after the take-over, and stops (fencing)`, async () => {
      const store = open()
      await register(store, '2026-03-02T09:00:00+08:00')
      const at = (await store.readAll()).at(-1)?.position ?? -1
      const clock = manualClock('2026-03-02T02:00:00Z')
      const home = { pool: store.pool, schema }
      const runners: { close(): Promise<void> }[] = []
      try {
        await staleHolderWritesNothing({
          at, clock, leases: postgresLeases(home), refusals: postgresProcessRefusals(home), checkpoints: postgresProcessCheckpoints(home),
          run: (process) => {
            const a = postgresProcessRunner({ home, store, caseTypes, holder: 'server-a', clock, leaseMs: 600_000, processes: [process], onRefused: () => undefined, onError: () => undefined })
            runners.push(a)
            a.start()
            return a.runner
          },
        }, kind)
      } finally {
        for (const r of runners) await r.close()
      }
    })
  }

  it('each fenced write (the checkpoint, a failure kept, failures settled) by the holder that lost the lease row is refused and changes nothing; a lease the schema keeps no row of refuses none', async () => {
    const store = open()
    await store.ready
    const home = { pool: store.pool, schema }
    await fencesEachWrite({ leases: postgresLeases(home), refusals: postgresProcessRefusals(home), checkpoints: postgresProcessCheckpoints(home) })
  })

  it('the lease row: of 20 servers racing for a name exactly one wins; another takes it only once it has ended', async () => {
    const stores = [open(), open()]
    await Promise.all(stores.map((s) => s.ready))
    const leases = stores.map((s) => postgresLeases({ pool: s.pool, schema }))
    const now = Date.parse('2026-03-02T01:00:00Z')
    const won = await Promise.all(Array.from({ length: 20 }, (_, i) => (leases[i % 2] ?? leases[0])?.acquire('complaint-referral', `server-${i}`, now, 60_000)))
    expect(won.filter((w) => w === true)).toHaveLength(1)
    const holder = (await leases[1]?.holder('complaint-referral'))?.holder ?? ''
    expect(await leases[0]?.acquire('complaint-referral', holder, now + 1000, 60_000)).toBe(true)
    expect(await leases[0]?.acquire('complaint-referral', 'late', now + 60_999, 60_000)).toBe(false)
    expect(await leases[1]?.acquire('complaint-referral', 'late', now + 61_000, 60_000)).toBe(true)
    await leases[0]?.release('complaint-referral', holder)
    expect((await leases[0]?.holder('complaint-referral'))?.holder).toBe('late')
  })

  it('two servers run the referral process: one is active, and the referral opens one dispute', async () => {
    const [a, b] = [open(), open()]
    await register(a, '2026-03-02T09:00:00+08:00')
    await run(a, '2026-03-02T10:00:00+08:00', 'refer-to-mediation', {
      disputeId: DISPUTE_ID, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '转调解',
    }, 2)
    const referral = (await a.readAll()).find((e) => e.type === 'ComplaintReferredToMediation')?.position ?? -1
    const clock = manualClock('2026-03-02T02:00:00Z')
    const runners = [a, b].map((store, i) => postgresProcessRunner({ home: { pool: store.pool, schema }, store, caseTypes, holder: `server-${i}`, clock, leaseMs: 60_000 }))
    for (const r of runners) r.start()
    try {
      await Promise.race(runners.map((r) => r.runner.waitFor('complaint-referral', referral)))
      const active = runners.map((r) => r.runner.active('complaint-referral'))
      expect(active.filter(Boolean)).toHaveLength(1)
      expect((await b.readAll()).filter((e) => e.type === 'DisputeReported')).toHaveLength(1)
    } finally {
      for (const r of runners) await r.close()
    }
    // A third server started afterwards resumes from the committed checkpoint: nothing handled again.
    const third = postgresProcessRunner({ home: { pool: b.pool, schema }, store: b, caseTypes, holder: 'server-3', clock, leaseMs: 60_000 })
    third.start()
    await third.runner.waitFor('complaint-referral', referral)
    await third.close()
    expect((await b.readAll()).filter((e) => e.type === 'DisputeReported')).toHaveLength(1)
  })

  it('a server stopped while its lease row is being taken gives it up: another server takes over at once, not after the lease', async () => {
    // The race behind the test above timing out 1 run in 5 (#17): the lease row answered after the stop; the runner
    // then followed the log and renewed the row for ever, and its close never returned. Held back here, so it happens
    // on every run.
    const [a, b] = [open(), open()]
    await register(a, '2026-03-02T09:00:00+08:00')
    await run(a, '2026-03-02T10:00:00+08:00', 'refer-to-mediation', {
      disputeId: DISPUTE_ID, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '转调解',
    }, 2)
    const referral = (await a.readAll()).find((e) => e.type === 'ComplaintReferredToMediation')?.position ?? -1
    const clock = manualClock('2026-03-02T02:00:00Z')
    const real = postgresLeases({ pool: a.pool, schema })
    let answer = () => {}
    const held = new Promise<void>((resolve) => {
      answer = resolve
    })
    const slow: LeaseStore = { ...real, acquire: async (...args) => held.then(() => real.acquire(...args)) }
    const checkpoints = postgresProcessCheckpoints({ pool: a.pool, schema })
    const first = processRunner({ store: a, caseTypes, processes: [referralProcess], checkpoints, leases: slow, holder: 'server-0', clock, leaseMs: 60_000 })
    first.start()
    const stopped = first.stop().then(() => 'stopped')
    answer()
    const bound = new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000))
    expect(await Promise.race([stopped, bound])).toBe('stopped')
    expect(await real.holder('complaint-referral')).toBeUndefined()
    // The clock stands still: had the row stayed server-0's, server-1 could never take it.
    const second = postgresProcessRunner({ home: { pool: b.pool, schema }, store: b, caseTypes, holder: 'server-1', clock, leaseMs: 60_000 })
    second.start()
    try {
      await second.runner.waitFor('complaint-referral', referral)
      expect(second.runner.active('complaint-referral')).toBe(true)
    } finally {
      await second.close()
    }
    expect((await b.readAll()).filter((e) => e.type === 'DisputeReported')).toHaveLength(1)
  })

  it('the deadline scheduler reads the PostgreSQL dashboard: due soon, then overdue and urged after a restart, each once', async () => {
    // Dispatched 03-02 02:00Z: acknowledge within 24 h, due 03-03 02:00Z; due soon with 20% (4.8 h) left.
    const clock = manualClock('2026-03-02T01:00:00Z')
    const store = open(clock)
    await register(store, clock.now())
    await run(store, clock.now(), 'accept', {}, 2)
    clock.set('2026-03-02T02:00:00Z')
    await run(store, clock.now(), 'dispatch', { unit: { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID } }, 3)
    const home = homeOf(store, clock)
    await home.dashboard().catchUp()
    await remindsOnceAcrossRestarts(home, COMPLAINT_ID)
  })

  it('the deadline scheduler on PostgreSQL reads only the deadlines with a reminder still to fire: 20 old ones fired, one new', async () => {
    const clock = manualClock('2026-03-02T02:00:00Z')
    const store = open(clock)
    // The store's schema first: the read model's and the lease's tables go in it.
    await store.ready
    await readsOnlyWhatIsDue(homeOf(store, clock), { old: 20, open: 0 })
  })

  it('`gridcase processes --database-url` runs them beside servers that do not: the referral opens its dispute', async () => {
    const store = open()
    await register(store, '2026-03-02T09:00:00+08:00')
    await run(store, '2026-03-02T10:00:00+08:00', 'refer-to-mediation', {
      disputeId: DISPUTE_ID, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '转调解',
    }, 2)
    let stop = () => {}
    const stopped = new Promise<void>((resolve) => {
      stop = resolve
    })
    let out = ''
    const exit = runProcessesCli(['--database-url', postgresUrl(), '--schema', schema], { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) }, stopped })
    await until(async () => (await store.readAll()).some((e) => e.type === 'DisputeReported'), { state: () => out })
    stop()
    expect(await exit).toBe(0)
    expect((await store.readAll()).filter((e) => e.type === 'DisputeReported')).toHaveLength(1)
    expect(out).toContain('active complaint-referral')
    expect(await runProcessesCli(['--database-url', 'mysql://x'], { stdout: { write: () => true }, stderr: { write: () => true }, stopped })).toBe(2)
  }, 30_000)
})
