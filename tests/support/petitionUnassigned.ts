// A 信访 (petition) complaint's handling period while no unit has the case, as a sealed log the read-model suites share:
// two 涉法涉诉 complaints accepted Mon 2026-08-03 10:00 China time — one never dispatched, one dispatched 08-04 to the
// grid, signed for, and returned (退单) by it on 09-02, not dispatched again.
//
// The deadline, by hand (信访工作条例 2022 art. 34: handled within 60 days of acceptance, a statutory period per 民法典
// arts. 200–203; the period runs from acceptance whether a unit has the case or not): Aug 3 not counted; Aug 4–31 = 28
// days, Sep 1–30 = 30 (58), Oct 1 = 59, Oct 2 = 60 — in the 2026 国庆 holiday (Oct 1–7), so it ends on the first working
// day after it: Thu 2026-10-08 at 24:00 (23:59:59+08:00 = 15:59:59Z). Both are overdue from 10-09 00:00, by kind
// `result` and no unit (the accepting office's: no unit has either case).
import type { RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { complaintDecider, type ComplaintCommand, type ComplaintState } from '@gridcase/core/complaint'

export const UNDISPATCHED_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
export const RETURNED_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3302'
const PLACE = 'hohhot/saihan/wulan/xx-community/grid-017'
/** The handling deadline worked out above. */
export const UNASSIGNED_DEADLINE = '2026-10-08T15:59:59.000Z'
/**
 * 派单时限 (信访工作条例 2022 art. 22: forwarded or assigned within 15 days of receipt, a statutory period): registered Fri
 * 7-31, Aug 1–15 = 15 days, Sat 8-15 a weekend day → Mon 2026-08-17 at 24:00. Never dispatched: overdue from 8-18 00:00.
 */
export const UNDISPATCHED_DISPATCH_DEADLINE = '2026-08-17T15:59:59.000Z'
/** The returned one's, from the return (退单) Wed 9-02: Sep 3–17 = 15 days → Thu 2026-09-17 at 24:00. */
export const RETURNED_DISPATCH_DEADLINE = '2026-09-17T15:59:59.000Z'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: PLACE }
const grid = { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: PLACE }

const commandsOf = (id: string, returned: boolean): ComplaintCommand[] => {
  const at = (actor: Actor, iso: string, n: number) => ({ commandId: `${id}-${n}`, actor, at: iso })
  const list: { type: string; data: unknown; meta: ReturnType<typeof at> }[] = [
    {
      type: 'RegisterComplaint',
      data: {
        id, channel: 'walk-in', kind: 'complaint', category: 'law-related', urgency: 'normal', title: '征收补偿信访',
        description: '对征收补偿有异议', jurisdiction: PLACE, complainant: { name: '张伟', phone: '13600001111' },
      },
      meta: at(operator, '2026-07-31T09:00:00+08:00', 1),
    },
    { type: 'AcceptComplaint', data: {}, meta: at(operator, '2026-08-03T10:00:00+08:00', 2) },
    ...(returned
      ? [
          { type: 'DispatchComplaint', data: { unit: grid }, meta: at(operator, '2026-08-04T10:00:00+08:00', 3) },
          { type: 'AcknowledgeComplaint', data: {}, meta: at(gridWorker, '2026-08-04T11:00:00+08:00', 4) },
          { type: 'ReturnComplaint', data: { reason: '非本网格事项' }, meta: at(gridWorker, '2026-09-02T10:00:00+08:00', 5) },
        ]
      : []),
  ]
  return list as unknown as ComplaintCommand[]
}

/** Both complaints' logs, decided by the decider. */
export const petitionUnassignedLog = (): RecordedEvent[] => {
  const decider = complaintDecider()
  const drafts = []
  for (const [id, returned] of [[UNDISPATCHED_ID, false], [RETURNED_ID, true]] as const) {
    let state: ComplaintState = decider.initialState
    for (const command of commandsOf(id, returned)) {
      const decided = decider.decide(command, state)
      if (decided._tag === 'Left') throw new Error(`${command.type}: ${decided.left.message}`)
      for (const event of decided.right) {
        state = decider.evolve(state, event)
        drafts.push({ streamId: `complaint-${id}`, type: event.type, at: command.meta.at, actor: command.meta.actor, data: event.data })
      }
    }
  }
  return sealLog(drafts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)))
}
