import type { Actor } from '@gridcase/core/access'
import type { CaseCollection } from '../collection.js'
import { isPlainObject } from '../edge.js'
import { personalView } from '../mask.js'

/** The case as the actor may see it: the state, plus id, case type and version; personal data masked unless the role needs it. */
export const caseView = (collection: CaseCollection, caseId: string, state: unknown, version: number, actor: Actor | undefined) => {
  const body = isPlainObject(state) ? state : { state }
  const shown = personalView(body, actor)
  return { ...shown, id: caseId, caseType: collection.caseType.name, version }
}
