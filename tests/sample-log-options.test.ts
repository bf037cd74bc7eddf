// The sample log's options (tests/support/sampleLog.ts): one left off gives, byte for byte, the log it gave before it
// existed (every hand-worked figure and every property's history stays as it was), and `afterSummons` gives the summoning
// rounds it promises.
import { createHash } from 'node:crypto'
import type { Actor } from '@gridcase/core/access'
import type { EventDraft } from '@gridcase/core/audit'
import { complaint, complaintDecider, type ComplaintCommand, type ComplaintEvent, type ComplaintState, type HandlingUnit } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
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
  it.each(BEFORE)('with afterSummons and coHandling left out or off, is the log it was before the options (%o)', (options, before) => {
    expect(sha256([...sampleDrafts(options)])).toBe(before)
    expect(sha256([...sampleDrafts({ ...options, afterSummons: false })])).toBe(before)
    expect(sha256([...sampleDrafts({ ...options, coHandling: false })])).toBe(before)
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

/**
 * The command that decided a draft of the event types `coHandling` adds (协办, its report, a denied extension, 补充, a note),
 * by whom the decider takes it from: the lead's officer, the co-handling department's, the hotline, a supervisor.
 */
const commandOf = (d: EventDraft, state: ComplaintState): ComplaintCommand | undefined => {
  const data = d.data as { unit?: HandlingUnit; task?: string; report?: string; days?: number; reason?: string; text?: string; note?: string }
  const lead = state.status === 'none' ? undefined : state.lead
  const officerOf = (unit: HandlingUnit | undefined): Actor =>
    unit?.department === undefined
      ? { id: 'officer', role: 'street-officer', jurisdiction: unit?.jurisdiction ?? 'hohhot' }
      : { id: 'officer', role: 'department-officer', jurisdiction: unit.jurisdiction, department: unit.department }
  const meta = (actor: Actor) => ({ commandId: `${d.type}@${d.at}`, actor, at: d.at })
  const supervisor: Actor = { id: 'sup', role: 'supervisor', jurisdiction: 'hohhot' }
  const hotline: Actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' }
  const command = (type: string, actor: Actor, body: object) => ({ type, data: body, meta: meta(actor) }) as unknown as ComplaintCommand
  switch (d.type) {
    case 'ComplaintCoHandlerAdded':
      return command('AddCoHandler', officerOf(lead), { unit: data.unit, task: data.task })
    case 'ComplaintCoHandlingReported':
      return command('ReportCoHandling', officerOf(data.unit), { unitId: data.unit?.id, report: data.report })
    case 'ComplaintExtensionRequested':
      return command('RequestExtension', officerOf(lead), { days: data.days, reason: data.reason })
    case 'ComplaintExtensionDenied':
      return command('DenyExtension', supervisor, { reason: data.reason })
    case 'ComplaintSupplemented':
      return command('SupplementComplaint', hotline, { text: data.text })
    case 'ComplaintNoteAdded':
      return command('AddNote', supervisor, { note: data.note })
    default:
      return undefined
  }
}

describe('the sample log with coHandling (协办, denied extensions, 补充 and notes)', () => {
  const options: SampleOptions = { cases: 400, seed: 18, spacingMinutes: 90, gridWork: true, riskGrades: true, coHandling: true }
  const decider = complaintDecider()

  it('writes each co-handling, denied extension, 补充 and note as the decider decides it, in the state the case is in, and merges a returned case only into a complaint open then', async () => {
    const states = new Map<string, ComplaintState>()
    const seen = new Map<string, number>()
    const requests = new Map<string, [EventDraft, ComplaintState, ReturnType<typeof decider.decide>]>()
    for (const options2 of [options, { ...options, afterSummons: true, assessment: true, committees: true, dayDeadlines: true, seed: 7 }]) {
      states.clear()
      for (const d of sampleDrafts(options2)) {
        if (!d.type.startsWith('Complaint')) continue
        const state = states.get(d.streamId) ?? decider.initialState
        const command = commandOf(d, state)
        // A request is checked once it is denied: the requests of the approvals the generator wrote before this option
        // name the deadline asked for, in natural days (no reader takes either from a request; left as they were).
        const check = (draft: EventDraft, before: ComplaintState, decided: ReturnType<typeof decider.decide>) => {
          const types = E.isRight(decided) ? decided.right.map((e) => e.type) : decided.left
          expect({ draft: draft.type, at: draft.at, status: before.status, decided: types }).toEqual({ draft: draft.type, at: draft.at, status: before.status, decided: [draft.type] })
          // Data as the decider writes it: a request names the result deadline running (not the one asked for).
          if (E.isRight(decided)) expect(decided.right[0]?.data).toEqual(draft.data)
          seen.set(draft.type, (seen.get(draft.type) ?? 0) + 1)
        }
        // A returned case merged (coHandling's 退单 with a co-handler silent): the primary passes the pipeline's merge check
        // (an open complaint, not this one) as the log stands then.
        if (d.type === 'ComplaintMerged' && state.status === 'returned') {
          const read = async (caseId: string) => {
            const known = states.get(`complaint-${caseId}`)
            return { state: known ?? decider.initialState, version: known === undefined ? ('no-stream' as const) : 0 }
          }
          const operator: Actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' }
          const caseId = d.streamId.slice('complaint-'.length)
          const refused = await complaint.checks?.merge?.({ caseId, data: d.data, actor: operator, meta: { commandId: 'm', actor: operator, at: d.at }, read, readOther: () => Promise.reject(new Error('not read')), exists: () => Promise.resolve(true) })
          expect({ at: d.at, refused }).toEqual({ at: d.at, refused: undefined })
          seen.set('merged after a 退单', (seen.get('merged after a 退单') ?? 0) + 1)
        }
        if (command !== undefined && d.type === 'ComplaintExtensionRequested') requests.set(d.streamId, [d, state, decider.decide(command, state)])
        else if (command !== undefined) {
          const request = requests.get(d.streamId)
          if (d.type === 'ComplaintExtensionDenied' && request !== undefined) check(...request)
          check(d, state, decider.decide(command, state))
        }
        // No result while a co-handler is silent (SubmitResult refuses it).
        if (d.type === 'ComplaintResultSubmitted' && state.status !== 'none') expect(state.coHandlers.filter((c) => c.reportedAt === undefined)).toEqual([])
        states.set(d.streamId, decider.evolve(state, d as unknown as ComplaintEvent))
      }
    }
    for (const type of ['ComplaintCoHandlerAdded', 'ComplaintCoHandlingReported', 'ComplaintExtensionRequested', 'ComplaintExtensionDenied', 'ComplaintSupplemented', 'ComplaintNoteAdded', 'merged after a 退单']) {
      expect({ type, some: (seen.get(type) ?? 0) > 0 }).toEqual({ type, some: true })
    }
  })

  /** How each complaint's co-handling went: what ended the round the co-handlers were added in, and who had reported. */
  const coShapes = (o: SampleOptions): Map<string, number> => {
    const out = new Map<string, number>()
    const count = (shape: string) => out.set(shape, (out.get(shape) ?? 0) + 1)
    const lives = new Map<string, EventDraft[]>()
    for (const d of sampleDrafts(o)) if (d.type.startsWith('Complaint')) lives.set(d.streamId, [...(lives.get(d.streamId) ?? []), d])
    for (const life of lives.values()) {
      const types = life.map((d) => d.type)
      const added = types.indexOf('ComplaintCoHandlerAdded')
      if (added >= 0) {
        const rest = types.slice(added)
        const ends = ['ComplaintReturned', 'ComplaintReferredToMediation', 'ComplaintEscalated', 'ComplaintReopened', 'ComplaintResultSubmitted']
        const end = rest.find((t) => ends.includes(t))
        const silent = rest.filter((t) => t === 'ComplaintCoHandlerAdded').length > rest.slice(0, end === undefined ? undefined : rest.indexOf(end)).filter((t) => t === 'ComplaintCoHandlingReported').length
        count(`${end ?? 'open'}${silent ? ' with one silent' : ''}`)
        if (end === 'ComplaintReturned' && rest.includes('ComplaintMerged')) count('returned, then merged')
        if (rest.includes('ComplaintReopened') && rest.lastIndexOf('ComplaintCoHandlerAdded') > rest.indexOf('ComplaintReopened')) count('added again after a reopening')
        if (types.slice(0, added).includes('ComplaintReturned')) count('added after a 退单')
      }
      const denied = types.indexOf('ComplaintExtensionDenied')
      const result = life.find((d, i) => i > denied && d.type === 'ComplaintResultSubmitted')
      if (denied >= 0 && result !== undefined) count(`denied, then ${(result.data as { onTime: boolean }).onTime ? 'on time' : 'late'}`)
    }
    return out
  }

  it('adds co-handlers whose round ends with the result, an escalation, a 退单 (and a merge) or a referral with one silent, or after a 退单; denies extensions, results then late or on time', () => {
    // This log, and one with the assessment's cases (a 退单 before the co-handlers of the round are added).
    const shapes = coShapes(options)
    for (const [shape, n] of coShapes({ ...options, assessment: true, seed: 7 })) shapes.set(shape, (shapes.get(shape) ?? 0) + n)
    for (const shape of ['ComplaintResultSubmitted', 'ComplaintEscalated', 'ComplaintReturned with one silent', 'returned, then merged', 'ComplaintReferredToMediation with one silent', 'added again after a reopening', 'added after a 退单', 'denied, then on time', 'denied, then late']) {
      expect({ shape, some: (shapes.get(shape) ?? 0) > 0 }).toEqual({ shape, some: true })
    }
    expect(coShapes({ ...options, coHandling: false })).toEqual(new Map())
  })
})
