import type { Either } from 'fp-ts/lib/Either.js'
import type { DomainError } from './errors.js'

/** The whole domain contract: decide what happens, then fold what happened. */
export interface Decider<Command, Event, State> {
  readonly initialState: State
  decide(command: Command, state: State): Either<DomainError, readonly Event[]>
  evolve(state: State, event: Event): State
}

/** Folds events over a decider's initial state. */
export const fold = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>, from: S = decider.initialState): S => {
  let state = from
  for (const event of events) state = decider.evolve(state, event)
  return state
}
