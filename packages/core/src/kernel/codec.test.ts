import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { Actor } from './actor.js'
import { decode, refinedString, text } from './codec.js'
import { CommandMeta, IsoTimestamp } from './meta.js'

const phone = refinedString('Phone', (s) => /^1[3-9]\d{9}$/.test(s), 'a mainland mobile number')
const Body = t.type({ parties: t.array(t.type({ name: t.string, phone })) })

describe('decode', () => {
  it('names the field with its path and says what was expected', () => {
    const result = decode(Body, { parties: [{ name: 'a', phone: '13800138000' }, { name: 'b', phone: '12' }] })
    expect(E.isLeft(result) && result.left).toMatchObject({
      code: 'validation',
      errors: [{ path: 'parties[1].phone', message: 'expected a mainland mobile number' }],
    })
  })

  it('reports a missing field as required', () => {
    const result = decode(Body, { parties: [{ phone: '13800138000' }] })
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors).toEqual([
      { path: 'parties[0].name', message: 'is required' },
    ])
  })

  // Found importing an export with a column left out: a missing `at` read "expected an ISO 8601 timestamp…", as if a
  // wrong one had been given; a missing `phone` "expected a mainland mobile number".
  it('reports a missing field of a refined codec as required too, with what to give', () => {
    const result = decode(Body, { parties: [{ name: 'a' }] })
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors).toEqual([
      { path: 'parties[0].phone', message: 'is required: a mainland mobile number' },
    ])
    const meta = decode(CommandMeta, { commandId: 'c', actor: { id: 'a', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan' } })
    const errors = E.isLeft(meta) && meta.left.code === 'validation' ? meta.left.errors : []
    expect(errors).toHaveLength(1)
    expect(errors[0]?.path).toBe('at')
    expect(errors[0]?.message).toMatch(/^is required: an ISO 8601 timestamp/)
  })

  it('paths through intersections without their member index', () => {
    const result = decode(CommandMeta, { commandId: 'c', at: 'yesterday', actor: { id: 'a', role: 'mayor', jurisdiction: 'X/y' } })
    const paths = E.isLeft(result) && result.left.code === 'validation' ? result.left.errors.map((e) => e.path) : []
    expect(paths.sort()).toEqual(['actor.jurisdiction', 'actor.role', 'at'])
  })

  it('accepts a well-formed actor', () => {
    expect(E.isRight(decode(Actor, { id: 'u1', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan' }))).toBe(true)
  })
})

describe('decode messages', () => {
  const messages = <A, O>(codec: t.Type<A, O, unknown>, input: unknown) => {
    const result = decode(codec, input)
    return E.isLeft(result) && result.left.code === 'validation' ? result.left.errors : []
  }

  it('a value outside a union of literals is told every allowed value, not just the first', () => {
    expect(messages(t.type({ urgency: t.union([t.literal('normal'), t.literal('urgent')]) }), { urgency: 'soon' })).toEqual([
      { path: 'urgency', message: "expected one of 'normal', 'urgent'" },
    ])
  })

  it('a role outside the list is told the roles there are', () => {
    const [error] = messages(CommandMeta, { commandId: 'c', at: '2026-03-01T09:30:00+08:00', actor: { id: 'a', role: 'mayor', jurisdiction: 'x' } })
    expect(error?.path).toBe('actor.role')
    expect(error?.message).toMatch(/^expected one of 'resident', 'grid-worker', .*'admin'$/)
  })

  it('an object codec given an array, a number or null says an object was expected, not the inner name of the codec', () => {
    // A create's codec is named after its fields (`{ id: Uuid, channel: … }`, an id the HTTP body must not carry) or a
    // type's name (`ReportDisputeData`): neither tells the sender what to send.
    const Named = t.type({ grade: t.string }, 'RiskAssessment')
    const Together = t.intersection([t.type({ id: t.string, channel: t.string }), t.partial({ note: t.string })])
    for (const input of [[1], [], 5, 'x', null, true]) {
      expect(messages(Named, input)).toEqual([{ path: '(root)', message: 'expected an object' }])
      expect(messages(Together, input)).toEqual([{ path: '(root)', message: 'expected an object' }])
      expect(messages(t.exact(t.partial({ note: t.string })), input)).toEqual([{ path: '(root)', message: 'expected an object' }])
    }
    expect(messages(t.type({ risk: Named }), { risk: [] })).toEqual([{ path: 'risk', message: 'expected an object' }])
    // An object with a wrong field is still told the field.
    expect(messages(Named, { grade: 1 })).toEqual([{ path: 'grade', message: 'expected a string' }])
  })

  it('each failing element of an array is named by its index', () => {
    expect(messages(t.type({ n: t.number, tags: t.array(t.string) }), { n: 'x', tags: ['a', 3] })).toEqual([
      { path: 'n', message: 'expected a number' },
      { path: 'tags[1]', message: 'expected a string' },
    ])
  })

  it('text refuses blank and overlong strings', () => {
    expect(E.isRight(decode(text(5), '诉求内容'))).toBe(true)
    expect(messages(text(5), '   ')).toEqual([{ path: '(root)', message: 'expected a text of at most 5 characters with something visible in it' }])
    expect(messages(text(5), '123456')).toHaveLength(1)
  })

  it('text refuses text with nothing visible in it (zero-width, format and control characters) and control characters but tab and line breaks', () => {
    for (const blank of ['\u200b', '\u200b\u200c\u200d\u2060\ufeff', '\u0000', ' \u0000\u0001 ', '\u3164', '\u00ad\u180e']) {
      expect(messages(text(50), blank), JSON.stringify(blank)).toEqual([{ path: '(root)', message: 'expected a text of at most 50 characters with something visible in it' }])
    }
    for (const controlled of ['abc\u0000def', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\rb']) {
      expect(messages(text(50), controlled), JSON.stringify(controlled)).toEqual([{ path: '(root)', message: 'expected no control characters but tab and line breaks' }])
    }
    for (const fine of ['已电话联系', '第一行\n第二行', 'a\tb', 'Windows\r\nline', '👍', 'x\u200by']) expect(E.isRight(decode(text(50), fine)), JSON.stringify(fine)).toBe(true)
  })
})

describe('IsoTimestamp', () => {
  it('accepts timestamps with a zone', () => {
    const good = ['2026-03-01T09:30:00+08:00', '2026-03-01T01:30:00Z', '2026-03-01T01:30:00.123Z', '2026-03-01T09:30+08:00', '2024-02-29T00:00:00Z']
    expect(good.filter((s) => E.isLeft(decode(IsoTimestamp, s)))).toEqual([])
  })

  it('refuses timestamps without a zone and dates that do not exist', () => {
    const bad = ['2026-03-01T09:30:00', '2026-03-01', '2026-02-30T09:00:00+08:00', '2025-02-29T09:00:00Z', '2026-04-31T09:00:00Z', '2026-13-01T09:00:00Z', '2026-03-01T24:30:00Z', 'yesterday']
    expect(bad.filter((s) => E.isRight(decode(IsoTimestamp, s)))).toEqual([])
  })
})
