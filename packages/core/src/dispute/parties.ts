import * as t from 'io-ts'
import { IdNumber, PhoneNumber } from '../contact/index.js'
import { refinedCodec, text, withJsonSchema } from '../kernel/codec.js'

/** A closed set of strings whose error lists the allowed values (`expected one of 'a' | 'b'`). */
export const oneOf = <V extends string>(values: readonly V[]): t.KeyofC<{ [K in V]: null }> =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in V]: null })

export const PARTY_SIDES = ['applicant', 'respondent'] as const
export const PartySide = oneOf(PARTY_SIDES)
export type PartySide = t.TypeOf<typeof PartySide>

export const PartyName = text(100, 'PartyName')

/**
 * 当事人: who they are, which side, how to reach them; `residentId` links a resident's account.
 * Exact: a field it does not declare is dropped on decoding, so it never reaches an event.
 */
export const Party = t.exact(
  t.intersection([
    t.type({ side: PartySide, name: PartyName }),
    t.partial({ phone: PhoneNumber, idNumber: IdNumber, address: text(200, 'Address'), residentId: text(100, 'ResidentId') }),
  ]),
  'Party',
)
export type Party = t.TypeOf<typeof Party>

const PartyList = t.array(Party)

/** Why a list of parties cannot open a case, or undefined when it can. */
const problemWith = (parties: readonly Party[]): string | undefined => {
  if (!parties.some((p) => p.side === 'applicant')) return 'expected at least one applicant'
  if (!parties.some((p) => p.side === 'respondent')) return 'expected at least one respondent'
  const names = parties.map((p) => p.name.trim())
  const repeated = names.find((n, i) => names.indexOf(n) !== i)
  return repeated === undefined ? undefined : `expected distinct party names (${repeated} appears twice): commands name parties by name`
}

/** The parties of a dispute: at least one applicant and one respondent, names distinct. */
const hasSide = (side: PartySide) => ({ contains: { type: 'object', properties: { side: { const: side } }, required: ['side'] } })
export const Parties = withJsonSchema(
  refinedCodec('Parties', PartyList, (parties) => {
    const problem = problemWith(parties)
    return problem === undefined ? undefined : { message: problem }
  }),
  // Distinct names are the codec's.
  { type: 'array', minItems: 2, allOf: [hasSide('applicant'), hasSide('respondent')] },
)

/** Is `name` one of the parties? */
export const hasParty = (parties: readonly Party[], name: string): boolean => parties.some((p) => p.name === name)

/** The party a resident's account stands for, if any. */
export const partyOfResident = (parties: readonly Party[], residentId: string): Party | undefined =>
  parties.find((p) => p.residentId === residentId)
