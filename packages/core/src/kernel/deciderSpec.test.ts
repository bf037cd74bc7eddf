import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Decider } from './decider.js'
import { deciderSpec, isDeciderSpecError } from './deciderSpec.js'
import { invalidTransition, validationError } from './errors.js'

// A tiny wallet: deposits add up; a withdrawal beyond the balance is refused. The decision depends on
// the folded history, so a spec that ignored `given` would fail the tests below.
type Command = { readonly type: 'Deposit' | 'Withdraw'; readonly amount: number; readonly note?: string }
type Event = { readonly type: 'Deposited' | 'Withdrawn'; readonly data: { readonly amount: number; readonly balance: number; readonly note?: string } }
const wallet: Decider<Command, Event, number> = {
  initialState: 0,
  decide: (c, balance) => {
    if (c.amount <= 0) return E.left(validationError([{ path: 'amount', message: 'expected more than 0' }]))
    if (c.type === 'Withdraw' && c.amount > balance) return E.left(invalidTransition(`balance ${balance}`, c.type, 'not enough money'))
    const next = c.type === 'Deposit' ? balance + c.amount : balance - c.amount
    return E.right([{ type: c.type === 'Deposit' ? 'Deposited' : 'Withdrawn', data: { amount: c.amount, balance: next, note: c.note } }])
  },
  evolve: (_balance, e) => e.data.balance,
}
const spec = deciderSpec(wallet)
const deposited = (amount: number, balance: number): Event => ({ type: 'Deposited', data: { amount, balance } })

/** Runs `f` and returns the DeciderSpecError it throws (fails the test when it throws none or another). */
const failure = (f: () => unknown): Error & { expected: unknown; actual: unknown } => {
  try {
    f()
  } catch (e) {
    if (isDeciderSpecError(e)) return e
    throw e
  }
  throw new Error('expected the spec to fail, it passed')
}

describe('then(events): exactly these events', () => {
  it('passes when the decision is these events, and returns them', () => {
    const events = spec.given([deposited(10, 10)]).when({ type: 'Deposit', amount: 5 }).then([deposited(5, 15)])
    expect(events).toEqual([deposited(5, 15)])
  })

  it('decides on the state folded from the given events', () => {
    spec.given([deposited(10, 10), deposited(5, 15)]).when({ type: 'Withdraw', amount: 15 }).then([{ type: 'Withdrawn', data: { amount: 15, balance: 0 } }])
    spec.given([deposited(10, 10)]).when({ type: 'Withdraw', amount: 15 }).then('invalid-transition')
  })

  it('fails naming the first field that differs, with expected and actual for a diff', () => {
    const e = failure(() => spec.given([deposited(10, 10)]).when({ type: 'Deposit', amount: 5 }).then([deposited(5, 16)]))
    expect(e.message).toBe('when Deposit: the events differ at [0].data.balance')
    expect(e.expected).toEqual([deposited(5, 16)])
    expect(e.actual).toEqual([deposited(5, 15)])
  })

  it('fails on too few or too many events, and on another event type', () => {
    const when = spec.given([]).when({ type: 'Deposit', amount: 5 })
    expect(failure(() => when.then([])).message).toBe('when Deposit: the events differ at .length')
    expect(failure(() => when.then([deposited(5, 5), deposited(5, 5)])).message).toBe('when Deposit: the events differ at .length')
    expect(failure(() => when.then([{ type: 'Withdrawn', data: { amount: 5, balance: 5 } }])).message).toBe('when Deposit: the events differ at [0].type')
  })

  it('fails on a field the events have and the expectation lacks, and the other way round', () => {
    const noted = spec.given([]).when({ type: 'Deposit', amount: 5, note: 'rent' })
    expect(failure(() => noted.then([deposited(5, 5)])).message).toBe('when Deposit: the events differ at [0].data.note')
    const plain = spec.given([]).when({ type: 'Deposit', amount: 5 })
    expect(failure(() => plain.then([{ type: 'Deposited', data: { amount: 5, balance: 5, note: 'rent' } }])).message).toBe(
      'when Deposit: the events differ at [0].data.note',
    )
  })

  it('treats an undefined field as absent, as toEqual does', () => {
    spec.given([]).when({ type: 'Deposit', amount: 5, note: undefined }).then([deposited(5, 5)])
  })

  it('honours asymmetric matchers (expect.objectContaining) in the expectation, and fails when they do not match', () => {
    const when = spec.given([]).when({ type: 'Deposit', amount: 5, note: 'rent' })
    when.then([{ type: 'Deposited', data: expect.objectContaining({ amount: 5 }) }])
    expect(failure(() => when.then([{ type: 'Deposited', data: expect.objectContaining({ amount: 6 }) }])).message).toBe(
      'when Deposit: the events differ at [0].data',
    )
  })

  it('fails when the command is refused, with the code and message', () => {
    const e = failure(() => spec.given([]).when({ type: 'Withdraw', amount: 1 }).then([deposited(1, 1)]))
    expect(e.message).toBe('when Withdraw: expected events, got invalid-transition: Withdraw is not allowed in state balance 0: not enough money')
  })

  it('passes exactly when the events are equal (property: then(x) passes iff decide gives x)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 5 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 200 }), (amounts, amount, guess) => {
        let balance = 0
        const history = amounts.map((a) => deposited(a, (balance += a)))
        const when = spec.given(history).when({ type: 'Deposit', amount })
        const passes = (() => {
          try {
            when.then([deposited(amount, guess)])
            return true
          } catch (e) {
            if (isDeciderSpecError(e)) return false
            throw e
          }
        })()
        expect(passes).toBe(guess === balance + amount)
      }),
    )
  })
})

describe('then(code): a refusal with this code', () => {
  it('passes on a refusal with the code and returns the error', () => {
    const error = spec.given([]).when({ type: 'Deposit', amount: 0 }).then('validation')
    expect(error.code === 'validation' && error.errors.map((f) => f.path)).toEqual(['amount'])
  })

  it('fails on a refusal with another code', () => {
    const e = failure(() => spec.given([]).when({ type: 'Deposit', amount: 0 }).then('forbidden'))
    expect(e.message).toBe('when Deposit: expected a refusal (forbidden), got validation: The input is not valid: amount: expected more than 0')
    expect([e.expected, e.actual]).toEqual(['forbidden', 'validation'])
  })

  it('fails when the command is decided, naming the events', () => {
    const e = failure(() => spec.given([]).when({ type: 'Deposit', amount: 5 }).then('validation'))
    expect(e.message).toBe('when Deposit: expected a refusal (validation), got events Deposited')
  })
})

describe('then(check): events, inspected by the caller', () => {
  it('hands the events to the check and returns them', () => {
    const seen: unknown[] = []
    const events = spec.given([]).when({ type: 'Deposit', amount: 5 }).then((e) => seen.push(...e))
    expect([seen, events]).toEqual([[deposited(5, 5)], [deposited(5, 5)]])
  })

  it('lets the check fail the test', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Deposit', amount: 5 })
        .then((events) => expect(events).toHaveLength(2)),
    ).toThrow(/length/)
  })

  it('fails, without calling the check, when the command is refused', () => {
    let called = false
    const e = failure(() => spec.given([]).when({ type: 'Deposit', amount: -1 }).then(() => (called = true)))
    expect([e.message.startsWith('when Deposit: expected events, got validation'), called]).toEqual([true, false])
  })
})
