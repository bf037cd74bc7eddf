import * as t from 'io-ts'
import { IdNumber, PhoneNumber } from '../contact/index.js'
import { text } from '../kernel/codec.js'

/**
 * 诉求人 — who raised the complaint. Personal data: shown in full only on the case to roles
 * that need it; `residentId` links the resident's account when an operator files for them.
 */
const ResidentId = text(100, 'ResidentId')

export const Complainant = t.intersection(
  [t.type({ name: text(50, 'PersonName'), phone: PhoneNumber }), t.partial({ idNumber: IdNumber, residentId: ResidentId })],
  'Complainant',
)
export type Complainant = t.TypeOf<typeof Complainant>

/** A party named in a referral to mediation: a name, and a phone if known. */
export const Person = t.intersection([t.type({ name: text(50, 'PersonName') }), t.partial({ phone: PhoneNumber })], 'Person')
export type Person = t.TypeOf<typeof Person>

/** The complainant as applicant of the dispute a complaint is referred to; `residentId` lets them act there as a party. */
export const ReferralApplicant = t.intersection([Person, t.partial({ residentId: ResidentId })], 'ReferralApplicant')
export type ReferralApplicant = t.TypeOf<typeof ReferralApplicant>
