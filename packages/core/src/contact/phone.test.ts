import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode } from '../kernel/codec.js'
import { isMainlandLandline, isMainlandMobile, isMainlandPhone, PhoneNumber } from './phone.js'

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))

describe('mainland phone numbers', () => {
  it.each(['13800138000', '19912345678', '0471-6612345', '04716612345', '010-12345678', '0471-6612345-802'])('%s is a mainland phone', (p) => {
    expect(isMainlandPhone(p)).toBe(true)
  })

  it.each(['12800138000', '1380013800', '138001380001', '+8613800138000', '6612345', '471-6612345', 'tel:13800138000', '0471 6612345', ''])('%s is not', (p) => {
    expect(isMainlandPhone(p)).toBe(false)
  })

  it('tells a mobile from a landline', () => {
    expect([isMainlandMobile('13800138000'), isMainlandLandline('13800138000'), isMainlandMobile('0471-6612345'), isMainlandLandline('0471-6612345')]).toEqual([true, false, false, true])
  })

  it('every 11-digit number starting 13–19 is a mobile; starting 10–12 it is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), digits(9), (second, rest) => {
        expect(isMainlandMobile(`1${second}${rest}`)).toBe(second >= 3)
      }),
    )
  })

  it('an area code and a 7–8 digit number is a landline, with or without the hyphen; without the leading 0 it is not', () => {
    fc.assert(
      fc.property(digits(2), fc.integer({ min: 7, max: 8 }).chain(digits), fc.boolean(), (area, number, hyphen) => {
        expect(isMainlandLandline(`0${area}${hyphen ? '-' : ''}${number}`)).toBe(true)
        expect(isMainlandLandline(`9${area}-${number}`)).toBe(false)
      }),
    )
  })

  it('the codec names what it expected', () => {
    expect(decode(PhoneNumber, '12345')).toEqual(
      E.left(expect.objectContaining({ code: 'validation', errors: [{ path: '(root)', message: expect.stringMatching(/^expected a mainland mobile number/) }] })),
    )
    expect(decode(PhoneNumber, '0471-6612345')).toEqual(E.right('0471-6612345'))
  })
})
