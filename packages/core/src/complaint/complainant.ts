import * as t from 'io-ts'
import { IdNumber, PhoneNumber } from '../contact/index.js'
import { text } from '../kernel/codec.js'

/**
 * 诉求人 — who raised the complaint. Personal data: shown in full only on the case to roles
 * that need it; `residentId` links the resident's account when an operator files for them.
 */
const ResidentId = text(100, 'ResidentId')

// Exact codecs: a field they do not declare is dropped on decoding, so it never reaches an event.
/**
 * Every field optional: a complaint may be anonymous (匿名, no contact at all: `{}` or no complainant), as a
 * 举报 often is; a name without a phone, or a phone without a name, is taken as given.
 */
export const Complainant = t.exact(
  t.partial({ name: text(50, 'PersonName'), phone: PhoneNumber, idNumber: IdNumber, residentId: ResidentId }),
  'Complainant',
)
export type Complainant = t.TypeOf<typeof Complainant>

/** A party named in a referral to mediation: a name, and a phone if known. */
const personFields = { required: { name: text(50, 'PersonName') }, optional: { phone: PhoneNumber } }
export const Person = t.exact(t.intersection([t.type(personFields.required), t.partial(personFields.optional)]), 'Person')
export type Person = t.TypeOf<typeof Person>

/** The complainant as applicant of the dispute a complaint is referred to; `residentId` lets them act there as a party. */
export const ReferralApplicant = t.exact(
  t.intersection([t.type(personFields.required), t.partial({ ...personFields.optional, residentId: ResidentId })]),
  'ReferralApplicant',
)
export type ReferralApplicant = t.TypeOf<typeof ReferralApplicant>
