// What a webhook delivery knows of its event's case — above all the names it masks in free text: the opening event's
// people and, from a complaint's referral to mediation on, the respondents it names (the complaint's state never keeps
// them; its later notes repeat them). Whether the events come one after another (the feeder), with gaps (the
// dispatcher delivers only what a subscription wants) or after a restart (nothing remembered).
import type { EventStore, NewEvent, RecordedEvent } from '@gridcase/core'
import { maskPersonalDataAndNames } from '@gridcase/core/privacy'
import { describe, expect, it } from 'vitest'
import { memoryEventStore } from '../memory/store.js'
import { caseFactsOf } from './caseFacts.js'
import { deliveryBody } from './payload.js'

const event = (type: string, data: unknown): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { commandId: `cmd-${type}`, correlationId: 'corr', causationId: 'corr', actor: { id: 'gw-1', role: 'grid-worker', jurisdiction: 'hohhot/xincheng/g1' }, occurredAt: '2026-03-01T09:00:00+08:00' },
})
const caseTypes = [{ name: 'complaint', streamPrefix: 'complaint-' }, { name: 'dispute', streamPrefix: 'dispute-' }]

/** A complaint registered, noted, referred (naming 赵六) and noted again naming 赵六; a dispute; the erasure log. */
const seeded = async () => {
  const store = memoryEventStore()
  await store.appendToStream('complaint-1', [
    event('ComplaintRegistered', { jurisdiction: 'hohhot/xincheng/g1', kind: 'complaint', complainant: { name: '李四', phone: '13912345678' } }),
    event('ComplaintNoteAdded', { note: '联系李四' }),
    event('ComplaintReferredToMediation', { respondents: [{ name: '赵六', phone: '13600006666' }], summary: '李四与赵六物业费争议' }),
    event('ComplaintNoteAdded', { note: '赵六同意到调委会' }),
  ], { expectedVersion: 'no-stream' })
  await store.appendToStream('erasures', [event('SubjectErased', { subject: 's-1' })], { expectedVersion: 'no-stream' })
  const reads: string[] = []
  const reader: Pick<EventStore, 'readStream'> = {
    readStream: (id, options) => ((reads.push(`${id}@${options?.fromVersion ?? 0}..${options?.toVersion ?? ''}`)), store.readStream(id, options)),
  }
  const [registered, noted, referred, later] = (await store.readAll()) as RecordedEvent[]
  return { reader, reads, events: { registered: registered!, noted: noted!, referred: referred!, later: later! }, erasure: (await store.readAll()).at(-1)! }
}

describe('caseFactsOf', () => {
  it('met one event after another: the respondents mask every event from the referral on, with no read after the first', async () => {
    const { reader, reads, events } = await seeded()
    const facts = caseFactsOf(reader, caseTypes)
    expect((await facts(events.registered))?.names).toEqual(['李四'])
    expect((await facts(events.noted))?.names).toEqual(['李四'])
    expect((await facts(events.referred))?.names).toEqual(['李四', '赵六'])
    const of = await facts(events.later)
    expect(of).toEqual({ caseType: 'complaint', caseId: '1', jurisdiction: 'hohhot/xincheng/g1', report: false, names: ['李四', '赵六'] })
    expect(maskPersonalDataAndNames(events.later.data, of?.names ?? [])).toEqual({ note: '赵*同意到调委会' })
    expect(reads).toEqual([])
  })

  it('met first after the referral (a restart): reads the case up to the event, once', async () => {
    const { reader, reads, events } = await seeded()
    const facts = caseFactsOf(reader, caseTypes)
    expect((await facts(events.later))?.names).toEqual(['李四', '赵六'])
    expect((await facts(events.later))?.names).toEqual(['李四', '赵六'])
    expect(reads).toEqual(['complaint-1@0..2'])
  })

  it('met with a gap (only what a subscription wants): reads the events it skipped, and an earlier event keeps what it learned', async () => {
    const { reader, reads, events } = await seeded()
    const facts = caseFactsOf(reader, caseTypes)
    expect((await facts(events.noted))?.names).toEqual(['李四'])
    expect((await facts(events.later))?.names).toEqual(['李四', '赵六'])
    expect((await facts(events.registered))?.names).toEqual(['李四', '赵六'])
    expect(reads).toEqual(['complaint-1@0..0', 'complaint-1@2..2'])
  })

  it('is undefined for an event of no case type, and the delivery body masks the respondent in a later note', async () => {
    const { reader, events, erasure } = await seeded()
    const facts = caseFactsOf(reader, caseTypes)
    expect(await facts(erasure)).toBeUndefined()
    const of = await facts(events.later)
    const body = deliveryBody(events.later, of!, false)
    expect(body).toContain('赵*同意到调委会')
    expect(body).not.toContain('赵六')
  })
})

describe('caseFactsOf of an anonymous complaint', () => {
  it('says so, and its deliveries, with personal data or masked, leave its complainant’s account out', async () => {
    const store = memoryEventStore()
    const resident = { id: 'acct-0471', role: 'resident' as const, jurisdiction: 'hohhot/xincheng/g1' }
    await store.appendToStream('complaint-2', [
      { ...event('ComplaintRegistered', { jurisdiction: 'hohhot/xincheng/g1', kind: 'complaint', complainant: { residentId: 'acct-0471' }, ownerId: 'acct-0471' }), metadata: { ...event('x', {}).metadata, actor: resident } },
    ], { expectedVersion: 'no-stream' })
    const [registered] = (await store.readAll()) as RecordedEvent[]
    const facts = await caseFactsOf(store, caseTypes)(registered!)
    expect(facts).toMatchObject({ report: false, anonymous: true })
    for (const personalData of [true, false]) expect(deliveryBody(registered!, facts!, personalData), String(personalData)).not.toContain('acct-0471')
    // A named complaint is not anonymous.
    const { reader, events } = await seeded()
    expect(await caseFactsOf(reader, caseTypes)(events.registered)).not.toHaveProperty('anonymous')
  })
})

describe('caseFactsOf of a merge (并案)', () => {
  // The hotline's reason for merging names the primary's complainant and address (与李四（新华社区5号楼3单元201）…): a
  // masked delivery masked it with the duplicate's people only, and sent them in full.
  const REASON = '与李四（新华社区5号楼3单元201）反映的同一问题，并案办理'
  const merged = async (first: 'registration' | 'merge') => {
    const store = memoryEventStore()
    await store.appendToStream('complaint-p', [
      event('ComplaintRegistered', { jurisdiction: 'hohhot/xincheng/g1', kind: 'complaint', complainant: { name: '李四', phone: '13900002222' }, address: '新华社区5号楼3单元201' }),
    ], { expectedVersion: 'no-stream' })
    await store.appendToStream('complaint-d', [
      event('ComplaintRegistered', { jurisdiction: 'hohhot/xincheng/g1', kind: 'complaint', complainant: { name: '王五', phone: '13812345678' } }),
      event('ComplaintMerged', { complaintId: 'd', primaryId: 'p', reason: REASON }),
    ], { expectedVersion: 'no-stream' })
    const all = (await store.readAll()) as RecordedEvent[]
    const merge = all.find((e) => e.type === 'ComplaintMerged')!
    const facts = caseFactsOf(store, caseTypes)
    // Met one after another (the feeder), or the merge first (a restart, or a subscription that wants merges only).
    if (first === 'registration') await facts(all.find((e) => e.streamId === 'complaint-d')!)
    return { merge, of: await facts(merge) }
  }

  it.each(['registration', 'merge'] as const)('masks the primary’s people in the merge step’s reason (met first: its %s)', async (first) => {
    const { merge, of } = await merged(first)
    const body = deliveryBody(merge, of!, false)
    expect(body).toContain('与李*（新************）反映的同一问题')
    expect(body).not.toMatch(/李四|5号楼3单元201/)
    // A subscription allowed personal data reads it as recorded.
    expect(deliveryBody(merge, of!, true)).toContain(REASON)
  })
})
