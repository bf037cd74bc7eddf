// Given / when / then for deciders, usable from any test runner: a failed expectation throws a
// DeciderSpecError (an Error with `expected` and `actual`, which vitest and jest show as a diff).
import * as E from 'fp-ts/lib/Either.js'
import { fold, type Decider } from './decider.js'
import type { DomainError, DomainErrorCode } from './errors.js'

/** The error a failed decider expectation throws. */
export interface DeciderSpecError extends Error {
  readonly name: 'DeciderSpecError'
  readonly expected: unknown
  readonly actual: unknown
}

/** Recognises a DeciderSpecError by name, so it works across package copies (no instanceof on a class). */
export const isDeciderSpecError = (value: unknown): value is DeciderSpecError =>
  value instanceof Error && value.name === 'DeciderSpecError'

const specError = (message: string, expected: unknown, actual: unknown): DeciderSpecError =>
  Object.assign(new Error(message), { name: 'DeciderSpecError' as const, expected, actual })

/** The decision for one command, waiting for what the test expects of it. */
export interface DecisionSpec<Event> {
  /** Expects exactly these events (compared like `toEqual`: undefined fields ignored, asymmetric matchers honoured); returns them. */
  then(expected: readonly Event[]): readonly Event[]
  /** Expects a refusal with this code; returns the error for further checks. */
  then(code: DomainErrorCode): DomainError
  /**
   * Expects events, and hands them to `check` (which may throw); returns them. (So `await` on a
   * decision resolves to its events, or rejects with the DeciderSpecError of a refusal.)
   */
  then(check: (events: readonly Event[]) => void): readonly Event[]
}

/** Given past events (folded from the decider's initial state), when a command. */
export interface DeciderSpec<Command, Event> {
  given(history: readonly Event[]): { when(command: Command): DecisionSpec<Event> }
}

/** Given past events, when a command, then new events or a `DomainError` code. */
export const deciderSpec = <Command, Event, State>(decider: Decider<Command, Event, State>): DeciderSpec<Command, Event> => ({
  given: (history) => ({
    when: (command) => {
      const decision = decider.decide(command, fold(decider, history))
      const what = describeCommand(command)
      const refusal = (error: DomainError) => `${error.code}: ${error.message}`
      function then(expected: readonly Event[]): readonly Event[]
      function then(code: DomainErrorCode): DomainError
      function then(check: (events: readonly Event[]) => void): readonly Event[]
      function then(expected: readonly Event[] | DomainErrorCode | ((events: readonly Event[]) => void)): readonly Event[] | DomainError {
        if (typeof expected === 'string') {
          if (E.isRight(decision)) {
            throw specError(`${what}: expected a refusal (${expected}), got events ${eventTypes(decision.right)}`, expected, decision.right)
          }
          if (decision.left.code !== expected) {
            throw specError(`${what}: expected a refusal (${expected}), got ${refusal(decision.left)}`, expected, decision.left.code)
          }
          return decision.left
        }
        if (E.isLeft(decision)) {
          throw specError(`${what}: expected events, got ${refusal(decision.left)}`, typeof expected === 'function' ? 'events' : expected, decision.left)
        }
        if (typeof expected === 'function') {
          expected(decision.right)
          return decision.right
        }
        const where = firstDifference(expected, decision.right, '')
        if (where !== undefined) {
          throw specError(`${what}: the events differ at ${where === '' ? 'the top' : where}`, expected, decision.right)
        }
        return decision.right
      }
      return { then }
    },
  }),
})

const describeCommand = (command: unknown): string =>
  isRecord(command) && typeof command['type'] === 'string' ? `when ${command['type']}` : 'when the command'

const eventTypes = (events: readonly unknown[]): string =>
  events.length === 0 ? '(none)' : events.map((e) => (isRecord(e) && typeof e['type'] === 'string' ? e['type'] : '?')).join(', ')

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null

// vitest's and jest's `expect.objectContaining(...)` etc. are objects with this method.
const isAsymmetricMatcher = (value: unknown): value is { asymmetricMatch(other: unknown): boolean } =>
  isRecord(value) && typeof value['asymmetricMatch'] === 'function'

/**
 * The path of the first place `actual` differs from `expected`, or undefined when they are equal.
 * Event data is JSON, so equality is structural, with `toEqual`'s rule that an undefined field is absent.
 */
const firstDifference = (expected: unknown, actual: unknown, path: string): string | undefined => {
  if (isAsymmetricMatcher(expected)) return expected.asymmetricMatch(actual) ? undefined : path
  if (Object.is(expected, actual)) return undefined
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return path
    if (expected.length !== actual.length) return `${path}.length`
    for (const [i, item] of expected.entries()) {
      const diff = firstDifference(item, actual[i], `${path}[${i}]`)
      if (diff !== undefined) return diff
    }
    return undefined
  }
  if (!isRecord(expected) || !isRecord(actual)) return path
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
  for (const key of keys) {
    const diff = firstDifference(expected[key], actual[key], path === '' ? key : `${path}.${key}`)
    if (diff !== undefined) return diff
  }
  return undefined
}
