import type { RecordedEvent } from '@gridcase/core'
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { sampleDrafts, type SampleOptions } from './sampleLog.js'

/**
 * The sample log with each case `copies` times: every copy's case ids differ in their second group (the sample's ids
 * are `xxxxxxxx-0000-4000-8000-n`), its times, places, units, states and categories do not. A log `copies` times as
 * large that adds nothing a read keeps per (place, key): only what is kept per case grows. With `keep`, only the cases
 * (streams) one of whose events it holds to are in it, each whole, in the sample's order.
 */
export const copiedLog = (options: SampleOptions, copies: number, keep?: (draft: EventDraft) => boolean): RecordedEvent[] => {
  const sample = [...sampleDrafts(options)]
  const kept = keep === undefined ? undefined : new Set(sample.filter(keep).map((d) => d.streamId))
  const drafts: EventDraft[] = []
  for (const d of sample) {
    if (kept !== undefined && !kept.has(d.streamId)) continue
    const text = JSON.stringify(d)
    for (let c = 0; c < copies; c += 1) drafts.push(c === 0 ? d : (JSON.parse(text.replaceAll('-0000-4000-8000-', `-000${c}-4000-8000-`)) as EventDraft))
  }
  return sealLog(drafts)
}

/**
 * A case's 考评申诉 approved (the exclusions a dashboard lists): for `copiedLog`'s `keep`, a log of the cases with one only.
 * The exclusions' rows are the whole log's; tests of their pages need not fold, replay and view the thousands of others.
 */
export const approvedExclusion = (draft: EventDraft): boolean => draft.type === 'ComplaintExclusionDecided' && (draft.data as { approved?: unknown }).approved === true
