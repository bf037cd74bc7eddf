import { addHours, addNaturalDays, addStatutoryDays, addWorkingDays } from '../calendar/dates.js'
import type { Calendar } from '../calendar/calendar.js'

/** A length of time as a deadline rule states it. */
export type Span =
  | { readonly unit: 'hours'; readonly amount: number }
  | { readonly unit: 'working-days'; readonly amount: number }
  | { readonly unit: 'natural-days'; readonly amount: number }
  /** A statutory period (期间, 民法典 arts. 200–203): natural days, a last day on a holiday moves to the next working day. */
  | { readonly unit: 'statutory-days'; readonly amount: number }

/** An extension is counted in days, working or natural. */
export type DaySpan = Extract<Span, { unit: 'working-days' | 'natural-days' | 'statutory-days' }>

/**
 * 办理时限 — the deadlines of one kind of case. The result window runs from dispatch (12345
 * practice) or from acceptance (信访: handle within 60 days of acceptance).
 */
export interface DeadlinePolicy {
  readonly name: string
  /** 受理时限 — decide accept-or-reject within this, from registration. */
  readonly acceptWithin?: Span
  /** 签收/响应时限, from dispatch. */
  readonly acknowledgeWithin: Span
  /** 办结时限. */
  readonly resultWithin: Span
  readonly resultFrom: 'dispatch' | 'acceptance'
  /** The longest single extension (延期); requests count days in this unit. */
  readonly maxExtension: DaySpan
}

/** The instant a span after `from` ends; day spans end at 23:59:59 China time of their last day. */
export const deadlineAfter = (from: string, span: Span, calendar: Calendar): string => {
  switch (span.unit) {
    case 'hours':
      return addHours(from, span.amount)
    case 'working-days':
      return addWorkingDays(from, span.amount, calendar)
    case 'natural-days':
      return addNaturalDays(from, span.amount)
    case 'statutory-days':
      return addStatutoryDays(from, span.amount, calendar)
  }
}

/** Defaults for urgent cases: acknowledge within 2 hours, result within 3 working days. */
export const urgentPolicy: DeadlinePolicy = {
  name: 'standard-urgent',
  acknowledgeWithin: { unit: 'hours', amount: 2 },
  resultWithin: { unit: 'working-days', amount: 3 },
  resultFrom: 'dispatch',
  maxExtension: { unit: 'working-days', amount: 3 },
}

/** Defaults for normal cases: acknowledge within 24 hours, result within 15 working days. */
export const normalPolicy: DeadlinePolicy = {
  name: 'standard-normal',
  acknowledgeWithin: { unit: 'hours', amount: 24 },
  resultWithin: { unit: 'working-days', amount: 15 },
  resultFrom: 'dispatch',
  maxExtension: { unit: 'working-days', amount: 15 },
}

/**
 * 信访 (信访工作条例 2022 arts. 24, 32, 33): decide whether to accept within 15 days, handle within 60
 * days of acceptance, one extension of at most 30 days. They are statutory periods: counted per 民法典
 * arts. 200–203 (a last day on a holiday moves to the next working day). Acknowledgement as for a normal case.
 */
export const petitionPolicy: DeadlinePolicy = {
  name: 'petition',
  acceptWithin: { unit: 'statutory-days', amount: 15 },
  acknowledgeWithin: { unit: 'hours', amount: 24 },
  resultWithin: { unit: 'statutory-days', amount: 60 },
  resultFrom: 'acceptance',
  maxExtension: { unit: 'statutory-days', amount: 30 },
}
