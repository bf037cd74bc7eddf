// Generators for the pipeline's property tests (not part of the public API): values that hold a codec's declared
// field names and others, at any depth, inside objects and inside lists, so a walk that stops at the top level
// or skips list items answers differently from one that does not.
import fc from 'fast-check'
import type * as t from 'io-ts'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Any value of strings, numbers, nulls, lists and objects whose keys are drawn from `names`, nested. */
export const valuesNaming = (names: readonly string[]): fc.Arbitrary<unknown> => {
  const key = fc.constantFrom(...names)
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 6 })),
  })).value
}

interface Inspect {
  readonly _tag?: string
  readonly type?: t.Mixed
  readonly types?: readonly t.Mixed[]
  readonly props?: Record<string, t.Mixed>
}

/** Every field name a codec declares, at any depth: through objects, lists, unions, intersections and refinements. */
export const declaredNames = (codec: t.Mixed): string[] => {
  const names = new Set<string>()
  const seen = new Set<t.Mixed>()
  const visit = (c: t.Mixed): void => {
    if (seen.has(c)) return
    seen.add(c)
    const node = c as unknown as Inspect
    switch (node._tag) {
      case 'InterfaceType':
      case 'PartialType':
        for (const [key, inner] of Object.entries(node.props ?? {})) {
          names.add(key)
          visit(inner)
        }
        return
      case 'ExactType':
      case 'StrictType':
      case 'ReadonlyType':
      case 'RefinementType':
      case 'ArrayType':
      case 'ReadonlyArrayType':
        if (node.type !== undefined) visit(node.type)
        return
      case 'IntersectionType':
      case 'UnionType':
        for (const member of node.types ?? []) visit(member)
        return
      default:
        return
    }
  }
  visit(codec)
  return [...names]
}

/** Names no command declares, one of them inherited by every plain object. */
export const UNDECLARED = ['x', 'age', 'nickname', 'extra', 'toString'] as const

/**
 * `base`'s values with fields added: each added field goes to one of the value's objects, at any depth, those in
 * lists included (the n-th object met, walking depth first, n taken modulo their count). The value is copied,
 * never changed in place (fast-check may give it again while shrinking).
 */
export const withFieldsAnywhere = (base: fc.Arbitrary<unknown>, names: readonly string[], values: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc
    .tuple(base, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...names), values), { minLength: 1, maxLength: 3 }))
    .map(([value, added]) => addFields(value, added))

const countObjects = (v: unknown): number => {
  if (Array.isArray(v)) return v.reduce((n: number, item: unknown) => n + countObjects(item), 0)
  if (!isRecord(v)) return 0
  return Object.keys(v).reduce((n, k) => n + countObjects(v[k]), 1)
}

const addFields = (value: unknown, added: readonly (readonly [number, string, unknown])[]): unknown => {
  const count = countObjects(value)
  if (count === 0) return value
  let met = 0
  const copy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(copy)
    if (!isRecord(v)) return v
    const at = met
    met += 1
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) out[k] = copy(v[k])
    for (const [n, name, field] of added) if (n % count === at) out[name] = field
    return out
  }
  return copy(value)
}
