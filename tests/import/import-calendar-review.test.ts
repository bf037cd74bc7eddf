// Review s19: `gridcase import` counts deadlines with the schedules the log holds (the `calendar` stream), as the
// servers do since the calendar moved into the log, not with DATA_DIR/calendar files no load writes any more.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { liveCalendar, manualClock, sqliteEventStore } from '@gridcase/adapters'
import type { Actor } from '@gridcase/core/access'
import { afterAll, describe, expect, it } from 'vitest'
import { schedule2027 } from '../../packages/core/src/calendar/fixtures.js'
import { calendarInLog } from '../../packages/adapters/src/calendar/log.js'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-calendar-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const COMMUNITY = 'hohhot/saihan/wulanchabu-east-road/xinhua-community'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

describe('gridcase import after a schedule was loaded into the log', () => {
  it('a complaint dispatched on Sunday 2026-12-20 is due on the make-up Saturday 2027-01-09, as every server counts it', async () => {
    const db = join(dir, 'gridcase.sqlite')
    // `gridcase calendar load 2027.csv --data dir` (or POST /api/v1/calendar): the schedule is in the log, no file beside it.
    const store = sqliteEventStore({ path: db })
    await calendarInLog(store, liveCalendar()).record(schedule2027(), { actor: operator, at: '2026-12-01T00:00:00.000Z', commandId: 'load-2027' })
    await store.close()
    const line = {
      type: 'complaint', id: 'HH-1', system: 'hohhot-12345', jurisdiction: COMMUNITY,
      steps: [
        { command: 'create', at: '2026-12-20T10:00:00+08:00', actor: operator, data: { channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction: COMMUNITY } },
        { command: 'accept', at: '2026-12-20T10:01:00+08:00', actor: operator },
        { command: 'dispatch', at: '2026-12-20T10:02:00+08:00', actor: operator, data: { unit: { id: 'xinhua', level: 'community', jurisdiction: COMMUNITY } } },
      ],
    }
    const file = join(dir, 'cases.ndjson')
    writeFileSync(file, `${JSON.stringify(line)}\n`)
    let out = ''
    let err = ''
    const code = await runImportCli(['--db', db, file], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => ((err += s), true), isTTY: false },
      clock: manualClock('2026-12-28T00:00:00Z'),
      env: { PERSONAL_DATA_ENCRYPTION: 'off' },
    })
    expect(code, out + err).toBe(0)
    const reader = sqliteEventStore({ path: db, readonly: true })
    try {
      const dispatched = (await reader.readAll({ fromPosition: 0 })).find((e) => e.type === 'ComplaintDispatched')
      const data = dispatched?.data as { resultBy: string; calendar: { version: string } }
      // On main: 2027-01-11 (the provisional count: the import reads DATA_DIR/calendar files, not the log), stamped
      // with the shipped calendar's version, which the log had replaced.
      // The version is the one a server reading this log counts with (and the calendar-stale process compares with).
      const served = (await calendarInLog(reader, liveCalendar()).refresh()).version
      expect({ resultBy: data.resultBy, version: data.calendar.version }).toEqual({ resultBy: '2027-01-09T23:59:59+08:00', version: served })
    } finally {
      await reader.close()
    }
  })
})
