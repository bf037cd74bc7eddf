import { refinedString } from '../kernel/codec.js'

// GB 11643: weights of the first 17 digits, and the check character for each sum mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

const isCalendarDate = (y: number, m: number, d: number): boolean => {
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= (days[m - 1] ?? 0)
}

/** The GB 11643 check character for the first 17 digits of an id number. */
export const idCheckCharacter = (first17: string): string | undefined => {
  if (!/^\d{17}$/.test(first17)) return undefined
  return CHECK[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11]
}

/** 居民身份证号码 (GB 11643): 17 digits whose birth date (digits 7–14) exists, and the check character. */
export const isResidentIdNumber = (s: string): boolean =>
  /^\d{17}[\dX]$/.test(s) &&
  isCalendarDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))) &&
  idCheckCharacter(s.slice(0, 17)) === s[17]

export const IdNumber = refinedString('IdNumber', isResidentIdNumber, 'an 18-character resident id number (birth date and check character valid)', {
  // The birth date and the check character are the codec's.
  pattern: '^\\d{17}[\\dX]$',
})
