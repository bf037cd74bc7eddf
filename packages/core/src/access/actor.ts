import * as t from 'io-ts'
import { Jurisdiction } from './jurisdiction.js'

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

/** Who acts: an id, a role, the scope they act in, and for some roles a department or a track. */
export const Actor = t.intersection(
  [
    t.type({ id: t.string, role: Role, jurisdiction: Jurisdiction }),
    t.partial({ department: t.string, track: Track, name: t.string }),
  ],
  'Actor',
)
export type Actor = t.TypeOf<typeof Actor>

export { literalUnion }
