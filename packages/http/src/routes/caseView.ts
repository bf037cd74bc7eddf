import type { Actor } from '@gridcase/core/access'
import type { CaseCollection } from '../collection.js'
import { isPlainObject } from '../edge.js'
import { onCaseOf, personalView, type OnCase } from '../mask.js'

/**
 * The case as the actor may see it: the state, plus id, case type and version; personal data masked unless the actor
 * handles the case (`onCase`), the names of `names` (the state's people unless given: `namesOnCase`) in free text too.
 */
export const caseView = (collection: CaseCollection, caseId: string, state: unknown, version: number, actor: Actor | undefined, names?: readonly string[], onCase?: OnCase) => {
  const body = isPlainObject(state) ? state : { state }
  // Who handles the case: as `onCase` says (the case as it is now, who registered it), else from the state shown.
  const shown = personalView(body, actor, names, onCase ?? onCaseOf(collection.caseType, state, undefined))
  // `{ ...shown, id, caseType, version }`, made as core's withSealFields makes its copy: V8 gives a spread copy a map
  // of its own and each key defined after it a slow transition; Object.assign onto `{}` takes the cached ones. (An own
  // `__proto__` key, which Object.assign would turn into the prototype, is spread.)
  // A masked view is a copy made for this answer (`personalView`: masking copies the state): the three keys go on it,
  // not on a second copy, if it is a plain object (masking a `__proto__` key may have made it another's prototype:
  // that one is copied, as before). The state itself (the command's, remembered for the next) is copied first.
  const view =
    shown !== body && Object.getPrototypeOf(shown) === Object.prototype && !Object.hasOwn(shown, '__proto__')
      ? shown
      : Object.hasOwn(shown, '__proto__')
        ? { ...shown }
        : Object.assign({}, shown)
  view['id'] = caseId
  view['caseType'] = collection.caseType.name
  view['version'] = version
  return view
}
