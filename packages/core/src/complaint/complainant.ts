import * as t from 'io-ts'
import { refinedString, text } from '../kernel/codec.js'

const MOBILE = /^1[3-9]\d{9}$/
// Area code (0 + 2–3 digits), optional hyphen, 7–8 digit number, optional extension.
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/

/** A mainland China mobile number or a landline with its area code. */
export const isMainlandPhone = (s: string): boolean => MOBILE.test(s) || LANDLINE.test(s)

export const PhoneNumber = refinedString(
  'PhoneNumber',
  isMainlandPhone,
  'a mainland mobile number (11 digits starting 13–19) or a landline with area code (e.g. 0471-6612345)',
)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

const isCalendarDate = (y: number, m: number, d: number): boolean => {
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= (days[m - 1] ?? 0)
}

/** 居民身份证号码 (GB 11643): 17 digits with a valid birth date, and the check character. */
export const isResidentIdNumber = (s: string): boolean => {
  if (!/^\d{17}[\dX]$/.test(s)) return false
  if (!isCalendarDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0)
  return ID_CHECK[sum % 11] === s[17]
}

export const IdNumber = refinedString(
  'IdNumber',
  isResidentIdNumber,
  'an 18-character resident id number (birth date and check character valid)',
)

/**
 * 诉求人 — who raised the complaint. Personal data: shown in full only on the case to roles
 * that need it; `residentId` links the resident's account when an operator files for them.
 */
export const Complainant = t.intersection(
  [t.type({ name: text(50, 'PersonName'), phone: PhoneNumber }), t.partial({ idNumber: IdNumber, residentId: text(100, 'ResidentId') })],
  'Complainant',
)
export type Complainant = t.TypeOf<typeof Complainant>

/** A party named in a referral to mediation: a name, and a phone if known. */
export const Person = t.intersection([t.type({ name: text(50, 'PersonName') }), t.partial({ phone: PhoneNumber })], 'Person')
export type Person = t.TypeOf<typeof Person>
