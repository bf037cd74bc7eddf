// A small case type for the case-list read-model tests (SQLite and PostgreSQL alike): memos opened somewhere, for
// someone, moved between two states; arbitraries for logs, actors and queries; and the rule a list must follow.
import { memoryEventStore, type CaseListKind } from '@gridcase/adapters'
import { emptySchema, forbidden, type CaseType, type RecordedEvent } from '@gridcase/core'
import { canRead, ROLES, type Actor } from '@gridcase/core/access'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

export interface Memo {
  readonly status: 'none' | 'open' | 'done'
  readonly jurisdiction?: string
  readonly ownerId?: string
  readonly residents?: readonly string[]
  readonly category?: string
  readonly deadline?: string
  readonly notes?: number
  /** Who else may read it: the departments handling it, the mediators assigned, whether it is before the court. */
  readonly departments?: readonly string[]
  readonly mediators?: readonly string[]
  readonly court?: boolean
  /** The courts it is before, by name (a clerk naming its court reads only those). */
  readonly courts?: readonly string[]
  /** The committee a mediation case was routed to (its mediators may read it). */
  readonly committee?: string
}

/** A small case type for this test: opened somewhere, for someone, moved between two states. */
export const memoType: CaseType = {
  name: 'memo',
  streamPrefix: 'memo-',
  schema: emptySchema,
  create: { type: 'OpenMemo', data: t.unknown },
  commands: {},
  decider: {
    initialState: { status: 'none' } satisfies Memo,
    decide: () => E.left(forbidden('not used here')),
    evolve: (state, event) => {
      const s = state as Memo
      const d = event.data as Partial<Memo>
      return event.type === 'MemoOpened' ? { ...d, status: 'open' } : { ...s, ...d, notes: (s.notes ?? 0) + 1 }
    },
  },
  scope: (state) => {
    const s = state as Memo
    if (s.status === 'none' || s.jurisdiction === undefined) return undefined
    return {
      jurisdiction: s.jurisdiction,
      ...(s.ownerId === undefined ? {} : { ownerId: s.ownerId }),
      ...(s.residents === undefined ? {} : { residents: s.residents }),
      ...(s.departments === undefined ? {} : { departments: s.departments }),
      ...(s.mediators === undefined ? {} : { mediators: s.mediators }),
      ...(s.court === undefined ? {} : { court: s.court }),
      ...(s.courts === undefined ? {} : { courts: s.courts }),
      ...(s.committee === undefined ? {} : { committee: s.committee }),
    }
  },
}
export const memos: CaseListKind = {
  path: 'memos',
  caseType: memoType,
  summarize: (state) => {
    const s = state as Memo
    if (s.status === 'none' || s.jurisdiction === undefined) return undefined
    return { state: s.status, jurisdiction: s.jurisdiction, openDeadlines: s.deadline === undefined ? [] : [s.deadline], ...(s.category === undefined ? {} : { category: s.category }) }
  },
}

export const PLACES = ['hohhot', 'hohhot/saihan', 'hohhot/saihan/a', 'hohhot/saihan/a/g1', 'hohhot/saihan/ab', 'hohhot/xincheng', 'baotou']
export const PEOPLE = ['r1', 'r2', 'r3']
/** Courts a clerk's token may name and a case may be before. */
export const COURTS = ['赛罕区人民法院', '呼和浩特铁路运输法院'] as const
const [SAIHAN, RAILWAY] = COURTS
export const NOW = Date.parse('2026-03-02T00:00:00Z')
export const hours = (h: number) => new Date(NOW + h * 3_600_000).toISOString()

export const memoOpened = fc.record(
  {
    jurisdiction: fc.constantFrom(...PLACES),
    ownerId: fc.constantFrom(...PEOPLE),
    residents: fc.uniqueArray(fc.constantFrom(...PEOPLE), { maxLength: 2 }),
    category: fc.constantFrom('parking', 'noise'),
    deadline: fc.integer({ min: -48, max: 48 }).map(hours),
    departments: fc.uniqueArray(fc.constantFrom('water', 'housing'), { maxLength: 2 }),
    mediators: fc.uniqueArray(fc.constantFrom(...PEOPLE, 'x'), { maxLength: 2 }),
    court: fc.boolean(),
    courts: fc.uniqueArray(fc.constantFrom(...COURTS), { maxLength: 2 }),
    committee: fc.constantFrom('medical', 'xx-community'),
  },
  { requiredKeys: ['jurisdiction'] },
)
export const moves = fc.array(fc.record({ memo: fc.nat(), done: fc.boolean(), deadline: fc.option(fc.integer({ min: -48, max: 48 }).map(hours), { nil: undefined }) }), {
  maxLength: 30,
})
export const actors: fc.Arbitrary<Actor> = fc.record({
  id: fc.constantFrom(...PEOPLE, 'x'),
  role: fc.constantFrom(...ROLES),
  jurisdiction: fc.constantFrom(...PLACES),
  department: fc.constantFrom('water', 'housing'),
  committee: fc.constantFrom('medical', 'xx-community'),
  court: fc.constantFrom(...COURTS),
}, { requiredKeys: ['id', 'role', 'jurisdiction'] })
export const queries = fc.record(
  { state: fc.constantFrom('open', 'done'), category: fc.constantFrom('parking', 'noise'), jurisdiction: fc.constantFrom(...PLACES), overdue: fc.boolean() },
  { requiredKeys: [] },
)

export const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'admin', jurisdiction: 'hohhot' }, occurredAt: hours(0) } as const

export const logOf = async (opened: readonly Record<string, unknown>[], moved: readonly { memo: number; done: boolean; deadline?: string | undefined }[]) => {
  const store = memoryEventStore()
  const ids = opened.map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
  for (const [i, data] of opened.entries()) {
    await store.appendToStream(`memo-${ids[i]}`, [{ type: 'MemoOpened', schemaVersion: 1, data: { ...data, id: ids[i] }, metadata }], { expectedVersion: 'no-stream' })
  }
  for (const m of moved) {
    if (ids.length === 0) break
    const data = { status: m.done ? 'done' : 'open', ...(m.deadline === undefined ? {} : { deadline: m.deadline }) }
    await store.appendToStream(`memo-${ids[m.memo % ids.length]}`, [{ type: 'MemoMoved', schemaVersion: 1, data, metadata }], { expectedVersion: 'any' })
  }
  return { store, log: await store.readAll() }
}

/** The rule, case by case: the fold, canRead on its scope, the filters; newest first. */
export const expected = (log: readonly RecordedEvent[], actor: Actor, q: { state?: string; category?: string; jurisdiction?: string; overdue?: boolean }): string[] => {
  const cases = new Map<string, { state: unknown; opened: number }>()
  for (const e of log) {
    const known = cases.get(e.streamId)
    cases.set(e.streamId, { state: memoType.decider.evolve(known?.state ?? memoType.decider.initialState, e), opened: known?.opened ?? e.position })
  }
  return [...cases.entries()]
    .filter(([, c]) => {
      const scope = memoType.scope(c.state)
      const s = memos.summarize(c.state)
      if (scope === undefined || s === undefined || !canRead(actor, scope)) return false
      if (q.state !== undefined && s.state !== q.state) return false
      if (q.category !== undefined && s.category !== q.category) return false
      if (q.jurisdiction !== undefined && !(s.jurisdiction === q.jurisdiction || s.jurisdiction.startsWith(`${q.jurisdiction}/`))) return false
      const overdue = s.openDeadlines.some((d) => Date.parse(d) < NOW)
      return q.overdue === undefined || overdue === q.overdue
    })
    .sort(([, a], [, b]) => b.opened - a.opened)
    .map(([streamId]) => streamId)
}

/**
 * Lists a property may miss at random, given as its first examples: court clerks naming their court, of the same district
 * and of the whole city, over cases before one court, before the other, and before a court naming none.
 */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never
export const clerkExamples: [ValueOf<typeof memoOpened>[], ValueOf<typeof moves>, Actor, ValueOf<typeof queries>, number][] = (
  [
    { id: 'r1', role: 'court-clerk', jurisdiction: 'hohhot/saihan', court: SAIHAN },
    { id: 'r1', role: 'court-clerk', jurisdiction: 'hohhot', court: RAILWAY },
    { id: 'r1', role: 'court-clerk', jurisdiction: 'hohhot/saihan' },
    // A claim with spaces about it (an identity provider's): the court the case keeps, trimmed, as core's canRead reads it.
    { id: 'r1', role: 'court-clerk', jurisdiction: 'hohhot/saihan', court: ` ${SAIHAN}\u3000` },
  ] satisfies Actor[]
).map((actor) => [
  [
    { jurisdiction: 'hohhot/saihan/a', court: true, courts: [SAIHAN] },
    { jurisdiction: 'hohhot/saihan/ab', court: true, courts: [RAILWAY] },
    { jurisdiction: 'hohhot/saihan', court: true },
    { jurisdiction: 'hohhot/saihan/a/g1', court: false, courts: [SAIHAN] },
  ],
  [],
  actor,
  {},
  2,
])
