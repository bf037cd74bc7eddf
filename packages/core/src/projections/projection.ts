import type { RecordedEvent } from '../kernel/envelope.js'

/**
 * A projection (读模型): a pure fold over the global log. The same value serves a live
 * dashboard, a rebuild from position 0 and an auditor's "as of" query.
 *
 * `init` returns a fresh state on every call. `apply` may update the state it is given
 * and returns the next state: the fold owns its state, so nobody keeps a state after
 * passing it to `apply` (that is what makes a million-event replay cheap). Given the
 * same events from `init`, `apply` always reaches the same state: no clock, no randomness.
 */
export interface Projection<S> {
  /** Stable name: the key of its checkpoint and saved read model. */
  readonly name: string
  // Method syntax on purpose: a Projection<Dashboard> can then sit in a list of Projection<unknown>.
  init(): S
  apply(state: S, event: RecordedEvent): S
  /** Turn the state into JSON-safe data to save beside the checkpoint (default: the state itself). */
  encode?(state: S): unknown
  /** The inverse of `encode`; returns undefined when the saved data is not understood (then the runner rebuilds). */
  decode?(saved: unknown): S | undefined
}

/** Folds events into a projection from its initial state (or from a given state). */
export const replay = <S>(projection: Projection<S>, events: Iterable<RecordedEvent>, from?: S): S => {
  let state = from ?? projection.init()
  for (const event of events) state = projection.apply(state, event)
  return state
}
