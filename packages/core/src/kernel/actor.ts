// Who acts (the actor every command carries) and where: roles, tracks, the jurisdiction path format. The kernel's,
// so that it depends on nothing above it; `access` decides what an actor may do with them.
import * as t from 'io-ts'
import { refinedString } from './codec.js'

/** 辖区 levels, top to bottom: 市 / 区 / 街道 / 社区 / 网格. */
export const LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const
export type Level = (typeof LEVELS)[number]

/**
 * One to five segments (LEVELS), each a lower-case letter or digit then letters, digits and dashes, joined by `/`.
 * One regex, no split: every command naming a jurisdiction or a unit is checked (a property test holds it to the
 * split-and-test it replaced).
 */
const SEGMENT = '[a-z0-9][a-z0-9-]*'
const PATH = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,${LEVELS.length - 1}}$`)

export const isJurisdictionPath = (value: string): boolean => PATH.test(value)

/** A jurisdiction path such as `hohhot/saihan/wulanchabu-east-road/xx-community/grid-017`. */
export const Jurisdiction = refinedString(
  'Jurisdiction',
  isJurisdictionPath,
  'a jurisdiction path city/district/street/community/grid of lower-case segments',
  { pattern: PATH.source },
)
export type Jurisdiction = string

export const ROLES = [
  'resident',
  'grid-worker',
  'community-worker',
  'street-officer',
  'department-officer',
  'hotline-operator',
  'mediator',
  /** 法院 — records the court's decisions on judicial confirmation; scoped to the court's district. */
  'court-clerk',
  /** 矛调中心 — staff of a mediation centre: intake, risk grading and routing (分流) of disputes in its place; no complaints. */
  'centre-officer',
  'supervisor',
  'auditor',
  'admin',
] as const
export type Role = (typeof ROLES)[number]

/** The three mediation tracks of 三调联动: 人民调解, 行政调解, 司法调解. */
export const TRACKS = ['people', 'administrative', 'judicial'] as const
export type Track = (typeof TRACKS)[number]

const literalUnion = <T extends readonly [string, string, ...string[]]>(values: T, name: string) =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in T[number]]: null }, name)

export const Role = literalUnion(ROLES as unknown as [Role, Role, ...Role[]], 'Role')
export const Track = literalUnion(TRACKS as unknown as [Track, Track, ...Track[]], 'Track')

/**
 * Who acts: an id, a role, the scope they act in, and for some roles a department or a track. `committee`: the
 * mediation committee (调解委员会) a mediator sits on — set by the server from its committee file, never by a token.
 * `court`: for a court clerk, the court it records the decisions of (its name as applications name it, e.g.
 * 赛罕区人民法院): with it, the clerk decides only applications made to that court; without it, its scope alone holds.
 */
export const Actor = t.intersection(
  [
    t.type({ id: t.string, role: Role, jurisdiction: Jurisdiction }),
    t.partial({ department: t.string, track: Track, name: t.string, committee: t.string, court: t.string }),
  ],
  'Actor',
)
export type Actor = t.TypeOf<typeof Actor>

/**
 * The actor as the log keeps it: a resident (one of the people, acting on its own case) without the name its token gave.
 * Its name is personal data, sealed on the case where the case names it; metadata is never sealed, so a name kept there
 * outlived the case's erasure in every view (found in review, 2026-12-04). Staff keep theirs (a mediator's, a centre's).
 */
export const recordedActor = (actor: Actor): Actor => {
  if (actor.role !== 'resident' || actor.name === undefined) return actor
  const { name: _name, ...rest } = actor
  return rest
}

export { literalUnion }
