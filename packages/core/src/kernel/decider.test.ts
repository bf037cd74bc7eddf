import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { caseIdOf, streamIdOf } from './caseType.js'
import { fold, type Decider } from './decider.js'
import type { HandleResult } from './handler.js'
import type { DomainEvent } from './meta.js'

type Pushed = DomainEvent<'Pushed', { readonly value: number }>
// Order-sensitive on purpose: a fold that skipped or reordered events would show.
const list: Decider<never, Pushed, readonly number[]> = {
  initialState: [],
  decide: () => E.right([]),
  evolve: (state, event) => [...state, event.data.value],
}
const pushed = (value: number): Pushed => ({ type: 'Pushed', data: { value } })

describe('fold', () => {
  it('folding in two parts equals folding at once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.nat(), (values, cutSeed) => {
        const events = values.map(pushed)
        const cut = cutSeed % (events.length + 1)
        expect(fold(list, events.slice(cut), fold(list, events.slice(0, cut)))).toEqual(fold(list, events))
      }),
    )
  })

  it('folds every event in order, from the initial state by default', () => {
    expect(fold(list, [pushed(3), pushed(1), pushed(2)])).toEqual([3, 1, 2])
    expect(fold(list, [])).toBe(list.initialState)
  })
})

describe('stream ids', () => {
  it('a case id survives the trip through its stream id', () => {
    fc.assert(fc.property(fc.string(), (caseId) => caseIdOf({ streamPrefix: 'complaint-' }, streamIdOf({ streamPrefix: 'complaint-' }, caseId)) === caseId))
  })

  it('a stream of another case type has no case id here', () => {
    expect(caseIdOf({ streamPrefix: 'complaint-' }, 'dispute-1')).toBeUndefined()
  })
})

describe('types', () => {
  it('a handle result carries the decider’s event types and state', () => {
    type Result = HandleResult<Pushed, readonly number[]>
    expectTypeOf<Result['events'][number]['type']>().toEqualTypeOf<'Pushed'>()
    expectTypeOf<Result['events'][number]['data']>().toEqualTypeOf<{ readonly value: number }>()
    expectTypeOf<Result['state']>().toEqualTypeOf<readonly number[]>()
    expectTypeOf<Result['version']>().toEqualTypeOf<number | 'no-stream'>()
  })
})
