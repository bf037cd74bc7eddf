import { describe, expect, it } from 'vitest'
import { isTransient } from './transient.js'

describe('isTransient', () => {
  it.each([
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '57P03', message: 'the database system is starting up' }, true],
    [{ code: '08006', message: 'connection failure' }, true],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ code: '57014', message: 'canceling statement due to statement timeout' }, true],
    [new Error('Query read timeout'), true],
    [{ code: '57014', message: 'canceling statement due to user request' }, false],
    [{ code: '42P01', message: 'relation "gridcase.events" does not exist' }, false],
    [{ code: '28P01', message: 'password authentication failed' }, false],
    [new Error('syntax error'), false],
    ['Connection terminated', false],
  ])('%j → %s', (error, expected) => {
    expect(isTransient(error)).toBe(expected)
  })
})
