import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { validationError, type DomainError, type FieldError } from './errors.js'

/**
 * A JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a codec takes, as nearly as JSON Schema can say it and never
 * stricter: a value the codec takes is valid under it (a length is counted in UTF-16 units by the codec and in
 * characters by JSON Schema, so `maxLength` holds for anything the codec takes).
 */
export type JsonSchema = Readonly<Record<string, unknown>>

// Kept beside the codecs, not on them: a property of its own would give each such codec object another shape than
// io-ts's, and every validate call site that meets them one more to dispatch on.
const statedSchemas = new WeakMap<object, JsonSchema>()

/** `codec`, stating `schema` of what it takes (read by the HTTP edge's OpenAPI document for codecs it cannot see into). */
export const withJsonSchema = <C extends t.Mixed>(codec: C, schema: JsonSchema): C => {
  statedSchemas.set(codec, schema)
  return codec
}

/** What a codec states of its JSON Schema (`withJsonSchema`), if anything. */
export const jsonSchemaStated = (codec: unknown): JsonSchema | undefined =>
  typeof codec === 'object' && codec !== null ? statedSchemas.get(codec) : undefined

/**
 * A string codec that checks a rule and says, in words, what it expected; `schema` what JSON Schema can say of the rule
 * (a `pattern`, a `format`, an `enum`), a string of any kind if not given.
 */
export const refinedString = (name: string, accept: (s: string) => boolean, expected: string, schema: JsonSchema = {}): t.Type<string, string, unknown> =>
  withJsonSchema(
    new t.Type<string, string, unknown>(
      name,
      (u): u is string => typeof u === 'string' && accept(u),
      (u, c) => (typeof u === 'string' && accept(u) ? t.success(u) : t.failure(u, c, `expected ${expected}`)),
      t.identity,
    ),
    { type: 'string', ...schema },
  )

/** A `YYYY-MM-DD` date's schema: a date codec checks that the day exists. */
export const DATE_SCHEMA: JsonSchema = { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }

/** A whole number from `min` to `max`, named `name`; `expected` says it in words. */
export const wholeNumber = (name: string, min: number, max: number, expected: string): t.Type<number, number, unknown> => {
  const accept = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max
  return withJsonSchema(
    new t.Type<number, number, unknown>(name, accept, (u, c) => (accept(u) ? t.success(u) : t.failure(u, c, `expected ${expected}`)), t.identity),
    { type: 'integer', minimum: min, maximum: max },
  )
}

/** What is still wrong with a well-typed value: a message, about one of its fields when `field` is given. */
export interface Flaw {
  readonly message: string
  readonly field?: string
}

/**
 * `type`, further checked by `flawOf`, failing with a readable message. Built as an io-ts refinement, so
 * whatever reads codecs (the HTTP edge's undeclared-field check, the OpenAPI schema) still sees `type`
 * inside; it encodes through `type`, so an exact `type` keeps only its declared fields there too.
 */
export const refinedCodec = <C extends t.Mixed>(
  name: string,
  type: C,
  flawOf: (a: t.TypeOf<C>) => Flaw | undefined,
): t.RefinementType<C, t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.RefinementType<C, t.TypeOf<C>, t.OutputOf<C>, unknown>(
    name,
    (u): u is t.TypeOf<C> => type.is(u) && flawOf(u) === undefined,
    (u, c) =>
      E.chain((a: t.TypeOf<C>): t.Validation<t.TypeOf<C>> => {
        const flaw = flawOf(a)
        if (flaw === undefined) return t.success(a)
        if (flaw.field === undefined) return t.failure(u, c, flaw.message)
        const value: unknown = typeof a === 'object' && a !== null ? (a as Record<string, unknown>)[flaw.field] : undefined
        return t.failure(value, t.appendContext(c, flaw.field, t.unknown, value), flaw.message)
      })(type.validate(u, c)),
    (a) => type.encode(a),
    type,
    (a) => flawOf(a) === undefined,
  )

/**
 * The value with only the fields its codec declares, at every level where the codec is exact: what may
 * go into an event. (An exact codec's encode strips undeclared keys before encoding each field.)
 */
export const declaredOnly = <A>(codec: t.Type<A, A, unknown>, value: A): A => codec.encode(value)

// A character that shows: not white space, a control or format character (U+200B, U+FEFF …), nor one that renders as
// nothing (U+3164 …). A note of zero-width spaces is as empty as one of spaces.
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u
// Control characters (C0, DEL, C1) but tab and line breaks (\n, \r\n): nobody types them, a view does not show them,
// and they corrupt logs, terminals and CSV exports.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/

/** A bounded string with something visible in it and no control characters but tab and line breaks. */
export const text = (max = 2000, name = 'Text'): t.Type<string, string, unknown> => {
  const expected = `expected a text of at most ${max} characters with something visible in it`
  const codec = new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && u.length <= max && VISIBLE.test(u) && !CONTROL.test(u),
    (u, c) =>
      typeof u !== 'string' || u.length > max || !VISIBLE.test(u)
        ? t.failure(u, c, expected)
        : CONTROL.test(u)
          ? t.failure(u, c, 'expected no control characters but tab and line breaks')
          : t.success(u),
    t.identity,
  )
  // Nothing shorter than one character is visible; "something visible" and "no control characters" are the codec's.
  return withJsonSchema(codec, { type: 'string', minLength: 1, maxLength: max })
}

const describeType = (name: string): string => {
  if (name.startsWith('(') || name.includes(' | ')) return `one of ${name.replace(/^\(|\)$/g, '').replace(/"/g, "'")}`
  return `a value of type ${name}`
}

interface Wrapping {
  readonly _tag?: string
  readonly type?: unknown
}
const WRAPPERS = ['ExactType', 'StrictType', 'ReadonlyType', 'RefinementType']
// An exact, readonly or refined codec validates through the codec it wraps without a context entry of its own.
const unwrapped = (codec: unknown): Wrapping | undefined => {
  let c = codec as Wrapping | undefined
  while (c !== undefined && WRAPPERS.includes(c._tag ?? '') && c.type !== undefined) c = c.type as Wrapping
  return c
}

const joinPath = (context: t.Context): string => {
  let path = ''
  context.forEach((entry, i) => {
    if (i === 0 || entry.key === '') return
    const parent = unwrapped(context[i - 1]?.type)
    // Intersections and unions add the index of the member they tried: not part of the field's path.
    if ((parent?._tag === 'IntersectionType' || parent?._tag === 'UnionType') && /^\d+$/.test(entry.key)) return
    // A custom codec that validates through an intersection or union (e.g. HandlingUnit) shows the member
    // index with the very same value as its parent: again a view of the value, not a step into it.
    if (/^\d+$/.test(entry.key) && i > 1 && entry.actual !== undefined && entry.actual === context[i - 1]?.actual) return
    path += /^\d+$/.test(entry.key) ? `[${entry.key}]` : path === '' ? entry.key : `.${entry.key}`
  })
  return path === '' ? '(root)' : path
}
interface Inspectable {
  readonly name: string
  readonly _tag?: string
  readonly keys?: Readonly<Record<string, unknown>>
  readonly types?: readonly { readonly _tag?: string; readonly value?: unknown }[]
}

const quote = (value: unknown): string => `'${String(value)}'`

// Enumerations are spelled out, so a caller learns every allowed value, not only the first alternative tried.
const describeExpected = (type: Inspectable | undefined): string => {
  if (type?._tag === 'KeyofType' && type.keys !== undefined) return `one of ${Object.keys(type.keys).map(quote).join(', ')}`
  if (type?._tag === 'UnionType' && type.types?.every((member) => member._tag === 'LiteralType') === true) {
    return `one of ${type.types.map((member) => quote(member.value)).join(', ')}`
  }
  return describeType(type?.name ?? 'value').replace(/^a value of type /, 'a ')
}

// Codecs of an object with fields (an exact, readonly or refined one unwrapped first).
const OBJECT_CODECS = ['InterfaceType', 'PartialType', 'IntersectionType']
const isObjectCodec = (codec: unknown): boolean => OBJECT_CODECS.includes(unwrapped(codec)?._tag ?? '')
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Turns io-ts errors into readable `{ path, message }` pairs, one per field. */
export const fieldErrors = (errors: t.Errors): FieldError[] => {
  const seen = new Map<string, FieldError>()
  for (const error of errors) {
    const path = joinPath(error.context)
    const last = error.context[error.context.length - 1]?.type as unknown as Inspectable | undefined
    const parent = error.context[error.context.length - 2]?.type as unknown as Inspectable | undefined
    // A member of a union failed: what was expected is the union, not the member io-ts tried first.
    const expected = parent?._tag === 'UnionType' ? parent : last
    // An object of fields given something else (an array, a number, null): "an object" — not the codec's name, which is
    // an inner type name (`RiskAssessment`) or a list of its fields (`{ id: Uuid, … }`, an id a client does not send).
    const notAnObject = error.value !== undefined && !isObject(error.value) && isObjectCodec(expected)
    // A field left out is "is required", whatever its codec would say of a wrong value; a refined one's words follow, as
    // what to give (`is required: an ISO 8601 timestamp with a zone, …`).
    const message =
      error.value === undefined
        ? error.message === undefined ? 'is required' : `is required: ${error.message.replace(/^expected /, '')}`
        : (error.message ?? (notAnObject ? 'expected an object' : `expected ${describeExpected(expected)}`))
    if (!seen.has(path)) seen.set(path, { path, message })
  }
  return [...seen.values()]
}

/** Decodes outside input once, at the edge, into a typed value or a `validation` DomainError. */
export const decode = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): E.Either<DomainError, A> =>
  E.mapLeft((errors: t.Errors) => validationError(fieldErrors(errors)))(codec.decode(input))

