import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chineseWorkdays, naturalDays } from './calendar.js'
import {
  addHours,
  addLocalDays,
  addNaturalDays,
  addStatutoryDays,
  addStatutoryMonths,
  addStatutoryYears,
  addWorkingDays,
  daysBetween,
  deadlineClosesMs,
  isBefore,
  localDate,
  toChinaIso,
  weekdayOf,
  withinDeadline,
  workingDaysBetween,
} from './dates.js'

describe('localDate', () => {
  it('reads the date in China time whatever offset the instant is written in', () => {
    expect(localDate('2026-02-13T16:00:00Z')).toBe('2026-02-14')
    expect(localDate('2026-02-13T15:59:59Z')).toBe('2026-02-13')
    expect(localDate('2026-02-13T23:59:59+08:00')).toBe('2026-02-13')
    expect(localDate('2026-02-13T10:00:00-05:00')).toBe('2026-02-13')
    expect(localDate('2026-02-13T11:00:00-05:00')).toBe('2026-02-14')
  })
})

describe('weekdayOf', () => {
  it('knows the day of the week', () => {
    expect(weekdayOf('2026-03-01')).toBe(0)
    expect(weekdayOf('2026-02-14')).toBe(6)
    expect(weekdayOf('2025-10-01')).toBe(3)
    expect(weekdayOf('1970-01-01')).toBe(4)
  })
})

describe('addHours', () => {
  it('adds hours across midnight and writes China time', () => {
    expect(addHours('2026-03-01T23:30:00+08:00', 2)).toBe('2026-03-02T01:30:00+08:00')
    expect(addHours('2026-03-01T01:30:00Z', 24)).toBe('2026-03-02T09:30:00+08:00')
    expect(addHours('2026-03-01T09:30:00.250+08:00', 0.5)).toBe('2026-03-01T10:00:00.250+08:00')
  })
})

describe('addNaturalDays', () => {
  it('ends on the n-th day after the start day; the start day does not count', () => {
    expect(addNaturalDays('2026-03-01T09:00:00+08:00', 15)).toBe('2026-03-16T23:59:59+08:00')
    expect(addNaturalDays('2026-03-01T23:59:00+08:00', 1)).toBe('2026-03-02T23:59:59+08:00')
    // 2026-02-28T17:00Z is already 3-01 in China.
    expect(addNaturalDays('2026-02-28T17:00:00Z', 1)).toBe('2026-03-02T23:59:59+08:00')
    expect(addNaturalDays('2026-03-01T09:00:00+08:00', 0)).toBe('2026-03-01T23:59:59+08:00')
  })

  it('counts through holidays', () => {
    expect(addNaturalDays('2026-02-13T09:00:00+08:00', 3)).toBe('2026-02-16T23:59:59+08:00')
  })
})

describe('addWorkingDays', () => {
  it('ordinary week: Thursday + 3 working days is the next Tuesday', () => {
    expect(addWorkingDays('2026-03-05T10:00:00+08:00', 3, chineseWorkdays)).toBe('2026-03-10T23:59:59+08:00')
  })

  it('Spring Festival 2026: counts the 调休 Saturday and skips the nine days off', () => {
    // Thu 2-12 → Fri 2-13 (1), Sat 2-14 make-up (2), 2-15..2-23 off, Tue 2-24 (3).
    expect(addWorkingDays('2026-02-12T10:00:00+08:00', 3, chineseWorkdays)).toBe('2026-02-24T23:59:59+08:00')
    // Dispatched on a holiday: the count starts after it.
    expect(addWorkingDays('2026-02-16T10:00:00+08:00', 1, chineseWorkdays)).toBe('2026-02-24T23:59:59+08:00')
  })

  it('National Day 2025: ends on the 调休 Saturday 10-11', () => {
    // Tue 9-30 → 10-01..10-08 off, Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 make-up (3).
    expect(addWorkingDays('2025-09-30T15:00:00+08:00', 3, chineseWorkdays)).toBe('2025-10-11T23:59:59+08:00')
  })

  it('a 调休 Sunday counts: Fri 2026-09-18 + 1 is Sun 9-20', () => {
    expect(addWorkingDays('2026-09-18T10:00:00+08:00', 1, chineseWorkdays)).toBe('2026-09-20T23:59:59+08:00')
  })

  it('15 working days across National Day 2026', () => {
    // From Wed 9-23: 9-24 (1); Fri 9-25 is 中秋 off; 9-28, 9-29, 9-30 (4); 10-01..10-07 off;
    // 10-08, 10-09, Sat 10-10 make-up (7); 10-12..10-16 (12); 10-19, 10-20, 10-21 (15).
    expect(addWorkingDays('2026-09-23T10:00:00+08:00', 15, chineseWorkdays)).toBe('2026-10-21T23:59:59+08:00')
  })

  it('National Day 2026 edges: the evening before and just after midnight, written in UTC', () => {
    // Tue 9-29 23:30 China: 9-30 (1), 10-08 (2), 10-09 (3). Wed 9-30 00:10 China: 10-08, 10-09, Sat 10-10 make-up (3).
    expect(addWorkingDays('2026-09-29T15:30:00Z', 3, chineseWorkdays)).toBe('2026-10-09T23:59:59+08:00')
    expect(addWorkingDays('2026-09-29T16:10:00Z', 3, chineseWorkdays)).toBe('2026-10-10T23:59:59+08:00')
    // Dispatched on a holiday (10-01): 10-08, 10-09, 10-10.
    expect(addWorkingDays('2026-10-01T10:00:00+08:00', 3, chineseWorkdays)).toBe('2026-10-10T23:59:59+08:00')
  })

  it('2027 with no notice (provisional): only 元旦 and 春节 (除夕 2-05 to 初三 2-08) are off besides weekends', () => {
    // Wed 2026-12-30: 12-31 (1); 1-01 元旦, 1-02/03 weekend; 1-04 (2), 1-05 (3).
    expect(addWorkingDays('2026-12-30T10:00:00+08:00', 3, chineseWorkdays)).toBe('2027-01-05T23:59:59+08:00')
    // Mon 1-25: 1-26..1-29 (4), 2-01..2-04 (8); 2-05..2-08 off (2-06/07 a weekend); 2-09..2-12 (12), 2-15..2-17 (15).
    expect(addWorkingDays('2027-01-25T10:00:00+08:00', 15, chineseWorkdays)).toBe('2027-02-17T23:59:59+08:00')
    // 报到, 2 working days from Thu 2-04: 2-09, 2-10.
    expect(addWorkingDays('2027-02-04T10:00:00+08:00', 2, chineseWorkdays)).toBe('2027-02-10T23:59:59+08:00')
  })
})

describe('daysBetween', () => {
  it('counts China calendar days between two instants', () => {
    expect(daysBetween('2026-03-01T23:00:00+08:00', '2026-03-02T01:00:00+08:00')).toBe(1)
    expect(daysBetween('2026-03-02T01:00:00+08:00', '2026-03-01T23:00:00+08:00')).toBe(-1)
    expect(daysBetween('2026-01-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00')).toBe(365)
  })
})

const MIN = Date.UTC(2004, 0, 1)
const MAX = Date.UTC(2027, 11, 31)
const instant = fc.integer({ min: MIN, max: MAX }).map((ms) => new Date(ms).toISOString())
const calendar = fc.constantFrom(chineseWorkdays, naturalDays)
const days = fc.integer({ min: 0, max: 80 })

describe('properties', () => {
  it('addWorkingDays is monotone in the count and in the start', () => {
    fc.assert(
      fc.property(instant, instant, days, days, calendar, (a, b, n, m, cal) => {
        const [early, late] = isBefore(a, b) ? [a, b] : [b, a]
        const [few, many] = n <= m ? [n, m] : [m, n]
        expect(isBefore(addWorkingDays(early, many, cal), addWorkingDays(early, few, cal))).toBe(false)
        expect(isBefore(addWorkingDays(late, few, cal), addWorkingDays(early, few, cal))).toBe(false)
      }),
    )
  })

  it('with the natural calendar addWorkingDays equals addNaturalDays', () => {
    fc.assert(
      fc.property(instant, days, (iso, n) => {
        expect(addWorkingDays(iso, n, naturalDays)).toBe(addNaturalDays(iso, n))
      }),
    )
  })

  it('the deadline is a working day with exactly n working days after the start day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 80 }), calendar, (iso, n, cal) => {
        const deadline = addWorkingDays(iso, n, cal)
        expect(cal.isWorkday(localDate(deadline))).toBe(true)
        expect(workingDaysBetween(iso, deadline, cal)).toBe(n)
      }),
    )
  })

  it('addNaturalDays lands n China days later', () => {
    fc.assert(
      fc.property(instant, days, (iso, n) => {
        expect(daysBetween(iso, addNaturalDays(iso, n))).toBe(n)
      }),
    )
  })

  it('addHours then back is the same instant, written in China time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -1000, max: 1000 }), (iso, h) => {
        expect(addHours(addHours(iso, h), -h)).toBe(toChinaIso(Date.parse(iso)))
      }),
    )
  })

  it('addLocalDays and daysBetween agree', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -800, max: 800 }), (iso, n) => {
        const date = addLocalDays(localDate(iso), n)
        expect(daysBetween(iso, `${date}T12:00:00+08:00`)).toBe(n)
      }),
    )
  })
})

describe('withinDeadline', () => {
  // 民法典 art. 203 para. 2: a period's last day ends at 24:00. A day deadline is written as its last second.
  it('a day deadline runs to 24:00 China time, however the instants are written', () => {
    const due = '2026-03-23T23:59:59+08:00'
    expect(withinDeadline(due, '2026-03-23T23:59:59.999+08:00')).toBe(true)
    expect(withinDeadline(due, '2026-03-23T15:59:59.999Z')).toBe(true)
    expect(withinDeadline(due, '2026-03-24T00:00:00+08:00')).toBe(false)
    expect(withinDeadline('2026-03-23T15:59:59Z', '2026-03-23T16:00:00Z')).toBe(false)
    expect(deadlineClosesMs(Date.parse(due))).toBe(Date.parse('2026-03-24T00:00:00+08:00'))
  })

  it('an hour deadline is an instant: met at it, late a millisecond after', () => {
    const due = '2026-03-03T10:00:00.250+08:00'
    expect(withinDeadline(due, '2026-03-03T10:00:00.250+08:00')).toBe(true)
    expect(withinDeadline(due, '2026-03-03T10:00:00.251+08:00')).toBe(false)
    // The last second of a day but one, 23:59:58: no more than itself.
    expect(withinDeadline('2026-03-03T23:59:58+08:00', '2026-03-03T23:59:58.001+08:00')).toBe(false)
  })

  // Counted in hours and falling at 23:59:59.000 China time, where a day deadline is written: how it was counted says
  // (`hours`), and it is an instant there — closing at 23:59:59.001, not at 24:00.
  it('an hours deadline at 23:59:59 China time, said to be one, is an instant; unsaid, it reads as a day’s end', () => {
    const due = '2026-03-03T23:59:59+08:00'
    expect([withinDeadline(due, '2026-03-03T23:59:59+08:00', true), withinDeadline(due, '2026-03-03T23:59:59.001+08:00', true)]).toEqual([true, false])
    expect(deadlineClosesMs(Date.parse(due), true)).toBe(Date.parse('2026-03-03T23:59:59.001+08:00'))
    expect(deadlineClosesMs(Date.parse(due), false)).toBe(Date.parse('2026-03-04T00:00:00+08:00'))
    expect(deadlineClosesMs(Date.parse(due))).toBe(Date.parse('2026-03-04T00:00:00+08:00'))
  })
})

// 民法典 arts. 200–203, 民事诉讼法 art. 85 (DOMAIN.md "Time"): the start day is not counted; the period ends at 24:00 China
// time of its last day; a last day that is a 法定休假日 (weekends included) moves to the first working day after; a 调休
// make-up Saturday or Sunday is a working day. Every statutory window (司法确认 30, court 3 / 15 / +10, 信访 15 / 60 / +30,
// mediation 30) is this function. Counted by hand: 2026 notice (国庆 10-01..10-07 off, Sun 9-20 and Sat 10-10 make-up
// days); 2027 has no notice shipped, so only its statutory festival days are off (元旦 1-01; 春节 除夕 2-05, 初一..初三
// 2-06..2-08, the new moon falling 2027-02-06 23:56 China time) and the count is provisional.
describe('addStatutoryDays (期间), counted by hand', () => {
  const DAY = (d: string) => `${d}T23:59:59+08:00`
  it.each([
    // [start instant, days, last day counted, period end]
    ['2026-03-10T15:30:00Z', 30, 'Tue 3-10 23:30 China → day 30 Thu 4-09', '2026-04-09'],
    ['2026-03-10T16:10:00Z', 30, 'Wed 3-11 00:10 China → day 30 Fri 4-10', '2026-04-10'],
    ['2026-03-11T10:00:00+08:00', 3, 'Sat 3-14 → Mon 3-16', '2026-03-16'],
    ['2026-03-11T15:30:00Z', 3, 'Wed 3-11 23:30 China → Sat 3-14 → Mon 3-16', '2026-03-16'],
    ['2026-03-10T10:00:00+08:00', 3, 'Fri 3-13', '2026-03-13'],
    ['2026-09-15T10:00:00+08:00', 15, 'Wed 9-30, the day before 国庆', '2026-09-30'],
    ['2026-09-16T10:00:00+08:00', 15, 'Thu 10-01 → Thu 10-08', '2026-10-08'],
    ['2026-09-18T10:00:00+08:00', 15, 'Sat 10-03 → Thu 10-08', '2026-10-08'],
    ['2026-09-23T10:00:00+08:00', 15, 'Thu 10-08, the day after', '2026-10-08'],
    ['2026-09-24T10:00:00+08:00', 15, 'Fri 10-09', '2026-10-09'],
    ['2026-10-07T10:00:00+08:00', 3, 'Sat 10-10, a make-up working day', '2026-10-10'],
    ['2026-09-17T10:00:00+08:00', 3, 'Sun 9-20, a make-up working day', '2026-09-20'],
    ['2026-10-08T23:59:59+08:00', 10, 'Sun 10-18 → Mon 10-19', '2026-10-19'],
    ['2026-12-01T12:00:00+08:00', 30, 'Thu 12-31', '2026-12-31'],
    ['2026-12-02T12:00:00+08:00', 30, 'Fri 2027-01-01 元旦 → Mon 1-04', '2027-01-04'],
    ['2026-12-17T15:30:00Z', 15, 'Thu 12-17 23:30 China → Fri 1-01 → Mon 1-04', '2027-01-04'],
    ['2026-12-17T16:10:00Z', 15, 'Fri 12-18 00:10 China → Sat 1-02 → Mon 1-04', '2027-01-04'],
    ['2026-12-06T10:00:00+08:00', 60, 'Thu 2027-02-04, the day before 除夕', '2027-02-04'],
    ['2026-12-07T10:00:00+08:00', 60, 'Fri 2-05 除夕 → Tue 2-09', '2027-02-09'],
    ['2026-12-08T10:00:00+08:00', 60, 'Sat 2-06 初一 → Tue 2-09', '2027-02-09'],
    ['2026-12-11T10:00:00+08:00', 60, 'Tue 2-09, the day after 初三', '2027-02-09'],
    ['2026-12-12T10:00:00+08:00', 60, 'Wed 2-10', '2027-02-10'],
    ['2027-01-21T10:00:00+08:00', 15, 'Fri 2-05 除夕 → Tue 2-09', '2027-02-09'],
  ] as const)('%s + %i days: %s', (from, days, _why, end) => {
    expect(addStatutoryDays(from, days, chineseWorkdays)).toBe(DAY(end))
  })

  it('2027 (no notice shipped) is provisional; 2026 is not', () => {
    expect([chineseWorkdays.isProvisional('2026-12-31'), chineseWorkdays.isProvisional('2027-01-04')]).toEqual([false, true])
  })
})

// A period in months or years (民法典 art. 200: by the Gregorian calendar): the start day not counted (art. 201); its last
// day the corresponding day of the last month (art. 202), the month's last day when it has none; a last day that is a
// statutory holiday or weekend moves to the day after the holiday (art. 203 ¶1); it ends 24:00 China time (¶2). Weekdays
// worked out by hand: 2026-01-01 is a Thursday, 2027-01-01 a Friday, 2028-01-01 a Saturday (2028 a leap year).
describe('addStatutoryYears / addStatutoryMonths (期间 by year and month), counted by hand', () => {
  const DAY = (d: string) => `${d}T23:59:59+08:00`
  it.each([
    // [start instant, years, why, period end]
    ['2024-03-10T10:00:00+08:00', 2, 'Tue 2026-03-10, a working day: the corresponding day', '2026-03-10'],
    ['2024-03-09T16:30:00Z', 2, 'Sun 2024-03-10 00:30 China → Tue 2026-03-10 (the China date starts it)', '2026-03-10'],
    ['2024-03-09T15:30:00Z', 2, 'Sat 2024-03-09 23:30 China → Mon 2026-03-09', '2026-03-09'],
    ['2024-09-30T10:00:00+08:00', 2, 'Wed 2026-09-30, the day before 国庆: stands', '2026-09-30'],
    ['2024-10-01T10:00:00+08:00', 2, 'Thu 2026-10-01 国庆 (holiday to Wed 10-07) → Thu 10-08', '2026-10-08'],
    ['2024-10-07T10:00:00+08:00', 2, 'Wed 2026-10-07, the holiday’s last day → Thu 10-08', '2026-10-08'],
    ['2024-10-08T10:00:00+08:00', 2, 'Thu 2026-10-08, the day after the holiday: stands', '2026-10-08'],
    ['2024-05-01T10:00:00+08:00', 2, 'Fri 2026-05-01 劳动节 (off to Tue 5-05) → Wed 5-06', '2026-05-06'],
    ['2024-02-29T10:00:00+08:00', 2, '29 Feb: 2026 has none → the month’s last day, Sat 2-28, a 调休 make-up working day: stands', '2026-02-28'],
    ['2028-02-29T10:00:00+08:00', 2, '29 Feb: 2030 has none → Thu 2030-02-28', '2030-02-28'],
    ['2025-02-28T10:00:00+08:00', 2, 'Sun 2027-02-28 → Mon 3-01', '2027-03-01'],
    ['2026-02-28T10:00:00+08:00', 2, 'Mon 2028-02-28, the corresponding day (not the month’s end, 2-29)', '2028-02-28'],
    ['2026-03-27T10:00:00+08:00', 2, 'Mon 2028-03-27', '2028-03-27'],
    ['2026-10-01T12:00:00+08:00', 2, 'Sun 2028-10-01; 10-02, 10-03 国庆 (festival days only: no notice) → Wed 10-04', '2028-10-04'],
  ] as const)('%s + %i years: %s', (from, years, _why, end) => {
    expect(addStatutoryYears(from, years, chineseWorkdays)).toBe(DAY(end))
  })
  it.each([
    ['2026-01-31T10:00:00+08:00', 1, 'no 2-31 → the month’s last day, Sat 2-28, a make-up working day', '2026-02-28'],
    ['2026-03-31T10:00:00+08:00', 1, 'no 4-31 → Thu 4-30', '2026-04-30'],
    ['2026-08-31T10:00:00+08:00', 13, 'no 2027-09-31 → Thu 2027-09-30', '2027-09-30'],
    ['2026-11-15T10:00:00+08:00', 2, 'Fri 2027-01-15 (across the year)', '2027-01-15'],
    ['2026-12-01T10:00:00+08:00', 1, 'Fri 2027-01-01 元旦 → Mon 1-04', '2027-01-04'],
  ] as const)('%s + %i months: %s', (from, months, _why, end) => {
    expect(addStatutoryMonths(from, months, chineseWorkdays)).toBe(DAY(end))
  })
  it('a year is twelve months', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 5 }), (offset, years) => {
        const from = `${addLocalDays('2020-01-01', offset)}T12:00:00+08:00`
        expect(addStatutoryYears(from, years, chineseWorkdays)).toBe(addStatutoryMonths(from, 12 * years, chineseWorkdays))
      }),
    )
  })
  it('ends on the corresponding day or, without one, the month’s last day — before any holiday moves it (natural days)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 30 }), (offset, months) => {
        const start = addLocalDays('2020-01-01', offset)
        const end = addStatutoryMonths(`${start}T12:00:00+08:00`, months, naturalDays).slice(0, 10)
        const day = Number(start.slice(8, 10))
        // The day after the end is in the next month when the end is the month's last day.
        const endDay = Number(end.slice(8, 10))
        expect(endDay === day || (endDay < day && addLocalDays(end, 1).slice(8, 10) === '01')).toBe(true)
        expect(daysBetween(`${start}T12:00:00+08:00`, `${end}T12:00:00+08:00`)).toBeGreaterThanOrEqual(28 * months)
      }),
    )
  })
})
