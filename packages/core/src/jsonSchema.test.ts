// In core's root, not in kernel/: it reads codecs of every layer (tests/purity/layers.test.ts keeps the kernel's imports inside it).
// The JSON Schema a codec states (`withJsonSchema`, read by the HTTP edge's OpenAPI document) is never stricter than the
// codec: a client generated from the document must not refuse a value the server takes. Checked with a real JSON Schema
// 2020-12 validator (ajv) on values the codecs take, generated around their edges, and on arbitrary strings.
import { Ajv2020 } from 'ajv/dist/2020.js'
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { IdNumber, idCheckCharacter, PhoneNumber } from './contact/index.js'
import { CaseId, CourtCaseNumber, DayCount, LocalDate } from './dispute/commands.js'
import { Parties } from './dispute/parties.js'
import { Days, Uuid } from './complaint/commands.js'
import { Jurisdiction } from './kernel/actor.js'
import { jsonSchemaStated, text } from './kernel/codec.js'
import { IsoTimestamp } from './kernel/meta.js'

const ajv = new Ajv2020({ strict: true, allErrors: true })
// ajv itself checks no format without a plugin; these two are the ones the codecs state, as RFC 3339 and RFC 4122 write them.
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/)
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)

const validatorOf = (codec: t.Mixed) => {
  const schema = jsonSchemaStated(codec)
  if (schema === undefined) throw new Error(`${codec.name} states no JSON Schema`)
  return ajv.compile(schema)
}

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })
const dateParts = fc.record({ y: fc.integer({ min: 1900, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** For each codec, values it takes (most of them: the generators aim at its edges) and arbitrary strings. */
const cases: [string, t.Mixed, fc.Arbitrary<unknown>][] = [
  ['PhoneNumber', PhoneNumber, fc.oneof(fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([p, rest]) => `1${p}${rest}`), fc.tuple(digits(3), fc.boolean(), digits(8), fc.option(digits(4))).map(([area, dash, n, ext]) => `0${area}${dash ? '-' : ''}${n}${ext === null ? '' : `-${ext}`}`))],
  ['IdNumber', IdNumber, fc.tuple(digits(6), dateParts).map(([place, { y, m, d }]) => `${place}${y}${pad(m)}${pad(d)}123`).map((first17) => `${first17}${idCheckCharacter(first17) ?? ''}`)],
  ['Jurisdiction', Jurisdiction, fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/), { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'))],
  ['IsoTimestamp', IsoTimestamp, fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 16) + '+08:00', d.toISOString().slice(0, 19) + '-05:00'))],
  ['LocalDate', LocalDate, dateParts.map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`)],
  ['CourtCaseNumber', CourtCaseNumber, fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.boolean(), fc.constantFrom('蒙', '京', '沪'), digits(4), fc.boolean(), fc.integer({ min: 1, max: 999999 })).map(([y, wide, p, court, review, n]) => `${wide ? '（' : '('}${y}${wide ? '）' : ')'}${p}${court}民特${review ? '监' : ''}${n}号`)],
  ['CaseId', CaseId, fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/)],
  ['Uuid', Uuid, fc.uuid().chain((u) => fc.constantFrom(u, u.toUpperCase()))],
  ['text(50)', text(50, 'PersonName'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 })],
  ['Days', Days, fc.integer({ min: 0, max: 400 })],
  ['DayCount(30)', DayCount(30), fc.oneof(fc.integer({ min: -2, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.double())],
  ['Parties', Parties, fc.uniqueArray(fc.record({ side: fc.constantFrom('applicant', 'respondent'), name: fc.constantFrom('王芳', '李强', '张三', '赵六') }), { selector: (p) => p.name, minLength: 1, maxLength: 4 })],
]

describe('a codec’s JSON Schema is never stricter than the codec', () => {
  for (const [name, codec, values] of cases) {
    it(`${name}: every value the codec takes is valid under its schema`, () => {
      const validate = validatorOf(codec)
      let taken = 0
      fc.assert(
        fc.property(fc.oneof(values, fc.string(), fc.anything()), (value) => {
          if (!codec.is(value)) return
          taken += 1
          expect(validate(value), `${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`).toBe(true)
        }),
        { numRuns: 400 },
      )
      // The generators reach the codec (a test that took nothing would pass on any schema).
      expect(taken).toBeGreaterThan(40)
    })
  }

  it('and says what JSON Schema can of the rule (the examples each codec refuses, the schema refuses too)', () => {
    const refused: [t.Mixed, unknown][] = [
      [PhoneNumber, '12345'], [PhoneNumber, '+8613800138000'], [IdNumber, '11010519491231002x'], [Jurisdiction, 'Hohhot/Saihan'],
      [IsoTimestamp, '2026-03-01 09:30'], [LocalDate, '2026-3-1'], [CourtCaseNumber, '(2026)蒙0105民初123号'], [CaseId, '-x'],
      [Uuid, 'not-a-uuid'], [text(5, 'T'), ''], [text(5, 'T'), '123456'], [Days, 0], [Days, 367], [Days, 1.5], [DayCount(30), 31],
      [Parties, [{ side: 'applicant', name: '王芳' }]], [Parties, [{ side: 'applicant', name: '王芳' }, { side: 'applicant', name: '李强' }]],
    ]
    for (const [codec, value] of refused) {
      expect(codec.is(value), `${codec.name} ${JSON.stringify(value)}`).toBe(false)
      expect(validatorOf(codec)(value), `${codec.name} ${JSON.stringify(value)}`).toBe(false)
    }
  })
})
