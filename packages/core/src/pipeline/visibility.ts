import { canRead } from '../access/permissions.js'
import type { Actor } from '../kernel/actor.js'
import type { CaseType } from '../kernel/caseType.js'
import { notFound, type DomainError } from '../kernel/errors.js'

/**
 * May the actor see this case at all? The one rule reads and commands share: a case the actor may not read
 * does not exist for them (`hidden`), whatever they asked of it. Undefined state (no case yet) is seen by no one.
 */
export const canSee = <S>(caseType: Pick<CaseType<never, never, S>, 'scope'>, state: S, actor: Actor): boolean => {
  const scope = caseType.scope(state)
  return scope !== undefined && canRead(actor, scope)
}

/** What a missing case and a case the actor may not see both answer: the same `not-found`, so neither tells the other apart. */
export const hidden = (caseType: Pick<CaseType, 'name'>): DomainError => notFound(`No such ${caseType.name}`)
