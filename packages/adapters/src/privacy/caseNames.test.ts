// The names of a case's people for a masked export met one event at a time in log order: its whole history's (the
// respondents a referral names among them), read once per case remembered.
import type { EventStore, NewEvent } from '@gridcase/core'
import { describe, expect, it } from 'vitest'
import { memoryEventStore } from '../memory/store.js'
import { caseHistoryNamesOf, caseHistoryReadOf, maskedForAudit } from './caseNames.js'

const event = (type: string, data: unknown): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { commandId: `cmd-${type}`, correlationId: 'corr', causationId: 'corr', actor: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }, occurredAt: '2026-03-01T09:00:00+08:00' },
})

/** A store that counts its stream reads. */
const counting = (store: EventStore) => {
  let reads = 0
  return { store: { readStream: ((...args: Parameters<EventStore['readStream']>) => ((reads += 1), store.readStream(...args))) as EventStore['readStream'] }, reads: () => reads }
}

describe('caseHistoryNamesOf', () => {
  it('names the opening event’s people and a referral’s respondents for every event of the case, the ones before the referral too; one read per case', async () => {
    const store = memoryEventStore()
    await store.appendToStream('complaint-1', [
      event('ComplaintRegistered', { complainant: { name: '李四' } }),
      event('ComplaintNoteAdded', { note: '联系李四' }),
      event('ComplaintReferredToMediation', { respondents: [{ name: '赵六' }], summary: '李四与赵六' }),
    ], { expectedVersion: 'no-stream' })
    await store.appendToStream('dispute-1', [event('DisputeReported', { parties: [{ side: 'applicant', name: '王芳' }, { side: 'respondent', name: '李强' }] })], { expectedVersion: 'no-stream' })
    const [registered, noted, referred, reported] = await store.readAll()
    const { store: reader, reads } = counting(store)
    const names = caseHistoryNamesOf(reader)
    expect(await names(noted!)).toEqual(['李四', '赵六'])
    expect(await names(registered!)).toEqual(['李四', '赵六'])
    expect(await names(referred!)).toEqual(['李四', '赵六'])
    expect(reads()).toBe(1)
    expect(await names(reported!)).toEqual(['王芳', '李强'])
    expect(reads()).toBe(2)
  })

  it('forgets past `remembered` cases and reads again what it forgot', async () => {
    const store = memoryEventStore()
    for (const id of ['a', 'b']) await store.appendToStream(`complaint-${id}`, [event('ComplaintRegistered', { complainant: { name: `张${id}` } }), event('ComplaintNoteAdded', { note: '' })], { expectedVersion: 'no-stream' })
    const later = (await store.readAll()).filter((e) => e.version === 1)
    const { store: reader, reads } = counting(store)
    const names = caseHistoryNamesOf(reader, 1)
    for (const e of [...later, ...later]) await names(e)
    expect(reads()).toBe(4)
    expect(await names(later[1]!)).toEqual(['张b'])
    expect(reads()).toBe(4)
  })
})

describe('maskedForAudit', () => {
  it("leaves a 举报's reporter out whole — its account in the data, its step by `reporter` — and masks any other case's as before", async () => {
    const store = memoryEventStore()
    const reporter = { id: 'acct-0471', role: 'resident' as const, jurisdiction: 'hohhot/a' }
    const opened = (kind: string): NewEvent => ({
      ...event('ComplaintRegistered', { kind, jurisdiction: 'hohhot/a/b', complainant: { name: '钱举报', phone: '13700001111', residentId: 'acct-0471' }, description: '钱举报反映' }),
      metadata: { ...event('x', {}).metadata, actor: reporter },
    })
    await store.appendToStream('complaint-r', [opened('report')], { expectedVersion: 'no-stream' })
    await store.appendToStream('complaint-c', [opened('complaint')], { expectedVersion: 'no-stream' })
    const [report, complaint] = await store.readAll()
    const readOf = caseHistoryReadOf(store)
    const masked = maskedForAudit(report!, await readOf(report!))
    expect(masked.data).toEqual({ kind: 'report', jurisdiction: 'hohhot/a/b', complainant: { name: '钱**', phone: '137****1111' }, description: '钱**反映' })
    expect(masked.metadata.actor).toEqual({ id: 'reporter', role: 'resident', jurisdiction: 'hohhot/a/b' })
    const other = maskedForAudit(complaint!, await readOf(complaint!))
    expect(other.data).toMatchObject({ complainant: { name: '钱**', residentId: 'acct-0471' } })
    expect(other.metadata.actor).toEqual(reporter)
  })

  it("leaves an anonymous complaint's account out too (no name, phone or id number: the account alone ties it to the person)", async () => {
    const store = memoryEventStore()
    const resident = { id: 'acct-0471', role: 'resident' as const, jurisdiction: 'hohhot/a' }
    await store.appendToStream('complaint-a', [{
      ...event('ComplaintRegistered', { kind: 'complaint', jurisdiction: 'hohhot/a/b', complainant: { residentId: 'acct-0471' }, ownerId: 'acct-0471', description: '夜间施工' }),
      metadata: { ...event('x', {}).metadata, actor: resident },
    }], { expectedVersion: 'no-stream' })
    const [anonymous] = await store.readAll()
    const masked = maskedForAudit(anonymous!, await caseHistoryReadOf(store)(anonymous!))
    expect(masked.data).toEqual({ kind: 'complaint', jurisdiction: 'hohhot/a/b', complainant: {}, description: '夜间施工' })
    expect(masked.metadata.actor).toEqual({ id: 'reporter', role: 'resident', jurisdiction: 'hohhot/a/b' })
  })
})
