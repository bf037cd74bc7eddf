import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deepFreeze } from '../kernel/fixtures.js'
import type { NewEvent, RecordedEvent } from '../kernel/index.js'
import { ERASED, openEvent, PERSONAL_FIELDS, SEALED_KEY, SEALED_PREFIX, SEALED_V2_PREFIX, sealEvent, subjectIdOf, valuesText, type FieldCipher, type PersonalField } from './sealed.js'

// The walk sealEvent replaced (a closure per field and event; commit 67146e7), kept here word for word as the
// reference the compiled walk must agree with: what it seals, under which subject, and what the value reads — but for
// the format, which is now a parameter: 'v1' as that walk wrote it (`sealed:v1:<subject>`, `$sealed[<subject>]`: logs
// written before schema 3 hold it, and it must still open), 'v2' as sealEvent writes now (`sealed:v2:<role>`,
// `$sealed[<role>]`).
type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const referenceFields = new Map<string, PersonalField[]>()
for (const field of PERSONAL_FIELDS) referenceFields.set(field.type, [...(referenceFields.get(field.type) ?? []), field])

const referenceSealEvent = (streamId: string, event: NewEvent, cipher: FieldCipher, format: 'v1' | 'v2' = 'v2'): NewEvent => {
  const fields = referenceFields.get(event.type)
  if (fields === undefined || !isObject(event.data)) return event
  const root: Json = { ...event.data }
  // The containers made here (copies), which may be written into; every other one is the caller's.
  const own = new Set<object>([root])
  let values: Map<string, Record<string, string>> | undefined
  const subjects = new Map<string, string>()
  const roles = new Map<string, string>()
  for (const field of fields) {
    const subject = subjects.get(field.role) ?? subjectIdOf(streamId, field.role)
    subjects.set(field.role, subject)
    roles.set(subject, field.role)
    const marker = format === 'v1' ? `${SEALED_PREFIX}${subject}` : `${SEALED_V2_PREFIX}${field.role}`
    // ERASED stays as it is: a value copied from an erased case (its state reads "erased") has nothing to seal.
    // Anything else is sealed, even text that looks like a marker: it is what someone typed, not a sealed value.
    const visit = (container: Json | unknown[], key: string | number, depth: number, where: string): void => {
      const value: unknown = Array.isArray(container) ? container[key as number] : container[key as string]
      const at = where === '' ? String(key) : `${where}.${key}`
      if (depth === field.path.length) {
        if (typeof value !== 'string' || value === ERASED) return
        values ??= new Map()
        const mine = values.get(subject) ?? {}
        mine[at] = value
        values.set(subject, mine)
        setIn(container, key, marker)
        return
      }
      const step = field.path[depth] as string
      if (step === '*') {
        if (!Array.isArray(value)) return
        const copy: unknown[] = own.has(value) ? value : [...(value as unknown[])]
        own.add(copy)
        setIn(container, key, copy)
        for (let i = 0; i < copy.length; i += 1) visit(copy, i, depth + 1, at)
      } else {
        if (!isObject(value) || !(step in value)) return
        const copy: Json = own.has(value) ? value : { ...value }
        own.add(copy)
        setIn(container, key, copy)
        visit(copy, step, depth + 1, at)
      }
    }
    const [first] = field.path
    if (first === '*') continue
    if (first !== undefined && first in root) visit(root, first, 1, '')
  }
  if (values === undefined) return event
  const sealed: Record<string, string> = {}
  for (const [subject, fieldValues] of values) sealed[format === 'v1' ? subject : (roles.get(subject) as string)] = cipher.seal(subject, JSON.stringify(fieldValues))
  root[SEALED_KEY] = sealed
  return { ...event, data: root }
}

const setIn = (container: Json | unknown[], key: string | number, value: unknown): void => {
  if (Array.isArray(container)) container[key as number] = value
  else container[key as string] = value
}


// The compiled walk as it was before it wrote each value's JSON member as it took it (it built a record of the values by
// path, then wrote it with valuesText): kept here as the reference for the exact text each subject's values are sealed
// as, member for member and in the same order (the stored ciphertext is random, but what it opens to is this text).
interface RecordNode {
  readonly key: string
  readonly path: string | undefined
  role: number | undefined
  readonly keys: RecordNode[]
  each: RecordNode | undefined
}
const recordPlans = new Map<string, { roles: string[]; keys: RecordNode[] }>()
for (const [type, fields] of referenceFields) {
  const roles: string[] = []
  const top: RecordNode = { key: '', path: '', role: undefined, keys: [], each: undefined }
  for (const field of fields) {
    if (!roles.includes(field.role)) roles.push(field.role)
    let node = top
    for (const key of field.path) {
      let next = key === '*' ? node.each : node.keys.find((n) => n.key === key)
      if (next === undefined) {
        const path = key === '*' || node.path === undefined ? undefined : node.path === '' ? key : `${node.path}.${key}`
        next = { key, path, role: undefined, keys: [], each: undefined }
        if (key === '*') node.each = next
        else node.keys.push(next)
      }
      node = next
    }
    node.role = roles.indexOf(field.role)
  }
  recordPlans.set(type, { roles, keys: top.keys })
}
interface RecordWalk {
  readonly markers: readonly string[]
  values: (Record<string, string> | undefined)[] | undefined
}
const recordValue = (value: unknown, node: RecordNode, walk: RecordWalk, at: string): unknown => {
  if (typeof value === 'string') {
    if (node.role === undefined || value === ERASED) return value
    const values = (walk.values ??= [])
    const mine = (values[node.role] ??= {})
    mine[at] = value
    return walk.markers[node.role] ?? value
  }
  if (Array.isArray(value)) {
    const each = node.each
    if (each === undefined) return value
    let out: unknown[] | undefined
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i]
      const next = recordValue(item, each, walk, `${at}.${i}`)
      if (next !== item) (out ??= [...(value as unknown[])])[i] = next
    }
    return out ?? value
  }
  return isObject(value) && node.keys.length > 0 ? recordObject(value, node.keys, walk, at) : value
}
const recordObject = (data: Json, keys: readonly RecordNode[], walk: RecordWalk, where: string): Json => {
  let out: Json | undefined
  for (const child of keys) {
    if (!(child.key in data)) continue
    const value = data[child.key]
    const next = recordValue(value, child, walk, child.path ?? (where === '' ? child.key : `${where}.${child.key}`))
    if (next !== value) (out ??= Object.hasOwn(data, '__proto__') ? { ...data } : Object.assign({}, data))[child.key] = next
  }
  return out ?? data
}
/** What the record walk sealed for each subject: the text it passed to the cipher. */
const recordTexts = (streamId: string, event: NewEvent): Record<string, string> => {
  const plan = recordPlans.get(event.type)
  if (plan === undefined || !isObject(event.data)) return {}
  const walk: RecordWalk = { markers: plan.roles.map((role) => `${SEALED_V2_PREFIX}${role}`), values: undefined }
  recordObject(event.data, plan.keys, walk, '')
  const texts: Record<string, string> = {}
  plan.roles.forEach((role, i) => {
    const mine = walk.values?.[i]
    if (mine !== undefined) texts[subjectIdOf(streamId, role)] = valuesText(mine)
  })
  return texts
}

/** A cipher that seals to the plaintext itself, tagged: what was sealed can be compared, and it opens. */
const clearCipher: FieldCipher = {
  seal: (subject, plain) => `${subject}|${plain}`,
  open: (subject, sealed) => (sealed.startsWith(`${subject}|`) ? sealed.slice(subject.length + 1) : undefined),
}

/** Any value where a field may be: text (a marker look-alike and ERASED among it), other scalars, or what the paths go through. */
const leafArb = fc.oneof(fc.string(), fc.constant(ERASED), fc.constant(`${SEALED_PREFIX}complaint-1#complainant`), fc.constant(`${SEALED_V2_PREFIX}complainant`), fc.integer(), fc.constant(null), fc.boolean())

/** Data shaped after some of a type's field paths (each present or not, well or badly typed), with clear fields beside. */
const shapeArb = (paths: readonly (readonly string[])[], depth = 0): fc.Arbitrary<unknown> => {
  const deeper = paths.filter((p) => p.length > 0)
  if (deeper.length === 0 || depth > 4) return leafArb
  const heads = [...new Set(deeper.map((p) => p[0] as string))]
  const under = (head: string) => deeper.filter((p) => p[0] === head).map((p) => p.slice(1))
  const container: fc.Arbitrary<unknown> = heads.includes('*')
    ? fc.array(shapeArb(under('*'), depth + 1), { maxLength: 4 })
    : fc.record(
        Object.fromEntries([...heads.map((h) => [h, shapeArb(under(h), depth + 1)] as const), ['clear', fc.string()] as const]),
        { requiredKeys: [] },
      )
  // Mostly the shape the paths expect; sometimes a scalar or the wrong kind of container where they go through.
  return fc.oneof({ arbitrary: container, weight: 6 }, { arbitrary: leafArb, weight: 1 }, { arbitrary: fc.constantFrom([], {}), weight: 1 })
}

const types = [...new Set(PERSONAL_FIELDS.map((f) => f.type))]
const eventArb = fc.constantFrom(...types).chain((type) =>
  fc.record({ data: shapeArb(PERSONAL_FIELDS.filter((f) => f.type === type).map((f) => f.path)), streamId: fc.constantFrom('complaint-1', 'dispute-7', 'complaint-2') }).map(
    ({ data, streamId }) => ({ streamId, event: { type, schemaVersion: 1, data, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: '2026-01-01T00:00:00Z' } } as NewEvent }),
  ),
)

const recorded = (streamId: string, event: NewEvent): RecordedEvent => ({ ...event, eventId: 'e', streamId, version: 0, position: 0, metadata: { ...event.metadata, recordedAt: 'r', prevHash: 'p', hash: 'h' } })

describe('the compiled sealing walk', () => {
  it('seals exactly what the walk it replaced sealed, under the same subjects, for any data of any type with personal fields', () => {
    fc.assert(
      fc.property(eventArb, ({ streamId, event }) => {
        deepFreeze(event)
        const before = referenceSealEvent(streamId, event, clearCipher)
        const beforeV1 = referenceSealEvent(streamId, event, clearCipher, 'v1')
        const after = sealEvent(streamId, event, clearCipher)
        // Nothing to seal: the event itself, as before.
        if (before === event) {
          expect(after).toBe(event)
          return
        }
        const { [SEALED_KEY]: sealedBefore, ...restBefore } = before.data as Json
        const { [SEALED_KEY]: sealedAfter, ...restAfter } = after.data as Json
        // The same markers in the same places, the clear fields as written, every key in the same order.
        expect(restAfter).toEqual(restBefore)
        expect(JSON.stringify(restAfter)).toBe(JSON.stringify(restBefore))
        expect(Object.keys(after.data as Json)).toEqual(Object.keys(before.data as Json))
        // One sealed text per role, sealed under the role's subject in this stream, holding the same values by path (the
        // order of the paths may differ).
        const plain = (sealed: unknown) =>
          Object.fromEntries(Object.entries(sealed as Record<string, string>).map(([role, text]) => [role, JSON.parse(clearCipher.open(subjectIdOf(streamId, role), text) ?? 'null') as unknown]))
        expect(Object.keys(sealedAfter as Json).sort()).toEqual(Object.keys(sealedBefore as Json).sort())
        expect(plain(sealedAfter)).toEqual(plain(sealedBefore))
        for (const role of Object.keys(sealedAfter as Json)) expect(PERSONAL_FIELDS.some((f) => f.type === event.type && f.role === role)).toBe(true)
        // And all open to what was written: values sealed by the old walk in either format (v1: logs written before
        // schema 3) still open.
        expect(openEvent(recorded(streamId, after), clearCipher)).toEqual(recorded(streamId, event))
        expect(openEvent(recorded(streamId, before), clearCipher)).toEqual(recorded(streamId, event))
        expect(openEvent(recorded(streamId, beforeV1), clearCipher)).toEqual(recorded(streamId, event))
      }),
      { numRuns: 2000 },
    )
  })

  it('seals for each subject exactly the text the walk that built a record of the values sealed, member for member in the same order, for any data of any type', () => {
    fc.assert(
      fc.property(eventArb, ({ streamId, event }) => {
        deepFreeze(event)
        const sealedTexts: Record<string, string> = {}
        const recording: FieldCipher = { seal: (subject, plain) => ((sealedTexts[subject] = plain), 'x'), open: () => undefined }
        sealEvent(streamId, event, recording)
        expect(sealedTexts).toEqual(recordTexts(streamId, event))
      }),
      { numRuns: 3000 },
    )
  })

  it('seals a registration with text in its personal fields that JSON escapes (quotes, controls, a lone surrogate) as the record walk did, in the order of the plan (the fields of the complainant, then the address)', () => {
    const event: NewEvent = { type: 'ComplaintRegistered', schemaVersion: 1, data: { address: 'a"b\\c', complainant: { name: '李\u0000四', phone: '\ud800', idNumber: '1' } }, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: '2026-01-01T00:00:00Z' } }
    const sealedTexts: Record<string, string> = {}
    sealEvent('complaint-1', event, { seal: (subject, plain) => ((sealedTexts[subject] = plain), 'x'), open: () => undefined })
    expect(sealedTexts).toEqual(recordTexts('complaint-1', event))
    expect(sealedTexts['complaint-1#complainant']).toBe(JSON.stringify({ 'complainant.name': '李\u0000四', 'complainant.phone': '\ud800', 'complainant.idNumber': '1', address: 'a"b\\c' }))
  })

  it('keeps an own __proto__ key of the data (parsed JSON may have one) a key, on the event and on an object it copies, as the spread copies did', () => {
    const data = JSON.parse('{"__proto__":{"x":1},"address":"a","complainant":{"__proto__":{"y":2},"name":"李四"},"title":"t"}') as Json
    const event: NewEvent = { type: 'ComplaintRegistered', schemaVersion: 1, data, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: '2026-01-01T00:00:00Z' } }
    const before = referenceSealEvent('complaint-1', event, clearCipher).data as Json
    const after = sealEvent('complaint-1', event, clearCipher).data as Json
    expect(JSON.stringify(after)).toBe(JSON.stringify(before))
    expect(Object.getPrototypeOf(after)).toBe(Object.prototype)
    expect(Object.hasOwn(after, '__proto__')).toBe(true)
    expect(Object.hasOwn(after['complainant'] as Json, '__proto__')).toBe(true)
  })

  it('seals a registration the same way whichever stream was sealed just before (the kept markers follow the stream)', () => {
    const event: NewEvent = { type: 'ComplaintRegistered', schemaVersion: 1, data: { complainant: { name: '李四' } }, metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: '2026-01-01T00:00:00Z' } }
    for (const streamId of ['complaint-1', 'complaint-2', 'complaint-1']) {
      const data = sealEvent(streamId, event, clearCipher).data as { complainant: { name: string }; $sealed: Record<string, string> }
      expect(data.complainant.name).toBe(`${SEALED_V2_PREFIX}complainant`)
      expect(Object.keys(data.$sealed)).toEqual(['complainant'])
      // Sealed under this stream's subject (the clear cipher writes whose it was).
      expect(data.$sealed['complainant']).toBe(`${subjectIdOf(streamId, 'complainant')}|{"complainant.name":"李四"}`)
    }
  })

  it('writes the values it seals as exactly the text JSON.stringify writes, for any paths and any text (quotes, controls, lone surrogates)', () => {
    // Any UTF-16 code units, and a bias towards what JSON escapes.
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\ud800', '\udc00', 'a', '欧', '😀') }))
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.constantFrom('complainant.name', 'parties.0.phone', 'address'), text), text), (values) => {
        expect(valuesText(values)).toBe(JSON.stringify(values))
      }),
      { numRuns: 2000 },
    )
  })
})
