import { describe, expect, it } from 'vitest'
import { sealedStore } from '@gridcase/core/privacy'
import { sqliteEventStore } from '../sqlite/store.js'
import { eraseCase, ERASURE_STREAM } from './erasure.js'
import { dueForErasure } from './retention.js'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'

const meta = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-01-01T00:00:00Z' }
const registered = { type: 'ComplaintRegistered', schemaVersion: 1, data: { category: 'noise', jurisdiction: 'hohhot', complainant: { name: '李四', phone: '13912345678' } }, metadata: meta }
const closed = { type: 'ComplaintClosed', schemaVersion: 1, data: { closedAs: 'answered' }, metadata: meta }

describe('erasing a case', () => {
  it('a case written in clear (sealing off, or before it) is listed as due and erased like any other: its subjects get erased rows, every opened view reads "erased", the outcome says what the log keeps in clear; a case with no personal data, or none, is refused', async () => {
    const raw = sqliteEventStore({ path: ':memory:' })
    const keys = sqliteSubjectKeys(':memory:')
    await raw.appendToStream('complaint-clear', [registered, closed], { expectedVersion: 'no-stream' })
    const sealed = sealedStore(raw, aesGcmFieldCipher(keys))
    await sealed.appendToStream('complaint-sealed', [registered, closed], { expectedVersion: 'no-stream' })
    const request = { legalBasis: '个人信息保护法 第四十七条', approver: 'dpo-1', actorId: 'admin-1', at: '2030-01-01T00:00:00Z' }
    await raw.appendToStream('complaint-nobody', [{ ...registered, data: { category: 'noise', jurisdiction: 'hohhot' } }, closed], { expectedVersion: 'no-stream' })
    expect(await eraseCase(raw, keys, { ...request, streamId: 'complaint-nobody' })).toEqual({ kind: 'nothing-sealed' })
    expect(await eraseCase(raw, keys, { ...request, streamId: 'complaint-missing' })).toEqual({ kind: 'no-case' })
    expect(await raw.readStream(ERASURE_STREAM)).toEqual([])
    expect((await dueForErasure(raw, keys, { complaint: 0 }, '2030-01-01T00:00:00Z')).map((d) => d.streamId).sort()).toEqual(['complaint-clear', 'complaint-sealed'])
    expect((await sealed.readStream('complaint-clear'))[0]?.data).toMatchObject({ complainant: { name: '李四' } })
    expect(await eraseCase(raw, keys, { ...request, streamId: 'complaint-clear' })).toMatchObject({ kind: 'erased', subjects: ['complaint-clear#complainant'], inClear: ['complaint-clear#complainant'] })
    expect((await sealed.readStream('complaint-clear'))[0]?.data).toMatchObject({ complainant: { name: 'erased', phone: 'erased' } })
    expect(keys.erasedAt('complaint-clear#complainant')).toBe(request.at)
    expect((await dueForErasure(raw, keys, { complaint: 0 }, '2030-01-01T00:00:00Z')).map((d) => d.streamId)).toEqual(['complaint-sealed'])

    const outcome = await eraseCase(raw, keys, { ...request, streamId: 'complaint-sealed' })
    expect(outcome).toMatchObject({ kind: 'erased', subjects: ['complaint-sealed#complainant'], inClear: [] })
    const [, record] = await raw.readStream(ERASURE_STREAM)
    expect(record).toMatchObject({ type: 'PersonalDataErased', data: { streamId: 'complaint-sealed', legalBasis: '个人信息保护法 第四十七条', approver: 'dpo-1' }, metadata: { actor: { id: 'admin-1', role: 'admin', jurisdiction: 'hohhot' } } })
    expect((await sealed.readStream('complaint-sealed'))[0]?.data).toMatchObject({ complainant: { name: 'erased', phone: 'erased' } })
    await raw.close()
    keys.close()
  })
})
