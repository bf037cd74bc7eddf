import type { Actor } from '@gridcase/core/access'

/** The demo district: 呼和浩特 赛罕区. */
export const DEMO_DISTRICT = 'hohhot/saihan'
export const DEMO_STREET = `${DEMO_DISTRICT}/wulanchabu-east-road`
export const DEMO_COMMUNITY = `${DEMO_STREET}/xinhua-community`
export const DEMO_GRID = `${DEMO_COMMUNITY}/grid-017`

/** One demo actor per role, scoped in the demo district (dev mode only). */
export const demoActors: readonly Actor[] = [
  { id: 'demo-resident', role: 'resident', jurisdiction: DEMO_GRID, name: '王女士' },
  { id: 'demo-grid-worker', role: 'grid-worker', jurisdiction: DEMO_GRID },
  { id: 'demo-community-worker', role: 'community-worker', jurisdiction: DEMO_COMMUNITY },
  { id: 'demo-street-officer', role: 'street-officer', jurisdiction: DEMO_STREET },
  { id: 'demo-department-officer', role: 'department-officer', jurisdiction: DEMO_DISTRICT, department: 'housing-bureau' },
  { id: 'demo-hotline-operator', role: 'hotline-operator', jurisdiction: 'hohhot' },
  { id: 'demo-mediator', role: 'mediator', jurisdiction: DEMO_STREET, track: 'people' },
  { id: 'demo-supervisor', role: 'supervisor', jurisdiction: DEMO_DISTRICT },
  { id: 'demo-auditor', role: 'auditor', jurisdiction: 'hohhot' },
  { id: 'demo-court-clerk', role: 'court-clerk', jurisdiction: DEMO_DISTRICT },
  { id: 'demo-centre-officer', role: 'centre-officer', jurisdiction: DEMO_DISTRICT, name: '赛罕区矛调中心' },
  { id: 'demo-admin', role: 'admin', jurisdiction: 'hohhot' },
]

export const demoActor = (role: Actor['role']): Actor => {
  const actor = demoActors.find((a) => a.role === role)
  if (actor === undefined) throw new Error(`no demo actor for ${role}`)
  return actor
}

/** The demo tokens as a shell file (`source data/demo-tokens.env`): `TOKEN_HOTLINE_OPERATOR=…`, one line per role. */
export const demoTokensEnv = (tokens: Readonly<Record<string, string>>): string =>
  [
    '# gridcase demo tokens (development only; regenerated at every start). Usage: source data/demo-tokens.env',
    ...Object.entries(tokens).map(([role, token]) => `export TOKEN_${role.toUpperCase().replace(/-/g, '_')}='${token}'`),
    '',
  ].join('\n')
