import type { FieldError } from '../kernel/errors.js'
import type { Signature } from './commands.js'
import type { Party } from './parties.js'

/** What an agreement's form and dates are checked from. */
export interface AgreementDates {
  readonly form: 'written' | 'oral'
  readonly signatures?: readonly Signature[]
  readonly mediatorSignedOn?: string
  readonly reachedOn?: string
}

/**
 * Why an agreement's signatures and dates cannot stand (each a field error under `prefix`), or none. 人民调解法
 * art. 29: a written agreement is signed by every party and the mediator and takes effect that day; art. 30: an
 * oral one takes effect the day it is reached — entered, not assumed. Every date lies between the day the dispute
 * was reported and the day the agreement is recorded (`today`).
 */
export const agreementProblems = (
  agreement: AgreementDates,
  parties: readonly Party[],
  reportedOn: string | undefined,
  today: string,
  prefix = '',
): FieldError[] => {
  const at = (field: string) => `${prefix}${field}`
  const outOfRange = (date: string): string | undefined =>
    date > today
      ? `expected a date no later than ${today}, the day it is recorded`
      : reportedOn !== undefined && date < reportedOn
        ? `expected a date no earlier than ${reportedOn}, the day the dispute was reported`
        : undefined
  const { form, signatures, mediatorSignedOn, reachedOn } = agreement
  if (form === 'oral') {
    if (signatures !== undefined || mediatorSignedOn !== undefined) {
      return [{ path: at(signatures !== undefined ? 'signatures' : 'mediatorSignedOn'), message: 'expected none on an oral agreement' }]
    }
    if (reachedOn === undefined) return [{ path: at('reachedOn'), message: 'is required for an oral agreement: the day it was reached' }]
    const wrong = outOfRange(reachedOn)
    return wrong === undefined ? [] : [{ path: at('reachedOn'), message: wrong }]
  }
  const given = signatures ?? []
  const errors: FieldError[] = []
  if (reachedOn !== undefined) errors.push({ path: at('reachedOn'), message: 'expected none on a written agreement: it takes effect when the last party signs' })
  given.forEach((s, i) => {
    if (!parties.some((p) => p.name === s.party)) errors.push({ path: at(`signatures[${i}].party`), message: 'expected the name of a party' })
    // Each party signs once: a second entry would decide, by its date, the day the agreement took effect.
    else if (given.findIndex((o) => o.party === s.party) < i) errors.push({ path: at(`signatures[${i}].party`), message: `expected each party once: ${s.party} is listed before` })
    const wrong = outOfRange(s.signedOn)
    if (wrong !== undefined) errors.push({ path: at(`signatures[${i}].signedOn`), message: wrong })
  })
  const missing = parties.filter((p) => !given.some((s) => s.party === p.name)).map((p) => p.name)
  if (missing.length > 0) errors.push({ path: at('signatures'), message: `expected every party's signature; missing ${missing.join(', ')}` })
  if (mediatorSignedOn === undefined) errors.push({ path: at('mediatorSignedOn'), message: 'is required for a written agreement' })
  else {
    const wrong = outOfRange(mediatorSignedOn)
    if (wrong !== undefined) errors.push({ path: at('mediatorSignedOn'), message: wrong })
  }
  return errors
}
