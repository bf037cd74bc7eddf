import { load, streamIdOf, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { maskPersonalDataAndNames } from '@gridcase/core/privacy'
import { isPlainObject } from './edge.js'
import { namesOnCase } from './mask.js'

/**
 * A mediation's conclusion as the duplicate's complainant is told it, and what came of it later when anything did (the
 * court's rejection of the agreement, a new agreement, litigation: `latest`, its outcome and when) — not which dispute.
 */
const mediationTold = (mediation: Record<string, unknown>): Record<string, unknown> => {
  const latest = isPlainObject(mediation['latest']) ? mediation['latest'] : undefined
  return { outcome: mediation['outcome'], concludedAt: mediation['concludedAt'], ...(latest === undefined ? {} : { latest: { outcome: latest['outcome'], at: latest['at'] } }) }
}

/** How many merges a duplicate's matter is followed through (a primary merged in turn): more is a broken chain, shown as it stands. */
const MAX_HOPS = 8

/** What a merged duplicate's complainant reads of the case its matter is handled in (`mergedCaseFor`). */
export interface MergedCase {
  /** The part of the view's ETag that names the primaries' versions: their progress is another view of the duplicate. */
  readonly etagClass: string
  readonly view: Record<string, unknown>
}

/**
 * 并案: a resident reading its own complaint that was merged into another (DOMAIN.md "Complaint": duplicates can be
 * `merged` into a primary case) is told the outcome of the case its matter is handled in, as 12345 practice tells a
 * merged complaint's complainant — the primary's status, its result (text, outcome, when submitted), when the result
 * was notified, a mediation's conclusion and its later outcome, a 不予受理's reason, when it was closed — and nothing else of it: not its
 * complainant, not its account, not its handling; its free text masked of the primary's people (names, phone and id
 * numbers, addresses: core's `maskPersonalDataAndNames` with `namesOnCase`). The primary itself stays the 404 of a
 * missing case to the resident. A primary merged in turn is followed to the case the matter is in now.
 *
 * Read at read time from the primaries' events: nothing is recorded on the duplicate (no new event, no read model),
 * so what the resident reads is the primary as it is now. Undefined for any other reader (staff read the primary
 * itself, their views unchanged), any case not merged, or a primary that cannot be read (none there).
 */
export const mergedCaseFor = async (
  store: EventStore,
  caseType: CaseType,
  state: unknown,
  actor: Actor | undefined,
): Promise<MergedCase | undefined> => {
  if (actor?.role !== 'resident' || !isPlainObject(state) || state['status'] !== 'merged') return undefined
  const versions: number[] = []
  const seen = new Set<string>()
  let into = state['mergedInto']
  let found: { state: Record<string, unknown>; streamId: string; events: readonly { readonly streamId: string; readonly type: string; readonly data: unknown }[] } | undefined
  while (typeof into === 'string' && versions.length < MAX_HOPS && !seen.has(into.toLowerCase())) {
    const id = into.toLowerCase()
    seen.add(id)
    const streamId = streamIdOf(caseType, id)
    const primary = await load(store, caseType.decider, streamId, { schema: caseType.schema })
    if (primary.version === 'no-stream' || !isPlainObject(primary.state)) break
    versions.push(Number(primary.version))
    found = { state: primary.state, streamId, events: primary.events }
    into = primary.state['status'] === 'merged' ? primary.state['mergedInto'] : undefined
  }
  if (found === undefined) return undefined
  const p = found.state
  const result = isPlainObject(p['result']) ? p['result'] : undefined
  const notified = isPlainObject(p['notified']) ? p['notified'] : undefined
  const mediation = isPlainObject(p['mediation']) ? p['mediation'] : undefined
  const told: Record<string, unknown> = {
    status: p['status'],
    ...(result === undefined ? {} : { result: { text: result['text'], outcome: result['outcome'], submittedAt: result['submittedAt'] } }),
    ...(mediation === undefined ? {} : { mediation: mediationTold(mediation) }),
    ...(p['status'] === 'rejected' && typeof p['rejectionReason'] === 'string' ? { rejectionReason: p['rejectionReason'] } : {}),
    ...(notified === undefined ? {} : { notifiedAt: notified['at'] }),
    ...(typeof p['closedAt'] === 'string' ? { closedAt: p['closedAt'] } : {}),
    ...(typeof p['updatedAt'] === 'string' ? { updatedAt: p['updatedAt'] } : {}),
  }
  return {
    etagClass: `p${versions.join('-')}`,
    view: maskPersonalDataAndNames(told, await namesOnCase(store, found.streamId, p, found.events)),
  }
}

