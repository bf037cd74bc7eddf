// A department officer's case list against core's rule (DOMAIN.md "Jurisdiction and actors": a department officer sees
// only the cases its department handles — lead, co-handling 协办, or summoned by 吹哨): on the sample logs with co-handling
// departments (sampleLog's `coHandling`) and summoned ones, folded in random batches, every department officer lists
// exactly the complaints core's fold and `canRead` on `complaintScope` give it, each with the fold's state, and the
// list's read scopes (what the live feed and the dashboard's lists filter by) are core's. The SQLite suite
// (tests/case-list-overdue.test.ts) and the PostgreSQL twin (tests/postgres/read-models.test.ts) run this.
import type { CaseListReadModel } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import { canRead, type Actor } from '@gridcase/core/access'
import { complaint, complaintScope, type ComplaintEvent, type ComplaintState } from '@gridcase/core/complaint'
import fc from 'fast-check'
import { expect } from 'vitest'
import { historyLog } from './caseListOverdueChecks.js'
import { batches } from './dashboardCases.js'
import { coHandlingHistories } from './kpiCompare.js'

/** The departments of the sample logs: co-handling (environment, urban management) and summoned (housing). */
const DEPARTMENTS = ['environment', 'urban-management', 'housing']
/** Where a department officer sits: the city, each district, a street (a department scoped below its cases' district). */
const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/xincheng', 'hohhot/saihan/wulan']

const listed = async (model: CaseListReadModel, actor: Actor): Promise<Map<string, unknown>> => {
  const out = new Map<string, unknown>()
  let before: number | undefined
  for (;;) {
    const page = await model.list({ kind: 'complaints', actor, now: 0, limit: 200, ...(before === undefined ? {} : { before }) })
    for (const i of page.items) out.set(i.streamId, i.state)
    const last = page.items.at(-1)
    if (!page.more || last === undefined) return out
    before = last.openedAt
  }
}

/**
 * Folds `log` into `model` in the batches `cuts` make, then checks every department officer's list and every case's read
 * scope against core. Returns how many (department, case) pairs a department reads as a co-handler alone (neither lead
 * nor summoned), and how many complaints had a co-handler once and no longer have one (a 退单 or 重办 ended its round).
 */
export const checkDepartmentListsAsPolicy = async (model: CaseListReadModel, log: readonly RecordedEvent[], cuts: readonly number[]): Promise<{ coHandlerOnly: number; lost: number }> => {
  await model.reset()
  // Checked after every batch, not only at the end (found in review: a list that kept a case's old read scope while its
  // summary stood — a co-handler added in a batch of its own, as the server applies one command's events — listed the
  // case to the co-handler only once a later event moved the summary, and a check at the end of the log saw it right).
  let folded = 0
  let counts = { coHandlerOnly: 0, lost: 0 }
  for (const batch of batches(log, cuts)) {
    await model.apply(batch)
    folded += batch.length
    counts = await checkPrefix(model, log.slice(0, folded))
  }
  return counts
}

/** Every department officer's list and every case's read scope against core's fold of `log` (what the model has folded). */
const checkPrefix = async (model: CaseListReadModel, log: readonly RecordedEvent[]): Promise<{ coHandlerOnly: number; lost: number }> => {
  const states = new Map<string, ComplaintState>()
  const hadCoHandler = new Set<string>()
  for (const e of log) {
    if (!e.streamId.startsWith(complaint.streamPrefix)) continue
    const state = complaint.decider.evolve(states.get(e.streamId) ?? complaint.decider.initialState, { type: e.type, data: e.data } as ComplaintEvent)
    if (state.status !== 'none' && state.coHandlers.length > 0) hadCoHandler.add(e.streamId)
    states.set(e.streamId, state)
  }
  let coHandlerOnly = 0
  for (const department of DEPARTMENTS) {
    for (const jurisdiction of PLACES) {
      const actor: Actor = { id: `officer-${department}`, role: 'department-officer', jurisdiction, department }
      const rows = await listed(model, actor)
      const readable = [...states].filter(([, s]) => {
        const scope = complaintScope(s)
        return scope !== undefined && canRead(actor, scope)
      })
      expect({ actor, folded: log.length, listed: [...rows.keys()].sort() }).toEqual({ actor, folded: log.length, listed: readable.map(([id]) => id).sort() })
      // On the case: the fold's state, its co-handlers and summoned departments among it.
      for (const [id, s] of readable) {
        expect({ id, state: rows.get(id) }).toEqual({ id, state: JSON.parse(JSON.stringify(s)) as unknown })
        if (s.status !== 'none' && s.lead?.department !== department && !s.summoned.some((x) => x.unit.department === department)) coHandlerOnly += 1
      }
    }
  }
  const scopes = await model.scopes([...states.keys()])
  for (const [id, s] of states) expect({ id, folded: log.length, scope: scopes.get(id) }).toEqual({ id, folded: log.length, scope: complaintScope(s) })
  const lost = [...hadCoHandler].filter((id) => {
    const s = states.get(id)
    return s !== undefined && s.status !== 'none' && s.coHandlers.length === 0
  }).length
  return { coHandlerOnly, lost }
}

/**
 * The property both suites run: `numRuns` co-handling histories of up to `maxCases` cases, each folded in random batches
 * and checked as `checkDepartmentListsAsPolicy` does; the histories must have had departments reading cases as
 * co-handlers alone, and co-handlers gone with their round (or the property proved nothing about them).
 */
export const departmentListsHoldAsPolicy = async (model: CaseListReadModel, maxCases: number, numRuns: number): Promise<void> => {
  const seen = { coHandlerOnly: 0, lost: 0 }
  await fc.assert(
    fc.asyncProperty(coHandlingHistories(maxCases), fc.oneof(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), fc.constant('co-handler-alone' as const)), async (h, cutting) => {
      const log = historyLog(h)
      // Or each co-handler added in a batch of its own, as the server applies an add-co-handler: the case's summary stands
      // and its read scope alone changes.
      const cuts = cutting === 'co-handler-alone' ? log.flatMap((e, i) => (e.type === 'ComplaintCoHandlerAdded' ? [(i + 0.5) / log.length, (i + 1.5) / log.length] : [])) : cutting
      const { coHandlerOnly, lost } = await checkDepartmentListsAsPolicy(model, log, cuts)
      seen.coHandlerOnly += coHandlerOnly
      seen.lost += lost
    }),
    { numRuns },
  )
  expect(seen.coHandlerOnly).toBeGreaterThan(0)
  expect(seen.lost).toBeGreaterThan(0)
}
