// Sample places, units, people and commands for tests, examples and docs (not part of the public API).
import * as E from 'fp-ts/lib/Either.js'
import type { Actor } from '../kernel/actor.js'
import type { CommandMeta } from '../kernel/meta.js'
import type { ComplaintCommand, CommandData } from './commands.js'
import type { ComplaintConfig } from './config.js'
import type { ComplaintEvent } from './events.js'
import { complaintDecider } from './index.js'
import type { ComplaintState } from './state.js'
import type { HandlingUnit } from './unit.js'

export const CITY = 'hohhot'
export const DISTRICT = 'hohhot/saihan'
export const STREET = 'hohhot/saihan/wulan'
export const COMMUNITY = 'hohhot/saihan/wulan/xx-community'
export const GRID = 'hohhot/saihan/wulan/xx-community/grid-017'
export const OTHER_STREET = 'hohhot/saihan/other-street'

export const units = {
  grid: { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: GRID },
  community: { id: 'xx-community', name: 'XX社区', level: 'community', jurisdiction: COMMUNITY },
  street: { id: 'wulan-street', name: '乌兰街道', level: 'street', jurisdiction: STREET },
  district: { id: 'saihan-office', name: '赛罕区', level: 'district', jurisdiction: DISTRICT },
  housing: { id: 'saihan-housing', name: '区住建局', level: 'district', jurisdiction: DISTRICT, department: 'housing' },
  environment: { id: 'saihan-env', name: '区生态环境分局', level: 'district', jurisdiction: DISTRICT, department: 'environment' },
  city: { id: 'hohhot-office', name: '市12345', level: 'city', jurisdiction: CITY },
  otherStreet: { id: 'other-street', level: 'street', jurisdiction: OTHER_STREET },
} as const satisfies Record<string, HandlingUnit>

export const actors = {
  operator: { id: 'op-1', role: 'hotline-operator', jurisdiction: CITY },
  resident: { id: 'resident-1', role: 'resident', jurisdiction: GRID },
  otherResident: { id: 'resident-2', role: 'resident', jurisdiction: GRID },
  gridWorker: { id: 'gw-1', role: 'grid-worker', jurisdiction: GRID },
  communityWorker: { id: 'cw-1', role: 'community-worker', jurisdiction: COMMUNITY },
  streetOfficer: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  housingOfficer: { id: 'ho-1', role: 'department-officer', jurisdiction: DISTRICT, department: 'housing' },
  environmentOfficer: { id: 'eo-1', role: 'department-officer', jurisdiction: DISTRICT, department: 'environment' },
  cityOfficer: { id: 'co-1', role: 'street-officer', jurisdiction: CITY },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: CITY },
  auditor: { id: 'aud-1', role: 'auditor', jurisdiction: CITY },
  admin: { id: 'adm-1', role: 'admin', jurisdiction: CITY },
  mediator: { id: 'med-1', role: 'mediator', jurisdiction: STREET, track: 'people' },
  outsider: { id: 'so-9', role: 'street-officer', jurisdiction: OTHER_STREET },
} as const satisfies Record<string, Actor>

export const CASE_ID = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
export const OTHER_CASE_ID = '5d2c1a0e-8b7f-4c3d-a1e2-3f4b5c6d7e8f'
export const DISPUTE_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

export const registration = (overrides: Partial<CommandData<'RegisterComplaint'>> = {}): CommandData<'RegisterComplaint'> => ({
  id: CASE_ID,
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'heating',
  urgency: 'normal',
  title: '暖气不热',
  description: '3号楼2单元暖气一周不热，物业不处理。',
  jurisdiction: GRID,
  complainant: { name: '李四', phone: '13912345678', residentId: 'resident-1' },
  ...overrides,
})

/** Meta for a command by `actor` at `at`; the command id is derived from both unless given. */
export const meta = (actor: Actor, at: string, commandId = `${actor.id}@${at}`): CommandMeta => ({ commandId, actor, at })

/** Each complaint command by its type. */
export type CommandOf = { [C in ComplaintCommand as C['type']]: C }

/** A command by `actor` at `at`; the command id is derived from type, actor and time unless given. `data` is typed, as decoded at the edge (decode.test.ts covers malformed data). */
export const command = <K extends keyof CommandOf>(
  type: K,
  actor: Actor,
  at: string,
  data: CommandOf[K]['data'],
  commandId = `${type}:${actor.id}@${at}`,
): CommandOf[K] => ({ type, data, meta: meta(actor, at, commandId) }) as unknown as CommandOf[K]

export interface Run {
  readonly events: readonly ComplaintEvent[]
  readonly state: ComplaintState
}

/** Runs commands in order through the decider; throws on the first refusal (a broken fixture). */
export const run = (commands: readonly ComplaintCommand[], config: ComplaintConfig = {}, from: Run = { events: [], state: { status: 'none' } }): Run => {
  const decider = complaintDecider(config)
  let { events, state } = from
  for (const c of commands) {
    const decision = decider.decide(c, state)
    if (E.isLeft(decision)) throw new Error(`fixture command ${c.type} refused: ${decision.left.message}`)
    for (const e of decision.right) state = decider.evolve(state, e)
    events = [...events, ...decision.right]
  }
  return { events, state }
}

/** Commands that take a case through the happy path, one list per stage, at the given times. */
export const happyPath = (lead: HandlingUnit = units.grid, handler: Actor = actors.gridWorker): Record<Stage, readonly ComplaintCommand[]> => ({
  registered: [command('RegisterComplaint', actors.operator, '2026-03-02T09:00:00+08:00', registration())],
  accepted: [command('AcceptComplaint', actors.operator, '2026-03-02T09:10:00+08:00', {})],
  dispatched: [command('DispatchComplaint', actors.operator, '2026-03-02T10:00:00+08:00', { unit: lead })],
  acknowledged: [command('AcknowledgeComplaint', handler, '2026-03-02T11:00:00+08:00', {})],
  resultSubmitted: [command('SubmitResult', handler, '2026-03-05T16:00:00+08:00', { result: '已协调供热公司排气，暖气恢复。', outcome: 'resolved' })],
  notified: [command('NotifyComplainant', actors.operator, '2026-03-05T17:00:00+08:00', { method: 'phone' })],
})

type Stage = 'registered' | 'accepted' | 'dispatched' | 'acknowledged' | 'resultSubmitted' | 'notified'
const STAGES: readonly Stage[] = ['registered', 'accepted', 'dispatched', 'acknowledged', 'resultSubmitted', 'notified']

/** The history of a case up to and including `stage` of the happy path. */
export const historyUntil = (stage: Stage, lead: HandlingUnit = units.grid, handler: Actor = actors.gridWorker, config: ComplaintConfig = {}): Run => {
  const path = happyPath(lead, handler)
  return run(STAGES.slice(0, STAGES.indexOf(stage) + 1).flatMap((s) => path[s]), config)
}
