import * as t from 'io-ts'
import { deadlineClosesMs } from '../calendar/dates.js'
import { stateAsOf } from './counts.js'
import { resultByAsOf, runningAt } from './overdue.js'
import { COMPLAINT_FINAL, COMPLAINT_STATES, leadUnitAsOf, timelineAt, type Callback, type ComplaintRow, type HandlingRound } from './summaries.js'

/**
 * What the 三率 and the timeliness rates count (DOMAIN.md "Dashboards"), one fact at a time:
 * - `ackDue` / `ackOnTime`: a dispatch whose acknowledge deadline (签收时限) falls at `at`, acknowledged on time; one
 *   never acknowledged is due and late once its deadline passed while the round ran (`openLateFacts`) and for good once
 *   the round has its result (a referral's conclusion: the 签收 can no longer come), closed or not;
 * - `resultDue` / `resultOnTime`: a handling round whose result deadline (办结时限, after extensions) falls at `at`,
 *   its result on time; a round still open past its deadline is due and late (not finishing never scores better), and
 *   so is one returned (退单) after it; counted for the unit that gave the result, else the unit leading the round (the
 *   one it was escalated to, 上报, if any);
 * - `calledBack` … `notSolved`: a 回访 that reached the complainant and got answers, at the time of the call;
 *   `notReached` / `declined`: one that did not (counted apart, out of every denominator);
 * - `satisfied` … `unsatisfied`: the satisfaction counted for the case, from the callback, or from the resident's
 *   own 一事一评 (`ratedByResident`) where no callback made in the period reached the complainant — each of these a
 *   case's once per period, by what was made in the period (`callbackFacts`: a fact's `since` / `until`, `countsIn`);
 * - `returns` / `reopenings`: 退单 and 重办, for a unit's record;
 * - `excluded`: a case excluded after a 考评申诉, at the approval: it has no other fact but its `returns` and `reopenings`
 *   (it leaves every denominator, not the units' record);
 * - `resolvedOnTheSpot`: a case the grid resolved on the spot (现场办结), for that grid, at the time;
 * - `arrivalDue` / `arrivalOnTime`: a summoned department's 报到 whose deadline (as in force then) falls at `at`, met on
 *   time; a department that never came counts as due and late once its deadline passed while the case was open and
 *   its round ran (a round ended by 退单 or 重办 ends its summons: late if the deadline had passed by then, else not due);
 * - `helpRated`, `helpSatisfied`, `helpBasicallySatisfied`, `helpUnsatisfied`: 以下评上, the summoning street's rating
 *   of a summoned department's help, for that department, at the rating.
 */
export const RATE_KEYS = [
  'ackDue',
  'ackOnTime',
  'resultDue',
  'resultOnTime',
  'calledBack',
  'contacted',
  'solved',
  'partlySolved',
  'notSolved',
  'notReached',
  'declined',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
  'ratedByResident',
  'returns',
  'reopenings',
  'excluded',
  'resolvedOnTheSpot',
  'arrivalDue',
  'arrivalOnTime',
  'helpRated',
  'helpSatisfied',
  'helpBasicallySatisfied',
  'helpUnsatisfied',
] as const
export type RateKey = (typeof RATE_KEYS)[number]

export interface RateFact {
  readonly key: RateKey
  /** Epoch ms: when the deadline fell, or when the callback, rating, return or reopening happened. */
  readonly at: number
  /** The unit the fact is counted for. */
  readonly unitId?: string
  /**
   * Epoch ms of an earlier competitor (a callback that got answers, before an unanswered callback or a rating): the fact
   * does not count in a period that contains it (see `countsIn`). Undefined: none.
   */
  readonly since?: number
  /** Epoch ms of a later competitor (the case's next callback or rating that takes its place): likewise. */
  readonly until?: number
}

/**
 * Whether a fact counts in the period `[from, to)` (open ends: ±Infinity; all time is both): it happened in it, and
 * neither competitor did (`since` < from, `until` ≥ to). A fact with a competitor never counts in all time. This is how
 * a case counts once per period in the 三率 (一事一评, see `rateFacts`), by what was made in the period alone: a later
 * callback takes an earlier one's place in the periods that hold both, never in one that holds only the earlier.
 */
export const countsIn = (f: { readonly at: number; readonly since?: number | undefined; readonly until?: number | undefined }, from: number, to: number): boolean =>
  f.at >= from && f.at < to && (f.since === undefined || f.since < from) && (f.until === undefined || f.until >= to)

const SOLVED_KEY = { solved: 'solved', partly: 'partlySolved', 'not-solved': 'notSolved' } as const
const RATING_KEY = { satisfied: 'satisfied', 'basically-satisfied': 'basicallySatisfied', unsatisfied: 'unsatisfied' } as const
const HELP_KEY = { satisfied: 'helpSatisfied', 'basically-satisfied': 'helpBasicallySatisfied', unsatisfied: 'helpUnsatisfied' } as const

const answered = (c: Callback): boolean => c.reached && c.declined !== true && c.satisfaction !== undefined

/**
 * The rate facts of one complaint as of a time, but for rounds still open past a deadline (see `openLateFacts`).
 * A merged duplicate has none: its primary counts. A round its unit returned (退单) counts only the deadlines that had
 * passed when it was returned (`returnedRoundFacts`); the unit it went to next has a round of its own.
 */
export const rateFacts = (summary: ComplaintRow, asOf: number): RateFact[] => {
  if (stateAsOf(summary, asOf) === 'merged') return []
  const facts: RateFact[] = []
  const add = (key: RateKey, at: number, unitId: string | undefined): void => {
    facts.push(unitId === undefined ? { key, at } : { key, at, unitId })
  }
  const excluded = excludedAsOf(summary, asOf)
  if (excluded !== undefined) {
    // Out of every denominator (DOMAIN.md "Dashboards"), not off the unit's record: its 退单 and 重办 are counts of what
    // happened on the units' handling (the unit evaluation's "returns, reopenings, exclusions"), not denominators.
    add('excluded', excluded.at, excluded.unitId)
    for (const r of summary.returns ?? []) if (r.at <= asOf) add('returns', r.at, r.unitId)
    for (const r of summary.reopenings ?? []) if (r.at <= asOf) add('reopenings', r.at, r.unitId)
    return facts
  }
  for (const round of summary.rounds) {
    if (round.at > asOf) continue
    if (round.returnedAt !== undefined && round.returnedAt <= asOf) {
      returnedRoundFacts(round, round.returnedAt, add)
      continue
    }
    if (round.ackAt !== undefined && round.ackAt <= asOf) {
      // Signed for by a superior (actsFor): that office's acknowledgement, neither credited to nor held against the unit.
      const unitId = round.ackUnitId ?? round.unitId
      add('ackDue', round.acknowledgeBy, unitId)
      if (round.ackOnTime === true) add('ackOnTime', round.acknowledgeBy, unitId)
    } else if (round.resultAt !== undefined && round.resultAt <= asOf) {
      // The round has its result (a referral's conclusion) and was never signed for: the 签收 can no longer come, so it
      // is due and late for good, whatever became of the case since (closing never scores better than staying open).
      add('ackDue', round.acknowledgeBy, round.unitId)
    }
    if (round.resultAt !== undefined && round.resultAt <= asOf) {
      const deadline = resultByAsOf(round, round.resultAt)
      // The unit that gave the result (a superior acting for the lead is credited); a referral's conclusion, the lead's.
      const unitId = round.resultUnitId ?? leadUnitAsOf(round, round.resultAt)
      add('resultDue', deadline, unitId)
      if (round.resultOnTime === true) add('resultOnTime', deadline, unitId)
    }
  }
  callbackFacts(summary, asOf, facts)
  for (const r of summary.returns ?? []) if (r.at <= asOf) add('returns', r.at, r.unitId)
  for (const r of summary.reopenings ?? []) if (r.at <= asOf) add('reopenings', r.at, r.unitId)
  const endedAt = finalAt(summary, asOf)
  for (const clock of summary.clocks ?? []) {
    // The handling deadline of a case referred before dispatch (访调对接 under 信访): met when the dispute concluded,
    // on time or late, for the place and no unit (none had the case); while it runs past its time, `openLateFacts`.
    // One ended unmet (a dispatch took it over, a failed referral that had not taken the case up) counts nothing.
    if (clock.kind === 'result' && clock.ended === true) continue
    if (clock.kind === 'result' && clock.at <= asOf && clock.doneAt !== undefined && clock.doneAt <= asOf) {
      const deadline = timelineAt(clock.deadlines, clock.doneAt) ?? Number.POSITIVE_INFINITY
      add('resultDue', deadline, clock.unitId)
      if (clock.doneAt < deadlineClosesMs(deadline, clock.hours)) add('resultOnTime', deadline, clock.unitId)
      continue
    }
    if (clock.kind !== 'arrival' || clock.at > asOf) continue
    if (clock.doneAt !== undefined && clock.doneAt <= asOf) {
      const deadline = timelineAt(clock.deadlines, clock.doneAt) ?? Number.POSITIVE_INFINITY
      // Its round ended without it (退单, 重办): late if its deadline had passed by then, as when the case ends.
      if (clock.ended === true) {
        if (deadlineClosesMs(deadline, clock.hours) <= clock.doneAt) add('arrivalDue', deadline, clock.unitId)
        continue
      }
      add('arrivalDue', deadline, clock.unitId)
      if (clock.doneAt < deadlineClosesMs(deadline, clock.hours)) add('arrivalOnTime', deadline, clock.unitId)
    } else if (endedAt !== undefined) {
      // The case ended without it: late if its deadline had passed by then (while open, `openLateFacts` counts it).
      const deadline = timelineAt(clock.deadlines, endedAt)
      if (deadline !== undefined && deadlineClosesMs(deadline, clock.hours) <= endedAt) add('arrivalDue', deadline, clock.unitId)
    }
  }
  if (summary.onTheSpot !== undefined && summary.onTheSpot.at <= asOf) add('resolvedOnTheSpot', summary.onTheSpot.at, summary.onTheSpot.unitId)
  for (const r of summary.helpRatings ?? []) {
    if (r.at > asOf) continue
    add('helpRated', r.at, r.unitId)
    add(HELP_KEY[r.rating], r.at, r.unitId)
  }
  return facts
}

/**
 * The 三率 of a case (DOMAIN.md "Dashboards": from the callbacks made in the period; "Complaint": where no callback
 * reached the complainant, the 满意率 uses the resident's own 一事一评 rating). In a period, a case counts once:
 * - by its latest callback made in the period that got answers (`calledBack`, `contacted`, solved…, satisfied…), at the
 *   time of the call, for the unit it is charged to — so it counts until (`until`) the next answered callback;
 * - else its latest callback made in the period that did not (`notReached` / `declined`, apart), and the resident's latest
 *   rating made in the period (`ratedByResident` and the rating, for the 满意率 only): the one since (`since`) the previous
 *   answered callback, until the next callback of any kind (the rating: until the next rating or answered callback).
 * A period's figures are so made of what was done in it, and stay as they were when later callbacks are made; all time
 * (no period) counts each case by its latest answered callback, else its latest unanswered one and latest rating.
 * Callbacks and ratings after `asOf` were not made.
 */
const callbackFacts = (summary: ComplaintRow, asOf: number, facts: RateFact[]): void => {
  const calls = (summary.callbacks ?? []).filter((c) => c.at <= asOf)
  const ratings = (summary.evaluations ?? []).filter((r) => r.at <= asOf)
  const push = (key: RateKey, at: number, unitId: string | undefined, since: number | undefined, until: number | undefined): void => {
    facts.push({ key, at, ...(unitId === undefined ? {} : { unitId }), ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) })
  }
  // Answered callbacks in order: each one's successor (until) and each other fact's predecessor (since) among them.
  const answeredAt = calls.filter(answered).map((c) => c.at)
  const previousAnswered = (at: number): number | undefined => {
    let found: number | undefined
    for (const a of answeredAt) if (a <= at) found = a
    return found
  }
  const nextAnswered = (at: number): number | undefined => answeredAt.find((a) => a > at)
  for (const [i, call] of calls.entries()) {
    if (answered(call)) {
      const until = calls.slice(i + 1).find(answered)?.at
      push('calledBack', call.at, call.unitId, undefined, until)
      if (call.contacted === true) push('contacted', call.at, call.unitId, undefined, until)
      if (call.solved !== undefined) push(SOLVED_KEY[call.solved], call.at, call.unitId, undefined, until)
      if (call.satisfaction !== undefined) push(RATING_KEY[call.satisfaction], call.at, call.unitId, undefined, until)
      continue
    }
    // Since the answered callback before it (the list is in order: the latest answered one among those before it).
    const since = calls.slice(0, i).filter(answered).at(-1)?.at
    push(call.reached ? 'declined' : 'notReached', call.at, call.unitId, since, calls[i + 1]?.at)
  }
  for (const [i, rating] of ratings.entries()) {
    const next = [ratings[i + 1]?.at, nextAnswered(rating.at)].filter((at): at is number => at !== undefined)
    const until = next.length === 0 ? undefined : Math.min(...next)
    const since = previousAnswered(rating.at)
    push('ratedByResident', rating.at, rating.unitId, since, until)
    push(RATING_KEY[rating.rating], rating.at, rating.unitId, since, until)
  }
}

/**
 * 退单 (DOMAIN.md "Denominator rules": a case returned within the window counts for the unit it is finally with, not
 * against the one that returned it): a round its unit returned counts nothing for a deadline that had not passed when it
 * returned the case. A deadline that had passed by then was not returned within its window: it stays the returning
 * round's — the 签收 due (on time if it was signed for on time, else late), the result due and late — as a summoned
 * department's 报到 stays late when the round ends after it. So returning a case is never a way out of a missed deadline
 * (not finishing never scores better); the unit it goes to next has a round of its own.
 */
const returnedRoundFacts = (round: HandlingRound, returnedAt: number, add: (key: RateKey, at: number, unitId: string | undefined) => void): void => {
  if (deadlineClosesMs(round.acknowledgeBy, round.acknowledgeHours) <= returnedAt) {
    const signed = round.ackAt !== undefined && round.ackAt <= returnedAt
    const unitId = signed ? (round.ackUnitId ?? round.unitId) : round.unitId
    add('ackDue', round.acknowledgeBy, unitId)
    if (signed && round.ackOnTime === true) add('ackOnTime', round.acknowledgeBy, unitId)
  }
  const deadline = resultByAsOf(round, returnedAt)
  // Counted in hours only as set at dispatch (an extension or a re-base counts days).
  const hours = timelineAt(round.resultByChanges ?? [], returnedAt) === undefined ? round.resultHours : undefined
  if (deadlineClosesMs(deadline, hours) <= returnedAt) add('resultDue', deadline, leadUnitAsOf(round, returnedAt))
}

/** When the case entered a final state (rejected, merged, closed), if it is in one as of the time. */
const finalAt = (summary: ComplaintRow, asOf: number): number | undefined => {
  let at: number | undefined
  for (let i = 0; i < summary.states.length; i += 2) {
    const when = summary.states[i] ?? Number.POSITIVE_INFINITY
    if (when > asOf) continue
    const name = COMPLAINT_STATES[summary.states[i + 1] ?? -1]
    at = name !== undefined && COMPLAINT_FINAL.has(name) ? (at ?? when) : undefined
  }
  return at
}

/** The approved 考评申诉 of a case, if approved by the time. */
export const excludedAsOf = (summary: ComplaintRow, asOf: number): ComplaintRow['excluded'] =>
  summary.excluded !== undefined && summary.excluded.at <= asOf ? summary.excluded : undefined

/**
 * The approved 考评申诉 a dashboard lists (`exclusions`) and counts (`excluded`, a unit's `exclusions`) as of a time: none
 * for a merged duplicate, which counts nothing, its primary counting (`rateFacts`) — whether it was excluded before the
 * merge or after it. So the list is never longer than the count.
 */
export const listedExclusionAsOf = (summary: ComplaintRow, asOf: number): ComplaintRow['excluded'] =>
  stateAsOf(summary, asOf) === 'merged' ? undefined : excludedAsOf(summary, asOf)

/** The deadline kinds a figure counts as due and late while still running past them, and the fact each makes. */
export const OPEN_LATE_KEY = { acknowledge: 'ackDue', result: 'resultDue', arrival: 'arrivalDue' } as const

/** A deadline still running past its time: an acknowledgement or a result due and not given (late), as of a time; none for an excluded case. */
export const openLateFacts = (summary: ComplaintRow, asOf: number): RateFact[] =>
  excludedAsOf(summary, asOf) !== undefined ? [] : runningAt(summary, asOf).flatMap((r) =>
    deadlineClosesMs(r.deadline, r.hours) <= asOf && r.kind in OPEN_LATE_KEY
      ? [{ key: OPEN_LATE_KEY[r.kind as keyof typeof OPEN_LATE_KEY], at: r.deadline, ...(r.unitId === undefined ? {} : { unitId: r.unitId }) } as RateFact]
      : [],
  )

export type RateCounts = Readonly<Record<RateKey, number>>
export const noRateCounts = (): Record<RateKey, number> => Object.fromEntries(RATE_KEYS.map((k) => [k, 0])) as Record<RateKey, number>

/** Configurable weights of the 三率 (DOMAIN.md: partly solved counts 0 by default, basically satisfied 1). */
export interface RateWeights {
  /** What a "partly solved" answer counts towards the 解决率 (default 0). */
  readonly partlySolved: number
  /** What a "basically satisfied" answer counts towards the 满意率 (default 1). */
  readonly basicallySatisfied: number
}
export const DEFAULT_RATE_WEIGHTS: RateWeights = { partlySolved: 0, basicallySatisfied: 1 }

export const RATE_WEIGHT_KEYS = ['partlySolved', 'basicallySatisfied'] as const
export type RateWeightKey = (typeof RATE_WEIGHT_KEYS)[number]

/**
 * `GRIDCASE_RATE_WEIGHTS`: `key=weight` pairs separated by commas, e.g. `partlySolved=0.5,basicallySatisfied=1`. Each
 * weight a number from 0 to 1 (`0`, `0.5`, `1`); a key not named keeps its default (`DEFAULT_RATE_WEIGHTS`), a key named
 * twice, a key not among `RATE_WEIGHT_KEYS` or a weight that is not such a number is refused, the pair named.
 */
export const RateWeightsCodec = new t.Type<RateWeights, string, unknown>(
  'RateWeights',
  (u): u is RateWeights =>
    typeof u === 'object' && u !== null && RATE_WEIGHT_KEYS.every((k) => {
      const w = (u as Record<string, unknown>)[k]
      return typeof w === 'number' && w >= 0 && w <= 1
    }),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected key=weight pairs separated by commas (partlySolved=0.5,basicallySatisfied=1)')
    const weights: Record<RateWeightKey, number> = { ...DEFAULT_RATE_WEIGHTS }
    const named = new Set<string>()
    for (const pair of u.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const m = /^([^=\s]*)\s*=\s*(.*)$/.exec(pair)
      const key = m?.[1] ?? ''
      if (m === null || !(RATE_WEIGHT_KEYS as readonly string[]).includes(key)) {
        return t.failure(u, c, `"${pair}": ${m === null ? 'expected key=weight' : `unknown key ${key === '' ? '(none)' : key}`}; the keys are ${RATE_WEIGHT_KEYS.join(', ')}`)
      }
      if (named.has(key)) return t.failure(u, c, `"${pair}": ${key} is named twice`)
      named.add(key)
      const value = m[2] ?? ''
      const w = /^\d{1,6}(?:\.\d{1,6})?$/.test(value) ? Number(value) : Number.NaN
      if (!(w >= 0 && w <= 1)) return t.failure(u, c, `"${pair}": ${key} must be a number from 0 to 1`)
      weights[key as RateWeightKey] = w
    }
    return t.success(weights)
  },
  (w) => RATE_WEIGHT_KEYS.map((k) => `${k}=${w[k]}`).join(','),
)
