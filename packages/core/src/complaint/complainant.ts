import * as t from 'io-ts'
import { IdNumber, PhoneNumber } from '../contact/index.js'
import { text } from '../kernel/codec.js'

/**
 * 诉求人 — who raised the complaint. Personal data: shown in full only on the case to roles
 * that need it; `residentId` links the resident's account when an operator files for them.
 */
export const Complainant = t.intersection(
  [t.type({ name: text(50, 'PersonName'), phone: PhoneNumber }), t.partial({ idNumber: IdNumber, residentId: text(100, 'ResidentId') })],
  'Complainant',
)
export type Complainant = t.TypeOf<typeof Complainant>

/** A party named in a referral to mediation: a name, and a phone if known. */
export const Person = t.intersection([t.type({ name: text(50, 'PersonName') }), t.partial({ phone: PhoneNumber })], 'Person')
export type Person = t.TypeOf<typeof Person>
