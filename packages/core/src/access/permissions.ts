import * as E from 'fp-ts/lib/Either.js'
import { forbidden, type DomainError } from '../kernel/errors.js'
import type { Actor, Role } from '../kernel/actor.js'
import type { CaseScope, DepartmentOffice } from '../kernel/caseType.js'
import { isWithin } from './jurisdiction.js'

export type { CaseScope, DepartmentOffice }

/** Which roles may issue a command. `admin` may issue any command within its scope (unless `exclusive`); `auditor` none. */
export interface Permission {
  readonly command: string
  readonly roles: readonly Role[]
  /** These roles and no other, not even an admin: an act only they may record (the court's decisions, DOMAIN.md). */
  readonly exclusive?: boolean
}

/** Is the case this resident's own: they filed it, or it names them (a party with an account)? */
const belongsTo = (residentId: string, scope: CaseScope): boolean =>
  scope.ownerId === residentId || (scope.residents ?? []).includes(residentId)

/**
 * Permission = the role allows the command AND the case lies in the actor's scope
 * (or it is the resident's own case). A department officer acts only on a case their department
 * holds — secure by default: on a case held by no department, none may. Pure: decided from actor,
 * command and case alone.
 */
export const authorize = (actor: Actor, permission: Permission, scope: CaseScope): E.Either<DomainError, void> => {
  const refuse = (why: string) => E.left(forbidden(`${actor.role} ${actor.id} may not ${permission.command}: ${why}`))
  if (actor.role === 'auditor') return refuse('auditors are read-only')
  const adminMay = actor.role === 'admin' && permission.exclusive !== true
  if (!adminMay && !permission.roles.includes(actor.role)) return refuse('the role does not allow it')
  if (actor.role === 'resident') {
    return belongsTo(actor.id, scope) ? E.right(undefined) : refuse('residents act only on their own cases')
  }
  if (!isWithin(actor.jurisdiction, scope.jurisdiction)) return refuse(`the case lies outside ${actor.jurisdiction}`)
  if (actor.role === 'department-officer' && !handledByDepartment(actor, scope)) return refuse('the case is not with this department')
  if (actor.role === 'mediator' && scope.track !== undefined && actor.track !== scope.track) {
    return refuse(`the case is on the ${scope.track} track`)
  }
  if (actor.role === 'court-clerk' && !beforeClerksCourt(actor, scope)) return refuse('the case is not before the court')
  if (actor.role === 'centre-officer' && scope.mediators === undefined) return refuse('a mediation centre handles disputes only')
  // DOMAIN.md: a mediator acts only on cases assigned to them (one who opens a case names themself).
  if (actor.role === 'mediator' && !(scope.mediators ?? []).includes(actor.id)) {
    return refuse('the case is not assigned to this mediator')
  }
  return E.right(undefined)
}

/** A court's name as courts are compared: without leading or trailing spaces (the one normalisation, `sameCourt`). */
export const courtName = (court: string): string => court.trim()
/** Do two names name the same court (compared as `courtName`)? */
export const sameCourt = (a: string, b: string): boolean => courtName(a) === courtName(b)

/**
 * Is the case before this clerk's court: before a court at all, and — the clerk's token naming its court — before that
 * one (`CaseScope.courts`: the court that entrusted it, the court applied to). A clerk reads and acts only on its own
 * court's cases (DOMAIN.md: least privilege, for reading as for acting; found in review: the clerk of another court of
 * the district, and the intermediate court's clerk scoped to the whole city, read every application in full).
 */
const beforeClerksCourt = (actor: Actor, scope: CaseScope): boolean =>
  scope.court === true && (actor.court === undefined || (scope.courts ?? []).includes(courtName(actor.court)))

/**
 * Does the actor's department handle the case (lead, co-handling 协办, or summoned by 吹哨) — through the actor's own
 * office, when the case names its offices (`CaseScope.offices`): one of its department at the actor's place or under it.
 * Found in review: a street-level 城管 officer read in full a case only the district's 城管 bureau was summoned to, the
 * departments being told apart by name alone (DOMAIN.md: least privilege, for reading as for acting).
 */
const handledByDepartment = (actor: Actor, scope: CaseScope): boolean => {
  const department = actor.department
  if (department === undefined) return false
  if (scope.offices === undefined) return (scope.departments ?? []).includes(department)
  return scope.offices.some((office) => office.department === department && isWithin(actor.jurisdiction, office.jurisdiction))
}

/** Is the case routed to the committee this mediator sits on? */
const routedToCommitteeOf = (actor: Actor, scope: CaseScope): boolean =>
  actor.committee !== undefined && scope.committee !== undefined && actor.committee === scope.committee

/**
 * May this actor read the case at all? Residents their own (filed by them or naming them); a department officer
 * only a case its department handles; a mediator only a case assigned to them or routed (分流) to their committee;
 * a court clerk only a case before the court (its own court's, when its token names one); a mediation centre's officer only mediation cases (a case type with
 * mediators), not complaints (个人信息保护法 art. 6: no more personal data than the task needs); everyone else
 * within scope.
 */
export const canRead = (actor: Actor, scope: CaseScope): boolean => {
  if (actor.role === 'resident') return belongsTo(actor.id, scope)
  if (!isWithin(actor.jurisdiction, scope.jurisdiction)) return false
  if (actor.role === 'department-officer') return handledByDepartment(actor, scope)
  if (actor.role === 'mediator') return (scope.mediators ?? []).includes(actor.id) || routedToCommitteeOf(actor, scope)
  if (actor.role === 'court-clerk') return beforeClerksCourt(actor, scope)
  if (actor.role === 'centre-officer') return scope.mediators !== undefined
  return true
}

/**
 * Does this actor, who may read the case (`canRead`), handle it — and so read its people's personal data in full on the
 * case (DOMAIN.md "Jurisdiction and actors": full values only on the case, for the handling roles; 个人信息保护法 art. 6:
 * no more personal data than the task needs)? On a mediation case (a case type with mediators: a dispute) not every role
 * that may act on it: a mediator handles only a case assigned to them (the other members of the committee it is routed
 * to read it, masked), and the 12345 hotline only a case its operator registered (`registeredBy`, the id of the actor of
 * the case's first event: it took the call; the hotline's other operators, across its scope, read it masked). The
 * centre's, street's, community's and grid's staff in scope (they route, assign, screen and follow up) and the clerk of a
 * court the case is before handle it. Who checks the handling rather than the people (auditors, supervisors) and
 * residents are the caller's to mask: this says only who among the rest handles the case.
 */
/**
 * The roles that read a case's people masked whatever case they read: who checks the handling rather than the people
 * (auditors, supervisors: DOMAIN.md masks personal data for them) and the admin, who administers the system and handles
 * no case (个人信息保护法 art. 6, the minimum necessary). The one list for the case view, its history and the files
 * (`maySeeKind`); a resident, one of the people, sees its own data in full and is the caller's to tell apart.
 */
export const readsPeopleMasked = (role: string): boolean => role === 'auditor' || role === 'supervisor' || role === 'admin'

export const handlesCase = (actor: Actor, scope: CaseScope, registeredBy?: string): boolean => {
  if (scope.mediators === undefined) return true
  if (actor.role === 'mediator') return scope.mediators.includes(actor.id)
  if (actor.role === 'hotline-operator') return registeredBy !== undefined && registeredBy === actor.id
  return true
}

/**
 * What a reader sees of the people of a case it may read (`canRead`: a case it may not read is none of its business,
 * 404 on every route) — the one decision the case view, its history, a command's answer, a list row, the event log, the
 * files on the case and their ETags all follow (DOMAIN.md "Jurisdiction and actors"; 个人信息保护法 art. 6):
 *
 * - `people`: `clear`, every person's personal data in full — a handling role that handles the case (`handlesCase`);
 *   `masked`, all of it masked — who checks the handling rather than the people and the admin (`readsPeopleMasked`), a
 *   role that reads the case but does not handle it (a committee's mediator not assigned to the dispute, another of the
 *   hotline's operators), and a list, the event log and the live feed (no reader: `actor` undefined); `own`, a
 *   resident's, one of the people — its own data in full, everyone else's masked.
 * - `knowsReporter`: may it know who raised a case that withholds it (a 举报's complainant, an anonymous complaint's
 *   account): the hotline and supervisors, and the complainant itself (DOMAIN.md; 信访工作条例 art. 30 para. 3). A
 *   `clear` reader that does not (a handling unit of a 举报) reads the case in full but for who reported; a `masked`
 *   reader that does (a supervisor) reads it masked but for the reporter's name, the "named only" view.
 *
 * `read`: the case as it is now — its scope, the id of the actor who registered it, and its owner's account (`ownerId`).
 * It fails closed: a decision that lacks the facts it needs is the narrower one. No scope given, whether the reader
 * handles the case is not known, and a role other than a resident's reads its people `masked` (never in full: found in
 * review, a mediator not assigned to a dispute and another of the hotline's operators read it in full when a caller
 * left the scope out); no owner given, a resident does not know who reported. `knowsReporter` is the role's (the hotline,
 * supervisors) or the owner's, and needs no scope. Every caller gives what it has of the case; none relies on a default.
 */
export interface ReaderView {
  readonly people: 'clear' | 'masked' | 'own'
  readonly knowsReporter: boolean
}

/** The case a reader reads, as `readerView` decides on it. */
export interface ReadCase {
  readonly scope?: CaseScope | undefined
  readonly registeredBy?: string | undefined
  readonly ownerId?: unknown
}

export const readerView = (actor: Actor | undefined, read: ReadCase): ReaderView => {
  if (actor === undefined) return { people: 'masked', knowsReporter: false }
  const knowsReporter = actor.role === 'hotline-operator' || actor.role === 'supervisor' || (actor.role === 'resident' && read.ownerId === actor.id)
  if (actor.role === 'resident') return { people: 'own', knowsReporter }
  const handles = !readsPeopleMasked(actor.role) && read.scope !== undefined && handlesCase(actor, read.scope, read.registeredBy)
  return { people: handles ? 'clear' : 'masked', knowsReporter }
}
