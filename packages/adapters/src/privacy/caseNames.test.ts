// The names of a case's people for a masked export met one event at a time in log order: its whole history's (the
// respondents a referral names among them), read once per case remembered.
import type { EventStore, NewEvent } from '@gridcase/core'
import { describe, expect, it } from 'vitest'
import { memoryEventStore } from '../memory/store.js'
import { caseHistoryNamesOf } from './caseNames.js'

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
