import { describe, expect, it } from 'vitest'
import {
  concurrencyConflict,
  deadlinePassed,
  forbidden,
  invalidTransition,
  isConcurrencyConflict,
  isDomainError,
  notFound,
  personalDataGone,
  validationError,
  type DomainErrorCode,
} from './errors.js'

describe('DomainError constructors', () => {
  it('each gives its stable code and a message', () => {
    const errors = [
      validationError([{ path: 'a', message: 'is required' }]),
      forbidden('no'),
      notFound('gone'),
      invalidTransition('closed', 'Accept'),
      deadlinePassed('2026-03-31T00:00:00+08:00', 'too late'),
      concurrencyConflict('s', 1, 2),
      personalDataGone('erased', 'the names read "erased"'),
      personalDataGone('unreadable', 'the names read "unreadable"'),
    ]
    expect(errors.map((e) => e.code)).toEqual<DomainErrorCode[]>([
      'validation',
      'forbidden',
      'not-found',
      'invalid-transition',
      'deadline-passed',
      'concurrency-conflict',
      'personal-data-erased',
      'personal-data-unreadable',
    ])
    expect(errors.every((e) => isDomainError(e))).toBe(true)
    expect(errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true)
  })

  it('a validation error lists every field in its message', () => {
    const error = validationError([
      { path: 'parties[1].phone', message: 'expected a mainland mobile number' },
      { path: 'title', message: 'is required' },
    ])
    expect(error.message).toBe('The input is not valid: parties[1].phone: expected a mainland mobile number; title: is required')
    expect(validationError([]).message).toBe('The input is not valid')
  })

  it('an invalid transition names state, command and why', () => {
    expect(invalidTransition('closed', 'Dispatch', 'the case is closed')).toEqual({
      code: 'invalid-transition',
      message: 'Dispatch is not allowed in state closed: the case is closed',
      state: 'closed',
      command: 'Dispatch',
    })
  })

  it('a concurrency conflict carries the stream, what was expected and what was found', () => {
    expect(concurrencyConflict('complaint-1', 'no-stream', 4)).toEqual({
      code: 'concurrency-conflict',
      message: 'Stream complaint-1 is at 4, expected no-stream',
      streamId: 'complaint-1',
      expected: 'no-stream',
      actual: 4,
    })
  })
})

describe('guards', () => {
  it('recognise plain objects, as another copy of the package or a JSON round trip would make them', () => {
    expect(isDomainError({ code: 'forbidden', message: 'no' })).toBe(true)
    expect(isDomainError(JSON.parse(JSON.stringify(notFound('gone'))))).toBe(true)
    const conflict = { code: 'concurrency-conflict', message: 'm', streamId: 's', expected: 0, actual: 1 }
    expect(isConcurrencyConflict(conflict)).toBe(true)
    expect(isConcurrencyConflict(JSON.parse(JSON.stringify(concurrencyConflict('s', 'any', 'no-stream'))))).toBe(true)
  })

  it('reject what is not a DomainError', () => {
    const notErrors: unknown[] = [
      null,
      undefined,
      'forbidden',
      42,
      {},
      { code: 'forbidden' },
      { code: 'forbidden', message: 3 },
      { code: 'teapot', message: 'short and stout' },
      { code: 404, message: 'gone' },
      Object.assign(new Error('no such file'), { code: 'ENOENT' }),
    ]
    expect(notErrors.filter(isDomainError)).toEqual([])
  })

  it('tell a conflict from other errors', () => {
    expect(isConcurrencyConflict(forbidden('no'))).toBe(false)
    expect(isConcurrencyConflict({ code: 'concurrency-conflict' })).toBe(false)
  })
})
