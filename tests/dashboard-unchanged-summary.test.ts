// The SQLite dashboard writes a case's summary row only when the batch changed it: a note (ComplaintNoteAdded) leaves a
// complaint's summary as it was, and its row is not written again (before, every event rewrote it: a B-tree update and a
// WAL frame per case per pass for nothing). What the dashboard answers is checked against core's replay elsewhere
// (dashboard-read-model.test.ts); here, that the row is left alone and stays what it was, and that a stored row an event
// changed (a status) is written again, as core's replay of the log has it.
import { memoryEventStore, sqliteDashboard } from '@gridcase/adapters'
import { execute, type RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { complaint as complaintCase } from '@gridcase/core/complaint'
import { dashboardProjection, replay } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'

describe('the SQLite dashboard', () => {
  it('does not write a case summary an event left as it was (a note), and does write a new case', async () => {
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

  it('does write a stored case summary an event changed (a dispatch moves a complaint from accepted to dispatched), as a replay of the log has it', async () => {
    const store = memoryEventStore()
    const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
    const id = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
    const run = async (command: string, data: unknown, at: string, commandId: string) => {
      const outcome = await execute(store, complaintCase, id, command, data, { commandId, actor: operator, at })
      if (E.isLeft(outcome)) throw new Error(`${command}: ${JSON.stringify(outcome.left)}`)
    }
    await run('create', { channel: 'hotline-12345', kind: 'complaint', category: 'property', urgency: 'normal', title: '楼道堆物', description: '3号楼楼道堆满杂物', jurisdiction: 'hohhot/saihan/wulan-street/xx-community/grid-017', complainant: { name: '李四', phone: '13912345678' } }, '2026-03-02T09:00:00+08:00', 'c-create')
    await run('accept', {}, '2026-03-02T09:30:00+08:00', 'c-accept')
    const stored = await store.readAll({})
    const db = new Database(':memory:')
    const dashboard = sqliteDashboard(db)
    await dashboard.apply(stored)
    const streamId = `complaint-${id}`
    const rowOf = () => JSON.parse(String(db.prepare('SELECT summary FROM dashboard_cases WHERE stream_id = ?').pluck().get(streamId))) as { states: number[] }
    // Status changes as [at, index of the status, …]: registered, then accepted.
    const accepted = rowOf().states
    expect(accepted).toHaveLength(4)
    db.exec(`CREATE TABLE summary_writes (stream_id TEXT);
             CREATE TRIGGER count_update AFTER UPDATE ON dashboard_cases BEGIN INSERT INTO summary_writes VALUES (new.stream_id); END;
             CREATE TRIGGER count_insert AFTER INSERT ON dashboard_cases BEGIN INSERT INTO summary_writes VALUES (new.stream_id); END;`)
    await run('dispatch', { unit: { id: 'saihan-housing', name: '区住建局', level: 'district', jurisdiction: 'hohhot/saihan', department: 'housing' } }, '2026-03-02T10:00:00+08:00', 'c-dispatch')
    const log = await store.readAll({})
    await dashboard.apply(log.slice(stored.length))
    expect(db.prepare('SELECT stream_id FROM summary_writes').all()).toEqual([{ stream_id: streamId }])
    // One status change more (dispatched), at the dispatch.
    expect(rowOf().states.slice(0, 4)).toEqual(accepted)
    expect(rowOf().states).toHaveLength(6)
    expect(rowOf().states.at(-1)).not.toBe(accepted.at(-1))
    // The row is what a replay of the whole log in core holds for the case.
    expect(rowOf()).toEqual(replay(dashboardProjection, log).cases.get(streamId))
    db.close()
  })
})
