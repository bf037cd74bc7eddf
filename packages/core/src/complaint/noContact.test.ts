import { describe, expect, it } from 'vitest'
import { deciderSpec } from '../kernel/deciderSpec.js'
import type { DomainError } from '../kernel/errors.js'
import type { ComplaintEvent } from './events.js'
import { actors, command as cmd, registration, run, units } from './fixtures.js'
import { complaintDecider } from './index.js'
import type { Complainant } from './complainant.js'

// 匿名 (DOMAIN.md "Jurisdiction and actors": a complaint may be anonymous, no contact). The feedback (结果反馈) and the
// 回访 reach the complainant by the contact the case has: phone, sms or the app by its phone or its account, in person
// whoever comes with the case number. One with no phone and no account cannot be called: the hotline
// records no callback (whose answers the 三率 would count) and no phone notice it could not give, and the case, its result
// in, is closed without a notice.
const T = (local: string) => `2026-03-${local}+08:00`
const spec = deciderSpec(complaintDecider())
const anyEvents = (): void => undefined
const pathsOf = (error: DomainError): readonly string[] => (error.code === 'validation' ? error.errors.map((e) => e.path) : [])

const submitted = (complainant: Complainant | undefined): readonly ComplaintEvent[] =>
  run([
    cmd('RegisterComplaint', actors.operator, T('02T09:00:00'), { ...registration(), complainant }),
    cmd('AcceptComplaint', actors.operator, T('02T09:10:00'), {}),
    cmd('DispatchComplaint', actors.operator, T('02T10:00:00'), { unit: units.grid }),
    cmd('AcknowledgeComplaint', actors.gridWorker, T('02T11:00:00'), {}),
    cmd('SubmitResult', actors.gridWorker, T('05T16:00:00'), { result: '已清理', outcome: 'resolved' }),
  ]).events
const notified = (complainant: Complainant | undefined, method: 'phone' | 'in-person' = 'in-person'): readonly ComplaintEvent[] => {
  const past = submitted(complainant)
  return [...past, ...spec.given(past).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method })).then(anyEvents)]
}
const answers = { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' } as const

describe('a complaint with no contact (匿名: no phone, no account)', () => {
  for (const [label, complainant] of [['no complainant', undefined], ['an empty one', {}], ['a name only', { name: '王先生' }]] as const) {
    it(`${label}: no notice by phone, sms or app (validation at method); in person, yes`, () => {
      for (const method of ['phone', 'sms', 'app'] as const) {
        expect(pathsOf(spec.given(submitted(complainant)).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method })).then('validation'))).toEqual(['method'])
      }
      spec.given(submitted(complainant)).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'in-person' })).then(anyEvents)
    })

    it(`${label}: no callback (回访) — nobody to call, reached or not, notified or past the deadline (invalid-transition)`, () => {
      spec.given(notified(complainant)).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), answers)).then('invalid-transition')
      spec.given(notified(complainant)).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), { reached: false })).then('invalid-transition')
      // The result deadline (15 working days from Mon 3-02) is Mon 3-23: the day after, still nobody to call.
      spec.given(submitted(complainant)).when(cmd('RecordCallback', actors.operator, T('24T09:00:00'), answers)).then('invalid-transition')
    })

    it(`${label}: its result in, the hotline closes it un-notified (no-evaluation); a named reachable complainant's is not`, () => {
      const events = spec.given(submitted(complainant)).when(cmd('CloseComplaint', actors.operator, T('06T09:00:00'), {})).then(anyEvents)
      expect(events).toEqual([{ type: 'ComplaintClosed', data: expect.objectContaining({ closedAs: 'no-evaluation' }) }])
      spec.given(submitted(complainant)).when(cmd('CloseComplaint', actors.gridWorker, T('06T09:00:00'), {})).then('forbidden')
    })
  }

  it('with a phone: notice by phone, sms or app, a callback, and no closing before the notice (as before)', () => {
    const phone = { phone: '13912345678' }
    for (const method of ['phone', 'sms', 'app'] as const) spec.given(submitted(phone)).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method })).then(anyEvents)
    spec.given(notified(phone, 'phone')).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), answers)).then(anyEvents)
    spec.given(submitted(phone)).when(cmd('CloseComplaint', actors.operator, T('06T09:00:00'), { reason: 'x' })).then('invalid-transition')
  })

  it('with an account only (anonymous in the app): notice by app or phone, a callback (the account has a number)', () => {
    const account = { residentId: 'resident-1' }
    spec.given(submitted(account)).when(cmd('NotifyComplainant', actors.operator, T('05T17:00:00'), { method: 'app' })).then(anyEvents)
    spec.given(notified(account)).when(cmd('RecordCallback', actors.operator, T('06T09:00:00'), answers)).then(anyEvents)
    spec.given(submitted(account)).when(cmd('CloseComplaint', actors.operator, T('06T09:00:00'), { reason: 'x' })).then('invalid-transition')
  })
})
