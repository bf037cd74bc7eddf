import type { CaseType, Command, DomainEvent } from '@gridcase/core'

/** What a list row and the dashboards need to know about one case, whatever its type. */
export interface CaseSummary {
  /** The lifecycle state (`dispatched`, `mediator-assigned`, …). */
  readonly state: string
  readonly category?: string
  readonly jurisdiction: string
  /** Deadlines still running (ISO); the case is overdue once any of them has passed. */
  readonly openDeadlines: readonly string[]
  /**
   * Those of `openDeadlines` counted in hours, as their events' stamps say (`hours: true`, written only at 23:59:59 China
   * time): instants, closing 1 ms after, not a day's end at 24:00 (core's `deadlineClosesMs`). Absent or not named: read
   * by the clock time alone, a deadline at 23:59:59 as a day's end.
   */
  readonly countedInHours?: readonly string[]
}

/** A case type served under `/api/v1/<path>`: the bundle plus how to summarise a case for lists. */
export interface CaseCollection {
  /** `complaints`, `disputes`. */
  readonly path: string
  readonly caseType: CaseType
  readonly summarize: (state: unknown) => CaseSummary | undefined
  /**
   * The lifecycle states a case of this type can be in, when the type names them: the list's `?state=` takes these
   * alone (another → 400 at `query.state`), and /openapi.json lists them. Absent: any name, as for a type of one's own.
   */
  readonly states?: readonly string[]
  /** Likewise the categories the list's `?category=` takes, when they are fixed (400 at `query.category` otherwise). */
  readonly categories?: readonly string[]
}

const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}

const isoStrings = (value: unknown): string[] =>
  Object.values(record(value)).filter((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)))

/** Reads the usual field names (`status`, `category`, `deadlines`) when a case type gives no summary of its own. */
export const defaultSummary = (caseType: CaseType) => (state: unknown): CaseSummary | undefined => {
  const scope = caseType.scope(state)
  if (scope === undefined) return undefined
  const s = record(state)
  const status = s['status'] ?? s['state']
  return {
    state: typeof status === 'string' ? status : 'open',
    ...(typeof s['category'] === 'string' ? { category: s['category'] } : {}),
    jurisdiction: scope.jurisdiction,
    openDeadlines: isoStrings(s['deadlines']),
  }
}

/** Serves a case type at `/api/v1/<path>` (default: its name plus `s`). */
export const caseCollection = <C extends Command, E extends DomainEvent, S>(
  caseType: CaseType<C, E, S>,
  options: {
    readonly path?: string
    readonly summarize?: (state: S) => CaseSummary | undefined
    readonly states?: readonly string[]
    readonly categories?: readonly string[]
  } = {},
): CaseCollection => {
  // The routes handle every case type alike; the state's type is the case type's own business.
  const erased = caseType as unknown as CaseType
  return {
    path: options.path ?? `${caseType.name}s`,
    caseType: erased,
    summarize: (options.summarize as ((state: unknown) => CaseSummary | undefined) | undefined) ?? defaultSummary(erased),
    ...(options.states === undefined ? {} : { states: options.states }),
    ...(options.categories === undefined ? {} : { categories: options.categories }),
  }
}
