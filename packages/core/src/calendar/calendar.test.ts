import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { chineseCalendar, chineseWorkdays, naturalDays } from './calendar.js'
import { schedule2027 } from './fixtures.js'
import type { HolidaySchedule } from './schedule.js'
import { addLocalDays } from './dates.js'

const week = (from: string, days: number): string[] => Array.from({ length: days }, (_, i) => addLocalDays(from, i))
const workdaysOf = (dates: string[]) => dates.filter((d) => chineseWorkdays.isWorkday(d))

describe('chineseWorkdays', () => {
  it('ordinary weeks: Monday to Friday work, weekends off', () => {
    // 2026-03-02 is a Monday with no holiday around it.
    expect(workdaysOf(week('2026-03-02', 7))).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'])
  })

  it('Spring Festival 2026: 2-15..2-23 off, Saturdays 2-14 and 2-28 are 调休 make-up workdays', () => {
    expect(workdaysOf(week('2026-02-09', 21))).toEqual([
      '2026-02-09', '2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13',
      '2026-02-14', // Saturday, make-up
      '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27',
      '2026-02-28', // Saturday, make-up
    ])
  })

  it('National Day 2025: 10-01..10-08 off, Sunday 9-28 and Saturday 10-11 are make-up workdays', () => {
    expect(workdaysOf(week('2025-09-27', 16))).toEqual([
      '2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10', '2025-10-11',
    ])
  })

  it('gives the same answers on a host west of UTC (the package reads local-time getters)', () => {
    const dates = [...week('2026-02-09', 21), ...week('2025-09-27', 16), '2026-03-01', '2026-03-02']
    const here = dates.map((d) => chineseWorkdays.isWorkday(d))
    const script = `import { chineseWorkdays } from ${JSON.stringify(fileURLToPath(new URL('./calendar.ts', import.meta.url)))}
      process.stdout.write(JSON.stringify(${JSON.stringify(dates)}.map((d) => chineseWorkdays.isWorkday(d))))`
    for (const TZ of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TZ },
        encoding: 'utf8',
      })
      expect(JSON.parse(out), TZ).toEqual(here)
    }
  })
})

describe('naturalDays', () => {
  it('counts every day, holidays included', () => {
    expect(week('2026-02-14', 10).every((d) => naturalDays.isWorkday(d))).toBe(true)
  })
})

describe('chineseCalendar version', () => {
  it('does not depend on the key order of the schedule objects (a schedule read back in canonical JSON order is the same version), and keeps the text versions were taken of', () => {
    const loaded = schedule2027()
    // As a store writing canonical JSON hands it back: every object's keys sorted.
    const sorted: HolidaySchedule = {
      workdays: loaded.workdays.map((w) => ({ date: w.date, name: w.name })),
      year: loaded.year,
      source: loaded.source,
      holidays: loaded.holidays.map((h) => ({ from: h.from, name: h.name, to: h.to })),
    }
    const version = chineseCalendar([loaded]).version
    expect(chineseCalendar([sorted]).version).toBe(version)
    // The text a version was always taken of: the parser's key order. A schedule that differs in one day differs.
    expect(version).toMatch(/\+2027:[0-9a-f]{8}$/)
    const changed = { ...loaded, workdays: loaded.workdays.map((w, i) => (i === 0 ? { ...w, date: '2027-01-10' } : w)) }
    expect(chineseCalendar([changed]).version).not.toBe(version)
  })
})
