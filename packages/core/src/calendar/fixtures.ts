// Test fixtures; not built into the package.
import * as E from 'fp-ts/lib/Either.js'
import { scheduleFromCsv, type HolidaySchedule } from './schedule.js'

/**
 * A 2027 schedule for tests only — NOT the State Council's notice (not published when this was written):
 * the statutory festival days, with make-up Saturdays 1-09, 2-20, 5-08, 10-09 and Sunday 9-26.
 */
export const HYPOTHETICAL_2027 = `# test fixture: a plausible 2027 schedule, not the real notice
year,2027
source,test fixture (not a real notice)
holiday,元旦,2027-01-01,2027-01-03
workday,元旦,2027-01-09
holiday,春节,2027-02-05,2027-02-13
workday,春节,2027-02-20
holiday,清明,2027-04-03,2027-04-05
holiday,劳动节,2027-05-01,2027-05-05
workday,劳动节,2027-05-08
holiday,端午,2027-06-09,2027-06-09
holiday,中秋,2027-09-15,2027-09-15
holiday,国庆,2027-10-01,2027-10-07
workday,国庆,2027-09-26
workday,国庆,2027-10-09
`

const parsed = (csv: string): HolidaySchedule => {
  const schedule = scheduleFromCsv(csv)
  if (E.isLeft(schedule)) throw new Error(schedule.left.message)
  return schedule.right
}

/** The fixture, parsed. */
export const schedule2027 = (): HolidaySchedule => parsed(HYPOTHETICAL_2027)

/**
 * The fixture with 元旦 run on to Monday 2027-01-04 (Fri 1-01 to Mon 1-04 off; make-up Saturday 1-09 as before): a
 * notice that adds a day off next to the statutory one. Test data, not a real notice.
 */
export const schedule2027LongNewYear = (): HolidaySchedule =>
  parsed(HYPOTHETICAL_2027.replace('holiday,元旦,2027-01-01,2027-01-03', 'holiday,元旦,2027-01-01,2027-01-04'))
