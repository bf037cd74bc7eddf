// 访调对接 before dispatch, as a sealed log the read-model suites share: a 涉法涉诉 complaint under the 信访 (petition)
// policy, accepted Mon 2026-08-03 10:00 China time and referred to mediation an hour later, before any dispatch; its
// dispute concludes (agreement) on 10-12, after the handling deadline.
//
// The deadline, by hand (信访工作条例 2022 art. 34: handled within 60 days of acceptance; counted as a statutory period,
// 民法典 arts. 200–203): Aug 3 is not counted; Aug 4–31 = 28 days, Sep 1–30 = 30 (58), Oct 1 = 59, Oct 2 = 60 —
// inside the 2026 国庆 holiday (Oct 1–7), so it ends on the first working day after it: Thu 2026-10-08 at 24:00
// (23:59:59+08:00 = 15:59:59Z).
import type { RecordedEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { sealLog } from '@gridcase/core/audit'
import { complaintDecider, type ComplaintCommand, type ComplaintState } from '@gridcase/core/complaint'

export const PETITION_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
export const PETITION_DISPUTE_ID = '16fd2706-8baf-433b-82eb-8c7fada847da'
export const PETITION_PLACE = 'hohhot/saihan/wulan/xx-community/grid-017'
/** The handling deadline worked out above. */
export const PETITION_DEADLINE = '2026-10-08T15:59:59.000Z'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const process: Actor = { id: 'process:mediation-outcome', role: 'admin', jurisdiction: PETITION_PLACE }

const commands = (): { command: ComplaintCommand; actor: Actor }[] => {
  const at = (actor: Actor, iso: string, n: number) => ({ commandId: `petition-${n}`, actor, at: iso })
  const list: { type: string; data: unknown; meta: ReturnType<typeof at> }[] = [
    {
      type: 'RegisterComplaint',
      data: {
        id: PETITION_ID, channel: 'walk-in', kind: 'complaint', category: 'law-related', urgency: 'normal', title: '宅基地边界信访',
        description: '相邻宅基地边界争议', jurisdiction: PETITION_PLACE, complainant: { name: '张伟', phone: '13600001111' },
      },
      meta: at(operator, '2026-07-31T09:00:00+08:00', 1),
    },
    { type: 'AcceptComplaint', data: {}, meta: at(operator, '2026-08-03T10:00:00+08:00', 2) },
    {
      type: 'ReferToMediation',
      data: { disputeId: PETITION_DISPUTE_ID, disputeCategory: 'land', respondents: [{ name: '李明' }], summary: '宅基地边界争议，访调对接' },
      meta: at(operator, '2026-08-03T11:00:00+08:00', 3),
    },
    { type: 'RecordMediationOutcome', data: { disputeId: PETITION_DISPUTE_ID, outcome: 'agreement' }, meta: at(process, '2026-10-12T10:00:00+08:00', 4) },
  ]
  return list.map((c) => ({ command: c as unknown as ComplaintCommand, actor: c.meta.actor }))
}

/** The complaint's log: registered, accepted, referred (3 events), then the mediation's conclusion (the 4th). */
export const petitionReferralLog = (): RecordedEvent[] => {
  const decider = complaintDecider()
  let state: ComplaintState = decider.initialState
  const drafts = []
  for (const { command, actor } of commands()) {
    const decided = decider.decide(command, state)
    if (decided._tag === 'Left') throw new Error(`${command.type}: ${decided.left.message}`)
    for (const event of decided.right) {
      state = decider.evolve(state, event)
      drafts.push({ streamId: `complaint-${PETITION_ID}`, type: event.type, at: command.meta.at, actor, data: event.data })
    }
  }
  return sealLog(drafts)
}
