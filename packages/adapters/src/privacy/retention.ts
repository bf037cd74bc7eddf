import type { EventStore, RecordedEvent } from '@gridcase/core'
import { decode } from '@gridcase/core'
import { subjectsToOpen } from '@gridcase/core/privacy'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { SubjectKeys } from './subjectKeys.js'

/** A period in days: a whole number, 0 or more (said so when it is not: the codec's name told an operator nothing). */
const Days = new t.Type<number, number, unknown>(
  'WholeDays',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c, 'expected a whole number of days, 0 or more')),
  t.identity,
)

/**
 * 保存期限 — how long personal data is kept after a case ends (closed; for a complaint also rejected, 不予受理, or merged
 * into another, 合并: final states with no close), in days: one period per case type (`complaint`; `dispute`, the
 * complaint's period when absent), and optionally per category (the category the complaint was registered or the
 * dispute reported under). A bare category name applies to both types (a complaint and a dispute may share one:
 * `property`, `other`); `complaint:<category>` or `dispute:<category>` to that type alone, before a bare one.
 * 个人信息保护法 art. 19: kept no longer than the purpose needs; art. 47(1)(ii): deleted when the retention period
 * ends. The figures are the operator's records schedule, not the statute's: they come from the config file.
 */
export const RetentionConfig = t.exact(
  t.intersection([t.type({ complaint: Days }), t.partial({ dispute: Days, categories: t.record(t.string, Days) })]),
  'RetentionConfig',
)
export type RetentionConfig = t.TypeOf<typeof RetentionConfig>

/** Three years after closing unless the config says otherwise. */
export const DEFAULT_RETENTION: RetentionConfig = { complaint: 1095 }

const RETENTION_KEYS = new Set(['complaint', 'dispute', 'categories'])

/** A retention file's JSON, decoded; the error names the field (a key the format does not have too: never dropped). */
export const parseRetention = (json: unknown): E.Either<string, RetentionConfig> => {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const unknown = Object.keys(json).filter((key) => !RETENTION_KEYS.has(key))
    if (unknown.length > 0) return E.left(unknown.map((key) => `${key}: not a field of the retention file (complaint, dispute, categories)`).join('; '))
  }
  const decoded = decode(RetentionConfig, json)
  return E.isLeft(decoded)
    ? E.left(decoded.left.code === 'validation' ? decoded.left.errors.map((e) => `${e.path === '' ? '(the file)' : e.path}: ${e.message}`).join('; ') : decoded.left.message)
    : E.right(decoded.right)
}

export interface DueForErasure {
  readonly streamId: string
  readonly category: string
  readonly closedAt: string
  readonly retentionDays: number
  /** closedAt + retentionDays (to the millisecond): due from this instant on. */
  readonly dueAt: string
  readonly subjects: readonly string[]
}

const DAY_MS = 86_400_000
const PAGE = 5_000

/** The opening and closing event of each case type that holds sealed personal data. */
const OPENED: Readonly<Record<string, 'complaint' | 'dispute'>> = { ComplaintRegistered: 'complaint', DisputeReported: 'dispute' }
/** The events that put a case in a final state (core's FINAL_STATUSES: closed, and a complaint rejected or merged); none leads out of one. */
const ENDED = new Set(['ComplaintClosed', 'ComplaintRejected', 'ComplaintMerged', 'DisputeClosed'])

/**
 * When a case ended: when its final event happened (`occurredAt`), or when it was recorded if that is earlier. A case
 * imported from an existing platform (docs/import.md) ended when the platform closed it, not when it was imported (its
 * `recordedAt`): its retention is not started again by the import. For an event of a server the two are the same.
 */
const endedAt = (event: RecordedEvent): string => {
  const occurred = Date.parse(event.metadata.occurredAt)
  const recorded = Date.parse(event.metadata.recordedAt)
  return Number.isFinite(occurred) && occurred < recorded ? new Date(occurred).toISOString() : event.metadata.recordedAt
}

/** The period for a case of `type` under `category`: the type's own category entry, a bare one, else the type's. */
export const retentionDaysOf = (retention: RetentionConfig, type: 'complaint' | 'dispute', category: string): number =>
  retention.categories?.[`${type}:${category}`] ?? retention.categories?.[category] ?? (type === 'dispute' ? (retention.dispute ?? retention.complaint) : retention.complaint)

/** The config's category entries that name no category of the cases given (a typo, or a category not used yet). */
export const unmatchedCategories = (retention: RetentionConfig, cases: readonly { readonly type: 'complaint' | 'dispute'; readonly category: string }[]): string[] => {
  const used = new Set(cases.flatMap((c) => [c.category, `${c.type}:${c.category}`]))
  return Object.keys(retention.categories ?? {}).filter((key) => !used.has(key))
}

/**
 * The closed complaints and disputes whose retention has ended by `asOf` and whose personal data is not yet erased: sealed,
 * or held in clear (written before its field was sealed, or with sealing off), which an erasure reads "erased" in every view.
 * Due exactly `retentionDays` × 24 h after the case ended (`endedAt`: an imported case's close at its source): the day it falls due counts (>=).
 * Reads the raw log (no keys needed) and the key store (which subjects are erased already).
 */
export const dueForErasure = async (
  store: EventStore,
  // `load`: where the keys live elsewhere (PostgreSQL), the subjects' rows are fetched first, for `erasedAt` to answer.
  keys: Pick<SubjectKeys, 'erasedAt'> & { readonly load?: (subjects: readonly string[]) => Promise<void> },
  retention: RetentionConfig,
  asOf: string,
  /** Told the config's category entries that name no category of any case in the log (`unmatchedCategories`). */
  onUnmatched?: (categories: readonly string[]) => void,
): Promise<DueForErasure[]> => {
  // Only the sealed subjects are kept per case, not its events: the whole log passes through here.
  const cases = new Map<string, { type: 'complaint' | 'dispute'; category: string; closedAt?: string; subjects: Set<string> }>()
  const take = (event: RecordedEvent): void => {
    const type = OPENED[event.type]
    if (type !== undefined) {
      const data = event.data as { category?: unknown }
      cases.set(event.streamId, { type, category: typeof data.category === 'string' ? data.category : '', subjects: new Set(subjectsToOpen([event])) })
      return
    }
    const c = cases.get(event.streamId)
    if (c === undefined) return
    for (const subject of subjectsToOpen([event])) c.subjects.add(subject)
    if (ENDED.has(event.type)) c.closedAt = endedAt(event)
  }
  // In pages: the log need not fit in memory.
  for (let from = 0; ; ) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE })
    for (const event of page) take(event)
    const last = page.at(-1)
    if (last === undefined || page.length < PAGE) break
    from = last.position + 1
  }
  if (onUnmatched !== undefined) {
    const unmatched = unmatchedCategories(retention, [...cases.values()])
    if (unmatched.length > 0) onUnmatched(unmatched)
  }
  const now = Date.parse(asOf)
  const ended: { streamId: string; category: string; closedAt: string; days: number; dueAt: number; subjects: readonly string[] }[] = []
  for (const [streamId, c] of cases) {
    if (c.closedAt === undefined) continue
    const days = retentionDaysOf(retention, c.type, c.category)
    const dueAt = Date.parse(c.closedAt) + days * DAY_MS
    if (now >= dueAt) ended.push({ streamId, category: c.category, closedAt: c.closedAt, days, dueAt, subjects: [...c.subjects] })
  }
  const due: DueForErasure[] = []
  // A slice at a time: keys fetched from elsewhere are asked for, and looked at, before the next slice is fetched.
  for (let i = 0; i < ended.length; i += PAGE) {
    const slice = ended.slice(i, i + PAGE)
    await keys.load?.(slice.flatMap((c) => c.subjects))
    for (const c of slice) {
      const subjects = c.subjects.filter((s) => keys.erasedAt(s) === undefined)
      if (subjects.length === 0) continue
      due.push({ streamId: c.streamId, category: c.category, closedAt: c.closedAt, retentionDays: c.days, dueAt: new Date(c.dueAt).toISOString(), subjects })
    }
  }
  return due
}
