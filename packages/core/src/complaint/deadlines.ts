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
 * 信访 (信访工作条例, 2022-05-01): decide whether to accept within 15 days of receipt — art. 23 para. 2 (a matter put
 * directly: "应当自收到信访事项之日起15日内书面告知信访人") and para. 3 (one forwarded or assigned: "自收到之日起15日内
 * 书面告知信访人接收情况以及处理途径和程序"; art. 44(三) calls it "书面告知信访人是否受理信访事项"), counted here from
 * registration, the day the hotline received it; handle within 60 days of acceptance, extended at most 30 days — art. 34
 * ("应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，
 * 并告知信访人延期理由"), for the matters of art. 31(六). (Arts. 24, 32 and 33, once cited here, set no time limit:
 * they are joint acceptance, the 信访处理意见书 and mediation within a 申诉求决 matter.) The 条例 counts these in 日 (it
 * says 工作日 where it means working days: art. 23 para. 3), so they are statutory periods: counted per 民法典
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
