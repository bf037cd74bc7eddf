// 并案: the people of the case a merge step names (its primary, and the primary's primary when merged in turn), the one
// source of the names every masked reading of the step masks in its reason besides the duplicate's own.
import { describe, expect, it } from 'vitest'
import type { EventStore, RecordedEvent } from '../kernel/index.js'
import { maskPersonalDataAndNames } from './mask.js'
import { mergedIntoStream, peopleMergedInto, withMergedPeople } from './merged.js'

const at = (streamId: string, version: number, type: string, data: unknown): RecordedEvent =>
  ({ streamId, version, position: 0, eventId: `${streamId}-${version}`, type, schemaVersion: 1, data, metadata: {} }) as unknown as RecordedEvent

const registered = (streamId: string, name: string, address?: string) =>
  at(streamId, 0, 'ComplaintRegistered', { complainant: { name, phone: '13900002222' }, ...(address === undefined ? {} : { address }) })
const merge = (streamId: string, version: number, complaintId: string, primaryId: string, reason?: string) =>
  at(streamId, version, 'ComplaintMerged', { complaintId, primaryId, ...(reason === undefined ? {} : { reason }) })

const storeOf = (streams: Record<string, RecordedEvent[]>) => {
  const reads: string[] = []
  const store: Pick<EventStore, 'readStream'> = { readStream: async (id) => (reads.push(id), streams[id] ?? []) }
  return { store, reads }
}

describe('mergedIntoStream', () => {
  it('is the primary’s stream beside the duplicate’s, lower-cased; undefined for any other event', () => {
    expect(mergedIntoStream(merge('complaint-d1', 1, 'd1', 'P1'))).toBe('complaint-p1')
    expect(mergedIntoStream(merge('complaint-D1', 1, 'd1', 'p1'))).toBe('complaint-p1')
    expect(mergedIntoStream(at('complaint-d1', 1, 'ComplaintNoteAdded', { complaintId: 'd1', primaryId: 'p1' }))).toBeUndefined()
    // A step whose stream does not end with its case's id is not guessed at.
    expect(mergedIntoStream(merge('complaint-x', 1, 'd1', 'p1'))).toBeUndefined()
  })
})

describe('peopleMergedInto', () => {
  const REASON = '与李四（新华社区5号楼3单元201）反映的同一问题，并案办理'

  it('names the primary’s complainant and address: the reason masks them', async () => {
    const { store, reads } = storeOf({ 'complaint-p': [registered('complaint-p', '李四', '新华社区5号楼3单元201')] })
    const step = merge('complaint-d', 1, 'd', 'p', REASON)
    const names = await peopleMergedInto(store, step)
    // The address with the forms of its door free text writes too (core's addressesOf).
    expect(names.slice(0, 2)).toEqual(['李四', '新华社区5号楼3单元201'])
    expect(maskPersonalDataAndNames(step.data, names)).toMatchObject({ reason: '与李*（新************）反映的同一问题，并案办理' })
    expect(reads).toEqual(['complaint-p'])
  })

  it('follows a primary merged in turn, and the respondents a referral of it names; stops at a loop or a missing case', async () => {
    const { store, reads } = storeOf({
      'complaint-p': [registered('complaint-p', '李四'), at('complaint-p', 1, 'ComplaintReferredToMediation', { respondents: [{ name: '赵六' }] }), merge('complaint-p', 2, 'p', 'q')],
      'complaint-q': [registered('complaint-q', '钱七七'), merge('complaint-q', 1, 'q', 'd')],
    })
    expect(await peopleMergedInto(store, merge('complaint-d', 1, 'd', 'p'))).toEqual(['李四', '赵六', '钱七七'])
    // q names d back: d is the case read, not followed again.
    expect(reads).toEqual(['complaint-p', 'complaint-q'])
    expect(await peopleMergedInto(storeOf({}).store, merge('complaint-d', 1, 'd', 'gone'))).toEqual([])
  })

  it('reads nothing for another event', async () => {
    const { store, reads } = storeOf({})
    expect(await peopleMergedInto(store, registered('complaint-d', '王五'))).toEqual([])
    const names = ['王五']
    expect(await withMergedPeople(store, names, [registered('complaint-d', '王五')])).toBe(names)
    expect(reads).toEqual([])
  })

  it('withMergedPeople adds the primaries’ people to the case’s own, once each', async () => {
    const { store } = storeOf({ 'complaint-p': [registered('complaint-p', '王五', '新华社区5号楼3单元201')] })
    const names = await withMergedPeople(store, ['王五'], [registered('complaint-d', '王五'), merge('complaint-d', 1, 'd', 'p')])
    expect(names.slice(0, 2)).toEqual(['王五', '新华社区5号楼3单元201'])
    expect(new Set(names).size).toBe(names.length)
  })
})
