import { describe, expect, it } from 'vitest'
import { deciderSpec } from '../kernel/deciderSpec.js'
import { fold } from '../kernel/decider.js'
import { actors, at, CASE_NUMBER, command } from './fixtures.js'
import { disputeDecider } from './index.js'

const decider = disputeDecider()
const { given } = deciderSpec(decider)
const AGREEMENT = { sha256: 'd'.repeat(64), kind: 'agreement' as const, caption: '调解协议书（双方签字）' }
const RULING = { sha256: 'e'.repeat(64), kind: 'ruling' as const }

describe('dispute commands name attachments by hash: the signed agreement, the court’s ruling', () => {
  it('given a session held, when an oral agreement is recorded with its scan, then MediationAgreed carries it and the case lists it', () => {
    const events = given(at.session)
      .when(command('RecordAgreement', actors.peopleMediator, '2026-03-10T21:00:00+08:00', { form: 'oral', terms: ['赔偿2000元'], reachedOn: '2026-03-10', attachments: [AGREEMENT] }))
      .then((e) => expect(e[0]).toMatchObject({ type: 'MediationAgreed', data: { attachments: [AGREEMENT] } }))
    expect(fold(decider, events, fold(decider, at.session))).toMatchObject({ attachments: [{ ...AGREEMENT, attachedBy: 'MediationAgreed' }] })
  })

  it('given the court accepted the application, when the clerk records the confirmation with the ruling, then JudicialConfirmationGranted carries it', () => {
    given(at.courtAccepted)
      .when(command('RecordConfirmation', actors.courtClerk, '2026-03-12T10:00:00+08:00', { outcome: 'confirmed', caseNumber: CASE_NUMBER, ruling: '民事裁定书', attachments: [RULING] }))
      .then((e) => expect(e[0]).toMatchObject({ type: 'JudicialConfirmationGranted', data: { attachments: [RULING] } }))
  })
})

describe('a party files its own documents onto its dispute (SubmitDocuments, 提交材料)', () => {
  const CONSENT = { sha256: 'a'.repeat(64), kind: 'consent' as const, caption: '司法确认申请同意书' }
  const ID_CARD = { sha256: 'b'.repeat(64), kind: 'id-document' as const }
  const T = '2026-03-12T10:00:00+08:00'
  const submit = (who = actors.wang, attachments: { sha256: string; kind: 'consent' | 'id-document' | 'photo' }[] = [CONSENT, ID_CARD]) =>
    command('SubmitDocuments', who, T, { attachments })

  it('given a session held, when the applicant files its consent and ID card, then PartyDocumentsSubmitted names its party and the case lists both files', () => {
    const events = given(at.session)
      .when(submit())
      .then([{ type: 'PartyDocumentsSubmitted', data: { party: '王芳', attachments: [CONSENT, ID_CARD] } }])
    expect(fold(decider, events, fold(decider, at.session)).attachments).toEqual([
      { ...CONSENT, attachedBy: 'PartyDocumentsSubmitted' },
      { ...ID_CARD, attachedBy: 'PartyDocumentsSubmitted' },
    ])
  })

  it('the respondent files as itself: the event names its own party, whoever reported the case', () => {
    given(at.agreed).when(submit(actors.li, [ID_CARD])).then([{ type: 'PartyDocumentsSubmitted', data: { party: '李强', attachments: [ID_CARD] } }])
  })

  it.each([
    ['reported', at.reported],
    ['accepted', at.accepted],
    ['mediation-failed', at.failed],
    ['confirmation-applied', at.applied],
    ['fulfilment-recorded', at.fulfilled],
  ] as const)('given %s, a party may file', (_s, past) => {
    given(past).when(submit()).then((e) => expect(e.map((x) => x.type)).toEqual(['PartyDocumentsSubmitted']))
  })

  it.each([
    ['declined', at.declined],
    ['referred-to-litigation', at.litigation],
    ['closed', at.closed],
  ] as const)('given %s, then invalid-transition (nothing more is handled here)', (_s, past) => {
    given(past).when(submit()).then('invalid-transition')
  })

  it('a resident who is no party, and everyone not a party — an admin too — are forbidden: the handling roles attach with their own commands', () => {
    for (const who of [actors.stranger, actors.peopleMediator, actors.streetOfficer, actors.gridWorker, actors.admin]) {
      const decided = decider.decide(submit(who), fold(decider, at.session))
      expect(decided._tag === 'Left' && decided.left.code, who.role).toBe('forbidden')
    }
  })

  it('at least one file', () => {
    given(at.session).when(submit(actors.wang, [])).then('validation')
  })

  it('no case, then not-found', () => {
    given([]).when(submit()).then('not-found')
  })
})
