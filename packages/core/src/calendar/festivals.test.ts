import chineseDays from 'chinese-days'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addLocalDays, weekdayOf } from './dates.js'
import { festivalDays, qingmingOf, springFestivalOf } from './festivals.js'

// The published schedules shipped in chinese-days: a listed day off has a festival name, not a weekday name.
const WEEKDAYS = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])
const publishedDaysOff = (year: number): Map<string, string> => {
  const off = new Map<string, string>()
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addLocalDays(d, 1)) {
    const detail = chineseDays.getDayDetail(d)
    if (!WEEKDAYS.has(detail.name) && !detail.work) off.set(d, detail.name.replace(/,\d+$/, ''))
  }
  return off
}
// The holiday blocks of a published schedule: runs of consecutive listed days off (中秋 may sit inside 国庆's).
const blocksOf = (off: Map<string, string>): { name: string; days: string[] }[] => {
  const blocks: { name: string; days: string[] }[] = []
  for (const [d, name] of off) {
    const last = blocks[blocks.length - 1]
    const prev = last?.days[last.days.length - 1]
    if (last !== undefined && prev !== undefined && addLocalDays(prev, 1) === d) last.days.push(d)
    else blocks.push({ name, days: [d] })
  }
  return blocks
}
// chinese-days names a festival "Spring Festival,春节" etc.; ours are the Chinese names.
const FESTIVAL_OF: Record<string, string> = {
  "New Year's Day,元旦": '元旦',
  'Spring Festival,春节': '春节',
  'Tomb-sweeping Day,清明': '清明',
  'Labour Day,劳动节': '劳动节',
  'Dragon Boat Festival,端午': '端午',
  'Mid-autumn Festival,中秋': '中秋',
  'National Day,国庆节': '国庆',
}

describe('festivalDays (全国年节及纪念日放假办法 art. 2)', () => {
  // Every published schedule 2020–2026. (Before 2020 the shipped lists have gaps — 端午 2011, 2012 and 2015
  // list the first and last day only — so there we check only that no festival day was a working day.)
  it('no festival day 2008–2019 was a working day in the published schedules', () => {
    for (let year = 2008; year <= 2019; year += 1) {
      for (const f of festivalDays(year)) expect(chineseDays.getDayDetail(f.date).work, `${f.date} ${f.name}`).toBe(false)
    }
  })

  for (let year = 2020; year <= 2026; year += 1) {
    it(`equals the published ${year} schedule: every festival day is off, every holiday block holds its festival`, () => {
      const off = publishedDaysOff(year)
      const computed = festivalDays(year)
      for (const f of computed) expect(off.has(f.date), `${f.date} ${f.name}`).toBe(true)
      // Each block of days off (one festival's 放假) contains at least one computed day of that festival;
      // when 中秋 falls in the 国庆 week (2020, 2023 …) the notice names the block after either.
      for (const block of blocksOf(off)) {
        const name = FESTIVAL_OF[block.name]
        // Next year's 元旦 may start on 31 December (2022-12-31): it belongs to that year's festival.
        if (name === undefined || (name === '元旦' && block.days[0]?.slice(5, 7) === '12')) continue
        const inBlock = computed.filter((f) => block.days.includes(f.date))
        expect(inBlock.length, `${block.name} ${block.days[0]}..${block.days[block.days.length - 1]}`).toBeGreaterThan(0)
      }
      // And every festival's own computed days fall in a block of that festival (or the 国庆/中秋 block).
      for (const f of computed) {
        const name = FESTIVAL_OF[off.get(f.date) ?? ''] ?? ''
        expect([f.name, ...(f.name === '中秋' || f.name === '国庆' ? ['中秋', '国庆'] : [])], `${f.date}`).toContain(name)
      }
    })
  }

  it('2027: 春节 is 除夕 2-05 to 初三 2-08; 元旦, 清明 4-05, 劳动节 5-01/02, 端午 6-09, 中秋 9-15, 国庆 10-01..03', () => {
    // By hand: 正月初一 2027 is Saturday 6 February, so 除夕 is Friday 5 February (腊月廿九, a short month).
    expect(festivalDays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午' },
      { date: '2027-09-15', name: '中秋' },
      { date: '2027-10-01', name: '国庆' },
      { date: '2027-10-02', name: '国庆' },
      { date: '2027-10-03', name: '国庆' },
    ])
  })

  it('2028: 春节 is 除夕 1-25 to 初三 1-28; 清明 4-04, 端午 5-28, 中秋 10-03 on 国庆\'s third day', () => {
    // By hand: 正月初一 2028 is Wednesday 26 January (the new moon of 26 January), so 除夕 is Tuesday 25 January.
    // 清明 by the formula: Y = 28, ⌊28 × 0.2422 + 4.81⌋ − ⌊28 / 4⌋ = ⌊11.59⌋ − 7 = 4 → 4 April.
    // Lunar months from the new moons: 四月 from 25 April, 五月 from 24 May (初五 = 28 May), 闰五月 from 22 June, 六月
    // 22 July, 七月 20 August, 八月 from 19 September (十五 = 3 October). 中秋 and 国庆 share 3 October: both are listed.
    expect(festivalDays(2028)).toEqual([
      { date: '2028-01-01', name: '元旦' },
      { date: '2028-01-25', name: '春节' },
      { date: '2028-01-26', name: '春节' },
      { date: '2028-01-27', name: '春节' },
      { date: '2028-01-28', name: '春节' },
      { date: '2028-04-04', name: '清明' },
      { date: '2028-05-01', name: '劳动节' },
      { date: '2028-05-02', name: '劳动节' },
      { date: '2028-05-28', name: '端午' },
      { date: '2028-10-01', name: '国庆' },
      { date: '2028-10-02', name: '国庆' },
      { date: '2028-10-03', name: '中秋' },
      { date: '2028-10-03', name: '国庆' },
    ])
    // 2027 by the formula: Y = 27, ⌊27 × 0.2422 + 4.81⌋ − ⌊27 / 4⌋ = ⌊11.35⌋ − 6 = 5 → 5 April (as listed above).
    expect([qingmingOf(2027), qingmingOf(2028)]).toEqual(['2027-04-05', '2028-04-04'])
  })

  it('every year 2008–2099 has its 端午 and 中秋 (an early 端午 too: 27 May 2039 and 2085, before a 闰五月)', () => {
    // The first non-leap 五月初五 / 八月十五 of the Gregorian year, found by going through the whole year day by day.
    const lunarDayOf = (year: number, month: number, day: number): string | undefined => {
      for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addLocalDays(d, 1)) {
        const l = chineseDays.getLunarDate(d)
        if (!l.isLeap && l.lunarMon === month && l.lunarDay === day) return d
      }
      return undefined
    }
    for (let year = 2008; year <= 2099; year += 1) {
      const days = festivalDays(year)
      expect(days.find((f) => f.name === '端午')?.date, `${year}`).toBe(lunarDayOf(year, 5, 5))
      expect(days.find((f) => f.name === '中秋')?.date, `${year}`).toBe(lunarDayOf(year, 8, 15))
    }
    expect(festivalDays(2039).find((f) => f.name === '端午')?.date).toBe('2039-05-27')
  })

  it('春节 falls between 21 January and 20 February, on the lunar new year', () => {
    for (let year = 2008; year <= 2099; year += 1) {
      const day = springFestivalOf(year)
      expect(day >= `${year}-01-21` && day <= `${year}-02-20`, `${year}`).toBe(true)
      expect(chineseDays.getLunarDate(addLocalDays(day, -1)).lunarMon, `${year}`).toBe(12)
    }
  })

  it('清明 is 4 or 5 April (2008–2099)', () => {
    for (let year = 2008; year <= 2099; year += 1) expect(['04', '05']).toContain(qingmingOf(year).slice(8))
  })

  it('refuses a year outside 2008–2099', () => {
    expect(() => festivalDays(2007)).toThrow(/2008–2099/)
    expect(() => festivalDays(2100)).toThrow(/2008–2099/)
  })

  it('gives the same days on a host west and east of UTC', () => {
    const years = [2020, 2024, 2027, 2031]
    const here = years.map((y) => festivalDays(y))
    const script = `import { festivalDays } from ${JSON.stringify(fileURLToPath(new URL('./festivals.ts', import.meta.url)))}
      process.stdout.write(JSON.stringify(${JSON.stringify(years)}.map((y) => festivalDays(y))))`
    for (const TZ of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ }, encoding: 'utf8' })
      expect(JSON.parse(out), TZ).toEqual(here)
    }
    expect(weekdayOf('2027-02-05')).toBe(5)
  })
})
