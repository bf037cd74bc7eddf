import type { CaseScope, CommandCheck } from '../kernel/caseType.js'
import { validationError } from '../kernel/errors.js'
import { canSee } from '../pipeline/visibility.js'
import type { ComplaintState } from './state.js'

/**
 * 合并 — `merge` names a primary complaint: it must exist, be one the actor may read, not be this case, and
 * not be merged itself (a chain of merges would leave the duplicate pointing at a closed file). A primary
 * the actor may not read is answered exactly like one that does not exist. Run by the pipeline before the
 * command is decided, since it reads another case.
 */
export const mergeCheck =
  (caseType: { readonly scope: (state: ComplaintState) => CaseScope | undefined }): CommandCheck =>
  async ({ caseId, data, actor, read }) => {
    const primaryId = typeof data === 'object' && data !== null ? (data as { primaryId?: unknown }).primaryId : undefined
    // A malformed primaryId is the codec's to name (the data is decoded); this is only a guard.
    if (typeof primaryId !== 'string') return undefined
    const visible = (state: unknown) => canSee(caseType, state as ComplaintState, actor)
    // A duplicate the actor may not see is the pipeline's to hide, after this check.
    const duplicate = await read(caseId)
    if (duplicate.version === 'no-stream' || !visible(duplicate.state)) return undefined
    const refuse = (message: string) => validationError([{ path: 'primaryId', message }])
    if (primaryId.toLowerCase() === caseId) return refuse('is this complaint itself')
    const primary = await read(primaryId.toLowerCase())
    if (primary.version === 'no-stream' || !visible(primary.state)) return refuse('names no complaint you can see')
    const merged = (primary.state as { status?: unknown; mergedInto?: unknown }).status === 'merged'
    return merged ? refuse(`names a complaint that is itself merged into ${String((primary.state as { mergedInto?: unknown }).mergedInto)}`) : undefined
  }
