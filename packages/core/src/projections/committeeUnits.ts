import { levelOf } from '../access/jurisdiction.js'
import type { CommitteeRegistry } from '../dispute/committees.js'
import type { UnitInfo } from './summaries.js'

/**
 * The unit id of a mediation committee (调解委员会) and of a centre (矛调中心): their ids from the committee file, in a
 * namespace of their own — a community's people's mediation committee often has the community's id (the demo file's
 * `xinhua-community`), and the community office handling complaints is another unit, with an evaluation row of its own.
 */
export const committeeUnitId = (committeeId: string): string => `committee:${committeeId}`
export const centreUnitId = (centreId: string): string => `centre:${centreId}`

const COMMITTEE = 'committee:'
const CENTRE = 'centre:'

/**
 * A committee's or centre's unit as the committee file configures it (name, place, its level), over what the dashboard
 * derived from the events (DisputeRouted names neither's place); any other unit, or one the file no longer lists, as given.
 */
export const configuredUnit = (unit: UnitInfo, committees: CommitteeRegistry): UnitInfo => {
  const found = unit.id.startsWith(COMMITTEE)
    ? committees.committees.get(unit.id.slice(COMMITTEE.length))
    : unit.id.startsWith(CENTRE)
      ? committees.centres.get(unit.id.slice(CENTRE.length))
      : undefined
  return found === undefined ? unit : { id: unit.id, name: found.name, level: levelOf(found.jurisdiction), jurisdiction: found.jurisdiction }
}

/** Rows of units (the evaluation's), the committees' and centres' as configured. */
export const withConfiguredUnits = <T extends { readonly unit: UnitInfo }>(rows: readonly T[], committees: CommitteeRegistry): T[] =>
  rows.map((row) => {
    const unit = configuredUnit(row.unit, committees)
    return unit === row.unit ? row : { ...row, unit }
  })
