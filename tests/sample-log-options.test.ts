// The sample log's options (tests/support/sampleLog.ts): one left off gives, byte for byte, the log it gave before it
// existed (every hand-worked figure and every property's history stays as it was), and `afterSummons` gives the summoning
// rounds it promises.
import { createHash } from 'node:crypto'
import type { EventDraft } from '@gridcase/core/audit'
import { describe, expect, it } from 'vitest'
import { sampleDrafts, type SampleOptions } from './support/sampleLog.js'

const sha256 = (drafts: readonly EventDraft[]): string => createHash('sha256').update(JSON.stringify(drafts)).digest('hex')

/** Logs of the options the suites use, and their SHA-256 as the generator gave them before `afterSummons` (main, 34e21cb). */
const BEFORE: readonly [SampleOptions, string][] = [
  [{ cases: 300, seed: 18, spacingMinutes: 90, gridWork: true, riskGrades: true }, 'ef37e30b4c27dd069e63d32ef6566a7962c5d3dc6b6b8095abb950f3c7d67e79'],
  [
    { cases: 300, seed: 7, spacingMinutes: 240, gridWork: true, riskGrades: true, committees: true, dayDeadlines: true, assessment: true },
    'a6b90b7d73e529b9b708389b8fdde5f29bc401f4cdc4f41be06363676a05a552',
  ],
  [{ cases: 200, seed: -1123982158, spacingMinutes: 720 }, '0083c51dc31a73a53454e13d899fbcd2169c10878168ae72a7231a24c24cb658'],
  [{ cases: 300, seed: 1, spacingMinutes: 90, gridWork: true, committees: true, assessment: true }, 'e37a1b74b873456cbfb6a89e147826cb54a63f9b9af613a37ca3574e24dd0383'],
]

describe('the sample log', () => {
  it.each(BEFORE)('with afterSummons left out or off, is the log it was before the option (%o)', (options, before) => {
    expect(sha256([...sampleDrafts(options)])).toBe(before)
    expect(sha256([...sampleDrafts({ ...options, afterSummons: false })])).toBe(before)
  })

  /** Each complaint's event types in order, by complaint id (a referral's dispute events left out). */
  const lives = (options: SampleOptions): Map<string, string[]> => {
    const out = new Map<string, string[]>()
    for (const d of sampleDrafts(options)) {
      if (!d.type.startsWith('Complaint')) continue
      const id = (d.data as { complaintId: string }).complaintId
      out.set(id, [...(out.get(id) ?? []), d.type])
    }
    return out
  }
  /** What happened after the summons: 退单 or 导入调解, and whether the department came before it, while referred, or not. */
  const shapeOf = (types: readonly string[]): string | undefined => {
    const s = types.indexOf('ComplaintDepartmentsSummoned')
    if (s < 0) return undefined
    const rest = types.slice(s + 1)
    const end = rest.findIndex((t) => t === 'ComplaintReturned' || t === 'ComplaintReferredToMediation')
    const arrived = rest.indexOf('ComplaintDepartmentArrived')
    if (end < 0) return 'summoned'
    const how = rest[end] === 'ComplaintReturned' ? 'returned' : rest.includes('ComplaintReferralFailed') ? 'referral failed,' : 'referred'
    return `${how} ${arrived < 0 ? 'never came' : arrived < end ? 'after it came' : 'then it came'}`
  }

  it('with afterSummons, returns (退单) or refers to mediation (the referral sometimes failing) some summoning rounds after the summons, before and after the department came', () => {
    const options: SampleOptions = { cases: 300, seed: 18, spacingMinutes: 90, gridWork: true, riskGrades: true, afterSummons: true }
    const shapes = new Map<string, number>()
    for (const types of lives(options).values()) {
      const shape = shapeOf(types)
      if (shape !== undefined) shapes.set(shape, (shapes.get(shape) ?? 0) + 1)
      // As the decider takes them: after a 退单 the round has no summons (no 报到, part nor rating of it any more); a
      // department comes while referred only before the dispute's conclusion (no 报到 once the round has its result).
      const returned = types.indexOf('ComplaintReturned', types.indexOf('ComplaintDepartmentsSummoned'))
      if (types.includes('ComplaintDepartmentsSummoned') && returned >= 0) {
        expect(types.slice(returned).filter((t) => t.startsWith('ComplaintDepartment'))).toEqual([])
      }
      const concluded = types.indexOf('ComplaintMediationConcluded')
      if (concluded >= 0) expect(types.slice(concluded).filter((t) => t.startsWith('ComplaintDepartment'))).toEqual([])
    }
    for (const shape of ['summoned', 'returned never came', 'returned after it came', 'referred never came', 'referred after it came', 'referred then it came', 'referral failed, then it came']) {
      expect({ shape, some: (shapes.get(shape) ?? 0) > 0 }).toEqual({ shape, some: true })
    }
    // Without it, a summoning round is never returned nor referred after the summons.
    const without = [...lives({ ...options, afterSummons: false }).values()].map(shapeOf).filter((s) => s !== undefined)
    expect(new Set(without)).toEqual(new Set(['summoned']))
  })

  it('with afterSummons, returns a case before its department’s 报到 deadline passed and after it', () => {
    const summonedAt = new Map<string, { at: number; reportBy: number }>()
    const returnedIn = { before: 0, after: 0 }
    for (const d of sampleDrafts({ cases: 300, seed: 18, spacingMinutes: 90, gridWork: true, afterSummons: true })) {
      const data = d.data as { complaintId: string; reportBy?: string }
      if (d.type === 'ComplaintDepartmentsSummoned') summonedAt.set(data.complaintId, { at: Date.parse(d.at), reportBy: Date.parse(data.reportBy ?? '') })
      const summons = summonedAt.get(data.complaintId)
      if (d.type === 'ComplaintReturned' && summons !== undefined) {
        returnedIn[Date.parse(d.at) <= summons.reportBy ? 'before' : 'after'] += 1
        summonedAt.delete(data.complaintId)
      }
    }
    expect(returnedIn.before).toBeGreaterThan(0)
    expect(returnedIn.after).toBeGreaterThan(0)
  })
})
