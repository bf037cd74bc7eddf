import { happened, inPeriod, inPlace, ratio, type Scope } from './filter.js'
import type { DashboardState, Evaluation } from './summaries.js'

/**
 * 三率 of complaints in the period, plus on-time completion:
 * - response rate (响应率) = dispatches acknowledged on time / dispatches;
 * - resolution rate (解决率) = evaluated cases that had a result and were rated satisfied or basically satisfied / evaluated cases;
 * - satisfaction rate (满意率) = satisfied + basically satisfied / evaluated cases;
 * - on-time completion rate = results submitted on time / results submitted.
 * A case counts once, by its latest evaluation; a rate with nothing to count is null.
 */
export interface Rates {
  readonly dispatched: number
  readonly acknowledgedOnTime: number
  readonly responseRate: number | null
  readonly evaluated: number
  readonly resolved: number
  readonly resolutionRate: number | null
  readonly satisfied: number
  readonly basicallySatisfied: number
  readonly unsatisfied: number
  readonly satisfactionRate: number | null
  readonly results: number
  readonly resultsOnTime: number
  readonly onTimeCompletionRate: number | null
}

export const isPositive = (e: Evaluation): boolean => e.rating !== 'unsatisfied'

/** The latest evaluation a case had by the scope's time. */
const latestEvaluation = (evaluations: readonly Evaluation[], scope: Scope): Evaluation | undefined => {
  let found: Evaluation | undefined
  for (const e of evaluations) if (happened(scope, e.at)) found = e
  return found
}

/** 三率 and on-time completion for complaints under the scope. */
export const rates = (state: DashboardState, scope: Scope): Rates => {
  let dispatched = 0
  let acknowledgedOnTime = 0
  let results = 0
  let resultsOnTime = 0
  const ratings = { satisfied: 0, 'basically-satisfied': 0, unsatisfied: 0 }
  let resolved = 0
  for (const summary of state.cases.values()) {
    if (summary.caseType !== 'complaint' || !inPlace(scope, summary.jurisdiction)) continue
    for (const round of summary.rounds) {
      if (inPeriod(scope, round.at)) {
        dispatched += 1
        if (happened(scope, round.ackAt) && round.ackOnTime === true) acknowledgedOnTime += 1
      }
      if (inPeriod(scope, round.resultAt)) {
        results += 1
        if (round.resultOnTime === true) resultsOnTime += 1
      }
    }
    const evaluation = latestEvaluation(summary.evaluations ?? [], scope)
    if (evaluation === undefined || !inPeriod(scope, evaluation.at)) continue
    ratings[evaluation.rating] += 1
    if (evaluation.withResult && isPositive(evaluation)) resolved += 1
  }
  const evaluated = ratings.satisfied + ratings['basically-satisfied'] + ratings.unsatisfied
  return {
    dispatched,
    acknowledgedOnTime,
    responseRate: ratio(acknowledgedOnTime, dispatched),
    evaluated,
    resolved,
    resolutionRate: ratio(resolved, evaluated),
    satisfied: ratings.satisfied,
    basicallySatisfied: ratings['basically-satisfied'],
    unsatisfied: ratings.unsatisfied,
    satisfactionRate: ratio(ratings.satisfied + ratings['basically-satisfied'], evaluated),
    results,
    resultsOnTime,
    onTimeCompletionRate: ratio(resultsOnTime, results),
  }
}
