import type { RecordedEvent } from '@gridcase/core'
import { attachmentRefsOf } from '@gridcase/core/attachments'
import type Database from 'better-sqlite3'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { openDatabase } from '../sqlite/open.js'
import { foldedWrites } from './foldedWrites.js'
import type { ReadModel } from './readModel.js'
import { ensureFormat } from './sqliteFormat.js'
import type { SqliteApply } from './sqliteTogether.js'

/** One reference to an attached file: the case (stream) and event that name it, and as what. */
export interface AttachmentUse {
  readonly sha256: string
  readonly streamId: string
  readonly eventId: string
  readonly position: number
  readonly kind: string
}

/**
 * 附件引用 — which cases name which files (by hash), kept from the log like every read model. `GET
 * /api/v1/attachments/{sha256}` reads it to learn the cases whose readers may fetch a file; garbage collection
 * reads `referenced` to keep every file an event names.
 */
export interface AttachmentRefsReadModel extends ReadModel {
  uses(sha256: string): Promise<readonly AttachmentUse[]>
  referenced(sha256: string): Promise<boolean>
}

const TABLES = ['attachment_refs']
const SCHEMA = `
CREATE TABLE IF NOT EXISTS attachment_refs (
  sha256 TEXT NOT NULL, stream_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL,
  PRIMARY KEY (sha256, event_id, kind)
) STRICT;`

/** The attachment references in a SQLite read-model file (or a path), checkpoint in the same transaction. */
export const sqliteAttachmentRefs = (dbOrPath: Database.Database | string): AttachmentRefsReadModel & SqliteApply => {
  const owned = typeof dbOrPath === 'string'
  const db = typeof dbOrPath === 'string' ? openDatabase(dbOrPath, { synchronous: 'normal' }) : dbOrPath
  const name = 'attachment-refs'
  const checkpoints = sqliteCheckpoints(db)
  // /2: a field `applicationHash` is read as kind `application` (a personal document), not `document`; rebuilt from the log.
  ensureFormat(db, name, 'gridcase-attachment-refs/2', TABLES, SCHEMA, () => checkpoints.reset(name))
  const insert = db.prepare<[string, string, string, number, string]>(
    'INSERT OR IGNORE INTO attachment_refs (sha256, stream_id, event_id, position, kind) VALUES (?, ?, ?, ?, ?)',
  )
  const select = db.prepare<[string], { sha256: string; stream_id: string; event_id: string; position: number; kind: string }>(
    'SELECT sha256, stream_id, event_id, position, kind FROM attachment_refs WHERE sha256 = ? ORDER BY position',
  )
  const any = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM attachment_refs WHERE sha256 = ?')
  const applyRows = (events: readonly RecordedEvent[]): number => {
    let at = checkpoints.load(name) ?? -1
    for (const event of events) {
      if (event.position <= at) continue
      for (const ref of attachmentRefsOf(event.data)) insert.run(ref.sha256, event.streamId, event.eventId, event.position, ref.kind)
      at = event.position
    }
    checkpoints.save(name, at)
    return at
  }
  const applyAll = db.transaction(applyRows)
  // A catch-up's pages folded before one write (`ReadModel.fold`): the references found, written only if no one moved the
  // checkpoint meanwhile.
  interface Folded {
    readonly at: number
    last: number
    readonly refs: [string, string, string, number, string][]
  }
  const writeFolded = (folded: Folded): number => {
    for (const ref of folded.refs) insert.run(...ref)
    checkpoints.save(name, folded.last)
    return folded.last
  }
  const folds = foldedWrites(
    db,
    () => checkpoints.load(name) ?? -1,
    (): Folded => {
      const at = checkpoints.load(name) ?? -1
      return { at, last: at, refs: [] }
    },
    (folded, events) => {
      for (const event of events) {
        if (event.position <= folded.last) continue
        for (const ref of attachmentRefsOf(event.data)) folded.refs.push([ref.sha256, event.streamId, event.eventId, event.position, ref.kind])
        folded.last = event.position
      }
    },
    writeFolded,
  )
  const resetAll = db.transaction(() => {
    db.exec('DELETE FROM attachment_refs')
    checkpoints.reset(name)
  })
  return {
    name,
    checkpoint: async () => checkpoints.load(name) ?? -1,
    apply: async (events) => applyAll.immediate(events),
    db,
    applyWithin: (events) => {
      if (!db.inTransaction) throw new Error('applyWithin runs inside a transaction the caller holds on the same connection')
      return applyRows(events)
    },
    ...folds,
    reset: async () => {
      folds.drop()
      resetAll.immediate()
    },
    uses: async (sha256) =>
      select.all(sha256).map((r) => ({ sha256: r.sha256, streamId: r.stream_id, eventId: r.event_id, position: r.position, kind: r.kind })),
    referenced: async (sha256) => (any.get(sha256)?.n ?? 0) > 0,
    close: async () => {
      if (!owned || !db.open) return
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
