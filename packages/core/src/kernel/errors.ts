import type { ExpectedVersion } from './expectedVersion.js'

/** One readable problem with a piece of input, e.g. `parties[1].phone`. */
export interface FieldError {
  readonly path: string
  readonly message: string
}

/**
 * Expected failures, as data. Each variant has a stable `code` that adapters map
 * (HTTP status, exit code) — never match on anything but `code`.
 */
export type DomainError =
  | { readonly code: 'validation'; readonly message: string; readonly errors: readonly FieldError[] }
  | { readonly code: 'forbidden'; readonly message: string }
  | { readonly code: 'not-found'; readonly message: string }
  | { readonly code: 'invalid-transition'; readonly message: string; readonly state: string; readonly command: string }
  /** A case with the id a command names as new already exists: one fixed answer, naming nothing of that case. */
  | { readonly code: 'already-exists'; readonly message: string }
  | { readonly code: 'deadline-passed'; readonly message: string; readonly deadline: string }
  /** A command names an attachment (by hash) that no uploaded file has; `errors` name the fields. */
  | { readonly code: 'unknown-attachment'; readonly message: string; readonly errors: readonly FieldError[] }
  /**
   * The case's personal data a command would be decided against, or would record, reads "erased" (its subject's key
   * destroyed) or "unreadable" (the key held does not open it): what sealing that data refuses with too (adapters'
   * `SubjectErased`, privacy's `SealingUnreadable`), decided before it. The case's state stands in the way, not the input.
   */
  | { readonly code: 'personal-data-erased'; readonly message: string }
  | { readonly code: 'personal-data-unreadable'; readonly message: string }
  | {
      readonly code: 'concurrency-conflict'
      readonly message: string
      readonly streamId: string
      readonly expected: ExpectedVersion
      readonly actual: number | 'no-stream'
    }

export type DomainErrorCode = DomainError['code']
export type ConcurrencyConflict = Extract<DomainError, { code: 'concurrency-conflict' }>

export const validationError = (errors: readonly FieldError[], message = 'The input is not valid'): DomainError => ({
  code: 'validation',
  message: errors.length > 0 ? `${message}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` : message,
  errors,
})

export const forbidden = (message: string): DomainError => ({ code: 'forbidden', message })

export const notFound = (message: string): DomainError => ({ code: 'not-found', message })

export const invalidTransition = (state: string, command: string, why?: string): DomainError => ({
  code: 'invalid-transition',
  message: `${command} is not allowed in state ${state}${why ? `: ${why}` : ''}`,
  state,
  command,
})

/**
 * The one answer to a command that would open a case under an id already taken: the same body whoever asks and
 * whatever the case is (its state, who may see it), so it tells nothing but that the id is taken.
 */
export const alreadyExists = (): DomainError => ({ code: 'already-exists', message: 'a case with this id already exists' })

export const deadlinePassed = (deadline: string, message: string): DomainError => ({
  code: 'deadline-passed',
  message,
  deadline,
})

export const unknownAttachment = (errors: readonly FieldError[]): DomainError => ({
  code: 'unknown-attachment',
  message: `No uploaded file has this hash: ${errors.map((e) => e.path).join(', ')} (upload it first: POST /api/v1/attachments)`,
  errors,
})

/**
 * A refusal because the personal data a decision needs reads as the placeholder `reads` ("erased", "unreadable": the
 * kernel does not import privacy's constants, whose values these are): `personal-data-erased` or `personal-data-unreadable`.
 */
export const personalDataGone = (reads: 'erased' | 'unreadable', message: string): DomainError => ({
  code: reads === 'erased' ? 'personal-data-erased' : 'personal-data-unreadable',
  message,
})

export const concurrencyConflict = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number | 'no-stream',
): ConcurrencyConflict => ({
  code: 'concurrency-conflict',
  message: `Stream ${streamId} is at ${actual}, expected ${String(expected)}`,
  streamId,
  expected,
  actual,
})

const codes: ReadonlySet<string> = new Set<DomainErrorCode>([
  'validation',
  'forbidden',
  'not-found',
  'invalid-transition',
  'already-exists',
  'deadline-passed',
  'concurrency-conflict',
  'unknown-attachment',
  'personal-data-erased',
  'personal-data-unreadable',
])

/** True for any DomainError, including one built by another copy of this package. */
export const isDomainError = (value: unknown): value is DomainError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { code?: unknown }).code === 'string' &&
  codes.has((value as { code: string }).code) &&
  typeof (value as { message?: unknown }).message === 'string'

export const isConcurrencyConflict = (value: unknown): value is ConcurrencyConflict =>
  isDomainError(value) && value.code === 'concurrency-conflict'
