import type { CaseScope, CommandCheck } from '../kernel/caseType.js'
import { validationError } from '../kernel/errors.js'
import { canSee } from '../pipeline/visibility.js'
import type { ComplaintState } from './state.js'

/**
 * 合并 — `merge` names a primary complaint: it must exist, be one the actor may read, not be this case, not be
 * merged itself (a chain of merges would leave the duplicate pointing at a closed file), and not be finished. A primary
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
    const { status, mergedInto } = primary.state as { status?: unknown; mergedInto?: unknown }
    if (status === 'merged') return refuse(`names a complaint that is itself merged into ${String(mergedInto)}`)
    // A finished primary (closed, or 不予受理) takes no duplicate: the later complainant would get no result, no 结果反馈
    // and no callback (DOMAIN.md "Complaint"), and the case would leave every figure as "counted once, its primary"
    // (DOMAIN.md "Denominator rules") — a way to take an overdue case off a unit's books. A repeat of a finished case
    // is a case of its own (the complainant may also ask for the finished one to be reopened, 重办).
    if (status === 'closed' || status === 'rejected') return refuse(`names a complaint that is ${status}: a repeat of a finished case is handled as a case of its own`)
    return undefined
  }
