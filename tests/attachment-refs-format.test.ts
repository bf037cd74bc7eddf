// The attachment index (which cases name which files, and as what: `GET /api/v1/attachments/{sha256}` reads it) is kept in
// format /2 since an application named by `apply-confirmation`'s `applicationHash` is read as kind `application` (a
// personal document, docs/attachments.md) rather than `document`. An index kept in /1 holds it as a `document`, which an
// auditor would fetch: it is rebuilt from the log.
import { sqliteAttachmentRefs } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

const APPLICATION = 'a'.repeat(64)
const applied = {
  streamId: 'dispute-1',
  version: 7,
  position: 0,
  eventId: 'event-1',
  type: 'JudicialConfirmationApplied',
  data: { applicant: '王女士', court: '赛罕区人民法院', recordedBy: 'demo-mediator', applicationHash: APPLICATION },
  metadata: {},
} as unknown as RecordedEvent

describe('the attachment index kept in the format before (/1)', () => {
  it('is rebuilt: an application named by applicationHash reads as kind application, not document', async () => {
    const db = new Database(':memory:')
    const first = sqliteAttachmentRefs(db)
    await first.apply([applied])
    expect((await first.uses(APPLICATION)).map((u) => u.kind)).toEqual(['application'])
    // What /1 kept of it.
    db.exec(`UPDATE attachment_refs SET kind = 'document'; UPDATE read_model_formats SET format = 'gridcase-attachment-refs/1' WHERE name = 'attachment-refs'`)
    const again = sqliteAttachmentRefs(db)
    expect(await again.checkpoint()).toBe(-1)
    await again.apply([applied])
    expect((await again.uses(APPLICATION)).map((u) => u.kind)).toEqual(['application'])
    db.close()
  })
})
