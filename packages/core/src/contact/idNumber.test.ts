import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode } from '../kernel/codec.js'
import { idCheckCharacter, IdNumber, isResidentIdNumber } from './idNumber.js'

// A date that exists, as YYYYMMDD.
const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''))
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
const first17 = fc.tuple(digits(6), birthDate, digits(3)).map(([area, date, seq]) => `${area}${date}${seq}`)

describe('resident id numbers (居民身份证号码, GB 11643)', () => {
  it('a known number is valid; a wrong check character, a short one or an impossible birth date is not', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true)
    expect(isResidentIdNumber('110105194912310021')).toBe(false)
    expect(isResidentIdNumber('11010519491231002')).toBe(false)
    // 1949-02-30 does not exist, whatever the check character.
    const noSuchDay = '11010519490230002'
    expect(isResidentIdNumber(`${noSuchDay}${idCheckCharacter(noSuchDay) ?? ''}`)).toBe(false)
  })

  it('17 digits with an existing birth date plus their check character are valid, and with any other last character are not', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom(...'0123456789X'), (head, other) => {
        const check = idCheckCharacter(head)
        expect(isResidentIdNumber(`${head}${check ?? ''}`)).toBe(true)
        if (other !== check) expect(isResidentIdNumber(`${head}${other}`)).toBe(false)
      }),
    )
  })

  it('a lower-case x is not the check character X', () => {
    expect(isResidentIdNumber('11010519491231002x')).toBe(false)
  })

  it('the codec names what it expected', () => {
    expect(decode(IdNumber, '110105194912310021')).toEqual(
      E.left(expect.objectContaining({ errors: [{ path: '(root)', message: 'expected an 18-character resident id number (birth date and check character valid)' }] })),
    )
  })
})
