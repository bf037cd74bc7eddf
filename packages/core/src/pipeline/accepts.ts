import type * as t from 'io-ts'
import { perCodec, type CodecNode } from './codecNode.js'

const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u)

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

// A partial codec is looked into only when none of its fields is a name a plain object inherits (`toString`, …):
// then a field the object does not hold is undefined, as io-ts reads it. Worked out once, as its check is made,
// and a codec's check makes those of every codec inside it at once: so for a nested partial too this is decided
// when the command codec's check is built, not (as the walk did) when a command first reaches it. A
// non-enumerable field added to Object.prototype after that is not seen (nor by `prototypePolluted`), and io-ts
// would read it; JSON input cannot put one there. An enumerable one is seen on every call: io-ts's `is`, as before.
const partialOf = (node: CodecNode): Record<string, t.Mixed> | 'opaque' => {
  const props = node.props
  return props !== undefined && Object.keys(props).every((key) => !(key in Object.prototype)) ? props : 'opaque'
}

/** A codec's `is`, made once per codec: what `accepts` asks. */
type Check = (u: unknown) => boolean

// One check per codec (`perCodec`): the walk below compiled into closures, so a command asks no WeakMap and switches
// on no tag per node, only at its root. `compile` is defined below, hence the arrow.
const checkOf = perCodec((codec): Check => compile(codec))

/** What `accepts` asked of one node, walking it each time (acceptsWalk in decodeCommand.test.ts keeps that walk). */
const compile = (codec: t.Mixed): Check => {
  const node = codec as unknown as CodecNode
  const itself: Check = (u) => codec.is(u)
  switch (node._tag) {
    case 'IntersectionType': {
      const members = (node.types ?? []).map(checkOf)
      if (members.length === 2) {
        const [first, second] = members as [Check, Check]
        return (u) => first(u) && second(u)
      }
      return (u) => {
        for (let i = 0; i < members.length; i += 1) if (!(members[i] as Check)(u)) return false
        return true
      }
    }
    // Their `is` is the `is` of the codec they wrap.
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
      return node.type === undefined ? itself : checkOf(node.type)
    case 'RefinementType': {
      const { type, predicate } = node
      if (type === undefined || predicate === undefined) return itself
      const inner = checkOf(type)
      // Asked as the walk asked it: a method of the codec.
      const refined = node as CodecNode & { readonly predicate: (u: unknown) => boolean }
      return (u) => inner(u) && refined.predicate(u)
    }
    case 'InterfaceType': {
      const { props } = node
      if (props === undefined) return itself
      const keys = Object.keys(props)
      const fields = keys.map((key) => checkOf(props[key] as t.Mixed))
      return (u) => {
        if (!isRecord(u)) return codec.is(u)
        for (let i = 0; i < keys.length; i += 1) {
          const key = keys[i] as string
          const value = u[key]
          if ((value === undefined && !Object.hasOwn(u, key)) || !(fields[i] as Check)(value)) return false
        }
        return true
      }
    }
    case 'PartialType': {
      const props = partialOf(node)
      if (props === 'opaque') return itself
      const fields = new Map(Object.keys(props).map((key) => [key, checkOf(props[key] as t.Mixed)]))
      return (u) => {
        // Another prototype, or Object.prototype with a field added, could hold a declared field: then io-ts's own walk.
        if (!isRecord(u) || Object.getPrototypeOf(u) !== Object.prototype || prototypePolluted()) return codec.is(u)
        // Every own field, enumerable or not, as io-ts would read it; a declared field not held is undefined.
        for (const key of Object.getOwnPropertyNames(u)) {
          const field = fields.get(key)
          if (field === undefined) continue
          const value = u[key]
          if (value !== undefined && !field(value)) return false
        }
        return true
      }
    }
    default:
      return itself
  }
}

/**
 * `codec.is(u)`, the same answer for every codec and value, asked faster where io-ts asks slowly: a partial codec
 * (a command's optional fields) asks each field it declares of the value, and most are absent (a lookup that fails
 * through the prototype chain, for each); here it asks each field the value holds. Intersections, exact, strict,
 * readonly and refined codecs are looked through as io-ts composes them; every other codec answers itself. The
 * walk is made once per codec (`compile`), not again for every command.
 * decodeCommand.test.ts ('accepts') holds it, by property, to `is` and to the walk it replaced (acceptsWalk there),
 * for every command of both case types.
 */
export const accepts = (codec: t.Mixed, u: unknown): boolean => checkOf(codec)(u)
