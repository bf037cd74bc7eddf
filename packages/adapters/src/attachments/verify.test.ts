import { describe, expect, it } from 'vitest'
import type { AttachmentCheck } from './store.js'
import type { RecordedEvent } from '@gridcase/core'
import { erasureMarkOf, verifyReferences, type AttachmentReference } from './verify.js'

const sha = (c: string) => c.repeat(64)
const ref = (streamId: string, sha256: string): AttachmentReference => ({ sha256, kind: 'id-document', streamId, version: 0, position: 0, eventId: 'e', eventType: 'ComplaintRegistered', path: 'attachments[0].sha256' })
const checks = (status: Record<string, AttachmentCheck>) => async (sha256: string): Promise<AttachmentCheck> => status[sha256] ?? { status: 'ok' }

describe('verifying attachments beside erasures', () => {
  it('a missing file is erased on purpose only for a case that was erased and a file an erasure listed; anything else is a finding', async () => {
    const missing = { status: 'missing' } as const
    const result = await verifyReferences(
      [ref('complaint-a', sha('a')), ref('complaint-b', sha('a')), ref('complaint-c', sha('c')), ref('complaint-a', sha('d'))],
      checks({ [sha('a')]: missing, [sha('c')]: missing, [sha('d')]: { status: 'altered', actual: sha('e') } }),
      // Case a erased with its scan listed; case c erased, but its file was never listed (deleted by hand).
      [{ streamId: 'complaint-a', files: [sha('a')] }, { streamId: 'complaint-c', files: [] }],
    )
    expect(result.erased).toBe(1)
    // b was never erased: its reference to the same (deleted) file is missing; c's unlisted file too; an altered file always is.
    expect(result.findings.map((f) => `${f.streamId} ${f.problem}`)).toEqual(['complaint-b missing', 'complaint-c missing', 'complaint-a altered'])
    expect(result.ok).toBe(false)
  })

  it('without erasures, every missing file is a finding', async () => {
    const result = await verifyReferences([ref('complaint-a', sha('a'))], checks({ [sha('a')]: { status: 'missing' } }))
    expect(result).toMatchObject({ ok: false, erased: 0, findings: [{ problem: 'missing' }] })
  })

  it('an erasure lists the files it deleted in idDocumentsErased (identity documents, as ever) and personalDocumentsErased (the others); an older one has only the first', () => {
    const erasure = (data: Record<string, unknown>) => ({ type: 'PersonalDataErased', streamId: 'erasures', data: { streamId: 'dispute-1', subjects: [], ...data } }) as unknown as RecordedEvent
    expect(erasureMarkOf(erasure({ idDocumentsErased: [sha('a')], personalDocumentsErased: [sha('b'), sha('c')] }))).toEqual({ streamId: 'dispute-1', files: [sha('a'), sha('b'), sha('c')] })
    expect(erasureMarkOf(erasure({ idDocumentsErased: [sha('a')] }))).toEqual({ streamId: 'dispute-1', files: [sha('a')] })
    expect(erasureMarkOf(erasure({ personalDocumentsErased: [sha('b')] }))).toEqual({ streamId: 'dispute-1', files: [sha('b')] })
    expect(erasureMarkOf(erasure({}))).toEqual({ streamId: 'dispute-1', files: [] })
  })
})
