import { chineseWorkdays, type Calendar } from '../calendar/calendar.js'
import { normalPolicy, petitionPolicy, urgentPolicy, type DeadlinePolicy, type Span } from './deadlines.js'

export const URGENCIES = ['normal', 'urgent'] as const
export type Urgency = (typeof URGENCIES)[number]

/** A complaint category (诉求分类): a stable id and a display name. */
export interface Category {
  readonly id: string
  readonly name: string
}

/** Seed categories; a deployment passes its own list. */
export const seedCategories: readonly Category[] = [
  { id: 'property', name: '物业' },
  { id: 'heating', name: '供热' },
  { id: 'water-supply', name: '供水' },
  { id: 'environment', name: '环境' },
  { id: 'sanitation', name: '市容环卫' },
  { id: 'parking', name: '停车' },
  { id: 'traffic', name: '交通' },
  { id: 'housing', name: '住房' },
  { id: 'elderly-care', name: '养老' },
  { id: 'neighbourhood', name: '邻里' },
  { id: 'employment', name: '劳动就业' },
  { id: 'law-related', name: '涉法涉诉' },
  { id: 'other', name: '其他' },
]

/**
 * 现场办结 — the categories a grid worker may resolve on the spot (小事不出网格) unless a deployment configures its
 * own: small matters the grid can settle itself (rubbish and clutter, a badly parked car, a quarrel between
 * neighbours). A local choice, not a rule from a regulation: what needs a department, money or a ruling
 * (heating, water, housing, 涉法涉诉) goes up the chain.
 */
export const seedOnTheSpotCategories: readonly string[] = ['sanitation', 'parking', 'neighbourhood']

/**
 * `GRIDCASE_ON_THE_SPOT_CATEGORIES`: the category ids a grid may resolve on the spot, comma-separated, each one of
 * `seedCategories`; `none` for none. Read alike by the server and `gridcase import`, so both count the grid's work the same.
 */
export const parseOnTheSpotCategories = (raw: string): { readonly categories: readonly string[] } | { readonly error: string } => {
  if (raw.trim() === 'none') return { categories: [] }
  const ids = raw.split(',').map((s) => s.trim())
  const unknown = ids.filter((id) => !seedCategories.some((k) => k.id === id))
  return unknown.length === 0 && ids.length > 0
    ? { categories: ids }
    : { error: `expected category ids separated by commas (or none), each one of ${seedCategories.map((k) => k.id).join(', ')}; not ${unknown.join(', ')}` }
}

/** `GRIDCASE_ARRIVAL_WORKING_DAYS`: the working days a summoned department has to report (报到), a whole number 1–30. */
export const parseArrivalWorkingDays = (raw: string): { readonly within: Span } | { readonly error: string } =>
  /^\d{1,9}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 30
    ? { within: { unit: 'working-days', amount: Number(raw) } }
    : { error: 'expected a whole number from 1 to 30' }

type PolicyByUrgency = Readonly<Record<Urgency, DeadlinePolicy>>

export interface ComplaintConfig {
  /** The categories a complaint may be filed under (default: `seedCategories`). */
  readonly categories?: readonly Category[]
  /** Working days for deadlines (default: `chineseWorkdays`). */
  readonly calendar?: Calendar
  /** Deadlines when a category has no entry (default: `urgentPolicy` / `normalPolicy`). */
  readonly defaultPolicies?: PolicyByUrgency
  /**
   * Deadlines per category id × urgency (default: `seedPolicies`, where 涉法涉诉 `law-related` follows `petitionPolicy`,
   * the 信访 one). A map given replaces the seeds: spread them in to keep that (`{ ...seedPolicies, heating: { urgent } }`).
   * An urgency a category leaves out takes `defaultPolicies`. What a policy does is its fields; its `name` is recorded.
   */
  readonly policies?: Readonly<Record<string, Partial<PolicyByUrgency>>>
  /** 报到 — how long a department summoned by 吹哨 has to report (default: 2 working days, DOMAIN.md "Grid work"). */
  readonly arrivalWithin?: Span
  /** 现场办结 — category ids a grid worker may resolve on the spot (default: `seedOnTheSpotCategories`). */
  readonly onTheSpotCategories?: readonly string[]
}

export interface ResolvedConfig {
  readonly categories: readonly Category[]
  readonly calendar: Calendar
  readonly arrivalWithin: Span
  readonly onTheSpotCategories: readonly string[]
  readonly policyFor: (category: string, urgency: Urgency) => DeadlinePolicy
}

export const seedPolicies: Readonly<Record<string, Partial<PolicyByUrgency>>> = {
  'law-related': { normal: petitionPolicy, urgent: petitionPolicy },
}

/** Fills the defaults in. */
export const resolveConfig = (config: ComplaintConfig = {}): ResolvedConfig => {
  const defaults = config.defaultPolicies ?? { normal: normalPolicy, urgent: urgentPolicy }
  const policies = config.policies ?? seedPolicies
  return {
    categories: config.categories ?? seedCategories,
    calendar: config.calendar ?? chineseWorkdays,
    arrivalWithin: config.arrivalWithin ?? { unit: 'working-days', amount: 2 },
    onTheSpotCategories: config.onTheSpotCategories ?? seedOnTheSpotCategories,
    policyFor: (category, urgency) => policies[category]?.[urgency] ?? defaults[urgency],
  }
}
