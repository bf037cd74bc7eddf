import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ROLES, TRACKS, type Actor, type Role } from '../kernel/actor.js'
import { isWithin } from './jurisdiction.js'
import { authorize, canRead, handlesCase, readerView, type CaseScope, type Permission } from './permissions.js'

const street = 'hohhot/saihan/street-1'
const grid = `${street}/community-2/grid-017`
const dispatch: Permission = { command: 'dispatch', roles: ['street-officer', 'hotline-operator'] }
const report: Permission = { command: 'report', roles: ['department-officer'] }
const holdSession: Permission = { command: 'hold-session', roles: ['mediator'] }
const evaluate: Permission = { command: 'evaluate', roles: ['resident', 'hotline-operator'] }
const everyone: Permission = { command: 'note', roles: ROLES }

const actor = (role: Role, jurisdiction: string, extra: Partial<Actor> = {}): Actor => ({ id: 'u1', role, jurisdiction, ...extra })
const allowed = (a: Actor, permission: Permission, scope: CaseScope): boolean => E.isRight(authorize(a, permission, scope))
const refusal = (a: Actor, permission: Permission, scope: CaseScope) => {
  const result = authorize(a, permission, scope)
  return E.isLeft(result) ? result.left : undefined
}

describe('authorize', () => {
  it('allows a role the permission names, on a case inside its scope', () => {
    expect(allowed(actor('street-officer', street), dispatch, { jurisdiction: grid })).toBe(true)
    expect(allowed(actor('street-officer', street), dispatch, { jurisdiction: street })).toBe(true)
  })

  it('refuses a role the permission does not name, as forbidden, saying who and what', () => {
    expect(refusal(actor('grid-worker', street), dispatch, { jurisdiction: grid })).toEqual({
      code: 'forbidden',
      message: 'grid-worker u1 may not dispatch: the role does not allow it',
    })
  })

  it('refuses a case outside the scope, including one whose path merely starts with the same letters', () => {
    expect(refusal(actor('street-officer', street), dispatch, { jurisdiction: 'hohhot/saihan/street-2' })?.code).toBe('forbidden')
    expect(refusal(actor('street-officer', street), dispatch, { jurisdiction: 'hohhot/saihan/street-10/c' })?.code).toBe('forbidden')
    expect(refusal(actor('street-officer', grid), dispatch, { jurisdiction: street })?.code).toBe('forbidden')
  })

  it('lets a resident act on their own case wherever it lies, and on no one else’s', () => {
    const resident = actor('resident', 'baotou', { id: 'r1' })
    expect(allowed(resident, evaluate, { jurisdiction: grid, ownerId: 'r1' })).toBe(true)
    expect(allowed(resident, evaluate, { jurisdiction: grid, ownerId: 'r2' })).toBe(false)
    expect(allowed(resident, evaluate, { jurisdiction: grid })).toBe(false)
    expect(allowed(actor('resident', grid, { id: 'r1' }), evaluate, { jurisdiction: grid })).toBe(false)
  })

  it('lets a resident named on a case (a party with an account) act on it as on their own; ownerId still counts', () => {
    const resident = actor('resident', 'baotou', { id: 'r1' })
    expect(allowed(resident, evaluate, { jurisdiction: grid, ownerId: 'r2', residents: ['r3', 'r1'] })).toBe(true)
    expect(allowed(resident, evaluate, { jurisdiction: grid, residents: ['r1'] })).toBe(true)
    expect(allowed(resident, evaluate, { jurisdiction: grid, ownerId: 'r1', residents: [] })).toBe(true)
    expect(refusal(resident, evaluate, { jurisdiction: grid, ownerId: 'r2', residents: ['r3'] })?.message).toBe(
      'resident r1 may not evaluate: residents act only on their own cases',
    )
    // Being named does not widen what the role may do.
    expect(allowed(resident, dispatch, { jurisdiction: grid, residents: ['r1'] })).toBe(false)
  })

  it('refuses a resident a command the role does not allow, even on their own case', () => {
    expect(allowed(actor('resident', grid, { id: 'r1' }), dispatch, { jurisdiction: grid, ownerId: 'r1' })).toBe(false)
  })

  it('lets a department officer act only on cases held by their department', () => {
    const officer = actor('department-officer', 'hohhot', { department: 'housing' })
    expect(allowed(officer, report, { jurisdiction: grid, departments: ['water', 'housing'] })).toBe(true)
    expect(allowed(officer, report, { jurisdiction: grid, departments: ['water'] })).toBe(false)
    expect(allowed(actor('department-officer', 'hohhot'), report, { jurisdiction: grid, departments: ['water'] })).toBe(false)
    expect(allowed(officer, report, { jurisdiction: 'baotou', departments: ['housing'] })).toBe(false)
  })

  it('refuses a department officer on a case no department holds (secure by default), naming why', () => {
    const officer = actor('department-officer', 'hohhot', { department: 'housing' })
    expect(refusal(officer, report, { jurisdiction: grid })).toEqual({ code: 'forbidden', message: 'department-officer u1 may not report: the case is not with this department' })
    expect(allowed(officer, report, { jurisdiction: grid, departments: [] })).toBe(false)
    expect(allowed(actor('department-officer', 'hohhot'), report, { jurisdiction: grid })).toBe(false)
  })

  it('lets a mediator act only on a case on their track', () => {
    const people = actor('mediator', street, { track: 'people' })
    const mine = { mediators: ['u1'] }
    expect(allowed(people, holdSession, { jurisdiction: grid, track: 'people', ...mine })).toBe(true)
    expect(refusal(people, holdSession, { jurisdiction: grid, track: 'judicial', ...mine })?.message).toMatch(/judicial track/)
    expect(allowed(actor('mediator', street), holdSession, { jurisdiction: grid, track: 'people', ...mine })).toBe(false)
    expect(allowed(people, holdSession, { jurisdiction: grid, ...mine })).toBe(true)
    expect(allowed(people, holdSession, { jurisdiction: 'hohhot/xincheng', track: 'people', ...mine })).toBe(false)
  })

  it('lets a mediator act and read only on a case assigned to them (DOMAIN.md least privilege)', () => {
    const people = actor('mediator', street, { track: 'people' })
    expect(refusal(people, holdSession, { jurisdiction: grid, track: 'people', mediators: ['u2'] })?.message).toMatch(/not assigned to this mediator/)
    expect(allowed(people, holdSession, { jurisdiction: grid, track: 'people' })).toBe(false)
    expect(canRead(people, { jurisdiction: grid, track: 'people', mediators: ['u2'] })).toBe(false)
    expect(canRead(people, { jurisdiction: grid, track: 'people', mediators: ['u1'] })).toBe(true)
  })

  it('lets a department officer read only a case its department handles', () => {
    const housing = actor('department-officer', street, { department: 'housing' })
    expect(canRead(housing, { jurisdiction: grid, departments: ['housing', 'water'] })).toBe(true)
    expect(canRead(housing, { jurisdiction: grid, departments: ['water'] })).toBe(false)
    expect(canRead(housing, { jurisdiction: grid })).toBe(false)
    expect(canRead(actor('department-officer', street), { jurisdiction: grid, departments: ['housing'] })).toBe(false)
  })

  it('holds a department officer to its own office when the case names its offices: at the officer’s place or under it, never above or beside it', () => {
    // The district's 城管 bureau (hohhot/saihan) summoned; the street's 城管 squad is another office of the department.
    const bureauCase = { jurisdiction: grid, departments: ['urban-management'], offices: [{ department: 'urban-management', jurisdiction: 'hohhot/saihan' }] }
    const squad = actor('department-officer', street, { department: 'urban-management' })
    const bureau = actor('department-officer', 'hohhot/saihan', { department: 'urban-management' })
    const city = actor('department-officer', 'hohhot', { department: 'urban-management' })
    expect(canRead(squad, bureauCase)).toBe(false)
    expect(refusal(squad, report, bureauCase)?.message).toBe('department-officer u1 may not report: the case is not with this department')
    expect(canRead(bureau, bureauCase)).toBe(true)
    expect(allowed(bureau, report, bureauCase)).toBe(true)
    // The city's bureau above it, as it acts for the offices below it.
    expect(canRead(city, bureauCase)).toBe(true)
    // Another department's office at the same place: not the officer's.
    expect(canRead(actor('department-officer', 'hohhot/saihan', { department: 'housing' }), bureauCase)).toBe(false)
    // The squad's own office named too: it reads the case.
    const both = { ...bureauCase, offices: [...bureauCase.offices, { department: 'urban-management', jurisdiction: street }] }
    expect(canRead(squad, both)).toBe(true)
    expect(allowed(squad, report, both)).toBe(true)
    // No offices named (a case type that gives its departments alone): by department, as before.
    expect(canRead(squad, { jurisdiction: grid, departments: ['urban-management'] })).toBe(true)
    expect(canRead(squad, { jurisdiction: grid, departments: ['urban-management'], offices: [] })).toBe(false)
  })

  it('never lets an auditor act, even where a permission names the role', () => {
    const auditor = actor('auditor', 'hohhot')
    expect(refusal(auditor, { command: 'note', roles: ['auditor'] }, { jurisdiction: grid })?.message).toMatch(/read-only/)
    expect(allowed(auditor, everyone, { jurisdiction: grid })).toBe(false)
  })

  it('lets an admin issue any command within scope, and none outside it', () => {
    const admin = actor('admin', street)
    expect(allowed(admin, { command: 'anything', roles: [] }, { jurisdiction: grid })).toBe(true)
    expect(allowed(admin, report, { jurisdiction: grid, departments: ['water'] })).toBe(true)
    expect(allowed(admin, holdSession, { jurisdiction: grid, track: 'judicial' })).toBe(true)
    expect(allowed(admin, dispatch, { jurisdiction: 'hohhot/xincheng' })).toBe(false)
  })

  it('an exclusive permission (the court’s decisions) is refused to anyone not named, an admin too, as forbidden', () => {
    const ruling: Permission = { command: 'record-confirmation', roles: ['court-clerk'], exclusive: true }
    const scope: CaseScope = { jurisdiction: grid, court: true }
    expect(refusal(actor('admin', street), ruling, scope)).toEqual({ code: 'forbidden', message: 'admin u1 may not record-confirmation: the role does not allow it' })
    expect(allowed(actor('court-clerk', 'hohhot/saihan'), ruling, scope)).toBe(true)
  })

  it("a court clerk whose token names its court acts only on a case before that court; one naming none, on any before a court in its scope", () => {
    const ruling: Permission = { command: 'record-confirmation', roles: ['court-clerk'], exclusive: true }
    const before = (courts?: readonly string[]): CaseScope => ({ jurisdiction: grid, court: true, ...(courts === undefined ? {} : { courts }) })
    const saihan = actor('court-clerk', 'hohhot/saihan', { court: '赛罕区人民法院' })
    expect(allowed(saihan, ruling, before(['赛罕区人民法院']))).toBe(true)
    // Trimmed: the token's name as the case keeps it.
    expect(allowed(actor('court-clerk', 'hohhot/saihan', { court: ' 赛罕区人民法院 ' }), ruling, before(['赛罕区人民法院']))).toBe(true)
    expect(refusal(actor('court-clerk', 'hohhot', { court: '呼和浩特市中级人民法院' }), ruling, before(['赛罕区人民法院']))?.code).toBe('forbidden')
    expect(allowed(saihan, ruling, before())).toBe(false)
    expect(allowed(actor('court-clerk', 'hohhot/saihan'), ruling, before(['呼和浩特铁路运输法院']))).toBe(true)
    expect(allowed(actor('court-clerk', 'hohhot/saihan'), ruling, { jurisdiction: grid, courts: ['赛罕区人民法院'] })).toBe(false)
  })
})

describe('canRead', () => {
  it('residents read their own cases only; everyone else, auditors included, what lies in scope', () => {
    expect(canRead(actor('resident', 'baotou', { id: 'r1' }), { jurisdiction: grid, ownerId: 'r1' })).toBe(true)
    expect(canRead(actor('resident', grid, { id: 'r1' }), { jurisdiction: grid, ownerId: 'r2' })).toBe(false)
    expect(canRead(actor('auditor', 'hohhot'), { jurisdiction: grid })).toBe(true)
    expect(canRead(actor('auditor', 'hohhot/xincheng'), { jurisdiction: grid })).toBe(false)
    expect(canRead(actor('street-officer', 'hohhot/saihan/street'), { jurisdiction: `${street}/c` })).toBe(false)
  })

  it("a court clerk reads a case before a court in its scope — before its own court, when its token names one", () => {
    const applied = { jurisdiction: grid, court: true, courts: ['赛罕区人民法院'] } satisfies CaseScope
    expect(canRead(actor('court-clerk', 'hohhot/saihan', { court: '赛罕区人民法院' }), applied)).toBe(true)
    expect(canRead(actor('court-clerk', 'hohhot/saihan', { court: '呼和浩特铁路运输法院' }), applied)).toBe(false)
    expect(canRead(actor('court-clerk', 'hohhot', { court: '呼和浩特市中级人民法院' }), applied)).toBe(false)
    expect(canRead(actor('court-clerk', 'hohhot/saihan'), applied)).toBe(true)
    expect(canRead(actor('court-clerk', 'hohhot/xincheng'), applied)).toBe(false)
    expect(canRead(actor('court-clerk', 'hohhot/saihan', { court: '赛罕区人民法院' }), { jurisdiction: grid, courts: ['赛罕区人民法院'] })).toBe(false)
  })

  it('a resident reads a case that names them among its residents, though someone else filed it', () => {
    const resident = actor('resident', 'baotou', { id: 'r1' })
    expect(canRead(resident, { jurisdiction: grid, ownerId: 'r2', residents: ['r1'] })).toBe(true)
    expect(canRead(resident, { jurisdiction: grid, residents: ['r1', 'r3'] })).toBe(true)
    expect(canRead(resident, { jurisdiction: grid, ownerId: 'r2', residents: ['r3'] })).toBe(false)
    expect(canRead(resident, { jurisdiction: grid, residents: [] })).toBe(false)
    // Residents are people, not places: being named gives an officer nothing outside their scope.
    expect(canRead(actor('street-officer', 'hohhot/xincheng', { id: 'r1' }), { jurisdiction: grid, residents: ['r1'] })).toBe(false)
  })
})

describe('authorize, over any actor and case', () => {
  const path = fc
    .array(fc.constantFrom('a', 'b', 'bc'), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('/'))
  const arbActor: fc.Arbitrary<Actor> = fc.record(
    {
      id: fc.constantFrom('u1', 'u2'),
      role: fc.constantFrom(...ROLES),
      jurisdiction: path,
      department: fc.constantFrom('housing', 'water'),
      track: fc.constantFrom(...TRACKS),
    },
    { requiredKeys: ['id', 'role', 'jurisdiction'] },
  )
  const arbScope: fc.Arbitrary<CaseScope> = fc.record(
    {
      jurisdiction: path,
      ownerId: fc.constantFrom('u1', 'u2'),
      residents: fc.subarray(['u1', 'u2', 'u3']),
      departments: fc.subarray(['housing', 'water']),
      track: fc.constantFrom(...TRACKS),
      mediators: fc.subarray(['u1', 'u2']),
      court: fc.boolean(),
    },
    { requiredKeys: ['jurisdiction'] },
  )
  const arbPermission: fc.Arbitrary<Permission> = fc.record({ command: fc.constant('cmd'), roles: fc.subarray([...ROLES]) })

  it('no one acts outside their jurisdiction, except a resident on their own case', () => {
    fc.assert(
      fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => {
        fc.pre(!isWithin(a.jurisdiction, scope.jurisdiction))
        return !allowed(a, permission, scope) || (a.role === 'resident' && (scope.ownerId === a.id || (scope.residents ?? []).includes(a.id)))
      }),
    )
  })

  it('a resident reads a case iff they are its owner or one of its residents', () => {
    fc.assert(
      fc.property(arbActor, arbScope, (a, scope) => {
        fc.pre(a.role === 'resident')
        return canRead(a, scope) === (scope.ownerId === a.id || (scope.residents ?? []).includes(a.id))
      }),
    )
  })

  it('a resident acts on a case only if they are its owner or one of its residents', () => {
    fc.assert(
      fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => {
        fc.pre(a.role === 'resident')
        return !allowed(a, permission, scope) || scope.ownerId === a.id || (scope.residents ?? []).includes(a.id)
      }),
    )
  })

  it('whoever may act on a case may also read it', () => {
    fc.assert(fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => !allowed(a, permission, scope) || canRead(a, scope)))
  })

  it('only the roles a permission names may act, besides admin; auditors never', () => {
    fc.assert(
      fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => {
        if (!allowed(a, permission, scope)) return true
        return a.role !== 'auditor' && (a.role === 'admin' || permission.roles.includes(a.role))
      }),
    )
  })

  it('a department officer acts only where their own department holds the case', () => {
    fc.assert(
      fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => {
        fc.pre(a.role === 'department-officer')
        return !allowed(a, permission, scope) || (a.department !== undefined && (scope.departments ?? []).includes(a.department))
      }),
    )
  })

  it('a department officer reads a case iff it lies in their jurisdiction and their department handles it', () => {
    fc.assert(
      fc.property(arbActor, arbScope, (a, scope) => {
        fc.pre(a.role === 'department-officer')
        const handles = a.department !== undefined && (scope.departments ?? []).includes(a.department)
        return canRead(a, scope) === (isWithin(a.jurisdiction, scope.jurisdiction) && handles)
      }),
    )
  })

  it('a mediator reads and acts on a case only when it is assigned to them', () => {
    fc.assert(
      fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => {
        fc.pre(a.role === 'mediator')
        const assigned = (scope.mediators ?? []).includes(a.id)
        return (!canRead(a, scope) || assigned) && (!allowed(a, permission, scope) || assigned)
      }),
    )
  })

  it('a refusal is always a forbidden DomainError, never a throw', () => {
    fc.assert(
      fc.property(arbActor, arbPermission, arbScope, (a, permission, scope) => {
        const result = authorize(a, permission, scope)
        return E.isRight(result) || (result.left.code === 'forbidden' && result.left.message.includes(permission.command))
      }),
    )
  })
})

// Who handles a case it reads (DOMAIN.md "Jurisdiction and actors": personal data in full only for the handling roles;
// a mediator acts only on cases assigned to them). On a mediation case (it names its mediators): the assigned mediator,
// not the committee's others; the hotline operator who registered it, not the hotline's others.
describe('handlesCase', () => {
  const dispute: CaseScope = { jurisdiction: 'hohhot/saihan/s1/c1/grid-1', mediators: ['md-1'], committee: 'saihan-medical' }
  const complaint: CaseScope = { jurisdiction: 'hohhot/saihan/s1/c1/grid-1' }
  const a = (id: string, role: Role, more: Partial<Actor> = {}): Actor => ({ id, role, jurisdiction: 'hohhot', ...more })
  it.each([
    ['the assigned mediator', a('md-1', 'mediator', { track: 'people', committee: 'saihan-medical' }), undefined, true],
    ["a member of the routed committee, not assigned", a('md-2', 'mediator', { track: 'people', committee: 'saihan-medical' }), undefined, false],
    ['the operator who registered it', a('op-1', 'hotline-operator'), 'op-1', true],
    ['another operator', a('op-2', 'hotline-operator'), 'op-1', false],
    ['an operator, who registered it not known', a('op-1', 'hotline-operator'), undefined, false],
    ['a centre officer', a('co-1', 'centre-officer'), 'op-1', true],
    ['a street officer', a('so-1', 'street-officer'), undefined, true],
    ['a grid worker', a('gw-1', 'grid-worker'), undefined, true],
    ['a court clerk', a('clerk-1', 'court-clerk'), undefined, true],
  ] as const)('on a dispute: %s', (_who, actor, registeredBy, expected) => {
    expect(handlesCase(actor, dispute, registeredBy)).toBe(expected)
  })
  it('on a case with no mediators (a complaint): every reader the role allows, the hotline included', () => {
    expect([handlesCase(a('op-2', 'hotline-operator'), complaint, 'op-1'), handlesCase(a('md-2', 'mediator'), complaint)]).toEqual([true, true])
  })
})

// The one decision of what a reader sees of a case's people (DOMAIN.md "Jurisdiction and actors"): in full for the
// handling roles that handle it, masked for auditors, supervisors and admins and for a role that reads it but does not
// handle it, a resident's own; who raised a withheld case known to the hotline, supervisors and the complainant itself.
describe('readerView', () => {
  const dispute: CaseScope = { jurisdiction: 'hohhot/saihan/s1/c1/grid-1', mediators: ['md-1'], committee: 'saihan-medical' }
  const complaint: CaseScope = { jurisdiction: 'hohhot/saihan/s1/c1/grid-1', ownerId: 'r-1' }
  const a = (id: string, role: Role, more: Partial<Actor> = {}): Actor => ({ id, role, jurisdiction: 'hohhot', ...more })
  it.each([
    ['a list (no reader)', undefined, complaint, 'masked', false],
    ['a street officer', a('so-1', 'street-officer'), complaint, 'clear', false],
    ['a department officer', a('do-1', 'department-officer', { department: 'housing' }), complaint, 'clear', false],
    ['an operator of the hotline', a('op-2', 'hotline-operator'), complaint, 'clear', true],
    ['a supervisor (named only, on a 举报)', a('sup-1', 'supervisor'), complaint, 'masked', true],
    ['an auditor', a('aud-1', 'auditor'), complaint, 'masked', false],
    ['an admin', a('adm-1', 'admin'), complaint, 'masked', false],
    ['the complainant', a('r-1', 'resident'), complaint, 'own', true],
    ['another resident (a party)', a('r-2', 'resident'), complaint, 'own', false],
    ['the assigned mediator', a('md-1', 'mediator', { track: 'people' }), dispute, 'clear', false],
    ["the committee's other mediator", a('md-2', 'mediator', { track: 'people', committee: 'saihan-medical' }), dispute, 'masked', false],
    ['an operator who did not register the dispute', a('op-2', 'hotline-operator'), dispute, 'masked', true],
  ] as const)('%s', (_who, actor, scope, people, knowsReporter) => {
    expect(readerView(actor, { scope, registeredBy: 'op-1', ownerId: scope.ownerId })).toEqual({ people, knowsReporter })
  })
  it('the operator who registered a dispute reads it in full', () => {
    expect(readerView(a('op-1', 'hotline-operator'), { scope: dispute, registeredBy: 'op-1' }).people).toBe('clear')
  })
  // Fail closed (DOMAIN.md "Jurisdiction and actors": full values only on the case, for the handling roles): with no
  // case scope given, whether the reader handles the case is not known — masked, never in full. Found in review: a
  // mediator not assigned to a dispute, and another operator of the hotline, read it in full when a caller left the
  // scope out. Who may know the reporter is decided by the facts given alone: the role (the hotline, supervisors) and,
  // for a resident, the case's owner.
  it.each([
    ['a mediator', a('md-2', 'mediator', { track: 'people', committee: 'saihan-medical' }), {}, 'masked', false],
    ['a mediator, who registered it given', a('md-2', 'mediator'), { registeredBy: 'md-2' }, 'masked', false],
    ['an operator of the hotline, who registered it given', a('op-1', 'hotline-operator'), { registeredBy: 'op-1' }, 'masked', true],
    ['a street officer', a('so-1', 'street-officer'), { ownerId: 'r-1' }, 'masked', false],
    ['a court clerk', a('clerk-1', 'court-clerk'), {}, 'masked', false],
    ['a supervisor', a('sup-1', 'supervisor'), {}, 'masked', true],
    ['the owner, a resident', a('r-1', 'resident'), { ownerId: 'r-1' }, 'own', true],
    ['a resident, no owner given', a('r-1', 'resident'), {}, 'own', false],
  ] as const)('no case scope given: %s reads it masked, knowing the reporter only by the facts given', (_who, actor, read, people, knowsReporter) => {
    expect(readerView(actor, read)).toEqual({ people, knowsReporter })
  })
})
