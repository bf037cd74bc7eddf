import type { RecordedEvent } from '@gridcase/core'
import { attachmentRefsOf } from '@gridcase/core/attachments'
import { buildPool, ensurePgFormat, loadCheckpoint, lockCheckpoint, saveCheckpoint, type PgReadModelHome } from '../postgres/readModelTables.js'
import { tablesOf } from '../postgres/schema.js'
import { inTransaction } from '../postgres/transaction.js'
import type { AttachmentRefsReadModel } from './sqliteAttachmentRefs.js'

const TABLES = ['attachment_refs']
const schemaOf = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.attachment_refs (
  sha256 text NOT NULL, stream_id text NOT NULL, event_id text NOT NULL, position bigint NOT NULL, kind text NOT NULL,
  PRIMARY KEY (sha256, event_id, kind)
);`

/**
 * 附件引用 in the PostgreSQL store's schema: the same model as `sqliteAttachmentRefs`, shared by every server over the
 * database. A batch locks its checkpoint row, applies what lies after it and moves it in one transaction (exactly once).
 */
export const postgresAttachmentRefs = (home: PgReadModelHome): AttachmentRefsReadModel => {
  const name = 'attachment-refs'
  const s = tablesOf(home.schema).schema
  // /2: a field `applicationHash` is read as kind `application` (a personal document), not `document`; rebuilt from the log.
  const ready = ensurePgFormat(home, name, 'gridcase-attachment-refs/2', TABLES, schemaOf(s))
  ready.catch(() => undefined)
  return {
    name,
    checkpoint: async () => {
      await ready
      return loadCheckpoint(home.pool, home.schema, name)
    },
    apply: async (events: readonly RecordedEvent[]) => {
      await ready
      return inTransaction(buildPool(home), async (client) => {
        let at = await lockCheckpoint(client, home.schema, name)
        const rows: unknown[][] = []
        for (const event of events) {
          if (event.position <= at) continue
          for (const ref of attachmentRefsOf(event.data)) rows.push([ref.sha256, event.streamId, event.eventId, event.position, ref.kind])
          at = event.position
        }
        for (const row of rows) {
          await client.query(`INSERT INTO ${s}.attachment_refs (sha256, stream_id, event_id, position, kind) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, row)
        }
        await saveCheckpoint(client, home.schema, name, at)
        return at
      })
    },
    reset: async () => {
      await ready
      await inTransaction(buildPool(home), async (client) => {
        await lockCheckpoint(client, home.schema, name)
        await client.query(`DELETE FROM ${s}.attachment_refs`)
        await saveCheckpoint(client, home.schema, name, -1)
      })
    },
    uses: async (sha256) => {
      await ready
      const found = await home.pool.query<{ sha256: string; stream_id: string; event_id: string; position: string; kind: string }>(
        `SELECT sha256, stream_id, event_id, position, kind FROM ${s}.attachment_refs WHERE sha256 = $1 ORDER BY position`,
        [sha256],
      )
      return found.rows.map((r) => ({ sha256: r.sha256, streamId: r.stream_id, eventId: r.event_id, position: Number(r.position), kind: r.kind }))
    },
    referenced: async (sha256) => {
      await ready
      return (await home.pool.query(`SELECT 1 FROM ${s}.attachment_refs WHERE sha256 = $1 LIMIT 1`, [sha256])).rowCount !== 0
    },
    close: async () => undefined,
  }
}
