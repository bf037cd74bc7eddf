import * as t from 'io-ts'
import { literalUnion } from '../kernel/actor.js'
import { isWithin, Jurisdiction, LEVELS, levelOf, type Level } from '../access/jurisdiction.js'
import { refinedCodec, text } from '../kernel/codec.js'

export const LevelCodec = literalUnion(LEVELS as unknown as [Level, Level, ...Level[]], 'Level')

// Exact: a field a unit does not declare is dropped on decoding, so it never reaches an event.
const UnitFields = t.exact(
  t.intersection([
    t.type({ id: text(100, 'UnitId'), level: LevelCodec, jurisdiction: Jurisdiction }),
    t.partial({ name: text(200, 'UnitName'), department: text(100, 'Department') }),
  ]),
)
type UnitFields = t.TypeOf<typeof UnitFields>

/**
 * 承办单位 — a handling unit: a grid, community, street, district or city office, or a
 * department (职能部门) at one of those levels. Its level must be the level of its jurisdiction.
 */
export const HandlingUnit = refinedCodec('HandlingUnit', UnitFields, (unit) => {
  const expected = levelOf(unit.jurisdiction)
  return unit.level === expected ? undefined : { field: 'level', message: `expected ${expected}, the level of ${unit.jurisdiction}` }
})
export type HandlingUnit = UnitFields

/** A summoned department (吹哨报到): a handling unit that names its department. */
export const DepartmentUnit = refinedCodec('DepartmentUnit', HandlingUnit, (unit) =>
  unit.department === undefined ? { field: 'department', message: 'is required for a summoned department' } : undefined,
)

/** Does the unit's area cover the case's place? */
export const covers = (unit: HandlingUnit, caseJurisdiction: string): boolean => isWithin(unit.jurisdiction, caseJurisdiction)

/** The level directly above, or undefined at the city. */
export const levelAbove = (level: Level): Level | undefined => LEVELS[LEVELS.indexOf(level) - 1]
