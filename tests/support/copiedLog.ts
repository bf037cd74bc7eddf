import type { RecordedEvent } from '@gridcase/core'
import { sealLog, type EventDraft } from '@gridcase/core/audit'
import { sampleDrafts, type SampleOptions } from './sampleLog.js'

/**
 * The sample log with each case `copies` times: every copy's case ids differ in their second group (the sample's ids
 * are `xxxxxxxx-0000-4000-8000-n`), its times, places, units, states and categories do not. A log `copies` times as
 * large that adds nothing a read keeps per (place, key): only what is kept per case grows.
 */
export const copiedLog = (options: SampleOptions, copies: number): RecordedEvent[] => {
  const drafts: EventDraft[] = []
  for (const d of sampleDrafts(options)) {
    const text = JSON.stringify(d)
    for (let c = 0; c < copies; c += 1) drafts.push(c === 0 ? d : (JSON.parse(text.replaceAll('-0000-4000-8000-', `-000${c}-4000-8000-`)) as EventDraft))
  }
  return sealLog(drafts)
}
