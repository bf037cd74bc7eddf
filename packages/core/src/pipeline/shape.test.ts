import * as t from 'io-ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { valuesNaming } from './fixtures.js'
import { nestedDeeperThan, plainlyWellFormed, unknownFields } from './shape.js'
import { unencodableText } from './wellFormed.js'

const Party = t.intersection([t.type({ name: t.string }), t.partial({ phone: t.string })])
const Report = t.intersection([t.type({ summary: t.string, parties: t.array(Party) }), t.partial({ court: t.string })])
const Custom = new t.Type<unknown>('Custom', (u): u is unknown => true, (u) => t.success(u), t.identity)

describe('unknownFields', () => {
  it('names undeclared fields at any depth it can see, through intersections and arrays', () => {
    const value = { summary: 's', parties: [{ name: 'a' }, { name: 'b', phone: '1', age: 3 }], courtt: 'x' }
    expect(unknownFields(Report, value)).toEqual([
      { path: 'parties[1].age', message: 'is not a known field' },
      { path: 'courtt', message: 'is not a known field' },
    ])
  })

  it('accepts declared fields, optional ones included', () => {
    expect(unknownFields(Report, { summary: 's', parties: [{ name: 'a', phone: '1' }], court: 'c' })).toEqual([])
  })

  it('looks through a refinement, of a list or of an object, and names the field inside', () => {
    const Parties = t.refinement(t.array(Party), (ps) => ps.length > 0, 'Parties')
    const Unit = t.refinement(t.exact(t.type({ id: t.string })), (u) => u.id !== '', 'Unit')
    expect(unknownFields(t.type({ parties: Parties, unit: Unit }), { parties: [{ name: 'a' }, { name: 'b', nickname: 'x' }], unit: { id: 'u', level: 1 } })).toEqual([
      { path: 'parties[1].nickname', message: 'is not a known field' },
      { path: 'unit.level', message: 'is not a known field' },
    ])
  })

  it('does not look inside a custom codec', () => {
    expect(unknownFields(t.type({ x: Custom }), { x: { anything: 1 } })).toEqual([])
  })
})

describe('nestedDeeperThan', () => {
  it('measures objects and arrays, and survives any depth', () => {
    expect(nestedDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false)
    expect(nestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true)
    expect(nestedDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 32)).toBe(true)
    expect(nestedDeeperThan('text', 0)).toBe(false)
  })
})

// The walks as first written (eager paths, arrays per field): the reference the allocation-free walks must equal.
type Tagged = { readonly _tag?: string; readonly type?: t.Mixed; readonly types?: readonly t.Mixed[]; readonly props?: Record<string, t.Mixed> }
const referenceFields = (codec: t.Mixed): Map<string, t.Mixed | undefined> | undefined => {
  const c = codec as unknown as Tagged
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return new Map(Object.entries(c.props ?? {}))
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
    case 'RefinementType':
      return c.type === undefined ? undefined : referenceFields(c.type)
    case 'IntersectionType': {
      const all = new Map<string, t.Mixed | undefined>()
      for (const member of c.types ?? []) {
        const fields = referenceFields(member)
        if (fields === undefined) return undefined
        for (const [k, v] of fields) all.set(k, all.has(k) ? undefined : v)
      }
      return all
    }
    default:
      return undefined
  }
}
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const referenceUnknown = (codec: t.Mixed, value: unknown, path = ''): { path: string; message: string }[] => {
  const c = codec as unknown as Tagged
  if ((c._tag === 'RefinementType' || c._tag === 'ReadonlyType') && c.type !== undefined && Array.isArray(value)) return referenceUnknown(c.type, value, path)
  if ((c._tag === 'ArrayType' || c._tag === 'ReadonlyArrayType') && c.type !== undefined && Array.isArray(value)) {
    const item = c.type
    return value.flatMap((v, i) => referenceUnknown(item, v, `${path}[${i}]`))
  }
  const fields = referenceFields(codec)
  if (fields === undefined || !isRecord(value)) return []
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path === '' ? key : `${path}.${key}`
    if (!fields.has(key)) return [{ path: at, message: 'is not a known field' }]
    const inner = fields.get(key)
    return inner === undefined ? [] : referenceUnknown(inner, v, at)
  })
}
const referenceDeeper = (value: unknown, max: number): boolean => {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    if (typeof v !== 'object' || v === null) continue
    if (depth >= max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

// Values shaped like commands: the declared names mixed with others, nested, in lists.
const shaped = valuesNaming(['summary', 'parties', 'court', 'name', 'phone', 'age', 'x', 'unit', 'id', 'level'])
const Parties = t.refinement(t.array(Party), (ps) => ps.length > 0, 'Parties')
const Unit = t.refinement(t.exact(t.type({ id: t.string })), (u) => u.id !== '', 'Unit')
const codecs = [Report, t.type({ parties: Parties, unit: Unit, x: Custom }), t.readonlyArray(Party), t.exact(t.partial({ unit: Unit, summary: t.string }))]

describe('the allocation-free walks', () => {
  it('unknownFields names the same fields, in the same order, as the walk it replaced', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codecs), fc.oneof(shaped, fc.jsonValue()), (codec, value) => {
        expect(unknownFields(codec as t.Mixed, value)).toEqual(referenceUnknown(codec as t.Mixed, value))
      }),
      { numRuns: 1_000 },
    )
  })

  it('nestedDeeperThan answers as the walk it replaced, at every bound', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, fc.jsonValue()), fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(nestedDeeperThan(value, max)).toBe(referenceDeeper(value, max))
      }),
      { numRuns: 1_000 },
    )
  })
})

// Text with surrogates, paired and lone, in values and keys; and values nested around the bound.
const surrogateText = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', '\ud83d', '\ude00', '\ud83d\ude00', '诉', 'é') }), fc.string({ unit: fc.constantFrom('a', '\ud800', '\udfff', 'Z'), minLength: 20, maxLength: 40 }))
const awkward = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, surrogateText, fc.integer(), fc.constant(null), fc.boolean(), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(surrogateText, tie('value'), { maxKeys: 4 })),
})).value

describe('plainlyWellFormed', () => {
  it('says a value is plain only when nestedDeeperThan and unencodableText find nothing in it', () => {
    fc.assert(
      fc.property(fc.oneof(awkward, shaped, fc.jsonValue()), fc.integer({ min: 0, max: 6 }), (value, max) => {
        if (plainlyWellFormed(value, max)) {
          expect(nestedDeeperThan(value, max)).toBe(false)
          expect(unencodableText(value)).toBeUndefined()
        }
      }),
      { numRuns: 2_000 },
    )
  })

  it('says so for values with neither fault and no surrogate at all, which is what most commands are', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, fc.jsonValue({ maxDepth: 4 })), (value) => {
        const plain = !JSON.stringify(value).match(/[\ud800-\udfff]/) && !nestedDeeperThan(value, 32)
        expect(plainlyWellFormed(value, 32)).toBe(plain)
      }),
      { numRuns: 1_000 },
    )
  })

  it('refuses the plain answer at the depth bound, a lone surrogate in a key or a long text, and any surrogate pair', () => {
    expect(plainlyWellFormed({ a: { b: 1 } }, 1)).toBe(false)
    expect(plainlyWellFormed({ a: { b: 1 } }, 2)).toBe(true)
    expect(plainlyWellFormed({ ['\udc00']: 1 }, 32)).toBe(false)
    expect(plainlyWellFormed(['x'.repeat(30) + '\ud800'], 32)).toBe(false)
    expect(plainlyWellFormed('\ud83d\ude00', 32)).toBe(false)
    const circular: Record<string, unknown> = {}
    circular['self'] = circular
    expect(plainlyWellFormed(circular, 32)).toBe(false)
  })
})
