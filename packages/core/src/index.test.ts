import { readFileSync } from 'node:fs'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as root from './index.js'

// The public API of @gridcase/core, name by name. A change here is a change to what integrators may
// depend on: make it on purpose, in both places (index.ts and this list).
const ROOT_VALUES = [
  'ANY', 'CREATE', 'answersAtOnce', 'CommandMeta', 'IsoTimestamp', 'MAX_DEPTH', 'NO_STREAM', 'STREAM_EXISTS', 'canSee', 'canonicalJson',
  'caseIdOf', 'commandSpec', 'concurrencyConflict', 'currentVersion', 'deadlinePassed', 'deciderSpec', 'decode', 'decodeCommand',
  'emptySchema', 'eventHash', 'execute', 'fieldErrors', 'fold', 'forbidden', 'genesisHash', 'handle', 'hidden',
  'invalidTransition', 'isConcurrencyConflict', 'isDeciderSpecError', 'isDomainError', 'load', 'matchesExpectedVersion',
  'nestedDeeperThan', 'notFound', 'oldestKey', 'jsonSchemaStated', 'refinedString', 'sealEvents', 'sealEventsWithText', 'sealRecordedEvents', 'sha256Hex', 'streamIdOf', 'streamMemory', 'streamQueue', 'text',
  'wholeNumber', 'withJsonSchema',
  'unencodableText', 'unknownFields', 'upcast', 'validationError', 'verifyStream',
]
const ROOT_TYPES = [
  'AbortSignalLike', 'AppendResult', 'AttachmentNaming', 'BrokenLink', 'CaseType', 'Command', 'CommandCheck', 'CommandSpec', 'ConcurrencyConflict', 'Decider',
  'DeciderSpec', 'DeciderSpecError', 'DecisionSpec', 'DomainError', 'DomainErrorCode', 'DomainEvent', 'EventMetadata',
  'EventSchema', 'EventStore', 'ExecuteOptions', 'ExpectedVersion', 'FieldError', 'HandleOptions', 'HandleResult', 'HashFn',
  'HashedEnvelope', 'ImmediateStore', 'JsonSchema', 'NewEvent', 'OldestKey', 'ReadAllOptions', 'ReadStreamOptions', 'RecordedEvent', 'RememberedStream', 'SealInput', 'SealedEvent',
  'StreamMemory', 'StreamQueue', 'StreamVerification', 'StreamVersion', 'SubscribeOptions', 'Upcaster',
]
/** Everything else is reached by subpath, e.g. `@gridcase/core/complaint`. */
const SUBPATHS = ['access', 'attachments', 'audit', 'calendar', 'complaint', 'dispute', 'privacy', 'processes', 'projections']

const sorted = (names: Iterable<string>): string[] => [...names].sort()

/** The names a module's source re-exports: `export { a, type B as C } from '…'` gives a and C. */
const reExported = (source: string): string[] =>
  [...source.matchAll(/export (?:type )?\{([^}]*)\}/g)]
    .flatMap((m) => (m[1] ?? '').split(','))
    .map((item) => item.trim().replace(/^type /, ''))
    .filter((item) => item !== '')
    .map((item) => item.split(' as ').pop()?.trim() ?? item)

/** Re-exported and declared names, e.g. `export const dispute = …` in dispute/index.ts. */
const exportedNames = (source: string): string[] => [
  ...reExported(source),
  ...[...source.matchAll(/^export (?:const|let|function|interface|type) (\w+)/gm)].map((m) => m[1] ?? ''),
]

describe('the root of @gridcase/core is the kernel, listed name by name', () => {
  const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8')

  it('exports exactly the listed values at run time', () => {
    expect(sorted(Object.keys(root))).toEqual(sorted(ROOT_VALUES))
  })

  it('names exactly the listed values and types in index.ts, with no wildcard and nothing declared there', () => {
    expect(sorted(reExported(source))).toEqual(sorted([...ROOT_VALUES, ...ROOT_TYPES]))
    expect(source).not.toMatch(/export \*/)
    expect(source).not.toMatch(/export (const|let|function|class|type [A-Z]\w* =|interface)/)
  })

  it('keeps case types, projections and the rest off the root (types included)', () => {
    expectTypeOf(root).not.toHaveProperty('complaint')
    expectTypeOf(root).not.toHaveProperty('disputeDecider')
    expectTypeOf(root).not.toHaveProperty('dashboardProjection')
    expectTypeOf(root).not.toHaveProperty('authorize')
    expectTypeOf(root).toHaveProperty('handle')
    expectTypeOf<root.Decider<'c', 'e', 's'>['initialState']>().toEqualTypeOf<'s'>()
  })
})

describe('the subpaths of @gridcase/core', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { types: string; default: string }> }

  it('package.json exports the root and each subpath, built from src/<name>/index.ts', () => {
    expect(sorted(Object.keys(pkg.exports))).toEqual(sorted(['.', ...SUBPATHS.map((s) => `./${s}`)]))
    for (const s of SUBPATHS) {
      expect(pkg.exports[`./${s}`]).toEqual({ types: `./dist/${s}/index.d.ts`, default: `./dist/${s}/index.js` })
      expect(readFileSync(new URL(`./${s}/index.ts`, import.meta.url), 'utf8')).not.toMatch(/export \*/)
    }
  })

  it('no name is exported by two entry points (types included)', () => {
    const sources = ['./index.ts', ...SUBPATHS.map((s) => `./${s}/index.ts`)].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
    const names = sources.flatMap(exportedNames)
    expect(names.length).toBeGreaterThan(ROOT_VALUES.length + ROOT_TYPES.length)
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })
})
