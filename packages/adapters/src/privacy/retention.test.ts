import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { sqliteEventStore } from '../sqlite/store.js'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'
import { dueForErasure, parseRetention, unmatchedCategories } from './retention.js'
import { sealedStore } from '@gridcase/core/privacy'

const meta = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-01-10T08:00:00.000Z' }

/** Two complaints closed 2026-01-10T08:00:00Z (noise, parking) and one never closed. */
const log = async () => {
  const clock = manualClock('2026-01-10T08:00:00.000Z')
  const raw = sqliteEventStore({ path: ':memory:', clock })
  const keys = sqliteSubjectKeys(':memory:')
  const store = sealedStore(raw, aesGcmFieldCipher(keys))
  for (const [id, category, closed] of [['a', 'noise', true], ['b', 'parking', true], ['c', 'noise', false]] as const) {
    await store.appendToStream(`complaint-${id}`, [{ type: 'ComplaintRegistered', schemaVersion: 1, data: { category, complainant: { name: '李四', phone: '13912345678' } }, metadata: meta }], { expectedVersion: 'no-stream' })
    if (closed) await store.appendToStream(`complaint-${id}`, [{ type: 'ComplaintClosed', schemaVersion: 1, data: { closedAs: 'answered' }, metadata: meta }], { expectedVersion: 0 })
  }
  return { raw, keys }
}

describe('retention (个人信息保护法 arts. 19, 47(1)(ii)): what is due for erasure', () => {
  // noise is kept 30 days, anything else 90, counted from the close recorded at 2026-01-10T08:00:00Z:
  // noise is due from 2026-01-10T08:00Z + 30 × 24 h = 2026-02-09T08:00:00Z; parking from + 90 × 24 h = 2026-04-10T08:00:00Z.
  const retention = { complaint: 90, categories: { noise: 30 } }

  it('lists a closed case from the instant its period ends: not the day before, from the day on, and not a case still open', async () => {
    const { raw, keys } = await log()
    const due = async (asOf: string) => (await dueForErasure(raw, keys, retention, asOf)).map((d) => d.streamId)
    expect(await due('2026-02-08T08:00:00.000Z')).toEqual([]) // the day before
    expect(await due('2026-02-09T07:59:59.999Z')).toEqual([]) // the day, a moment before
    expect(await due('2026-02-09T08:00:00.000Z')).toEqual(['complaint-a']) // the day it ends
    expect(await due('2026-02-10T08:00:00.000Z')).toEqual(['complaint-a']) // the day after
    expect(await due('2026-04-10T08:00:00.000Z')).toEqual(['complaint-a', 'complaint-b'])
    // Across the Spring Festival 2026 (Feb 15–23): calendar days, holidays count — retention is not a procedural period.
    expect((await dueForErasure(raw, keys, { complaint: 40 }, '2026-02-19T08:00:00.000Z')).map((d) => d.dueAt)).toEqual(['2026-02-19T08:00:00.000Z', '2026-02-19T08:00:00.000Z'])
    // Once erased, it is no longer due.
    keys.destroy('complaint-a#complainant', '2026-02-09T09:00:00.000Z')
    expect(await due('2026-04-10T08:00:00.000Z')).toEqual(['complaint-b'])
    await raw.close()
    keys.close()
  })

  it("a dispute's parties fall due by the dispute's period (the complaint's when the file gives none), from its close", async () => {
    const { raw, keys } = await log()
    const store = sealedStore(raw, aesGcmFieldCipher(keys))
    const parties = [{ side: 'applicant', name: '王建国' }, { side: 'respondent', name: '刘美兰' }]
    await store.appendToStream('dispute-d', [{ type: 'DisputeReported', schemaVersion: 1, data: { category: 'neighbour', parties }, metadata: meta }], { expectedVersion: 'no-stream' })
    await store.appendToStream('dispute-d', [{ type: 'DisputeClosed', schemaVersion: 1, data: { outcome: 'mediated' }, metadata: meta }], { expectedVersion: 0 })
    // Closed 2026-01-10T08:00:00Z; kept 60 days → due from 2026-03-11T08:00:00Z (Jan 21 + Feb 28 + Mar 11 = 60 days).
    const due = async (asOf: string, r: { complaint: number; dispute?: number }) => (await dueForErasure(raw, keys, r, asOf)).filter((d) => d.streamId.startsWith('dispute-'))
    expect(await due('2026-03-11T07:59:59.999Z', { complaint: 90, dispute: 60 })).toEqual([])
    expect(await due('2026-03-11T08:00:00.000Z', { complaint: 90, dispute: 60 })).toMatchObject([{ streamId: 'dispute-d', category: 'neighbour', subjects: ['dispute-d#parties'] }])
    // No `dispute` period: the complaint's, 90 days → 2026-04-10T08:00:00Z.
    expect(await due('2026-04-10T07:59:59.999Z', { complaint: 90 })).toEqual([])
    expect((await due('2026-04-10T08:00:00.000Z', { complaint: 90 })).map((d) => d.dueAt)).toEqual(['2026-04-10T08:00:00.000Z'])
    await raw.close()
    keys.close()
  })

  it('a complaint rejected (不予受理) or merged into another is ended too, and falls due from that moment (found in review: never listed)', async () => {
    const { raw, keys } = await log()
    const store = sealedStore(raw, aesGcmFieldCipher(keys))
    for (const [id, type, data] of [['r', 'ComplaintRejected', { reason: '不属于受理范围' }], ['m', 'ComplaintMerged', { primaryId: 'a' }]] as const) {
      await store.appendToStream(`complaint-${id}`, [{ type: 'ComplaintRegistered', schemaVersion: 1, data: { category: 'parking', complainant: { name: '王五', phone: '13912340000' } }, metadata: meta }], { expectedVersion: 'no-stream' })
      await store.appendToStream(`complaint-${id}`, [{ type, schemaVersion: 1, data, metadata: meta }], { expectedVersion: 0 })
    }
    // Ended 2026-01-10T08:00:00Z, parking kept 90 days → due from 2026-04-10T08:00:00Z, as complaint-b closed then.
    const due = async (asOf: string) => (await dueForErasure(raw, keys, { complaint: 90, categories: { noise: 30 } }, asOf)).map((d) => d.streamId).filter((id) => id !== 'complaint-a')
    expect(await due('2026-04-10T07:59:59.999Z')).toEqual([])
    expect(await due('2026-04-10T08:00:00.000Z')).toEqual(['complaint-b', 'complaint-r', 'complaint-m'])
    await raw.close()
    keys.close()
  })

  it('a category shared by both types: a bare entry applies to both, a typed one (complaint:…, dispute:…) to its type first', async () => {
    const { raw, keys } = await log()
    const store = sealedStore(raw, aesGcmFieldCipher(keys))
    await store.appendToStream('dispute-p', [{ type: 'DisputeReported', schemaVersion: 1, data: { category: 'parking', parties: [{ side: 'applicant', name: '王建国' }] }, metadata: meta }], { expectedVersion: 'no-stream' })
    await store.appendToStream('dispute-p', [{ type: 'DisputeClosed', schemaVersion: 1, data: { outcome: 'mediated' }, metadata: meta }], { expectedVersion: 0 })
    // Closed 2026-01-10T08:00:00Z. parking 20 days (both) → 2026-01-30T08:00Z; dispute:parking 10 days → 2026-01-20T08:00Z.
    const due = async (categories: Record<string, number>, asOf: string) => (await dueForErasure(raw, keys, { complaint: 90, categories }, asOf)).map((d) => `${d.streamId} ${d.retentionDays}`)
    expect(await due({ parking: 20 }, '2026-01-30T08:00:00.000Z')).toEqual(['complaint-b 20', 'dispute-p 20'])
    expect(await due({ parking: 20, 'dispute:parking': 10 }, '2026-01-20T08:00:00.000Z')).toEqual(['dispute-p 10'])
    expect(await due({ parking: 20, 'complaint:parking': 5 }, '2026-01-15T08:00:00.000Z')).toEqual(['complaint-b 5'])
    expect(unmatchedCategories({ complaint: 90, categories: { parking: 1, 'dispute:parking': 1, 'dispute:noise': 1, niose: 1 } }, [{ type: 'complaint', category: 'noise' }, { type: 'dispute', category: 'parking' }])).toEqual(['dispute:noise', 'niose'])
    await raw.close()
    keys.close()
  })

  it('a retention file is decoded: a bad period names its field, and a field the format does not have is refused, not dropped', () => {
    expect(parseRetention({ complaint: 30, categories: { noise: 10 } })).toEqual(E.right({ complaint: 30, categories: { noise: 10 } }))
    const bad = parseRetention({ complaint: 30, categories: { noise: -1 } })
    // Found by an auditor giving -1: "complaint: expected a WholeDays" named the codec, not what to give.
    expect(bad).toEqual(E.left('categories.noise: expected a whole number of days, 0 or more'))
    expect(parseRetention({ complaint: 2.5 })).toEqual(E.left('complaint: expected a whole number of days, 0 or more'))
    expect(parseRetention({ complaint: '30' })).toEqual(E.left('complaint: expected a whole number of days, 0 or more'))
    const missing = parseRetention({})
    expect(E.isLeft(missing) && missing.left).toContain('complaint')
    const misspelt = parseRetention({ complaint: 10, categroies: {} })
    expect(E.isLeft(misspelt) && misspelt.left).toContain('categroies: not a field')
  })
})
