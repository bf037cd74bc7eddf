import { nameOf, type DashboardView, type JurisdictionRegistry, type OverdueItem, type UnitFigures } from '@gridcase/core/projections'

/**
 * Display names beside codes (辖区名册): every `jurisdiction` code an answer carries gets its name from the registry
 * beside it (`name` on a place, `jurisdictionName` on a case, an overdue item or a unit), null when the registry
 * does not name it. Codes stay as they are: clients key on them.
 */
export const namedItem = (registry: JurisdictionRegistry) => (item: OverdueItem) => ({ ...item, jurisdictionName: nameOf(registry, item.jurisdiction) })

export const namedUnit = (registry: JurisdictionRegistry, u: UnitFigures) => ({
  ...u,
  unit: { ...u.unit, jurisdictionName: nameOf(registry, u.unit.jurisdiction) },
})

/** The dashboard with names beside its codes. */
export const namedDashboard = (view: DashboardView, registry: JurisdictionRegistry) => ({
  ...view,
  jurisdictionName: view.filter.jurisdiction === null ? null : nameOf(registry, view.filter.jurisdiction),
  counts: { ...view.counts, tree: view.counts.tree.map((n) => ({ ...n, name: nameOf(registry, n.jurisdiction) })) },
  overdue: {
    ...view.overdue,
    items: view.overdue.items.map(namedItem(registry)),
    dueSoon: { ...view.overdue.dueSoon, items: view.overdue.dueSoon.items.map(namedItem(registry)) },
  },
  units: view.units.map((u) => namedUnit(registry, u)),
})
