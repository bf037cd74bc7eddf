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
