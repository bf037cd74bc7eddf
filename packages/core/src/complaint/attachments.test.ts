import { describe, expect, it } from 'vitest'
import { deciderSpec } from '../kernel/deciderSpec.js'
import { fold } from '../kernel/decider.js'
import { actors, command, historyUntil, registration } from './fixtures.js'
import { complaintDecider } from './index.js'

const decider = complaintDecider()
const spec = deciderSpec(decider)
const PHOTO = { sha256: 'c'.repeat(64), kind: 'photo' as const, caption: '暖气片已恢复' }

describe('complaint commands name attachments by hash; their events carry them', () => {
  it('given a case in hand, when the lead submits its result with photos, then ComplaintResultSubmitted carries them and the case shows them on its result', () => {
    const given = historyUntil('acknowledged')
    const events = spec
      .given(given.events)
      .when(command('SubmitResult', actors.gridWorker, '2026-03-05T16:00:00+08:00', { result: '已处理', outcome: 'resolved', attachments: [PHOTO] }))
      .then((e) => expect(e[0]).toMatchObject({ type: 'ComplaintResultSubmitted', data: { attachments: [PHOTO] } }))
    const state = fold(decider, events, given.state)
    expect(state).toMatchObject({ result: { attachments: [PHOTO] } })
  })

  it('given nothing, when a complaint is registered with photos of the problem, then the registration carries them', () => {
    spec
      .given([])
      .when(command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration({ attachments: [PHOTO] })))
      .then((e) => expect(e[0]).toMatchObject({ type: 'ComplaintRegistered', data: { attachments: [PHOTO] } }))
  })

  it('without attachments the events carry no attachments field (older shapes unchanged)', () => {
    spec
      .given(historyUntil('acknowledged').events)
      .when(command('SubmitResult', actors.gridWorker, '2026-03-05T16:00:00+08:00', { result: '已处理', outcome: 'resolved' }))
      .then((e) => expect(e[0]?.data).not.toHaveProperty('attachments'))
  })
})
