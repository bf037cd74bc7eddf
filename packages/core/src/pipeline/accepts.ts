import type * as t from 'io-ts'

interface Node {
  readonly _tag?: string
  readonly type?: t.Mixed
  readonly types?: readonly t.Mixed[]
  readonly props?: Record<string, t.Mixed>
  readonly predicate?: (u: unknown) => boolean
}

const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u)

// What each object codec declares, worked out once per codec (codecs are built once and never change). A partial
// codec is looked into only when none of its fields is a name a plain object inherits (`toString`, …): then a
// field the object does not hold is undefined, as io-ts reads it.
const interfaceKeys = new WeakMap<object, readonly string[]>()
const partialProps = new WeakMap<object, Record<string, t.Mixed> | 'opaque'>()

const keysOf = (node: Node): readonly string[] => {
  const known = interfaceKeys.get(node)
  if (known !== undefined) return known
  const keys = Object.keys(node.props ?? {})
  interfaceKeys.set(node, keys)
  return keys
}

/**
 * Whether Object.prototype holds an enumerable field of its own (none do, unless a script or an attack put one
 * there): io-ts then reads it for a declared field a plain object does not hold, so `partialOf`'s answer, worked
 * out once per codec, no longer stands. Asked on every call, as the prototype can change any time; an empty
 * for-in is cheap. (A field defined non-enumerable on Object.prototype is not seen here.)
 */
const prototypePolluted = (): boolean => {
  for (const _ in Object.prototype) return true
  return false
}

const partialOf = (node: Node): Record<string, t.Mixed> | 'opaque' => {
  const known = partialProps.get(node)
  if (known !== undefined) return known
  const props = node.props
  const made = props !== undefined && Object.keys(props).every((key) => !(key in Object.prototype)) ? props : 'opaque'
  partialProps.set(node, made)
  return made
}

/**
 * `codec.is(u)`, the same answer for every codec and value, asked faster where io-ts asks slowly: a partial codec
 * (a command's optional fields) asks each field it declares of the value, and most are absent (a lookup that fails
 * through the prototype chain, for each); here it asks each field the value holds. Intersections, exact, strict,
 * readonly and refined codecs are looked through as io-ts composes them; every other codec answers itself.
 * decodeCommand.test.ts ('accepts') holds it to `is` for every command of both case types, by property.
 */
export const accepts = (codec: t.Mixed, u: unknown): boolean => {
  const node = codec as unknown as Node
  switch (node._tag) {
    case 'IntersectionType': {
      const types = node.types ?? []
      for (let i = 0; i < types.length; i += 1) if (!accepts(types[i] as t.Mixed, u)) return false
      return true
    }
    // Their `is` is the `is` of the codec they wrap.
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
      return node.type === undefined ? codec.is(u) : accepts(node.type, u)
    case 'RefinementType':
      return node.type === undefined || node.predicate === undefined ? codec.is(u) : accepts(node.type, u) && node.predicate(u)
    case 'InterfaceType': {
      if (!isRecord(u) || node.props === undefined) return codec.is(u)
      const { props } = node
      for (const key of keysOf(node)) {
        const value = u[key]
        if ((value === undefined && !Object.hasOwn(u, key)) || !accepts(props[key] as t.Mixed, value)) return false
      }
      return true
    }
    case 'PartialType': {
      const props = partialOf(node)
      // Another prototype, or Object.prototype with a field added, could hold a declared field: then io-ts's own walk.
      if (props === 'opaque' || !isRecord(u) || Object.getPrototypeOf(u) !== Object.prototype || prototypePolluted()) return codec.is(u)
      // Every own field, enumerable or not, as io-ts would read it; a declared field not held is undefined.
      for (const key of Object.getOwnPropertyNames(u)) {
        if (!Object.hasOwn(props, key)) continue
        const value = u[key]
        if (value !== undefined && !accepts(props[key] as t.Mixed, value)) return false
      }
      return true
    }
    default:
      return codec.is(u)
  }
}
