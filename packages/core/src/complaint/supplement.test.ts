// 补充诉求 / 补充材料: the complainant adds detail or files to its open complaint (SupplementComplaint →
// ComplaintSupplemented); the case keeps them in order. Who may, when, with what — and what it does not move.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sealLog } from '../audit/sealedLog.js'
import { fold } from '../kernel/decider.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { Actor } from '../kernel/actor.js'
import type { DomainError } from '../kernel/errors.js'
import { canSee } from '../pipeline/visibility.js'
import { decodeCommand } from '../pipeline/execute.js'
import { dashboardProjection, dashboardView } from '../projections/dashboard.js'
import { replay } from '../projections/projection.js'
import type { ComplaintEvent } from './events.js'
import { actors, CASE_ID, command, historyUntil, meta, OTHER_CASE_ID, registration, run, units, type Run } from './fixtures.js'
import { complaint, complaintDecider } from './index.js'
import type { ComplaintCase } from './state.js'

const decider = complaintDecider()
const spec = deciderSpec(decider)
const T = (dayTime: string): string => `2026-03-${dayTime}+08:00`
const PHOTO = { sha256: 'a'.repeat(64), kind: 'photo' as const, caption: '楼道暖气片' }
const CONTRACT = { sha256: 'b'.repeat(64), kind: 'document' as const }
const TEXT = '补充：2单元整栋楼都不热，物业电话 13912345678 打不通。'

const supplement = (actor: Actor = actors.resident, at = T('03T09:00:00'), data: { text?: string; attachments?: (typeof PHOTO | typeof CONTRACT)[] } = { text: TEXT }) =>
  command('SupplementComplaint', actor, at, data)
const caseOf = (r: Run): ComplaintCase => r.state as ComplaintCase
const then = (r: Run, ...commands: Parameters<typeof run>[0]): Run => run(commands, {}, r)

describe('the complainant adds to its open complaint (补充诉求 / 补充材料)', () => {
  it('given a case in hand, when its owner adds text and a photo, then ComplaintSupplemented carries them and the case lists the supplement', () => {
    const given = historyUntil('acknowledged')
    const events = spec
      .given(given.events)
      .when(supplement(actors.resident, T('03T09:00:00'), { text: TEXT, attachments: [PHOTO] }))
      .then([{ type: 'ComplaintSupplemented', data: { complaintId: CASE_ID, at: T('03T09:00:00'), text: TEXT, attachments: [PHOTO] } }])
    const after = fold(decider, events, given.state) as ComplaintCase
    expect(after.supplements).toEqual([{ at: T('03T09:00:00'), text: TEXT, attachments: [PHOTO] }])
    expect(after.status).toBe('acknowledged')
  })

  it('keeps every supplement, in order; one with text only or files only carries only that field', () => {
    const r = then(
      historyUntil('dispatched'),
      supplement(actors.resident, T('02T12:00:00'), { text: '还有：楼上也漏水' }),
      supplement(actors.operator, T('02T13:00:00'), { attachments: [CONTRACT] }),
      supplement(actors.resident, T('02T14:00:00'), { text: '附合同照片', attachments: [PHOTO] }),
    )
    expect(caseOf(r).supplements).toEqual([
      { at: T('02T12:00:00'), text: '还有：楼上也漏水' },
      { at: T('02T13:00:00'), attachments: [CONTRACT] },
      { at: T('02T14:00:00'), text: '附合同照片', attachments: [PHOTO] },
    ])
    const last3 = r.events.slice(-3)
    expect(last3[0]?.data).not.toHaveProperty('attachments')
    expect(last3[1]?.data).not.toHaveProperty('text')
  })

  it('the hotline may add it on the complainant’s call, from registration on; a case never supplemented has no supplements key', () => {
    const registered = historyUntil('registered')
    expect(caseOf(registered)).not.toHaveProperty('supplements')
    spec.given(registered.events).when(supplement(actors.operator, T('02T09:05:00'))).then((e) => expect(e.map((x) => x.type)).toEqual(['ComplaintSupplemented']))
  })

  it('moves no deadline and no status: acknowledgement and result deadlines, round and updatedAt aside, the case is as it was', () => {
    const given = historyUntil('dispatched')
    const before = caseOf(given)
    const after = caseOf(then(given, supplement(actors.resident, T('02T12:00:00'))))
    const { supplements, updatedAt, ...rest } = after
    expect(rest).toEqual((({ updatedAt: _u, ...r }) => r)(before))
    expect(supplements).toHaveLength(1)
    expect(updatedAt).toBe(T('02T12:00:00'))
    expect([after.acknowledgeBy, after.resultBy, after.status]).toEqual([before.acknowledgeBy, before.resultBy, 'dispatched'])
  })
})

describe('who may not add to a complaint', () => {
  it('another resident: not its case — forbidden by the decider, and the pipeline does not show it the case at all (not-found)', () => {
    const given = historyUntil('acknowledged')
    spec.given(given.events).when(supplement(actors.otherResident)).then('forbidden')
    expect(canSee(complaint, given.state, actors.otherResident)).toBe(false)
    expect(canSee(complaint, given.state, actors.resident)).toBe(true)
  })

  it('the handling unit, a supervisor or an auditor: it is the complainant’s word (forbidden)', () => {
    const given = historyUntil('acknowledged')
    for (const actor of [actors.gridWorker, actors.supervisor, actors.auditor]) spec.given(given.events).when(supplement(actor)).then('forbidden')
  })

  it('a patrol finding has no complainant (invalid-transition, saying so)', () => {
    const { complainant: _none, ...found } = registration({ channel: 'grid-visit' })
    const patrol = run([command('RegisterComplaint', actors.gridWorker, T('02T09:00:00'), { ...found, source: 'patrol', photos: ['a3f5c2d18e9b4f6a7c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b'], location: { longitude: 111.7, latitude: 40.8 } })])
    const error = spec.given(patrol.events).when(supplement(actors.operator, T('02T10:00:00'))).then('invalid-transition')
    expect(error.message).toContain('no complainant')
  })
})

describe('when a complaint may not be added to', () => {
  it('closed, rejected or merged: invalid-transition, naming the state', () => {
    const notified = historyUntil('notified')
    const closed = then(notified, command('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating: 'satisfied' }), command('CloseComplaint', actors.operator, T('06T10:00:00'), {}))
    const rejected = then(historyUntil('registered'), command('RejectComplaint', actors.operator, T('02T09:30:00'), { reason: '非本市事项' }))
    const merged = then(historyUntil('accepted'), command('MergeComplaint', actors.operator, T('02T09:30:00'), { primaryId: OTHER_CASE_ID }))
    for (const [r, state] of [[closed, 'closed'], [rejected, 'rejected'], [merged, 'merged']] as const) {
      const error = spec.given(r.events).when(supplement(actors.resident, T('07T09:00:00'))).then('invalid-transition')
      expect(error).toMatchObject({ state, command: 'SupplementComplaint' })
    }
  })

  it('still open after the result (notified, evaluated) and while referred to mediation: allowed', () => {
    const notified = historyUntil('notified')
    spec.given(notified.events).when(supplement(actors.resident, T('05T18:00:00'))).then((e) => expect(e).toHaveLength(1))
    const evaluated = then(notified, command('EvaluateComplaint', actors.resident, T('06T09:00:00'), { rating: 'unsatisfied' }))
    spec.given(evaluated.events).when(supplement(actors.resident, T('06T10:00:00'))).then((e) => expect(e).toHaveLength(1))
    const referred = then(historyUntil('acknowledged'), command('ReferToMediation', actors.operator, T('03T09:00:00'), { disputeCategory: 'neighbour', respondents: [{ name: '赵六' }], summary: '楼上漏水' }))
    expect(referred.state.status).toBe('referred-to-mediation')
    spec.given(referred.events).when(supplement(actors.resident, T('03T10:00:00'))).then((e) => expect(e).toHaveLength(1))
  })
})

describe('an empty supplement is refused where commands are decoded, naming the field', () => {
  const decoded = (data: unknown): E.Either<DomainError, unknown> => decodeCommand(complaint, CASE_ID, 'supplement', data, meta(actors.resident, T('03T09:00:00')))
  const pathsOf = (data: unknown): readonly string[] => {
    const result = decoded(data)
    if (E.isRight(result) || result.left.code !== 'validation') throw new Error(`expected a validation error for ${JSON.stringify(data)}`)
    return result.left.errors.map((e) => e.path)
  }

  it('neither text nor attachments: `text`; an empty list of attachments: `attachments`; blank text: `text`', () => {
    expect(pathsOf({})).toEqual(['text'])
    expect(pathsOf({ attachments: [] })).toEqual(['attachments'])
    expect(pathsOf({ text: '  ', attachments: [PHOTO] })).toEqual(['text'])
    expect(pathsOf({ text: 'x'.repeat(5001) })).toEqual(['text'])
    expect(pathsOf({ text: '补充', extra: 1 })).toEqual(['extra'])
  })

  it('text alone, files alone, or both decode', () => {
    for (const data of [{ text: '补充' }, { attachments: [PHOTO] }, { text: '补充', attachments: [PHOTO, CONTRACT] }]) expect(E.isRight(decoded(data))).toBe(true)
  })
})

describe('a supplement changes no figure on the dashboard', () => {
  it('the same view, field for field, with and without two supplements in the case’s history', () => {
    const path = then(
      historyUntil('acknowledged', units.community, actors.communityWorker),
      command('SubmitResult', actors.communityWorker, T('05T16:00:00'), { result: '已处理', outcome: 'resolved' }),
    )
    const supplements: readonly ComplaintEvent[] = [
      { type: 'ComplaintSupplemented', data: { complaintId: CASE_ID, at: T('03T09:00:00'), text: TEXT } },
      { type: 'ComplaintSupplemented', data: { complaintId: CASE_ID, at: T('04T09:00:00'), attachments: [PHOTO] } },
    ]
    const drafts = (events: readonly ComplaintEvent[]) =>
      events.map((e) => ({ streamId: `complaint-${CASE_ID}`, type: e.type, at: (e.data as { at: string }).at, actor: actors.operator, data: e.data }))
    const acknowledged = path.events.findIndex((e) => e.type === 'ComplaintAcknowledged') + 1
    const without = sealLog(drafts(path.events))
    const withSupplements = sealLog(drafts([...path.events.slice(0, acknowledged), ...supplements, ...path.events.slice(acknowledged)]))
    const filter = { from: T('01T00:00:00'), to: '2026-04-01T00:00:00+08:00', asOf: T('20T00:00:00') }
    const a = dashboardView(replay(dashboardProjection, without), filter)
    const b = dashboardView(replay(dashboardProjection, withSupplements), filter)
    // The log's position is two events further on; every figure is the same.
    expect({ ...b, position: a.position }).toEqual(a)
    expect(a.counts.complaint.total).toBe(1)
  })
})
