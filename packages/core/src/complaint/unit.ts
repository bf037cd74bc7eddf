import * as t from 'io-ts'
import { literalUnion } from '../access/actor.js'
import { isWithin, Jurisdiction, LEVELS, levelOf, type Level } from '../access/jurisdiction.js'
import { text } from '../kernel/codec.js'

export const LevelCodec = literalUnion(LEVELS as unknown as [Level, Level, ...Level[]], 'Level')

const UnitFields = t.intersection([
  t.type({ id: text(100, 'UnitId'), level: LevelCodec, jurisdiction: Jurisdiction }),
  t.partial({ name: text(200, 'UnitName'), department: text(100, 'Department') }),
])
type UnitFields = t.TypeOf<typeof UnitFields>

/**
 * 承办单位 — a handling unit: a grid, community, street, district or city office, or a
 * department (职能部门) at one of those levels. Its level must be the level of its jurisdiction.
 */
export const HandlingUnit = new t.Type<UnitFields, UnitFields, unknown>(
  'HandlingUnit',
  (u): u is UnitFields => UnitFields.is(u) && u.level === levelOf(u.jurisdiction),
  (u, c) => {
    const base = UnitFields.validate(u, c)
    if (base._tag === 'Left') return base
    const unit = base.right
    const expected = levelOf(unit.jurisdiction)
    return unit.level === expected
      ? t.success(unit)
      : t.failure(unit.level, t.appendContext(c, 'level', LevelCodec, unit.level), `expected ${expected}, the level of ${unit.jurisdiction}`)
  },
  t.identity,
)
export type HandlingUnit = UnitFields

/** A summoned department (吹哨报到): a handling unit that names its department. */
export const DepartmentUnit = new t.Type<HandlingUnit & { department: string }, HandlingUnit, unknown>(
  'DepartmentUnit',
  (u): u is HandlingUnit & { department: string } => HandlingUnit.is(u) && typeof u.department === 'string',
  (u, c) => {
    const base = HandlingUnit.validate(u, c)
    if (base._tag === 'Left') return base
    const unit = base.right
    return unit.department === undefined
      ? t.failure(undefined, t.appendContext(c, 'department', t.string, undefined), 'is required for a summoned department')
      : t.success({ ...unit, department: unit.department })
  },
  t.identity,
)

/** Does the unit's area cover the case's place? */
export const covers = (unit: HandlingUnit, caseJurisdiction: string): boolean => isWithin(unit.jurisdiction, caseJurisdiction)

/** The level directly above, or undefined at the city. */
export const levelAbove = (level: Level): Level | undefined => LEVELS[LEVELS.indexOf(level) - 1]
