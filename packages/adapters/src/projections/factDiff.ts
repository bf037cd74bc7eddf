import type { DashboardFact } from '@gridcase/core/projections'

// A case's dashboard facts are written by difference (the SQLite and PostgreSQL dashboards alike): the facts a pass adds
// and takes away, compared by key, time and value as a multiset.

/** A fact's identity in that comparison: its key, time and value, and its competitors' times (`since`, `until`). */
export const factId = (f: DashboardFact): string => `${f.key}\u001e${f.at}\u001e${f.value}\u001e${f.since ?? ''}\u001e${f.until ?? ''}`

/** The same facts in the same order (each key, time, value and competitors equal): then no fact is added or taken away. */
export const sameFacts = (a: readonly DashboardFact[], b: readonly DashboardFact[]): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] as DashboardFact
    const y = b[i] as DashboardFact
    if (x.key !== y.key || x.at !== y.at || x.value !== y.value || x.since !== y.since || x.until !== y.until) return false
  }
  return true
}

/**
 * The facts `now` adds to `before` (in `now`'s order) and those it takes away (grouped by `factId` in the order
 * `before` first names each), compared as multisets by `factId`: no id is both added and taken away. A case new to the
 * model has nothing before: every fact is added, and no id of it is computed.
 */
export const factDiff = (before: readonly DashboardFact[], now: readonly DashboardFact[]): { readonly added: DashboardFact[]; readonly gone: DashboardFact[] } => {
  const left = new Map<string, DashboardFact[]>()
  for (const f of before) {
    const id = factId(f)
    const same = left.get(id)
    if (same === undefined) left.set(id, [f])
    else same.push(f)
  }
  const added: DashboardFact[] = []
  for (const f of now) {
    const same = left.size === 0 ? undefined : left.get(factId(f))
    if (same !== undefined && same.length > 0) same.pop()
    else added.push(f)
  }
  const gone: DashboardFact[] = []
  for (const rest of left.values()) for (const f of rest) gone.push(f)
  return { added, gone }
}
