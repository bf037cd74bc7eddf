import type { CaseType, Command, DomainError, DomainEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'

/** What a list row and the dashboards need to know about one case, whatever its type. */
export interface CaseSummary {
  /** The lifecycle state (`dispatched`, `mediator-assigned`, …). */
  readonly state: string
  readonly category?: string
  readonly jurisdiction: string
  /** Deadlines still running (ISO); the case is overdue once any of them has passed. */
  readonly openDeadlines: readonly string[]
}

/** A case of this type as it stands in the store. */
export interface StoredCase {
  readonly version: number | 'no-stream'
  readonly state: unknown
}

/**
 * A check a command needs beyond its own case, which a pure decider cannot read: another case it names
 * (`merge`'s primary). Runs before the command; a refusal is answered and nothing is written.
 */
export type CommandCheck = (input: {
  readonly caseId: string
  readonly data: unknown
  readonly actor: Actor
  readonly read: (caseId: string) => Promise<StoredCase>
}) => Promise<DomainError | undefined>

/** A case type served under `/api/v1/<path>`: the bundle plus how to summarise a case for lists. */
export interface CaseCollection {
  /** `complaints`, `disputes`. */
  readonly path: string
  readonly caseType: CaseType
  readonly summarize: (state: unknown) => CaseSummary | undefined
  /** Checks by route name (`merge`), see `CommandCheck`. */
  readonly checks?: Readonly<Record<string, CommandCheck>>
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
  options: { readonly path?: string; readonly summarize?: (state: S) => CaseSummary | undefined; readonly checks?: Readonly<Record<string, CommandCheck>> } = {},
): CaseCollection => {
  // The routes handle every case type alike; the state's type is the case type's own business.
  const erased = caseType as unknown as CaseType
  return {
    path: options.path ?? `${caseType.name}s`,
    caseType: erased,
    summarize: (options.summarize as ((state: unknown) => CaseSummary | undefined) | undefined) ?? defaultSummary(erased),
    ...(options.checks === undefined ? {} : { checks: options.checks }),
  }
}
