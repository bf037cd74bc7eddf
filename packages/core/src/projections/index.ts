export { replay, type Projection } from './projection.js'
export { dashboardProjection, dashboardView, type DashboardView } from './dashboard.js'
export { DashboardFilter } from './filter.js'
export type { Counts, CountsNode, Tally } from './counts.js'
export { DUE_SOON_SHARE, standingOf, type CountsByKind, type Overdue, type OverdueItem, type Standing } from './overdue.js'
export { caseDeadlinesAt, type CaseDeadline } from './caseDeadlines.js'
export type { Rates } from './rates.js'
export { DEFAULT_RATE_WEIGHTS, OPEN_LATE_KEY, RATE_KEYS, RATE_WEIGHT_KEYS, RateWeightsCodec, type RateFact, type RateKey, type RateWeightKey, type RateWeights } from './rateFacts.js'
export type { ResolutionLevels } from './resolutionLevels.js'
export { disputeOutcome } from './mediation.js'
export type { Confirmations, Mediation, TrackFigures } from './mediation.js'
export type { Arrivals, HelpRatings, UnitFigures } from './unitEvaluation.js'
export { unassignedOverdue } from './unitEvaluation.js'
export { DEADLINE_KINDS, emptyDashboardState, type CaseRow, type ComplaintRow, type DashboardState, type DeadlineKind, type DisputeRow, type UnitInfo } from './summaries.js'
export { boundedFact, caseFacts, dashboardFromTotals, exclusionOfFact, factCountsIn, rollUp, rollUpPlaces, runningDeadlines, treeDepths, type DashboardFact, type DashboardTotalsInput, type FactTotal, type LateCount, type PlaceTotals, type RunningDeadline } from './facts.js'
export { PeriodCodec, periodOf, type Period } from './period.js'
export { unitEvaluationCsv, type EvaluationRow } from './evaluationCsv.js'
export type { Exclusion, ExclusionsPage } from './rates.js'
export { EXCLUSIONS_PAGE, exclusionsPageOf } from './rates.js'
export { currentRisk, noRisk, riskFigures, type HighRiskItem, type RiskFigures } from './risk.js'
export { daysUpTo, monthsUpTo, type Day } from './period.js'
export { compositeScore, DEFAULT_RANKING_WEIGHTS, RANKING_COMPONENTS, rankByScore, RankingWeightsCodec, type Ranked, type RankingComponent, type RankingWeights, type Score, type ScoreInput } from './ranking.js'
export {
  emptyJurisdictionRegistry,
  JurisdictionFile,
  nameOf,
  registryChildren,
  registryOf,
  registryUnder,
  type JurisdictionEntry,
  type JurisdictionRegistry,
  type RegistryProblem,
} from './jurisdictionNames.js'
export { departmentRatingsOf, rankedUnits, unitScoreInput } from './unitRanking.js'
export { withConfiguredUnits } from './committeeUnits.js'
