import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { DomainError } from '../kernel/errors.js'
import { CREATE, decodeCommand } from '../pipeline/execute.js'
import { actors, CASE_ID, DISPUTE_ID, meta, registration, units } from './fixtures.js'
import { complaint } from './index.js'

// Malformed complaint data is refused where every command is decoded, once: the pipeline's `decodeCommand`,
// which `execute` and the HTTP route call. (These cases were asserted on `decide` when it decoded data again.)
const decoded = (route: string, data: unknown): E.Either<DomainError, unknown> =>
  decodeCommand(complaint, CASE_ID, route, data, meta(actors.operator, '2026-03-02T09:00:00+08:00'))

const errorsOf = (route: string, data: unknown) => {
  const result = decoded(route, data)
  if (E.isRight(result)) throw new Error(`${route}: expected a validation error, got a command`)
  if (result.left.code !== 'validation') throw new Error(`${route}: expected a validation error, got ${result.left.code}`)
  return result.left.errors
}
const pathsOf = (route: string, data: unknown): readonly string[] => errorsOf(route, data).map((e) => e.path)

describe('complaint commands are decoded at the edge, each fault named by its field', () => {
  it('register: a bad phone or id number, and a category the deployment does not have', () => {
    const bad = { ...registration(), category: 'weather', complainant: { name: '李四', phone: '12345', idNumber: '150102199001011235' } }
    expect(pathsOf(CREATE, bad).slice().sort()).toEqual(['category', 'complainant.idNumber', 'complainant.phone'])
  })

  it('register: photos that are not sha-256 hashes, one twice or more than 20; a map point off the globe; an onTheSpot without its result', () => {
    const hash = (n: number) => n.toString(16).padStart(64, '0')
    expect(pathsOf(CREATE, { ...registration(), photos: ['ABC'] })).toEqual(['photos[0]'])
    expect(pathsOf(CREATE, { ...registration(), photos: [hash(1), hash(1)] })).toEqual(['photos'])
    expect(pathsOf(CREATE, { ...registration(), photos: Array.from({ length: 21 }, (_, i) => hash(i)) })).toEqual(['photos'])
    expect(pathsOf(CREATE, { ...registration(), location: { longitude: 200, latitude: 40 } })).toEqual(['location.longitude'])
    expect(pathsOf(CREATE, { ...registration(), source: 'rumour' })).toEqual(['source'])
    expect(pathsOf(CREATE, { ...registration(), onTheSpot: { photos: [] } })).toEqual(['onTheSpot.result'])
    expect(pathsOf(CREATE, { ...registration(), onTheSpot: { result: '已处理', extra: 1 } })).toEqual(['onTheSpot.extra'])
  })

  it('rate-department-help: a rating off the scale, no comment; report-department-part: no report', () => {
    expect(pathsOf('rate-department-help', { unitId: 'x', rating: 'great' }).slice().sort()).toEqual(['comment', 'rating'])
    expect(pathsOf('report-department-part', { unitId: 'x' })).toEqual(['report'])
  })

  it('register: an id that is not a uuid', () => {
    expect(pathsOf(CREATE, { ...registration(), id: 'not-a-uuid' })).toEqual(['id'])
  })

  it('reject: a blank reason', () => {
    expect(pathsOf('reject', { reason: '  ' })).toEqual(['reason'])
  })

  it('dispatch: a unit whose level does not match its area', () => {
    expect(pathsOf('dispatch', { unit: { ...units.street, level: 'district' } })).toEqual(['unit.level'])
  })

  it('summon-departments: no departments, or a unit without a department', () => {
    expect(pathsOf('summon-departments', { departments: [], reason: 'x' })).toEqual(['departments'])
    expect(pathsOf('summon-departments', { departments: [units.district], reason: 'x' })).toEqual(['departments[0].department'])
  })

  it('request-extension: zero days', () => {
    expect(pathsOf('request-extension', { days: 0, reason: 'x' })).toEqual(['days'])
  })

  it('submit-result: an unknown outcome', () => {
    expect(pathsOf('submit-result', { result: 'x', outcome: 'done' })).toEqual(['outcome'])
  })

  it('return: no reason', () => {
    expect(pathsOf('return', {})).toEqual(['reason'])
  })

  it('notify-complainant: an unknown method', () => {
    expect(pathsOf('notify-complainant', { method: 'pigeon' })).toEqual(['method'])
  })

  it('evaluate: an unknown rating', () => {
    expect(pathsOf('evaluate', { rating: 'great' })).toEqual(['rating'])
  })

  it('merge: a primary id that is not a uuid', () => {
    expect(pathsOf('merge', { primaryId: '42' })).toEqual(['primaryId'])
  })

  it('add-note: an empty note', () => {
    expect(pathsOf('add-note', { note: '' })).toEqual(['note'])
  })

  describe('refer-to-mediation', () => {
    const referral = { disputeId: DISPUTE_ID, disputeCategory: 'neighbour', respondents: [{ name: '赵六', phone: '13700001111' }], summary: '楼上漏水纠纷' }

    it('a well-formed referral decodes', () => {
      expect(E.isRight(decoded('refer-to-mediation', referral))).toBe(true)
    })

    it('no respondent, a bad phone or a bad dispute id', () => {
      const bad = { ...referral, disputeId: 'x', respondents: [{ name: '赵六', phone: '1' }] }
      expect(pathsOf('refer-to-mediation', bad).slice().sort()).toEqual(['disputeId', 'respondents[0].phone'])
      expect(pathsOf('refer-to-mediation', { ...referral, respondents: [] })).toEqual(['respondents'])
    })

    it('a category the dispute does not have, naming the ones it does', () => {
      expect(errorsOf('refer-to-mediation', { ...referral, disputeCategory: '邻里' })).toEqual([
        { path: 'disputeCategory', message: "expected one of 'neighbour', 'family', 'property', 'medical', 'campus', 'labour', 'land', 'consumer', 'other'" },
      ])
    })

    it('a summary longer than the dispute takes', () => {
      expect(pathsOf('refer-to-mediation', { ...referral, summary: '漏'.repeat(4001) })).toEqual(['summary'])
    })
  })
})
