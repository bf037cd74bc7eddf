// Sample actors, parties and histories of one dispute: for the tests; not built into the package.
import type { Actor, Track } from '../kernel/actor.js'
import { addLocalDays } from '../calendar/dates.js'
import type { DisputeCommand } from './commands.js'
import type { DisputeEvent } from './events.js'
import { committeeRegistryOf, type CommitteeRegistry } from './committees.js'
import type { Party } from './parties.js'

export const STREET = 'hohhot/saihan/wulanchabu-east-road'
export const COMMUNITY = `${STREET}/xx-community`
export const GRID = `${COMMUNITY}/grid-017`
/** The court's case number (案号) of the 司法确认 in these histories. */
export const CASE_NUMBER = '(2026)蒙0105民特123号'
export const DISPUTE_ID = '7c1e2f0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b'
export const COMPLAINT_ID = '0b6f1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d'

const actor = (id: string, role: Actor['role'], jurisdiction: string, track?: Track): Actor =>
  track === undefined ? { id, role, jurisdiction } : { id, role, jurisdiction, track }

export const actors = {
  gridWorker: actor('gw-1', 'grid-worker', GRID),
  communityWorker: actor('cw-1', 'community-worker', COMMUNITY),
  streetOfficer: actor('so-1', 'street-officer', STREET),
  hotline: actor('op-1', 'hotline-operator', 'hohhot'),
  peopleMediator: actor('pm-1', 'mediator', STREET, 'people'),
  adminMediator: actor('am-1', 'mediator', 'hohhot/saihan', 'administrative'),
  judicialMediator: actor('jm-1', 'mediator', 'hohhot/saihan', 'judicial'),
  otherStreetMediator: actor('pm-9', 'mediator', 'hohhot/saihan/other-street', 'people'),
  otherStreetOfficer: actor('so-9', 'street-officer', 'hohhot/saihan/other-street'),
  supervisor: actor('sv-1', 'supervisor', 'hohhot'),
  departmentOfficer: { id: 'do-1', role: 'department-officer', jurisdiction: 'hohhot/saihan', department: 'housing' } as Actor,
  auditor: actor('au-1', 'auditor', 'hohhot'),
  admin: actor('ad-1', 'admin', 'hohhot'),
  courtClerk: actor('cc-1', 'court-clerk', 'hohhot/saihan'),
  otherCourtClerk: actor('cc-9', 'court-clerk', 'hohhot/xincheng'),
  centreOfficer: actor('co-1', 'centre-officer', 'hohhot/saihan'),
  /** Sits on the community's people's mediation committee (not assigned to anything by default). */
  communityMediator: { id: 'cm-1', role: 'mediator', jurisdiction: COMMUNITY, track: 'people', committee: 'xx-community-committee' } as Actor,
  /** Sits on the centre's medical committee. */
  medicalMediator: { id: 'md-1', role: 'mediator', jurisdiction: 'hohhot/saihan', track: 'people', committee: 'saihan-medical' } as Actor,
  wang: actor('r-wang', 'resident', GRID),
  li: actor('r-li', 'resident', GRID),
  stranger: actor('r-zhao', 'resident', GRID),
} as const

export const parties: Party[] = [
  { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' },
  { side: 'respondent', name: '李强', phone: '0471-6612345', residentId: 'r-li' },
]

export const mediators = {
  people: { id: 'pm-1', name: '张调解', jurisdiction: STREET },
  administrative: { id: 'am-1', name: '刘科长', jurisdiction: 'hohhot/saihan' },
  judicial: { id: 'jm-1', name: '陈法官', jurisdiction: 'hohhot/saihan' },
} as const

/** The committee file of these tests: the community's people's committee, the centre's medical and property ones. */
const registry = committeeRegistryOf({
  format: 'gridcase-committees/1',
  centres: [{ id: 'saihan-centre', name: '赛罕区矛盾纠纷调处化解中心', jurisdiction: 'hohhot/saihan' }],
  committees: [
    { id: 'xx-community-committee', name: 'xx社区人民调解委员会', kind: 'people', jurisdiction: COMMUNITY, mediators: [{ id: 'cm-1', name: '赵红' }, { id: 'pm-1', name: '张调解' }] },
    { id: 'saihan-medical', name: '赛罕区医疗纠纷人民调解委员会', kind: 'medical', jurisdiction: 'hohhot/saihan', centre: 'saihan-centre', mediators: [{ id: 'md-1', name: '孙医调' }] },
    { id: 'saihan-property', name: '赛罕区物业纠纷人民调解委员会', kind: 'property', jurisdiction: 'hohhot/saihan', centre: 'saihan-centre', mediators: [{ id: 'pr-1', name: '周物调' }] },
  ],
})
if (!('registry' in registry)) throw new Error(JSON.stringify(registry.problems))
export const committees: CommitteeRegistry = registry.registry

/** Each dispute command by its type. */
export type CommandOf = { [C in DisputeCommand as C['type']]: C }

/** A command by `actor` at `at`; the command id is derived from type, actor and time unless given. */
export const command = <K extends keyof CommandOf>(
  type: K,
  actor: Actor,
  at: string,
  data: CommandOf[K]['data'],
  commandId = `${type}:${actor.id}@${at}`,
): CommandOf[K] => ({ type, data, meta: { commandId, actor, at } }) as unknown as CommandOf[K]

/** Past events of a dispute at each stage of a people's-mediation case reported on 1 March 2026. */
export const history = {
  reported: [
    {
      type: 'DisputeReported',
      data: { id: DISPUTE_ID, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '楼上漏水，邻里纠纷' },
    },
  ] as DisputeEvent[],
  accepted: { type: 'DisputeAccepted', data: { mediationDeadline: '2026-04-01T23:59:59+08:00' } } as DisputeEvent,
  assigned: (track: Track = 'people'): DisputeEvent => ({ type: 'MediatorAssigned', data: { track, mediator: mediators[track] } }),
  session: (n: number, track: Track = 'people'): DisputeEvent => ({
    type: 'MediationSessionHeld',
    data: { session: n, track, mediatorId: mediators[track].id, minutes: `第${n}次调解：双方陈述` },
  }),
  agreed: (track: Track = 'people', effectiveOn = '2026-03-10'): DisputeEvent => ({
    type: 'MediationAgreed',
    data: {
      track,
      mediatorId: mediators[track].id,
      form: 'oral',
      terms: ['李强赔偿王芳维修费2000元'],
      effectiveOn,
      ...(track !== 'judicial' ? { confirmationDeadline: `${addLocalDays(effectiveOn, 30)}T23:59:59+08:00` } : {}),
    },
  }),
  failed: (track: Track = 'people'): DisputeEvent => ({ type: 'MediationFailed', data: { track, reason: '双方分歧较大' } }),
  transferred: (hop: number, from: Track, to: Track): DisputeEvent => ({
    type: 'DisputeTransferred',
    data: { hop, from, to, reason: `转${to}`, mediationDeadline: '2026-04-20T23:59:59+08:00' },
  }),
  consented: (party: string): DisputeEvent => ({ type: 'JudicialConfirmationConsented', data: { party } }),
  applied: {
    type: 'JudicialConfirmationApplied',
    data: {
      applicant: '王芳',
      consentedBy: ['李强'],
      court: '赛罕区人民法院',
      confirmationDeadline: '2026-04-09T23:59:59+08:00',
      courtDecisionDeadline: '2026-03-18T23:59:59+08:00',
    },
  } as DisputeEvent,
  courtAccepted: {
    type: 'JudicialConfirmationAccepted',
    data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER, decideBy: '2026-03-31T23:59:59+08:00', deadline: '2026-03-18T23:59:59+08:00', onTime: true },
  } as DisputeEvent,
  granted: { type: 'JudicialConfirmationGranted', data: { court: '赛罕区人民法院', caseNumber: CASE_NUMBER } } as DisputeEvent,
  rejected: { type: 'JudicialConfirmationRejected', data: { court: '赛罕区人民法院', reason: '协议内容违反法律规定', caseNumber: CASE_NUMBER } } as DisputeEvent,
  fulfilled: { type: 'FulfilmentRecorded', data: { fulfilment: 'full' } } as DisputeEvent,
  followedUp: { type: 'FollowUpVisited', data: { note: '回访：双方满意', satisfied: true } } as DisputeEvent,
  declined: { type: 'DisputeDeclined', data: { reason: '不属于人民调解受理范围' } } as DisputeEvent,
  litigation: { type: 'ReferredToLitigation', data: { reason: '当事人坚持起诉' } } as DisputeEvent,
}

const h = history
/** The histories that put a case in each state. */
export const at = {
  reported: h.reported,
  accepted: [...h.reported, h.accepted],
  declined: [...h.reported, h.declined],
  assigned: [...h.reported, h.accepted, h.assigned()],
  session: [...h.reported, h.accepted, h.assigned(), h.session(1)],
  agreed: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed()],
  failed: [...h.reported, h.accepted, h.assigned(), h.session(1), h.failed()],
  transferred: [...h.reported, h.accepted, h.assigned(), h.session(1), h.failed(), h.transferred(1, 'people', 'administrative')],
  litigation: [...h.reported, h.accepted, h.assigned(), h.session(1), h.failed(), h.litigation],
  consented: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.consented('李强')],
  applied: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.consented('李强'), h.applied],
  courtAccepted: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.consented('李强'), h.applied, h.courtAccepted],
  confirmed: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.consented('李强'), h.applied, h.courtAccepted, h.granted],
  rejected: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.consented('李强'), h.applied, h.courtAccepted, h.rejected],
  fulfilled: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.fulfilled],
  followedUp: [...h.reported, h.accepted, h.assigned(), h.session(1), h.agreed(), h.fulfilled, h.followedUp],
  closed: [
    ...h.reported,
    h.accepted,
    h.assigned(),
    h.session(1),
    h.agreed(),
    h.fulfilled,
    h.followedUp,
    { type: 'DisputeClosed', data: { outcome: 'mediated' } } as DisputeEvent,
  ],
} satisfies Record<string, readonly DisputeEvent[]>
