const digits2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48
  const b = s.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN
}

/**
 * Epoch milliseconds of an ISO 8601 timestamp with a zone (`2026-03-01T09:30:00+08:00`, `…Z`,
 * optional seconds and fraction): what `Date.parse` gives, several times faster, because replaying
 * a million events reads a million of them. Anything else goes to `Date.parse`.
 */
export const isoMs = (s: string): number => {
  if (s.length < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return Date.parse(s)
  const year = digits2(s, 0) * 100 + digits2(s, 2)
  const month = digits2(s, 5)
  const day = digits2(s, 8)
  const hour = digits2(s, 11)
  const minute = digits2(s, 14)
  let i = 16
  let second = 0
  let ms = 0
  if (s.charCodeAt(i) === 58) {
    second = digits2(s, i + 1)
    i += 3
    if (s.charCodeAt(i) === 46) {
      i += 1
      // Milliseconds are the first three digits; further digits are dropped, as Date.parse does.
      let scale = 100
      for (let c = s.charCodeAt(i) - 48; c >= 0 && c <= 9; c = s.charCodeAt(i) - 48) {
        ms += c * scale
        scale = scale >= 10 ? scale / 10 : 0
        i += 1
      }
    }
  }
  let offset = 0
  const zone = s.charCodeAt(i)
  if (zone === 90 && i === s.length - 1) offset = 0
  else if ((zone === 43 || zone === 45) && i + 6 === s.length && s.charCodeAt(i + 3) === 58) {
    offset = (zone === 43 ? 1 : -1) * (digits2(s, i + 1) * 60 + digits2(s, i + 4))
  } else return Date.parse(s)
  const result = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000
  // Out-of-range parts (month 13, hour 25) are invalid for Date.parse too; let it decide.
  return Number.isNaN(result) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59 ? Date.parse(s) : result
}
