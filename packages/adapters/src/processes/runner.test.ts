import * as E from 'fp-ts/lib/Either.js'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import { dispute } from '@gridcase/core/dispute'
import { closeRunnerFiles, openRunnerFiles } from '../../../../tests/support/runnerFiles.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import type { ReadModelFile } from '../projections/sqliteFile.js'
import { defaultProcesses, referralProcess, sqliteProcessCheckpoints } from './definitions.js'
import { sqliteLeases, type LeaseStore } from './lease.js'
import { processRunner, type ProcessDefinition, type ProcessRunner, type ProcessRunnerOptions } from './runner.js'

const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMPLAINT_ID = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
const DISPUTE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const caseTypes = [complaint, dispute] as unknown as readonly CaseType[]

const must = async <A>(outcome: Promise<E.Either<unknown, A>>): Promise<A> => {
  const r = await outcome
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** A complaint registered and referred to mediation; the position of the referral event. */
const refer = async (store: EventStore): Promise<number> => {
  await must(execute(store, complaint, COMPLAINT_ID, 'create', {
    channel: 'hotline-12345', kind: 'complaint', category: 'property', urgency: 'normal', title: '物业费争议',
    description: '物业公司多收物业费', jurisdiction: GRID, complainant: { name: '王芳', phone: '13800138000' },
  }, { commandId: 'c-register', actor: operator, at: '2026-03-02T09:00:00+08:00' }))
  await must(execute(store, complaint, COMPLAINT_ID, 'refer-to-mediation', {
    disputeId: DISPUTE_ID, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '物业费争议，转调解',
  }, { commandId: 'c-refer', actor: operator, at: '2026-03-02T10:00:00+08:00' }))
  const all = await store.readAll({ fromPosition: 0 })
  const referred = all.find((e) => e.type === 'ComplaintReferredToMediation')
  if (referred === undefined) throw new Error('no referral event')
  return referred.position
}

describe('the process runner (流程运行器)', () => {
  let dir: string
  let store: EventStore & { close(): Promise<void> }
  let file: ReadModelFile
  const clock = manualClock('2026-03-02T02:00:00Z')
  const runners: ProcessRunner[] = []
  const runner = (holder: string, leaseMs = 60_000, more: Partial<ProcessRunnerOptions> = {}) => {
    const r = processRunner({
      store, caseTypes, processes: defaultProcesses, clock, holder, leaseMs,
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)), leases: sqliteLeases(file.db),
      onError: (name, error) => console.error('process failed', name, error),
      onRefused: (name, _event, command, error) => console.error('process refused', name, command?.command, error),
      ...more,
    })
    runners.push(r)
    return r
  }
  const disputesReported = async () => (await store.readAll({ fromPosition: 0 })).filter((e) => e.type === 'DisputeReported')

  beforeEach(() => {
    ;({ dir, store, file } = openRunnerFiles('gridcase-processes-'))
  })
  afterEach(() => closeRunnerFiles({ dir, store, file }, runners))

  it('opens the dispute a referral names, with both ids on both cases, and the complaint stays open waiting on it', async () => {
    const at = await refer(store)
    const r = runner('server-a')
    r.start()
    await r.waitFor('complaint-referral', at)
    const reported = await disputesReported()
    expect(reported).toHaveLength(1)
    expect(reported[0]?.streamId).toBe(`dispute-${DISPUTE_ID}`)
    expect(reported[0]?.data).toMatchObject({ id: DISPUTE_ID, source: 'referral', complaintId: COMPLAINT_ID, jurisdiction: GRID })
    // The command id is derived from the referral event; its cause is that event.
    const referral = (await store.readStream(`complaint-${COMPLAINT_ID}`)).find((e) => e.type === 'ComplaintReferredToMediation')
    expect(reported[0]?.metadata.causationId).toBe(referral?.eventId)
    const c = await must(execute(store, complaint, COMPLAINT_ID, 'add-note', { note: 'x' }, { commandId: 'probe', actor: { id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' }, at: '2026-03-02T11:00:00+08:00' }))
    expect(c.state).toMatchObject({ status: 'referred-to-mediation', disputeId: DISPUTE_ID })
  })

  it('saves the checkpoint once a page, not once an event, for events that issue nothing', async () => {
    // 40 events in the log before the runner starts: one page. A process that looks at every event and issues nothing.
    for (let i = 0; i < 40; i += 1) {
      const metadata = { commandId: `c${i}`, correlationId: `c${i}`, causationId: `c${i}`, actor: operator, occurredAt: '2026-03-02T09:00:00+08:00' }
      await store.appendToStream(`note-${i}`, [{ type: 'Noted', schemaVersion: 1, data: {}, metadata }], { expectedVersion: 'any' })
    }
    const checkpoints = sqliteProcessCheckpoints(sqliteCheckpoints(file.db))
    const saved: number[] = []
    const counting = { load: checkpoints.load, save: async (name: string, position: number) => {
      if (name === 'process:looks-at-all') saved.push(position)
      await checkpoints.save(name, position)
    } }
    const quiet: ProcessDefinition = { name: 'looks-at-all', handles: 'all', react: async () => E.right([]) }
    const r = runner('holder-quiet', 60_000, { processes: [quiet], checkpoints: counting })
    r.start()
    const last = (await store.readAll({ fromPosition: 0 })).at(-1)?.position ?? -1
    await r.waitFor('looks-at-all', last)
    await r.stop()
    // One save for the page (and the stop's, of the same position), not one per event.
    expect(saved.length).toBeLessThanOrEqual(2)
    expect(saved.at(-1)).toBe(last)
    expect(await checkpoints.load('process:looks-at-all')).toBe(last)
  })

  it('handles a referral again (checkpoint lost, a crash before it was saved) without opening a second dispute', async () => {
    const at = await refer(store)
    const first = runner('server-a')
    first.start()
    await first.waitFor('complaint-referral', at)
    await first.stop()
    sqliteCheckpoints(file.db).reset('process:complaint-referral')
    const again = runner('server-a')
    again.start()
    await again.waitFor('complaint-referral', at)
    expect(await disputesReported()).toHaveLength(1)
  })

  it('records a referral whose dispute cannot be opened back on the complaint, once, and the complaint is back where it was', async () => {
    const at = await refer(store)
    // The id is taken after the referral was acknowledged (another way in): the process will be refused for good.
    const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
    await must(execute(store, dispute, DISPUTE_ID, 'create', {
      source: 'screening', category: 'neighbour', jurisdiction: GRID, summary: '楼上漏水',
      parties: [{ side: 'applicant', name: '张三' }, { side: 'respondent', name: '李四' }],
    }, { commandId: 'd-screening', actor: gridWorker, at: '2026-03-02T09:30:00+08:00' }))
    const r = runner('server-a', 60_000, { onRefused: () => undefined })
    r.start()
    await r.waitFor('complaint-referral', at)
    const failed = async () => (await store.readStream(`complaint-${COMPLAINT_ID}`)).filter((e) => e.type === 'ComplaintReferralFailed')
    const [event] = await failed()
    expect(event?.data).toMatchObject({ disputeId: DISPUTE_ID, code: 'already-exists', backTo: 'registered' })
    expect(event?.metadata).toMatchObject({ actor: { id: 'process:complaint-referral', role: 'admin', jurisdiction: GRID } })
    // Handled again (checkpoint lost): recorded once.
    await r.stop()
    sqliteCheckpoints(file.db).reset('process:complaint-referral')
    const again = runner('server-a', 60_000, { onRefused: () => undefined })
    again.start()
    await again.waitFor('complaint-referral', at)
    expect(await failed()).toHaveLength(1)
    // The screening dispute is untouched; the complaint may be accepted again.
    expect((await store.readStream(`dispute-${DISPUTE_ID}`)).map((e) => e.type)).toEqual(['DisputeReported'])
    const c = await must(execute(store, complaint, COMPLAINT_ID, 'accept', {}, { commandId: 'c-accept', actor: operator, at: '2026-03-02T11:00:00+08:00' }))
    expect(c.state).toMatchObject({ status: 'accepted' })
  })

  it('carries a referred dispute’s later outcomes to the complaint after its conclusion: the court’s rejection, then litigation — recorded on the closed complaint, none refused', async () => {
    const at = await refer(store)
    const refusals: string[] = []
    const r = runner('server-a', 60_000, { onRefused: (name, _event, command, error) => refusals.push(`${name} ${command?.command}: ${error.code}`) })
    r.start()
    await r.waitFor('complaint-referral', at)
    // The dispute's own steps are its decider's (tested there): here only the events the process reacts to, as the
    // dispute writes them — the agreement names the complaint, the court's rejection does not.
    const mediator: Actor = { id: 'pm-1', role: 'mediator', jurisdiction: GRID }
    const clerk: Actor = { id: 'cc-1', role: 'court-clerk', jurisdiction: 'hohhot/saihan' }
    const write = async (type: string, data: unknown, actor: Actor, occurredAt: string): Promise<number> => {
      const version = await store.streamVersion(`dispute-${DISPUTE_ID}`)
      const appended = await store.appendToStream(`dispute-${DISPUTE_ID}`, [{ type, schemaVersion: 1, data, metadata: { commandId: `d-${type}`, correlationId: `d-${type}`, causationId: `d-${type}`, actor, occurredAt } }], { expectedVersion: version })
      if (E.isLeft(appended)) throw new Error('conflict')
      return appended.right.lastPosition
    }
    const agreed = await write('MediationAgreed', { complaintId: COMPLAINT_ID, track: 'people' }, mediator, '2026-03-10T10:00:00+08:00')
    await r.waitFor('mediation-outcome', agreed)
    for (const [commandId, command, data, when] of [
      ['c-notify', 'notify-complainant', { method: 'phone' }, '2026-03-10T11:00:00+08:00'],
      ['c-close', 'close', { reason: '已告知调解结果，诉求人未评价' }, '2026-03-11T09:00:00+08:00'],
    ] as const) await must(execute(store, complaint, COMPLAINT_ID, command, data, { commandId, actor: operator, at: when }))
    const rejected = await write('JudicialConfirmationRejected', { court: '赛罕区人民法院', reason: '协议内容违反法律规定', caseNumber: '(2026)蒙0105民特9号' }, clerk, '2026-03-20T10:00:00+08:00')
    const sued = await write('ReferredToLitigation', { complaintId: COMPLAINT_ID, reason: '当事人坚持起诉' }, mediator, '2026-03-25T10:00:00+08:00')
    await r.waitFor('mediation-outcome', Math.max(rejected, sued))
    const events = await store.readStream(`complaint-${COMPLAINT_ID}`)
    expect(events.filter((e) => e.type.startsWith('ComplaintMediation')).map((e) => [e.type, (e.data as { outcome: string }).outcome])).toEqual([
      ['ComplaintMediationConcluded', 'agreement'],
      ['ComplaintMediationUpdated', 'confirmation-rejected'],
      ['ComplaintMediationUpdated', 'litigation'],
    ])
    expect(events.at(-1)?.metadata).toMatchObject({ actor: { id: 'process:mediation-outcome' } })
    expect(refusals).toEqual([])
    const { decider } = complaint
    const state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as never), decider.initialState)
    expect(state).toMatchObject({ status: 'closed', mediation: { outcome: 'agreement', latest: { outcome: 'litigation' } } })
  })

  it('passes over a command the pipeline refuses for good (said through onRefused) and goes on with the next events', async () => {
    const at = await refer(store)
    const refused: string[] = []
    // A process that adds a note to the complaint for every complaint event, with data the pipeline refuses for
    // the registration (an empty note) and accepts for the referral.
    const noter = {
      name: 'noter',
      handles: ['ComplaintRegistered', 'ComplaintReferredToMediation'],
      react: async (event: { type: string; eventId: string; metadata: { occurredAt: string } }) =>
        E.right([{
          caseType: 'complaint-', caseId: COMPLAINT_ID, command: 'add-note',
          data: { note: event.type === 'ComplaintRegistered' ? '' : `seen ${event.type}` },
          meta: { commandId: `noter-${event.eventId}`, actor: { id: 'process:noter', role: 'admin' as const, jurisdiction: GRID }, at: event.metadata.occurredAt },
        }]),
    }
    const r = processRunner({
      store, caseTypes, processes: [noter], clock, holder: 'server-a',
      checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(file.db)), leases: sqliteLeases(file.db),
      onRefused: (_name, _event, command, error) => refused.push(`${command?.command}: ${error.code}`),
    })
    runners.push(r)
    r.start()
    await r.waitFor('noter', at)
    expect(refused).toEqual(['add-note: validation'])
    const notes = (await store.readStream(`complaint-${COMPLAINT_ID}`)).filter((e) => e.type === 'ComplaintNoteAdded')
    expect(notes.map((e) => (e.data as { note: string }).note)).toEqual(['seen ComplaintReferredToMediation'])
  })

  it('lets one runner per process name be active: a second waits until the first lease ends, then takes over', async () => {
    const at = await refer(store)
    const a = runner('server-a', 60_000)
    a.start()
    await a.waitFor('complaint-referral', at)
    const b = runner('server-b', 60_000)
    b.start()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(a.active('complaint-referral')).toBe(true)
    expect(b.active('complaint-referral')).toBe(false)
    expect(await sqliteLeases(file.db).holder('complaint-referral')).toMatchObject({ holder: 'server-a' })
    // a stops and gives its leases up: b takes over within its next look (a third of the lease).
    await a.stop()
    expect(await sqliteLeases(file.db).acquire('complaint-referral', 'server-c', Date.parse(clock.now()), 60_000)).toBe(true)
    // …and while c holds it, b still may not; once c's lease has ended (simulated time), b may.
    expect(await sqliteLeases(file.db).acquire('complaint-referral', 'server-b', Date.parse(clock.now()), 60_000)).toBe(false)
    clock.advance(60_001)
    expect(await sqliteLeases(file.db).acquire('complaint-referral', 'server-b', Date.parse(clock.now()), 60_000)).toBe(true)
  })

  describe('liveness: a stop or a stall is never a silent wait for ever', () => {
    const until = async (condition: () => boolean): Promise<void> => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const errorsOf = (errors: string[]) => ({ onError: (name: string, error: unknown) => errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`) })

    it('stopped while it is taking its leases: stop returns, nothing follows on, and the leases are free for another runner at once', async () => {
      // The bug behind the hung two-server PostgreSQL test (#17): the lease answered after stop() had aborted the
      // runner; the follow that began then listened for an abort that had already happened, so it followed the log and
      // renewed the lease for ever, and stop() never returned. Here the answer is held back until after stop() (a slow
      // database at shutdown), deterministically.
      const at = await refer(store)
      const real = sqliteLeases(file.db)
      let answer = () => {}
      const held = new Promise<void>((resolve) => {
        answer = resolve
      })
      const asked: string[] = []
      const slow: LeaseStore = {
        ...real,
        acquire: async (name, holder, nowMs, ttlMs) => {
          asked.push(name)
          await held
          return real.acquire(name, holder, nowMs, ttlMs)
        },
      }
      const a = runner('server-a', 60_000, { leases: slow })
      a.start()
      expect(asked).toEqual(['complaint-referral', 'mediation-outcome'])
      const stopped = a.stop().then(() => 'stopped')
      answer()
      const bound = new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000))
      expect(await Promise.race([stopped, bound])).toBe('stopped')
      expect(a.active('complaint-referral')).toBe(false)
      expect(await real.holder('complaint-referral')).toBeUndefined()
      expect(await real.holder('mediation-outcome')).toBeUndefined()
      const b = runner('server-b')
      b.start()
      await b.waitFor('complaint-referral', at)
      expect(await disputesReported()).toHaveLength(1)
    })

    it('a handler that never answers is reported as a stall; the runner starts over and handles the event once', async () => {
      const at = await refer(store)
      let calls = 0
      // Fault injection: the first reaction hangs for ever (a query on a lost connection, say).
      const hangsOnce: ProcessDefinition = {
        ...referralProcess,
        react: (event, context) => ((calls += 1) === 1 ? new Promise(() => undefined) : referralProcess.react(event, context)),
      }
      const errors: string[] = []
      const r = runner('server-a', 60_000, { processes: [hangsOnce], stallMs: 2000, ...errorsOf(errors) })
      r.start()
      await r.waitFor('complaint-referral', at)
      expect(errors).toEqual([`complaint-referral: process complaint-referral: handling the event at position ${at} (ComplaintReferredToMediation): no answer within 2000 ms`])
      expect(calls).toBe(2)
      expect(await disputesReported()).toHaveLength(1)
      expect(await sqliteCheckpoints(file.db).load('process:complaint-referral')).toBe(at)
    })

    it('a lease store that stops answering while it follows: reported as a stall, the process no longer active, and stop still returns', async () => {
      const at = await refer(store)
      const real = sqliteLeases(file.db)
      let answering = true
      const failing: LeaseStore = {
        ...real,
        acquire: (name, holder, nowMs, ttlMs) => (answering ? real.acquire(name, holder, nowMs, ttlMs) : new Promise<boolean>(() => undefined)),
      }
      const errors: string[] = []
      const r = runner('server-a', 600, { processes: [referralProcess], leases: failing, stallMs: 3000, ...errorsOf(errors) })
      r.start()
      await r.waitFor('complaint-referral', at)
      expect(r.active('complaint-referral')).toBe(true)
      answering = false
      await until(() => errors.length > 0)
      expect(errors[0]).toBe('complaint-referral: process complaint-referral: its lease was not renewed for 600 ms (the lease store does not answer)')
      expect(r.active('complaint-referral')).toBe(false)
      await r.stop()
      expect(errors.slice(1).every((e) => e === 'complaint-referral: process complaint-referral: taking its lease: no answer within 3000 ms')).toBe(true)
    })
  })
})
