import { jsonSchemaStated } from '@gridcase/core'
import type * as t from 'io-ts'

type Schema = Record<string, unknown>

interface Tagged {
  readonly _tag?: string
  readonly name: string
  readonly type?: t.Mixed
  readonly types?: readonly t.Mixed[]
  readonly props?: Record<string, t.Mixed>
  readonly keys?: Record<string, unknown>
  readonly value?: unknown
  readonly codomain?: t.Mixed
}

/**
 * A JSON Schema (2020-12, as OpenAPI 3.1 uses) for an io-ts codec: io-ts's own kinds by their structure, a custom
 * codec by the schema it states (core's `withJsonSchema`: `text`, `refinedString`, `wholeNumber` …), with its name as
 * the description; one that states none is its name alone (tests/http/openapi.test.ts finds none in a request body).
 */
export const jsonSchemaOf = (codec: t.Mixed, depth = 0): Schema => {
  const c = codec as unknown as Tagged
  if (depth > 12) return { description: c.name }
  const stated = jsonSchemaStated(codec)
  if (stated !== undefined && c._tag === undefined) return { ...stated, description: stated['description'] ?? c.name }
  const next = (inner: t.Mixed) => jsonSchemaOf(inner, depth + 1)
  switch (c._tag) {
    case 'StringType':
      return { type: 'string' }
    case 'NumberType':
      return { type: 'number' }
    case 'BooleanType':
      return { type: 'boolean' }
    case 'NullType':
      return { type: 'null' }
    case 'LiteralType':
      return { const: c.value }
    case 'KeyofType':
      return { type: 'string', enum: Object.keys(c.keys ?? {}) }
    case 'InterfaceType':
    case 'PartialType': {
      const props = c.props ?? {}
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, next(v)])),
        ...(c._tag === 'InterfaceType' && Object.keys(props).length > 0 ? { required: Object.keys(props) } : {}),
      }
    }
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
      return c.type === undefined ? {} : next(c.type)
    case 'RefinementType':
      // What the refinement adds, where JSON Schema can say it, is stated over what it refines (core's `withJsonSchema`).
      return c.type === undefined ? { ...stated, description: c.name } : { ...next(c.type), ...stated, description: c.name }
    case 'IntersectionType':
      return { allOf: (c.types ?? []).map(next) }
    case 'UnionType':
      return { anyOf: (c.types ?? []).map(next) }
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { type: 'array', ...(c.type === undefined ? {} : { items: next(c.type) }) }
    case 'TupleType':
      return { type: 'array', prefixItems: (c.types ?? []).map(next) }
    case 'DictionaryType':
      return { type: 'object', ...(c.codomain === undefined ? {} : { additionalProperties: next(c.codomain) }) }
    case 'UnknownType':
    case 'AnyType':
      return {}
    default:
      return { description: c.name }
  }
}
