// The SQLite dashboard writes a case's summary row only when the batch changed it: a note (ComplaintNoteAdded) leaves a
// complaint's summary as it was, and its row is not written again (before, every event rewrote it: a B-tree update and a
// WAL frame per case per pass for nothing). What the dashboard answers is checked against core's replay elsewhere
// (dashboard-read-model.test.ts); here, that the row is left alone and stays what it was.
import { sqliteDashboard } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'

describe('the SQLite dashboard', () => {
  it('does not write a case summary an event left as it was (a note), and does write one an event changed', async () => {
    const log: RecordedEvent[] = sealLog(sampleDrafts({ cases: 6, seed: 7, spacingMinutes: 90, gridWork: true, riskGrades: true }))
    const db = new Database(':memory:')
    const dashboard = sqliteDashboard(db)
    await dashboard.apply(log)
    db.exec(`CREATE TABLE summary_writes (stream_id TEXT);
             CREATE TRIGGER count_update AFTER UPDATE ON dashboard_cases BEGIN INSERT INTO summary_writes VALUES (new.stream_id); END;
             CREATE TRIGGER count_insert AFTER INSERT ON dashboard_cases BEGIN INSERT INTO summary_writes VALUES (new.stream_id); END;`)
    const last = log[log.length - 1] as RecordedEvent
    const complaint = [...log].reverse().find((e) => e.streamId.startsWith('complaint-')) as RecordedEvent
    const rowOf = () => db.prepare('SELECT summary FROM dashboard_cases WHERE stream_id = ?').get(complaint.streamId)
    const before = rowOf()
    const note: RecordedEvent = {
      ...complaint,
      eventId: 'note-1',
      type: 'ComplaintNoteAdded',
      data: { complaintId: complaint.streamId.slice('complaint-'.length), at: last.metadata.occurredAt, note: '已电话督促' },
      version: complaint.version + 1,
      position: last.position + 1,
    }
    await dashboard.apply([note])
    expect(db.prepare('SELECT count(*) AS n FROM summary_writes').get()).toEqual({ n: 0 })
    expect(rowOf()).toEqual(before)
    // The checkpoint moved all the same.
    expect(await dashboard.checkpoint()).toBe(note.position)
    // A new case is written (the row did not exist).
    const opened = log.find((e) => e.type === 'ComplaintRegistered') as RecordedEvent
    const another: RecordedEvent = { ...opened, streamId: 'complaint-ffffffff-0000-4000-8000-000000000001', eventId: 'new-1', version: 0, position: note.position + 1, data: { ...(opened.data as object), complaintId: 'ffffffff-0000-4000-8000-000000000001' } }
    await dashboard.apply([another])
    expect(db.prepare('SELECT stream_id FROM summary_writes').all()).toEqual([{ stream_id: another.streamId }])
    db.close()
  })
})
