import * as E from 'fp-ts/lib/Either.js'
import type { Actor, Role } from '../kernel/actor.js'
import { isWithin, levelOf, type Level } from '../access/jurisdiction.js'
import { authorize, type CaseScope } from '../access/permissions.js'
import type { DepartmentOffice } from '../kernel/caseType.js'
import { forbidden, type DomainError } from '../kernel/errors.js'
import type { Channel, ComplaintCommandType } from './commands.js'
import { exists, type ComplaintCase, type ComplaintState } from './state.js'
import type { HandlingUnit } from './unit.js'

const HANDLERS: readonly Role[] = ['grid-worker', 'community-worker', 'street-officer', 'department-officer']
/** Who accepts and dispatches (派单): the 12345 centre, and street and community dispatch desks. */
const DISPATCHERS: readonly Role[] = ['hotline-operator', 'street-officer', 'community-worker']

/**
 * Role × command. `admin` may do anything within its scope and `auditor` nothing (see `authorize`);
 * handlers must also act for the unit concerned (`actsFor`).
 */
export const complaintPermissions: Readonly<Record<ComplaintCommandType, readonly Role[]>> = {
  RegisterComplaint: ['resident', 'hotline-operator', 'grid-worker', 'community-worker', 'street-officer'],
  AcceptComplaint: DISPATCHERS,
  RejectComplaint: DISPATCHERS,
  DispatchComplaint: DISPATCHERS,
  MergeComplaint: DISPATCHERS,
  AcknowledgeComplaint: HANDLERS,
  EscalateComplaint: HANDLERS,
  // 街道吹哨: a street officer (at a street or above); grids, communities and departments do not whistle.
  SummonDepartments: ['street-officer'],
  ReportArrival: ['department-officer'],
  ReportDepartmentPart: ['department-officer'],
  // 以下评上: the summoning street rates each department's help.
  RateDepartmentHelp: ['street-officer'],
  AddCoHandler: HANDLERS,
  ReportCoHandling: HANDLERS,
  RequestExtension: HANDLERS,
  ApproveExtension: ['supervisor', 'hotline-operator'],
  DenyExtension: ['supervisor', 'hotline-operator'],
  SubmitResult: HANDLERS,
  ReturnComplaint: HANDLERS,
  NotifyComplainant: ['hotline-operator', ...HANDLERS],
  // 补充诉求: the complainant itself (on its own case: `authorize`), or the hotline taking its call — as for 一事一评.
  SupplementComplaint: ['resident', 'hotline-operator'],
  EvaluateComplaint: ['resident', 'hotline-operator'],
  ReopenComplaint: ['hotline-operator', 'supervisor'],
  // The area roles close only a patrol finding whose result they verified (核查结案): see decide.
  CloseComplaint: ['hotline-operator', 'supervisor', 'grid-worker', 'community-worker', 'street-officer'],
  UrgeComplaint: ['supervisor'],
  AddNote: ['supervisor'],
  RecordCallback: ['hotline-operator'],
  ApplyForExclusion: HANDLERS,
  DecideExclusion: ['supervisor'],
  ReferToMediation: ['hotline-operator', 'grid-worker', 'community-worker', 'street-officer'],
  // Only an admin: the referral process records the dispute's conclusion as an admin of the complaint's jurisdiction.
  RecordMediationOutcome: [],
  // Only an admin: the referral process records a referral it could not carry out.
  RecordReferralFailure: [],
  // Only an admin: the deadline scheduler records reminders as an admin of the case's jurisdiction.
  RecordDeadlineReminder: [],
  // Only an admin (who may do anything): it follows a new holiday schedule, not the handling of the case.
  RebaseDeadlines: [],
}

/**
 * 渠道 by who registers (DOMAIN.md "Complaint": the channel says where the resident's call came in): a role registers
 * only what it actually receives, so that the case file and every channel figure say where the matter came from.
 * - the 12345 desk: its calls, and what the 12345 platform gathers besides — the city message board and the app
 *   (Wuhan's 民呼我应 platform "整合一号(12345市长专线)一网(城市留言板)一微(武汉微邻里)"; Hohhot "一个热线管受理") — and, as
 *   the 受理 desk of the 信访 policy too (DOMAIN.md "Complaint": accept-or-not within 15 days), the petitioners who
 *   come in person (来访, 信访工作条例 2022 art. 17: 信访 by letter, visit or online);
 * - a grid worker: what it meets on its rounds (grid-visit; 巡查发现 is always one) and the calls to the number on its
 *   民情联络卡 (Saihan: "民情联络卡 … 居民点题、专人议题、网格办题");
 * - a community or street office: those who come in (walk-in: the community's 民意接待厅 and 书记会客室, Jingchuan), the
 *   contact cards, and its own visits to the grids (包联走访: "党员干部进网格解难题");
 * - a resident: its own account (the app, the message board, a 民情联络卡's code) — a 12345 call, a walk-in and a grid
 *   visit are taken down by staff.
 * Roles not listed do not register; an admin (the system) is held to none.
 */
export const REGISTERING_CHANNELS: Readonly<Partial<Record<Role, readonly Channel[]>>> = {
  'hotline-operator': ['hotline-12345', 'message-board', 'mini-program', 'walk-in'],
  'grid-worker': ['grid-visit', 'contact-card'],
  'community-worker': ['walk-in', 'contact-card', 'grid-visit'],
  'street-officer': ['walk-in', 'contact-card', 'grid-visit'],
  resident: ['mini-program', 'message-board', 'contact-card'],
}

/** Roles that may answer and close a consultation at registration. */
export const ANSWERING_ROLES: readonly Role[] = ['hotline-operator']

/** Roles that report what they found on patrol (巡查发现) and resolve a case on the spot (现场办结). */
export const PATROL_ROLES: readonly Role[] = ['grid-worker']

/** Levels whose area units may summon departments (街道吹哨): the street and the units above it. */
export const WHISTLE_LEVELS: readonly Level[] = ['street', 'district', 'city']

/** The departments holding a case: the lead's, the co-handlers' and the summoned ones, each once, in the order met. */
export const departmentsOf = (c: ComplaintCase): readonly string[] => departmentsIn(officesOf(c))

/** The departments of the offices, each once, in their order (no closure per call: this runs on every command). */
const departmentsIn = (offices: readonly DepartmentOffice[]): string[] => {
  const departments: string[] = []
  for (const { department } of offices) if (!departments.includes(department)) departments.push(department)
  return departments
}

/**
 * The departments' offices holding a case (`CaseScope.offices`): the lead's, the co-handlers' and the summoned units'
 * that name a department, each department and place once, in the order met.
 */
export const officesOf = (c: ComplaintCase): readonly DepartmentOffice[] => {
  const offices: DepartmentOffice[] = []
  addOffice(offices, c.lead)
  for (const x of c.coHandlers) addOffice(offices, x.unit)
  for (const x of c.summoned) addOffice(offices, x.unit)
  return offices
}

const addOffice = (offices: DepartmentOffice[], unit: HandlingUnit | undefined): void => {
  const department = unit?.department
  if (department === undefined || unit === undefined) return
  const { jurisdiction } = unit
  if (!offices.some((o) => o.department === department && o.jurisdiction === jurisdiction)) offices.push({ department, jurisdiction })
}

/** Where the case lies and whose it is, for `authorize` and `canRead`. */
export const complaintScope = (state: ComplaintState): CaseScope | undefined => {
  if (!exists(state)) return undefined
  // Two literals, not a spread of a conditional object (V8's generic copy, on every command, twice).
  const { jurisdiction, ownerId } = state
  // Asked on every command (twice: visibility, then authorisation): the offices once, their departments from them.
  const offices = officesOf(state)
  const departments = departmentsIn(offices)
  return ownerId === undefined ? { jurisdiction, departments, offices } : { jurisdiction, ownerId, departments, offices }
}

/** Role × command, scope and the department rule, all in `authorize` (a department officer acts only on a case its department holds). */
export const authorizeCommand = (actor: Actor, command: ComplaintCommandType, scope: CaseScope): E.Either<DomainError, void> =>
  authorize(actor, { command, roles: complaintPermissions[command] }, scope)

/**
 * Does the actor act for this unit? A department's officers for a department; for an area unit,
 * anyone of a handler role whose scope covers it (the unit itself or its superiors). Admin always.
 */
export const actsFor = (actor: Actor, unit: HandlingUnit): boolean => {
  if (actor.role === 'admin') return true
  if (!isWithin(actor.jurisdiction, unit.jurisdiction)) return false
  if (unit.department !== undefined) return actor.role === 'department-officer' && actor.department === unit.department
  return actor.role === 'grid-worker' || actor.role === 'community-worker' || actor.role === 'street-officer'
}

/**
 * May the actor refer the case to mediation, as far as who holds it goes (首接负责制, DOMAIN.md "Complaint": the lead
 * handles it "without passing the case on")? Before any unit leads it, yes; then only the lead (or a superior acting for
 * it, `actsFor`) and the hotline that dispatched it — not another area unit of the place.
 */
export const refersFor = (actor: Actor, lead: HandlingUnit | undefined): boolean =>
  lead === undefined || actor.role === 'hotline-operator' || actsFor(actor, lead)

/** `forbidden` unless the actor acts for the unit. */
export const requireActsFor = (actor: Actor, unit: HandlingUnit, command: string, what: string): E.Either<DomainError, void> =>
  actsFor(actor, unit)
    ? E.right(undefined)
    : E.left(forbidden(`${actor.role} ${actor.id} may not ${command}: only ${what} ${unit.name ?? unit.id} may`))

/**
 * The unit that really acted when the actor is not the unit itself but a superior acting for it (`actsFor`:
 * a street officer signing for a grid): that officer's own office, named by its jurisdiction (and department).
 * Undefined when the unit acted itself. What counts in a unit's evaluation is credited to the acting unit.
 */
export const actingUnit = (actor: Actor, unit: HandlingUnit): HandlingUnit | undefined => {
  if (actor.jurisdiction === unit.jurisdiction && (unit.department === undefined || actor.department === unit.department)) return undefined
  const department = unit.department === undefined ? undefined : actor.department
  return {
    id: department === undefined ? actor.jurisdiction : `${actor.jurisdiction}#${department}`,
    level: levelOf(actor.jurisdiction),
    jurisdiction: actor.jurisdiction,
    ...(department === undefined ? {} : { department }),
  }
}
