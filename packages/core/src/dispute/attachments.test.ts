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
