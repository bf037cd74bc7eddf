import * as t from 'io-ts'
import { isJurisdictionPath, isWithin, levelOf } from '../access/jurisdiction.js'
import { TRACKS, type Track } from '../kernel/actor.js'
import type { DisputeCategory } from './commands.js'
import { oneOf } from './parties.js'

/**
 * 调解委员会 — the organisations that mediate: a community's (or street's) people's mediation committee
 * (人民调解委员会, 人民调解法 art. 8), and the specialist committees of a mediation centre (矛盾纠纷化解联合服务中心,
 * "一个中心管化解"): medical (医疗纠纷), campus (校园), property management (物业) and labour (劳动争议) mediation.
 * Each is configured (a file an operator keeps, see docs/committees.md) with the mediators who sit on it.
 */
export const COMMITTEE_KINDS = ['people', 'medical', 'campus', 'property', 'labour'] as const
export type CommitteeKind = (typeof COMMITTEE_KINDS)[number]

/** A specialist committee takes the disputes of its own category; a people's committee takes any. */
export const CATEGORY_OF_KIND: Readonly<Partial<Record<CommitteeKind, DisputeCategory>>> = {
  medical: 'medical',
  campus: 'campus',
  property: 'property',
  labour: 'labour',
}

/** A mediation centre (矛调中心): where the specialist committees sit and disputes are routed (分流). */
export interface Centre {
  readonly id: string
  readonly name: string
  readonly jurisdiction: string
}

export interface CommitteeMediator {
  /** The mediator's actor id (the `sub` of their token). */
  readonly id: string
  readonly name: string
}

export interface Committee {
  readonly id: string
  readonly name: string
  readonly kind: CommitteeKind
  /** Where it mediates: a community or street for a people's committee, the centre's place for a specialist one. */
  readonly jurisdiction: string
  /** The track its agreements are on (default people: the specialist committees are people's mediation committees too). */
  readonly track: Track
  /** The centre a specialist committee belongs to. */
  readonly centre?: string
  readonly mediators: readonly CommitteeMediator[]
}

export interface CommitteeRegistry {
  readonly centres: ReadonlyMap<string, Centre>
  readonly committees: ReadonlyMap<string, Committee>
  /** Each mediator's committee, by actor id. */
  readonly committeeOfMediator: ReadonlyMap<string, string>
}

export const emptyCommitteeRegistry: CommitteeRegistry = { centres: new Map(), committees: new Map(), committeeOfMediator: new Map() }

const Id = t.string
const CentreEntry = t.type({ id: Id, name: t.string, jurisdiction: t.string }, 'Centre')
const MediatorEntry = t.type({ id: Id, name: t.string }, 'CommitteeMediator')
const CommitteeEntry = t.intersection(
  [
    t.type({ id: Id, name: t.string, kind: oneOf(COMMITTEE_KINDS), jurisdiction: t.string, mediators: t.array(MediatorEntry) }),
    t.partial({ track: oneOf(TRACKS), centre: Id }),
  ],
  'Committee',
)

/**
 * The committee file (JSON): `{ "format": "gridcase-committees/1", "centres": [{ id, name, jurisdiction }],
 * "committees": [{ id, name, kind, jurisdiction, track?, centre?, mediators: [{ id, name }] }] }`.
 */
export const CommitteeFile = t.type(
  { format: t.literal('gridcase-committees/1'), centres: t.array(CentreEntry), committees: t.array(CommitteeEntry) },
  'CommitteeFile',
)
export type CommitteeFile = t.TypeOf<typeof CommitteeFile>

export interface CommitteeProblem {
  readonly path: string
  readonly message: string
}

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/

/**
 * The registry from a decoded file, or every problem with it: ids that are not lower-case slugs or are used twice, a
 * place that is no jurisdiction path, a people's committee above a street, a specialist committee without its centre
 * or outside the centre's place, a mediator on two committees (a mediator's committee decides what they see).
 */
export const committeeRegistryOf = (file: CommitteeFile): { readonly registry: CommitteeRegistry } | { readonly problems: readonly CommitteeProblem[] } => {
  const problems: CommitteeProblem[] = []
  const centres = new Map<string, Centre>()
  const committees = new Map<string, Committee>()
  const committeeOfMediator = new Map<string, string>()
  const named = (at: string, name: string) => {
    if (name.trim() === '') problems.push({ path: `${at}.name`, message: 'must not be empty' })
  }
  file.centres.forEach((c, i) => {
    const at = `centres[${i}]`
    if (!ID.test(c.id)) problems.push({ path: `${at}.id`, message: `"${c.id}" is not an id (lower-case letters, digits and -)` })
    else if (centres.has(c.id)) problems.push({ path: `${at}.id`, message: `"${c.id}" is listed twice` })
    if (!isJurisdictionPath(c.jurisdiction)) problems.push({ path: `${at}.jurisdiction`, message: `"${c.jurisdiction}" is not a jurisdiction path` })
    named(at, c.name)
    centres.set(c.id, { id: c.id, name: c.name.trim(), jurisdiction: c.jurisdiction })
  })
  file.committees.forEach((c, i) => {
    const at = `committees[${i}]`
    if (!ID.test(c.id)) problems.push({ path: `${at}.id`, message: `"${c.id}" is not an id (lower-case letters, digits and -)` })
    else if (committees.has(c.id)) problems.push({ path: `${at}.id`, message: `"${c.id}" is listed twice` })
    named(at, c.name)
    const placed = isJurisdictionPath(c.jurisdiction)
    if (!placed) problems.push({ path: `${at}.jurisdiction`, message: `"${c.jurisdiction}" is not a jurisdiction path` })
    if (c.kind === 'people') {
      // 人民调解法 art. 8: residents' committees (社区) set up people's mediation committees; streets may too.
      if (placed && !['street', 'community'].includes(levelOf(c.jurisdiction))) {
        problems.push({ path: `${at}.jurisdiction`, message: `a people's mediation committee sits in a community or street; "${c.jurisdiction}" is a ${levelOf(c.jurisdiction)}` })
      }
    } else {
      const centre = c.centre === undefined ? undefined : centres.get(c.centre)
      if (c.centre === undefined) problems.push({ path: `${at}.centre`, message: `is required for a ${c.kind} committee: the centre it sits in` })
      else if (centre === undefined) problems.push({ path: `${at}.centre`, message: `"${c.centre}" is not one of the centres` })
      else if (placed && !isWithin(centre.jurisdiction, c.jurisdiction)) {
        problems.push({ path: `${at}.jurisdiction`, message: `expected ${centre.jurisdiction} or a place in it, where ${centre.name} is` })
      }
    }
    if (c.mediators.length === 0) problems.push({ path: `${at}.mediators`, message: 'expected at least one mediator' })
    c.mediators.forEach((m, j) => {
      const where = `${at}.mediators[${j}]`
      if (m.id.trim() === '') problems.push({ path: `${where}.id`, message: 'must not be empty' })
      named(where, m.name)
      const other = committeeOfMediator.get(m.id)
      if (other !== undefined) problems.push({ path: `${where}.id`, message: `"${m.id}" already sits on ${other}` })
      else committeeOfMediator.set(m.id, c.id)
    })
    committees.set(c.id, {
      id: c.id,
      name: c.name.trim(),
      kind: c.kind,
      jurisdiction: c.jurisdiction,
      track: c.track ?? 'people',
      ...(c.centre === undefined ? {} : { centre: c.centre }),
      mediators: c.mediators.map((m) => ({ id: m.id, name: m.name.trim() })),
    })
  })
  return problems.length > 0 ? { problems } : { registry: { centres, committees, committeeOfMediator } }
}

/** Does the committee sit on the mediator with this actor id? */
export const sitsOn = (committee: Committee, mediatorId: string): boolean => committee.mediators.some((m) => m.id === mediatorId)

/** The committees an actor scoped at `scope` may see named: those whose place is inside it, or contains it. */
export const committeesFor = (registry: CommitteeRegistry, scope: string): Committee[] =>
  [...registry.committees.values()]
    .filter((c) => isWithin(scope, c.jurisdiction) || isWithin(c.jurisdiction, scope))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
