import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CALENDAR_STREAM, calendarLogOf } from '@gridcase/core/calendar'
import { afterEach, describe, expect, it } from 'vitest'
import { HYPOTHETICAL_2027, schedule2027 } from '../../../core/src/calendar/fixtures.js'
import { calendarFiles } from '../calendar/files.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { runCalendarCli } from './calendar.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gridcase-calendar-'))
  dirs.push(d)
  return d
}
const cli = async (...argv: string[]) => {
  let out = ''
  let err = ''
  const code = await runCalendarCli(argv, (s) => void (out += s), (s) => void (err += s), { now: () => '2026-12-02T08:00:00.000Z', user: 'li.admin' })
  return { code, out, err }
}
const streamOf = async (db: string) => {
  const store = sqliteEventStore({ path: db, readonly: true })
  try {
    return await store.readStream(CALENDAR_STREAM)
  } finally {
    await store.close()
  }
}

describe('gridcase calendar', () => {
  it('load records the schedule in the log, where show and every server read it', async () => {
    const data = temp()
    const file = join(data, '2027-notice.csv')
    writeFileSync(file, HYPOTHETICAL_2027)
    const loaded = await cli('load', file, '--data', data, '--create')
    expect(loaded.code, loaded.err).toBe(0)
    expect(loaded.out).toMatch(/^loaded 2027 from .*: 7 holidays, 5 make-up days\nrecorded in the log at position 0; calendar version chinese-days@1\.5\.7\+2027:[0-9a-f]{8}\n/)
    const stream = await streamOf(join(data, 'gridcase.sqlite'))
    expect(stream.map((e) => e.type)).toEqual(['HolidayScheduleLoaded'])
    // No admin over HTTP: the process, national; the reason names who ran it.
    expect(stream[0]?.metadata.actor).toMatchObject({ id: 'process:calendar-load', role: 'admin', jurisdiction: 'cn' })
    const log = calendarLogOf(stream)
    expect(log.due?.reason).toContain('by li.admin with gridcase calendar load')
    expect(loaded.out).toContain(log.version)
    // Nothing beside the log.
    expect(existsSync(join(data, 'calendar'))).toBe(false)
    const shown = await cli('show', '2027', '--data', data)
    expect(shown.out).toContain('2027: loaded schedule — test fixture (not a real notice)')
    expect(shown.out).toContain('make-up working days: 2027-01-09, 2027-02-20, 2027-05-08, 2027-09-26, 2027-10-09')
    expect(shown.out).toContain(log.version)
  })

  it('show says which schedule file of an earlier release a server has not taken over yet', async () => {
    const data = temp()
    calendarFiles(join(data, 'calendar')).save(schedule2027())
    const shown = await cli('show', '2027', '--data', data)
    expect(shown.err).toContain(`${join(data, 'calendar')}/2027.csv is not in the log yet`)
    expect(shown.out).toContain('2027: no notice: statutory festival days only (provisional)')
  })

  it('a bad file is refused with the line named, and nothing is written', async () => {
    const data = temp()
    const file = join(data, 'bad.csv')
    writeFileSync(file, HYPOTHETICAL_2027.replace('workday,元旦,2027-01-09', 'workday,元旦,2027-02-07'))
    const refused = await cli('load', file, '--data', data, '--create')
    expect(refused.code).toBe(2)
    expect(refused.err).toContain('line 5: make-up day 2027-02-07 is a day off in line 6')
    expect(existsSync(join(data, 'gridcase.sqlite'))).toBe(false)
  })

  it('a file that is not UTF-8 (a CSV saved as GBK) or a folder is refused naming it, and nothing is written (before: the GBK source was recorded as U+FFFD for good; a folder threw EISDIR)', async () => {
    const data = temp()
    const gbk = join(data, 'gbk.csv')
    // 国务院 in GBK: what Excel on a Chinese Windows saves a CSV as.
    const [before = '', after = ''] = HYPOTHETICAL_2027.split('test fixture (not a real notice)')
    writeFileSync(gbk, Buffer.concat([Buffer.from(before), Buffer.from([0xb9, 0xfa, 0xce, 0xf1, 0xd4, 0xba]), Buffer.from(after)]))
    const refused = await cli('load', gbk, '--data', data, '--create')
    expect({ code: refused.code, err: refused.err }).toEqual({ code: 2, err: `gridcase: ${gbk}: is not valid UTF-8 (save the schedule as UTF-8)\n` })
    const folder = await cli('load', data, '--data', data, '--create')
    expect({ code: folder.code, err: folder.err }).toEqual({ code: 2, err: `gridcase: ${data} is a folder, not a schedule file\n` })
    expect(existsSync(join(data, 'gridcase.sqlite'))).toBe(false)
  })

  it('show for a year with no notice says provisional and lists the festival days', async () => {
    const shown = await cli('show', '2028', '--data', temp())
    expect(shown.out).toContain('2028: no notice: statutory festival days only (provisional)')
    expect(shown.out).toContain('2028-01-01 元旦')
  })

  it('usage errors exit 2', async () => {
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('load')).code).toBe(2)
    expect((await cli('load', '/no/such/file.csv')).err).toContain('no file')
    // A --db naming a folder or a file that is no database: named, exit 2 (before: SQLite's error thrown, uncaught).
    const folder = temp()
    expect(await cli('show', '2027', '--db', folder)).toMatchObject({ code: 2, err: `gridcase: ${folder} is a folder, not an event store (give the log's file with --db)\n` })
    const notADb = join(folder, 'x.sqlite')
    writeFileSync(notADb, 'not a database, but long enough to be taken for a header of one '.repeat(100))
    expect(await cli('show', '2027', '--db', notADb)).toMatchObject({ code: 2, err: expect.stringContaining(`gridcase: cannot open the event store ${notADb}: `) })
    // A year GET /api/v1/calendar/{year} would refuse, named (before: 0000 was exit 3, "the log could not be read").
    for (const year of ['0000', '1899', '2101', 'abc', '20271']) {
      expect(await cli('show', year, '--data', temp()), year).toMatchObject({ code: 2, err: `gridcase: calendar show: expected a year from 1900 to 2100, got '${year}'\n` })
    }
    const file = join(temp(), 'n.csv')
    writeFileSync(file, HYPOTHETICAL_2027)
    expect((await cli('load', file, '--data', temp(), '--db', 'x.sqlite')).err).toContain('not both')
  })
})
