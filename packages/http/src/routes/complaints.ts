import { complaintCase, type ComplaintConfig, type ComplaintState } from '@gridcase/core/complaint'
import { canSee, validationError } from '@gridcase/core'
import { caseCollection, type CaseCollection, type CaseSummary, type CommandCheck } from '../collection.js'
import { isUuidText } from '../edge.js'

const RUNNING_RESULT: ReadonlySet<string> = new Set(['dispatched', 'acknowledged', 'escalated', 'departments-summoned'])

/** A complaint's list row: its state, category, where it lies, and the deadlines still running. */
export const complaintSummary = (state: ComplaintState): CaseSummary | undefined => {
  if (state.status === 'none') return undefined
  const running: string[] = []
  if (state.status === 'registered' && state.acceptBy !== undefined) running.push(state.acceptBy)
  if (state.status === 'dispatched' && state.acknowledgedAt === undefined && state.acknowledgeBy !== undefined) running.push(state.acknowledgeBy)
  if (RUNNING_RESULT.has(state.status) && state.result === undefined && state.resultBy !== undefined) running.push(state.resultBy)
  return { state: state.status, category: state.category, jurisdiction: state.jurisdiction, openDeadlines: running }
}

/**
 * 合并 — `merge` names a primary complaint: it must exist, be one the actor may read, not be this case, and
 * not be merged itself (a chain of merges would leave the duplicate pointing at a closed file). A primary
 * the actor may not read is answered exactly like one that does not exist.
 */
export const mergeCheck =
  (caseType: CaseCollection['caseType']): CommandCheck =>
  async ({ caseId, data, actor, read }) => {
    const primaryId = typeof data === 'object' && data !== null ? (data as { primaryId?: unknown }).primaryId : undefined
    // A malformed primaryId is the codec's to name; a duplicate the actor may not see is the pipeline's to hide.
    if (typeof primaryId !== 'string' || !isUuidText(primaryId)) return undefined
    const duplicate = await read(caseId)
    if (duplicate.version === 'no-stream' || !canSee(caseType, duplicate.state, actor)) return undefined
    const refuse = (message: string) => validationError([{ path: 'primaryId', message }])
    if (primaryId.toLowerCase() === caseId) return refuse('is this complaint itself')
    const primary = await read(primaryId.toLowerCase())
    if (primary.version === 'no-stream' || !canSee(caseType, primary.state, actor)) return refuse('names no complaint you can see')
    const merged = (primary.state as { status?: unknown; mergedInto?: unknown }).status === 'merged'
    return merged ? refuse(`names a complaint that is itself merged into ${String((primary.state as { mergedInto?: unknown }).mergedInto)}`) : undefined
  }

/** 诉求 at `/api/v1/complaints`. */
export const complaints = (config: ComplaintConfig = {}): CaseCollection => {
  const caseType = complaintCase(config)
  return caseCollection(caseType, { path: 'complaints', summarize: complaintSummary, checks: { merge: mergeCheck(caseType as unknown as CaseCollection['caseType']) } })
}
