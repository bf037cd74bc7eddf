import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { decode } from '../kernel/codec.js'
import { DISPUTE_COMMANDS, ReportDisputeData } from './commands.js'
import { DISPUTE_ID, GRID, parties } from './fixtures.js'

const body = (over: Record<string, unknown> = {}) => ({ id: DISPUTE_ID, source: 'party-application', category: 'property', jurisdiction: GRID, parties, summary: '物业费纠纷', ...over })
const errorsOf = (input: unknown, codec: t.Mixed = ReportDisputeData) => {
  const r = decode(codec, input)
  return E.isLeft(r) && r.left.code === 'validation' ? r.left.errors : []
}

describe('decoding a report names each bad field', () => {
  it('a well-formed report decodes', () => {
    expect(E.isRight(decode(ReportDisputeData, body()))).toBe(true)
  })
  it('a bad phone on the second party: parties[1].phone, expected a mainland mobile number', () => {
    const errors = errorsOf(body({ parties: [parties[0], { ...parties[1], phone: '12345' }] }))
    expect(errors).toHaveLength(1)
    expect(errors[0]?.path).toBe('parties[1].phone')
    expect(errors[0]?.message).toMatch(/^expected a mainland mobile number/)
  })
  it('a bad id number, a missing name and an unknown side are each named', () => {
    const errors = errorsOf(body({ parties: [{ ...parties[0], idNumber: '110105194912310021' }, { side: 'witness', phone: '13800138000' }] }))
    expect(errors.map((e) => e.path).sort()).toEqual(['parties[0].idNumber', 'parties[1].name', 'parties[1].side'])
  })
  it('an id number whose birth date does not exist is refused, as on a complaint (one rule for both)', () => {
    // 1949-02-30, with the right GB 11643 check character for those 17 digits.
    expect(errorsOf(body({ parties: [{ ...parties[0], idNumber: '110105194902300020' }, parties[1]] })).map((e) => e.path)).toEqual(['parties[0].idNumber'])
  })
  it('parties without a respondent are refused as a whole', () => {
    expect(errorsOf(body({ parties: [parties[0]] }))).toEqual([{ path: 'parties', message: 'expected at least one respondent' }])
  })
  it('parties with the same name twice are refused: commands name parties by name', () => {
    const errors = errorsOf(body({ parties: [parties[0], { ...parties[1], name: '王芳' }] }))
    expect(errors.map((e) => e.path)).toEqual(['parties'])
  })
  it('an unknown category and source list what is allowed', () => {
    const errors = errorsOf(body({ category: 'weather', source: 'rumour' }))
    expect(errors.map((e) => e.path).sort()).toEqual(['category', 'source'])
    expect(errors.find((e) => e.path === 'category')?.message).toContain('medical')
  })
  it('an extension of 0 days or of a fraction is refused with the range', () => {
    expect(errorsOf({ days: 0, reason: 'x', agreedBy: ['王芳'] }, DISPUTE_COMMANDS['extend-mediation'].data)).toEqual([
      { path: 'days', message: 'expected a whole number of days from 1 to 30' },
    ])
  })
  it('an agreement without terms and with a malformed signing date names both', () => {
    const errors = errorsOf({ form: 'written', terms: [], signatures: [{ party: '王芳', signedOn: '2026-02-30' }] }, DISPUTE_COMMANDS['record-agreement'].data)
    expect(errors.map((e) => e.path)).toEqual(['terms', 'signatures[0].signedOn'])
  })
})

describe('decoding keeps only declared fields, at every level', () => {
  const decoded = (input: unknown, codec: t.Mixed = ReportDisputeData): unknown => {
    const r = decode(codec, input)
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right
  }
  it('an undeclared field on a party, or on the report itself, is dropped', () => {
    const value = decoded(body({ parties: [parties[0], { ...parties[1], nickname: '小李' }], secret: 'x' }))
    expect(value).toEqual(body())
    expect(JSON.stringify(value)).not.toContain('nickname')
  })
  it('an undeclared field on the mediator or on a signature is dropped', () => {
    expect(decoded({ track: 'people', mediator: { id: 'pm-1', jurisdiction: GRID, badge: 7 } }, DISPUTE_COMMANDS['assign-mediator'].data)).toEqual({
      track: 'people',
      mediator: { id: 'pm-1', jurisdiction: GRID },
    })
    const agreement = { form: 'written', terms: ['t'], signatures: [{ party: '王芳', signedOn: '2026-03-10', witness: 'x' }], mediatorSignedOn: '2026-03-10' }
    expect(decoded(agreement, DISPUTE_COMMANDS['record-agreement'].data)).toEqual({ ...agreement, signatures: [{ party: '王芳', signedOn: '2026-03-10' }] })
  })
})
