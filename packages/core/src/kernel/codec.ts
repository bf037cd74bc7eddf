import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { validationError, type DomainError, type FieldError } from './errors.js'

/** A string codec that checks a rule and says, in words, what it expected. */
export const refinedString = (name: string, accept: (s: string) => boolean, expected: string): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && accept(u),
    (u, c) => (typeof u === 'string' && accept(u) ? t.success(u) : t.failure(u, c, `expected ${expected}`)),
    t.identity,
  )

/** A non-empty, trimmed-length-bounded string. */
export const text = (max = 2000, name = 'Text') =>
  refinedString(name, (s) => s.trim().length > 0 && s.length <= max, `a non-empty text of at most ${max} characters`)

const describeType = (name: string): string => {
  if (name.startsWith('(') || name.includes(' | ')) return `one of ${name.replace(/^\(|\)$/g, '').replace(/"/g, "'")}`
  return `a value of type ${name}`
}

const joinPath = (context: t.Context): string => {
  let path = ''
  context.forEach((entry, i) => {
    if (i === 0 || entry.key === '') return
    const parent = context[i - 1]?.type as unknown as { _tag?: string } | undefined
    // Intersections and unions add the index of the member they tried: not part of the field's path.
    if (parent?._tag === 'IntersectionType' || parent?._tag === 'UnionType') return
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

/** Turns io-ts errors into readable `{ path, message }` pairs, one per field. */
export const fieldErrors = (errors: t.Errors): FieldError[] => {
  const seen = new Map<string, FieldError>()
  for (const error of errors) {
    const path = joinPath(error.context)
    const last = error.context[error.context.length - 1]?.type as unknown as Inspectable | undefined
    const parent = error.context[error.context.length - 2]?.type as unknown as Inspectable | undefined
    // A member of a union failed: what was expected is the union, not the member io-ts tried first.
    const expected = parent?._tag === 'UnionType' ? parent : last
    const message = error.message ?? (error.value === undefined ? 'is required' : `expected ${describeExpected(expected)}`)
    if (!seen.has(path)) seen.set(path, { path, message })
  }
  return [...seen.values()]
}

/** Decodes outside input once, at the edge, into a typed value or a `validation` DomainError. */
export const decode = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): E.Either<DomainError, A> =>
  E.mapLeft((errors: t.Errors) => validationError(fieldErrors(errors)))(codec.decode(input))

