import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { actors as complaintActors, command, historyUntil, registration, run } from '../complaint/fixtures.js'
import { complaintCommandData, complaintDecider } from '../complaint/index.js'
import { CATEGORIES } from '../dispute/commands.js'
import { actors, COMPLAINT_ID, DISPUTE_ID, GRID } from '../dispute/fixtures.js'
import { disputeDecider } from '../dispute/index.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { derivedId } from './derivedId.js'
import { processActor, processCommandId } from './mediationOutcome.js'
import { complaintReferral, REFERRAL_FAILURE_PROCESS, referralCommand, referralCommandId, referralFailureCommands } from './referral.js'

const referredData = {
  complaintId: COMPLAINT_ID,
  disputeId: DISPUTE_ID,
  disputeCategory: 'property',
  jurisdiction: GRID,
  applicant: { name: '王芳', phone: '13800138000' },
  respondents: [{ name: '某物业公司', phone: '0471-6612345' }, { name: '李强' }],
  summary: '物业费争议，经12345转调解',
  reason: '属民事纠纷，宜调解',
}

const recorded = (over: Partial<RecordedEvent> = {}, data: unknown = referredData): RecordedEvent => ({
  eventId: 'e5a1c3d2-1111-4222-8333-444455556666',
  streamId: `complaint-${COMPLAINT_ID}`,
  version: 4,
  position: 17,
  type: 'ComplaintReferredToMediation',
  schemaVersion: 1,
  data,
  metadata: {
    commandId: 'cmd-refer',
    correlationId: 'corr-12345-call',
    causationId: 'cmd-refer',
    actor: actors.hotline,
    occurredAt: '2026-03-05T10:00:00+08:00',
    recordedAt: '2026-03-05T02:00:00.120Z',
    prevHash: 'p',
    hash: 'h',
  },
  ...over,
})

const ok = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected a command, got ${JSON.stringify(r.left)}`)
  return r.right
}
const pathsOf = (r: E.Either<{ code: string; errors?: readonly { path: string }[] }, unknown>) =>
  E.isLeft(r) && r.left.code === 'validation' ? (r.left.errors ?? []).map((e) => e.path) : []

describe('the referral process (诉求 → 矛盾纠纷)', () => {
  it('turns ComplaintReferredToMediation into ReportDispute: source referral, the dispute id chosen by the complaint, both sides as parties', () => {
    expect(ok(referralCommand(recorded())).data).toEqual({
      id: DISPUTE_ID,
      source: 'referral',
      category: 'property',
      jurisdiction: GRID,
      parties: [
        { side: 'applicant', name: '王芳', phone: '13800138000' },
        { side: 'respondent', name: '某物业公司', phone: '0471-6612345' },
        { side: 'respondent', name: '李强' },
      ],
      summary: '物业费争议，经12345转调解',
      complaintId: COMPLAINT_ID,
      referralReason: '属民事纠纷，宜调解',
    })
  })

  it("keeps the event's correlation id, names the event as the cause, and acts as the event's actor at its time", () => {
    const { meta } = ok(referralCommand(recorded()))
    expect(meta).toEqual({
      commandId: referralCommandId('e5a1c3d2-1111-4222-8333-444455556666'),
      correlationId: 'corr-12345-call',
      causationId: 'e5a1c3d2-1111-4222-8333-444455556666',
      actor: actors.hotline,
      at: '2026-03-05T10:00:00+08:00',
    })
  })

  it('derives the command id from the event id: the same event gives the same id, another event another id', () => {
    const a = ok(referralCommand(recorded())).meta.commandId
    const again = ok(referralCommand(recorded())).meta.commandId
    const other = ok(referralCommand(recorded({ eventId: 'f0000000-1111-4222-8333-444455556666' }))).meta.commandId
    expect([a === again, a === other]).toEqual([true, false])
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('derivedId is a pure function of its name', () => {
    expect(derivedId('x')).toBe(derivedId('x'))
    expect(derivedId('x')).not.toBe(derivedId('y'))
  })

  it.each([
    ['hotline operator', actors.hotline],
    ['grid worker', actors.gridWorker],
    ['community worker', actors.communityWorker],
    ['street officer', actors.streetOfficer],
  ])('a referral made by a %s opens the dispute (the roles that may refer a complaint may report the referral)', (_n, actor) => {
    const decider = disputeDecider()
    const command = ok(referralCommand(recorded({ metadata: { ...recorded().metadata, actor } })))
    expect(E.isRight(decider.decide(command, decider.initialState))).toBe(true)
  })

  it('a bad phone in the referral is named by its path in the event', () => {
    const data = { ...referredData, respondents: [{ name: '某物业公司', phone: '6612345' }] }
    expect(pathsOf(referralCommand(recorded({}, data)))).toEqual(['respondents[0].phone'])
  })

  it('a referral naming no respondent cannot open a dispute: parties needs one', () => {
    expect(pathsOf(referralCommand(recorded({}, { ...referredData, respondents: [] })))).toEqual(['parties'])
  })

  it('an unknown dispute category is named', () => {
    expect(pathsOf(referralCommand(recorded({}, { ...referredData, disputeCategory: 'heating' })))).toEqual(['disputeCategory'])
  })

  it('another event type is refused by referralCommand and ignored by the process', () => {
    const other = recorded({ type: 'ComplaintAccepted' })
    expect(pathsOf(referralCommand(other))).toEqual(['type'])
    expect(complaintReferral.react(other)).toEqual(E.right([]))
    expect(ok(complaintReferral.react(recorded()))).toHaveLength(1)
  })
})

describe('a referral the complaint accepts is one the dispute accepts', () => {
  const complainants = [
    { name: '李四', phone: '13912345678', residentId: 'resident-1' },
    { name: '王五', phone: '0471-6612345' },
  ]
  const names = fc.constantFrom('赵六', '钱七', '李四', ' 李四', '王五', '某物业公司', '', 'x'.repeat(51))
  const referralData = fc.record({
    disputeId: fc.constantFrom(DISPUTE_ID, '1b4e28ba-2fa1-4d3b-8c2d-1e0f9a8b7c6e', 'not-a-uuid'),
    disputeCategory: fc.constantFrom(...CATEGORIES, '邻里', 'heating', ''),
    respondents: fc.array(fc.record({ name: names, phone: fc.constantFrom(undefined, '13700001111', '0471-6612345', '12345') }), { maxLength: 3 }),
    summary: fc.constantFrom('纠纷', '漏'.repeat(4000), '漏'.repeat(4001), '  '),
    reason: fc.constantFrom(undefined, '属民事纠纷', ''),
  })
  // Drops undefined fields, as JSON would.
  const plain = (o: object): unknown => JSON.parse(JSON.stringify(o))

  it('whenever ReferToMediation is accepted, its event becomes a ReportDispute the dispute decider accepts', () => {
    const decider = complaintDecider()
    let accepted = 0
    fc.assert(
      fc.property(fc.constantFrom(...complainants), referralData, (complainant, data) => {
        const { state } = run([
          command('RegisterComplaint', complaintActors.operator, '2026-03-02T09:00:00+08:00', registration({ complainant })),
          command('AcceptComplaint', complaintActors.operator, '2026-03-02T09:10:00+08:00', {}),
        ])
        // Decoded once at the edge, as the pipeline does: data the edge refuses never reaches the decider.
        const decoded = complaintCommandData.ReferToMediation.decode(plain(data))
        if (E.isLeft(decoded)) return
        const refer = { type: 'ReferToMediation' as const, data: decoded.right, meta: { commandId: 'c', actor: complaintActors.operator, at: '2026-03-02T10:00:00+08:00' } }
        const decided = decider.decide(refer, state)
        if (E.isLeft(decided)) return
        accepted += 1
        const [event] = decided.right
        const reported = ok(referralCommand(recorded({}, event?.data)))
        const disputes = disputeDecider()
        expect(disputes.decide(reported, disputes.initialState)).toMatchObject({ _tag: 'Right' })
      }),
      { numRuns: 300 },
    )
    // The property says something only if some referrals got through.
    expect(accepted).toBeGreaterThan(0)
  })

  it('the complainant’s resident account becomes the applicant party’s residentId', () => {
    const { state } = historyUntil('registered')
    const refer = command('ReferToMediation', complaintActors.operator, '2026-03-02T10:00:00+08:00', {
      disputeId: DISPUTE_ID,
      disputeCategory: 'neighbour',
      respondents: [{ name: '赵六' }],
      summary: '楼上漏水',
    })
    const [event] = ok(complaintDecider().decide(refer, state))
    expect(ok(referralCommand(recorded({}, event?.data))).data.parties).toEqual([
      { side: 'applicant', name: '李四', phone: '13912345678', residentId: 'resident-1' },
      { side: 'respondent', name: '赵六' },
    ])
  })
})

describe('a referral the dispute side refuses for good', () => {
  const refused = { code: 'already-exists', message: 'a case with this id already exists' } as const

  it('comes back on the complaint: record-referral-failure, by the process as an admin of the complaint’s jurisdiction, its id derived from the event', () => {
    const event = recorded()
    expect(ok(referralFailureCommands(event, refused))).toEqual([
      {
        caseType: 'complaint-',
        caseId: COMPLAINT_ID,
        command: 'record-referral-failure',
        data: { disputeId: DISPUTE_ID, code: 'already-exists', reason: 'a case with this id already exists' },
        meta: {
          commandId: processCommandId(REFERRAL_FAILURE_PROCESS, event.eventId),
          actor: processActor('complaint-referral', GRID),
          at: '2026-03-05T10:00:00+08:00',
          correlationId: 'corr-12345-call',
          causationId: event.eventId,
        },
      },
    ])
    // Recorded once: the same event gives the same command id.
    expect(ok(referralFailureCommands(recorded(), refused))[0]?.meta.commandId).toBe(ok(referralFailureCommands(event, refused))[0]?.meta.commandId)
  })

  it('the complaint decider takes it: the case goes back to where it was before the referral', () => {
    const decider = complaintDecider()
    const before = historyUntil('acknowledged')
    const referredCase = run(
      [command('ReferToMediation', complaintActors.gridWorker, '2026-03-03T09:00:00+08:00', { disputeId: DISPUTE_ID, disputeCategory: 'property', respondents: [{ name: '某物业公司' }], summary: '物业费争议' })],
      {},
      before,
    )
    const [failed] = ok(referralFailureCommands(recorded({ streamId: `complaint-${before.state.status === 'none' ? '' : before.state.id}` }, { ...referredData, complaintId: before.state.status === 'none' ? '' : before.state.id }), refused))
    if (failed === undefined) throw new Error('no command')
    const cmd = { type: 'RecordReferralFailure', data: failed.data, meta: { ...failed.meta, actor: processActor('complaint-referral', complaintActors.gridWorker.jurisdiction) } } as unknown as Parameters<typeof decider.decide>[0]
    const decided = decider.decide(cmd, referredCase.state)
    expect(E.isRight(decided) && decided.right.reduce(decider.evolve, referredCase.state).status).toBe('acknowledged')
  })
})
