import { refinedString } from '../kernel/codec.js'

// 11 digits: 1, then 3–9 (the mobile prefixes 13x–19x).
const MOBILE = /^1[3-9]\d{9}$/
// Area code (0 + 2–3 digits), optional hyphen, 7–8 digit number, optional extension.
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/

/** A mainland China mobile number (手机号). */
export const isMainlandMobile = (s: string): boolean => MOBILE.test(s)

/** A mainland China landline with its area code (固定电话, e.g. 0471-6612345), extension allowed. */
export const isMainlandLandline = (s: string): boolean => LANDLINE.test(s)

/** A mainland China mobile number or a landline with its area code. */
export const isMainlandPhone = (s: string): boolean => isMainlandMobile(s) || isMainlandLandline(s)

/** A phone number of a complainant or a party, as people write it here (no +86, no spaces). */
export const PhoneNumber = refinedString(
  'PhoneNumber',
  isMainlandPhone,
  'a mainland mobile number (11 digits starting 13–19) or a landline with area code (e.g. 0471-6612345)',
  { pattern: `${MOBILE.source}|${LANDLINE.source}` },
)
