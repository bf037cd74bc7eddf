// The 5-command complaint workload every in-memory bench runs (register, accept, dispatch, acknowledge, submit a result).
import type { CommandMeta } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'

const GRID = 'hohhot/saihan/wulan/xx-community/grid-017'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID }
const registration = {
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'heating',
  urgency: 'normal',
  title: '暖气不热',
  description: '3号楼2单元暖气一周不热，物业不处理。',
  jurisdiction: GRID,
  complainant: { name: '李四', phone: '13912345678' },
}
const grid = { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID }

export interface Step {
  readonly route: string
  readonly data: (caseId: string) => Record<string, unknown>
  readonly actor: Actor
  readonly at: string
}

/** The 5 commands, each as `execute` takes it (route name, outside data) and as the decider takes it (type, data). */
export const WORKLOAD: readonly Step[] = [
  { route: 'create', data: (id) => ({ ...registration, id }), actor: operator, at: '2026-03-02T09:00:00+08:00' },
  { route: 'accept', data: () => ({}), actor: operator, at: '2026-03-02T09:10:00+08:00' },
  { route: 'dispatch', data: () => ({ unit: grid }), actor: operator, at: '2026-03-02T10:00:00+08:00' },
  { route: 'acknowledge', data: () => ({}), actor: gridWorker, at: '2026-03-02T11:00:00+08:00' },
  { route: 'submit-result', data: () => ({ result: '已协调供热公司排气，暖气恢复。', outcome: 'resolved' }), actor: gridWorker, at: '2026-03-05T16:00:00+08:00' },
]

export const caseIdOf = (run: string, i: number): string => `00000000-0000-4000-8${run}00-${i.toString(16).padStart(12, '0')}`
export const metaOf = (caseId: string, step: Step): CommandMeta => ({ commandId: `${caseId}/${step.route}`, actor: step.actor, at: step.at })
export const typeOf = (route: string): string => (route === 'create' ? complaint.create.type : (complaint.commands[route]?.type ?? route))

