import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HYPOTHETICAL_2027 } from '../../../core/src/calendar/fixtures.js'
import { calendarFiles, liveCalendar } from '../calendar/files.js'
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
const cli = (...argv: string[]) => {
  let out = ''
  let err = ''
  const code = runCalendarCli(argv, (s) => void (out += s), (s) => void (err += s))
  return { code, out, err }
}

describe('gridcase calendar', () => {
  it('load keeps a schedule in the data directory; show and a restart read it back', () => {
    const data = temp()
    const file = join(data, '2027-notice.csv')
    writeFileSync(file, HYPOTHETICAL_2027)
    const loaded = cli('load', file, '--data', data)
    expect(loaded.code).toBe(0)
    expect(loaded.out).toMatch(/^loaded 2027 from .*: 7 holidays, 5 make-up days\ncalendar version chinese-days@1\.5\.7\+2027:[0-9a-f]{8}\nopen cases are re-based when the server next starts\n$/)
    // The schedule, and the re-base it calls for, due until a server has done it.
    expect(readdirSync(join(data, 'calendar')).sort()).toEqual(['2027.csv', 'rebase-due.json'])
    const shown = cli('show', '2027', '--data', data)
    expect(shown.out).toContain('2027: loaded schedule — test fixture (not a real notice)')
    expect(shown.out).toContain('make-up working days: 2027-01-09, 2027-02-20, 2027-05-08, 2027-09-26, 2027-10-09')
    // What a restarted server reads: the same schedule, the same version.
    const restarted = liveCalendar(calendarFiles(join(data, 'calendar')).load().schedules).current()
    expect(restarted.isWorkday('2027-01-09')).toBe(true)
    expect(loaded.out).toContain(restarted.version)
    const due = calendarFiles(join(data, 'calendar')).rebaseDue()
    expect(due).toMatchObject({ version: restarted.version, reason: expect.stringContaining('gridcase calendar load') })
    // No admin asked for it: the server re-bases as the calendar-rebase process, within each case's jurisdiction.
    expect(due?.actor).toBeUndefined()
  })

  it('a bad file is refused with the line named, and nothing is written', () => {
    const data = temp()
    const file = join(data, 'bad.csv')
    writeFileSync(file, HYPOTHETICAL_2027.replace('workday,元旦,2027-01-09', 'workday,元旦,2027-02-07'))
    const refused = cli('load', file, '--data', data)
    expect(refused.code).toBe(2)
    expect(refused.err).toContain('line 5: make-up day 2027-02-07 is a day off in line 6')
    expect(existsSync(join(data, 'calendar'))).toBe(false)
  })

  it('show for a year with no notice says provisional and lists the festival days', () => {
    const shown = cli('show', '2028', '--data', temp())
    expect(shown.out).toContain('2028: no notice: statutory festival days only (provisional)')
    expect(shown.out).toContain('2028-01-01 元旦')
  })

  it('usage errors exit 2', () => {
    expect(cli('frobnicate').code).toBe(2)
    expect(cli('load').code).toBe(2)
    expect(cli('load', '/no/such/file.csv').err).toContain('no file')
  })
})
