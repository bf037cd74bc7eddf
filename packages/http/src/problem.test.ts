import { concurrencyConflict, deadlinePassed, forbidden, invalidTransition, notFound, validationError, type DomainError } from '@gridcase/core'
import { describe, expect, it } from 'vitest'
import { erasedProblem, problemOf } from './problem.js'

describe('problemOf maps a DomainError by its code', () => {
  it.each<[DomainError, number, string]>([
    [validationError([{ path: 'parties[1].phone', message: 'expected a mainland mobile number' }]), 400, 'validation'],
    [forbidden('auditors are read-only'), 403, 'forbidden'],
    [notFound('No such complaint'), 404, 'not-found'],
    [invalidTransition('closed', 'AddNote'), 409, 'invalid-transition'],
    [deadlinePassed('2026-04-01T00:00:00+08:00', 'the 30-day window closed'), 422, 'deadline-passed'],
    [concurrencyConflict('complaint-1', 'any', 3), 409, 'concurrency-conflict'],
  ])('%o → %i', (error, status, code) => {
    const p = problemOf(error)
    expect(p.status).toBe(status)
    expect(p.type).toBe(`urn:gridcase:problem:${code}`)
    // A conflict is told in the caller's terms (the case changed), not the store's.
    if (code !== 'concurrency-conflict') expect(p.detail).toBe(error.message)
    else expect(p.detail).toMatch(/changing/)
  })

  it("answers a decision refused for the case's erased or unreadable personal data as the store's sealing refuses it: the same 409 body", () => {
    const sealing = (name: string) => Object.assign(new Error('the store refused to seal'), { name })
    const decided = (code: 'personal-data-erased' | 'personal-data-unreadable'): DomainError => ({ code, message: `the parties' names read "${code.slice(14)}"` })
    expect(problemOf(decided('personal-data-erased'))).toEqual(erasedProblem(sealing('SubjectErased')))
    expect(problemOf(decided('personal-data-unreadable'))).toEqual(erasedProblem(sealing('SealingUnreadable')))
    expect(problemOf(decided('personal-data-unreadable'))).toMatchObject({ status: 409, type: 'urn:gridcase:problem:personal-data-unreadable' })
  })

  it('turns a conflict into 412 when the caller gave If-Match', () => {
    expect(problemOf(concurrencyConflict('complaint-1', 2, 3), { ifMatch: true })).toMatchObject({ status: 412, actual: 3 })
  })

  it('carries the field errors of a validation error', () => {
    const p = problemOf(validationError([{ path: 'title', message: 'is required' }]))
    expect(p.errors).toEqual([{ path: 'title', message: 'is required' }])
  })

  it('maps by code alone: a plain object from another copy of core maps the same', () => {
    const foreign = JSON.parse(JSON.stringify(deadlinePassed('2026-04-01T00:00:00Z', 'late'))) as DomainError
    expect(problemOf(foreign).status).toBe(422)
  })

  it('answers an unknown code with a 500 that names no internals', () => {
    const p = problemOf({ code: 'disk-on-fire', message: 'secret stack' } as unknown as DomainError)
    expect(p.status).toBe(500)
    expect(p.detail).not.toContain('secret')
  })
})
