import type * as t from 'io-ts'
import type { FieldError } from '../kernel/errors.js'

/** Deeper JSON than any command needs; deeper input could exhaust the stack of whatever reads it later. */
export const MAX_DEPTH = 32

interface Tagged {
  readonly _tag?: string
  readonly type?: t.Mixed
  readonly types?: readonly t.Mixed[]
  readonly props?: Record<string, t.Mixed>
}

type Fields = ReadonlyMap<string, t.Mixed | undefined>

// Codecs are built once and never change, so what each declares is worked out once (every command asks again).
const declaredFields = new WeakMap<t.Mixed, Fields | 'opaque'>()

/** The fields an object codec declares, each with its codec; undefined when the codec cannot be looked into. */
const declared = (codec: t.Mixed): Fields | undefined => {
  const known = declaredFields.get(codec)
  if (known !== undefined) return known === 'opaque' ? undefined : known
  const fields = fieldsOf(codec)
  declaredFields.set(codec, fields ?? 'opaque')
  return fields
}

const fieldsOf = (codec: t.Mixed): Fields | undefined => {
  const c = codec as unknown as Tagged
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return new Map(Object.entries(c.props ?? {}))
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
    case 'RefinementType':
      return c.type === undefined ? undefined : declared(c.type)
    case 'IntersectionType': {
      const all = new Map<string, t.Mixed | undefined>()
      for (const member of c.types ?? []) {
        const fields = declared(member)
        if (fields === undefined) return undefined
        // A field two members declare is checked by both; do not look inside it here.
        for (const [k, v] of fields) all.set(k, all.has(k) ? undefined : v)
      }
      return all
    }
    default:
      return undefined
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Fields the codec does not declare. io-ts lets unknown fields through, and whatever passes the
 * edge may end up in an append-only log, so they are refused with their path. Refinements are looked
 * through (core builds its checked lists and units as refinements); other custom codecs are not.
 */
export const unknownFields = (codec: t.Mixed, value: unknown, path = ''): FieldError[] => {
  const c = codec as unknown as Tagged
  // A refined list (e.g. a dispute's parties: at least one applicant and one respondent) is checked as the list inside it.
  if ((c._tag === 'RefinementType' || c._tag === 'ReadonlyType') && c.type !== undefined && Array.isArray(value)) {
    return unknownFields(c.type, value, path)
  }
  if ((c._tag === 'ArrayType' || c._tag === 'ReadonlyArrayType') && c.type !== undefined && Array.isArray(value)) {
    const item = c.type
    return value.flatMap((v, i) => unknownFields(item, v, `${path}[${i}]`))
  }
  const fields = declared(codec)
  if (fields === undefined || !isRecord(value)) return []
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path === '' ? key : `${path}.${key}`
    if (!fields.has(key)) return [{ path: at, message: 'is not a known field' }]
    const inner = fields.get(key)
    return inner === undefined ? [] : unknownFields(inner, v, at)
  })
}

/** Is a JSON value nested deeper than `max` levels? Checked without recursion, so any depth is safe to ask about. */
export const nestedDeeperThan = (value: unknown, max: number): boolean => {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    if (typeof v !== 'object' || v === null) continue
    if (depth >= max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}
