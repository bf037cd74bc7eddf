import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { schedule2027 } from '../../../core/src/calendar/fixtures.js'
import { calendarFiles, type RebaseDue } from './files.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const files = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-calendar-files-'))
  dirs.push(dir)
  return calendarFiles(join(dir, 'calendar'))
}
const due = (id: string): RebaseDue => ({ id, version: 'chinese-days@1.5.7+2027:00000000', reason: 'loaded', at: '2026-12-28T02:00:00.000Z', actor: { id: 'ad-1', role: 'admin', jurisdiction: 'hohhot' } })

describe('the re-base due marker beside the schedules', () => {
  it('reads back what was marked, and none before', () => {
    const f = files()
    expect(f.rebaseDue()).toBeUndefined()
    f.markRebaseDue(due('a'))
    expect(f.rebaseDue()).toEqual(due('a'))
    // Not a schedule: loading the schedules neither reads nor refuses it.
    f.save(schedule2027())
    expect(f.load()).toMatchObject({ schedules: [{ year: 2027 }], refused: [] })
    expect(readdirSync(f.dir).sort()).toEqual(['2027.csv', 'rebase-due.json'])
  })

  it('is cleared by the re-base it names, not by an earlier one a later load replaced', () => {
    const f = files()
    f.markRebaseDue(due('first'))
    f.markRebaseDue(due('second'))
    f.clearRebaseDue('first')
    expect(f.rebaseDue()?.id).toBe('second')
    f.clearRebaseDue('second')
    expect(f.rebaseDue()).toBeUndefined()
    // Clearing what is not there is nothing.
    f.clearRebaseDue('second')
  })

  it('a marker that does not read is still due (a hand-edited file), and clears', () => {
    const f = files()
    f.markRebaseDue(due('a'))
    writeFileSync(join(f.dir, 'rebase-due.json'), '{ not json')
    const read = f.rebaseDue()
    expect(read?.reason).toContain('did not read')
    expect(read?.actor).toBeUndefined()
    f.clearRebaseDue(read?.id ?? '')
    expect(f.rebaseDue()).toBeUndefined()
  })
})
