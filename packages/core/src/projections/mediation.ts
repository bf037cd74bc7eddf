import { TRACKS, type Track } from '../kernel/actor.js'
import { happened, inPeriod, inPlace, ratio, type Scope } from './filter.js'
import { DAY_MS, DISPUTE_MEDIATING, DISPUTE_STATES, type Conclusion, type DashboardState, type DisputeRow } from './summaries.js'

/** One track's figures: cases that entered it, and the mediations it concluded. */
export interface TrackFigures {
  /** Cases assigned to or transferred into this track in the period (each case once per track). */
  readonly entered: number
  readonly agreements: number
  readonly failures: number
  readonly concluded: number
  /** agreements / concluded. */
  readonly successRate: number | null
  /** Mean days from acceptance to the conclusions counted here. */
  readonly meanDaysToConclude: number | null
}

/** 司法确认 in the period: applications, the court's acceptances (受理), and its rulings. */
export interface Confirmations {
  readonly applied: number
  /** Applications the court accepted (受理), by the time it accepted. */
  readonly accepted: number
  readonly granted: number
  readonly rejected: number
}

/**
 * 调解 (三调联动) in the period: cases reported, accepted, declined, referred to litigation;
 * mediations concluded by track (an agreement or a failure, each counted on the track that concluded it;
 * a case that failed on one track and agreed on another counts once on each); overall, disputes by their
 * outcome as of the period's end (`disputeOutcome`: such a case is one dispute, one agreement); transfers between tracks;
 * judicial confirmations (司法确认) applied for, accepted by the court and decided.
 */
export interface Mediation {
  readonly reported: number
  readonly accepted: number
  readonly declined: number
  readonly referredToLitigation: number
  /**
   * Disputes whose outcome (`disputeOutcome`) as of the period's end is an agreement made in the period (docs/kpis.md
   * "Mediation"): a dispute counts at most once, and a period's figure does not move once it is over.
   */
  readonly agreements: number
  /** Disputes whose outcome as of the period's end is a failure made in the period (no attempt under way after it by then). */
  readonly failures: number
  /** Disputes concluded overall in the period: agreements + failures. */
  readonly concluded: number
  /** agreements / concluded, per dispute (DOMAIN.md: one that failed on one track and agreed on another is one success). */
  readonly successRate: number | null
  /** Mean days from acceptance to the conclusion each dispute counted here is counted by. */
  readonly meanDaysToConclude: number | null
  readonly byTrack: Record<Track, TrackFigures>
  /** Each pair of tracks with hops in the period. */
  readonly transfers: readonly { readonly from: Track; readonly to: Track; readonly count: number }[]
  readonly confirmations: Confirmations
}


/**
 * The time a conclusion took, in whole milliseconds: what the figures and a read model's totals sum. Milliseconds add up
 * exactly in any order (below 2^53), where days as fractions do not: a read model adding a page of conclusions at once
 * and one adding them event by event kept sums that differed in the last bits. `days` is (at − acceptedAt) / 86,400,000
 * of two whole-millisecond times, so rounding it back gives that difference exactly.
 */
export const concludedMs = (c: Conclusion): number => Math.round(c.days * DAY_MS)

/** Mean days to conclude from a sum of `concludedMs` over `concluded` conclusions (divided into days once, here). */
export const meanDaysOf = (ms: number, concluded: number): number | null => ratio(ms / DAY_MS, concluded)

/**
 * A dispute's overall outcome as of a time: its last mediation conclusion (agreement or failure) by then, unless a
 * mediation is under way again after it (transferred, a mediator assigned again: the dispute's state as of then is a
 * mediating one), when the dispute is not concluded overall. So a failure followed by a transfer and an agreement is
 * one agreement, at the agreement's time; a failure and then a referral to litigation (or nothing more) one failure,
 * at the failure's time. With `before`, only what happened before it counts too: the outcome as of a period's end
 * `[from, before)`. Per-track figures count every conclusion; this is the per-dispute figure (docs/kpis.md).
 */
export const disputeOutcome = (summary: DisputeRow, asOf: number, before = Number.POSITIVE_INFINITY): Conclusion | undefined => {
  const by = (at: number): boolean => at <= asOf && at < before
  let last: Conclusion | undefined
  // No early exit: "as of" means every fact that happened by then, even one recorded out of time order.
  for (const c of summary.conclusions ?? []) if (by(c.at)) last = c
  if (last === undefined) return undefined
  let code: number | undefined
  for (let i = 0; i < summary.states.length; i += 2) if (by(summary.states[i] ?? Number.POSITIVE_INFINITY)) code = summary.states[i + 1]
  const state = code === undefined ? undefined : DISPUTE_STATES[code]
  return state !== undefined && DISPUTE_MEDIATING.has(state) ? undefined : last
}

/** When a conclusion is a dispute's overall outcome: from `from` (inclusive) to `until` (exclusive; undefined: from then on). */
export interface OutcomeSpan {
  readonly from: number
  readonly until?: number
}

/**
 * Each conclusion that is ever the dispute's overall outcome (`disputeOutcome`), with the spans of time it is: from the
 * conclusion until the dispute is mediating again (a transfer, a mediator assigned again) or concludes again. A
 * conclusion can be the outcome again later, when the mediation after it ends with no conclusion (referred to litigation
 * straight from it): a second span, from that referral. A period `[from, to)` counts a dispute by its outcome as of the
 * period's end, in the period of the conclusion that made it (docs/kpis.md "Mediation"): the conclusion's time in the
 * period and the period's end in one of its spans (`span.from < to ≤ span.until`) — so a period's figure, once it is
 * over, never moves.
 */
export const outcomeSpans = (summary: DisputeRow): readonly { readonly conclusion: Conclusion; readonly spans: readonly OutcomeSpan[] }[] => {
  const conclusions = summary.conclusions ?? []
  if (conclusions.length === 0) return []
  // The outcome changes only at the time of a state change or a conclusion: it is the one as of each such time until the next.
  const times = new Set<number>(conclusions.map((c) => c.at))
  for (let i = 0; i < summary.states.length; i += 2) {
    const at = summary.states[i]
    if (at !== undefined) times.add(at)
  }
  const sorted = [...times].sort((a, b) => a - b)
  const found = new Map<Conclusion, { from: number; until?: number }[]>()
  let current: Conclusion | undefined
  for (const at of sorted) {
    const outcome = disputeOutcome(summary, at)
    if (outcome === current) continue
    if (current !== undefined) {
      const spans = found.get(current) ?? []
      const open = spans[spans.length - 1]
      if (open !== undefined) open.until = at
    }
    if (outcome !== undefined) found.set(outcome, [...(found.get(outcome) ?? []), { from: at }])
    current = outcome
  }
  return [...found.entries()].map(([conclusion, spans]) => ({ conclusion, spans }))
}

const figures = (entered: number, conclusions: readonly Conclusion[]): TrackFigures => {
  const agreements = conclusions.filter((c) => c.agreed).length
  const concluded = conclusions.length
  const ms = conclusions.reduce((sum, c) => sum + concludedMs(c), 0)
  return { entered, agreements, failures: concluded - agreements, concluded, successRate: ratio(agreements, concluded), meanDaysToConclude: meanDaysOf(ms, concluded) }
}

export const mediation = (state: DashboardState, scope: Scope): Mediation => {
  let reported = 0
  let accepted = 0
  let declined = 0
  let referredToLitigation = 0
  const entered: Record<Track, number> = { people: 0, administrative: 0, judicial: 0 }
  const concluded: Record<Track, Conclusion[]> = { people: [], administrative: [], judicial: [] }
  const outcomes: Conclusion[] = []
  const hops = new Map<string, { from: Track; to: Track; count: number }>()
  const confirmations = { applied: 0, accepted: 0, granted: 0, rejected: 0 }
  for (const summary of state.cases.values()) {
    if (summary.caseType !== 'dispute' || !inPlace(scope, summary.jurisdiction)) continue
    if (inPeriod(scope, summary.reportedAt)) reported += 1
    if (inPeriod(scope, summary.acceptedAt)) accepted += 1
    if (inPeriod(scope, summary.declinedAt)) declined += 1
    if (inPeriod(scope, summary.litigationAt)) referredToLitigation += 1
    const firstEntry = new Map<number, number>()
    const tracks = summary.tracks ?? []
    for (let i = 0; i < tracks.length; i += 2) {
      const at = tracks[i] ?? Number.POSITIVE_INFINITY
      const track = tracks[i + 1] ?? -1
      if (happened(scope, at) && at < (firstEntry.get(track) ?? Number.POSITIVE_INFINITY)) firstEntry.set(track, at)
    }
    for (const [code, at] of firstEntry) {
      const track = TRACKS[code]
      if (track !== undefined && inPeriod(scope, at)) entered[track] += 1
    }
    for (const c of summary.conclusions ?? []) if (inPeriod(scope, c.at)) concluded[c.track].push(c)
    // As of the period's end (or `asOf`, if earlier), counted when the conclusion that made it falls in the period.
    const outcome = disputeOutcome(summary, scope.asOf, scope.to)
    if (outcome !== undefined && inPeriod(scope, outcome.at)) outcomes.push(outcome)
    for (const hop of summary.transfers ?? []) {
      if (!inPeriod(scope, hop.at)) continue
      const key = `${hop.from}>${hop.to}`
      const pair = hops.get(key) ?? { from: hop.from, to: hop.to, count: 0 }
      pair.count += 1
      hops.set(key, pair)
    }
    for (const c of summary.confirmations ?? []) if (inPeriod(scope, c.at)) confirmations[c.what] += 1
  }
  const byTrack = Object.fromEntries(TRACKS.map((t) => [t, figures(entered[t], concluded[t])])) as Record<Track, TrackFigures>
  const all = figures(0, outcomes)
  const transfers = [...hops.values()].sort((a, b) => TRACKS.indexOf(a.from) - TRACKS.indexOf(b.from) || TRACKS.indexOf(a.to) - TRACKS.indexOf(b.to))
  return {
    reported,
    accepted,
    declined,
    referredToLitigation,
    agreements: all.agreements,
    failures: all.failures,
    concluded: all.concluded,
    successRate: all.successRate,
    meanDaysToConclude: all.meanDaysToConclude,
    byTrack,
    transfers,
    confirmations,
  }
}
