// The people of the name-masking suites (the event log's, the masked outputs'): who acts, a dispute's two parties, and
// the names in full that no masked output may carry, in a field or in free text.
import type { Actor } from '@gridcase/core/access'
import { COMMUNITY_A, STREET } from './server.js'

export const GRID = `${COMMUNITY_A}/grid-001`
export const who = {
  operator: { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' },
  street: { id: 'so-1', role: 'street-officer', jurisdiction: STREET },
  mediator: { id: 'pm-a', role: 'mediator', jurisdiction: STREET, track: 'people' },
  supervisor: { id: 'sup-1', role: 'supervisor', jurisdiction: STREET },
  wang: { id: 'r-wang', role: 'resident', jurisdiction: GRID, name: '王芳' },
} satisfies Record<string, Actor>
export const parties = [
  { side: 'applicant', name: '王芳', phone: '13800138000', residentId: 'r-wang' },
  { side: 'respondent', name: '李强', phone: '13900139000' },
]
/** The people's names in full: none may reach a masked output, in a field or in free text. */
export const NAMES = ['王芳', '李强', '李四']
