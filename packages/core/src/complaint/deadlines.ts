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
  /**
   * 派单时限 — the dispatcher (the hotline's 分办) sends the case to a handling unit within this: counted from acceptance,
   * or from registration where `dispatchFrom` says so, and again from each 退单 (the case is back with the dispatcher).
   * Met by the dispatch (派单). Absent: no dispatch deadline (a policy a deployment wrote before this existed).
   */
  readonly dispatchWithin?: Span
  /** Where `dispatchWithin` counts from on the first dispatch (default `acceptance`); after a 退单 it counts from the return. */
  readonly dispatchFrom?: 'registration' | 'acceptance'
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

/**
 * The 12345 dispatch deadline (派单时限) is the product's default, not a statute: we found no length for the hotline's
 * own 派单 in 国办发〔2020〕53号 (优化地方政务服务便民热线) nor in 北京市接诉即办工作条例 (2021), which ask for prompt,
 * accurate dispatch (精准派单) to the unit whose duty it is; local 12345 rules differ, and the ones we read set the
 * units' times (签收, 办结), not the dispatcher's. A hotline expects its 分办
 * within a couple of hours of acceptance, an urgent case (突发事件, 水电气热) at once: 2 hours normal, 30 minutes
 * urgent, counted in clock hours (the hotline answers around the clock). A deployment sets its own per category ×
 * urgency (`ComplaintConfig.policies`) or for the two standard policies (GRIDCASE_DISPATCH_WITHIN, docs/calendar.md).
 */
export const STANDARD_DISPATCH_WITHIN: Readonly<Record<'normal' | 'urgent', Span>> = {
  normal: { unit: 'hours', amount: 2 },
  urgent: { unit: 'hours', amount: 0.5 },
}

/** Defaults for urgent cases: dispatch within 30 minutes of acceptance (the product's default), acknowledge within 2 hours, result within 3 working days. */
export const urgentPolicy: DeadlinePolicy = {
  name: 'standard-urgent',
  dispatchWithin: STANDARD_DISPATCH_WITHIN.urgent,
  acknowledgeWithin: { unit: 'hours', amount: 2 },
  resultWithin: { unit: 'working-days', amount: 3 },
  resultFrom: 'dispatch',
  maxExtension: { unit: 'working-days', amount: 3 },
}

/** Defaults for normal cases: dispatch within 2 hours of acceptance (the product's default), acknowledge within 24 hours, result within 15 working days. */
export const normalPolicy: DeadlinePolicy = {
  name: 'standard-normal',
  dispatchWithin: STANDARD_DISPATCH_WITHIN.normal,
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
 *
 * 派单: art. 22 — the 信访部门 registers a matter it receives and, within 15 days, forwards it to the body with the power
 * to handle it (转送) or assigns it (交办) ("收到信访事项，应当予以登记，并区分情况，在15日内分别按照下列方式处理"): a
 * dispatch deadline of 15 days from receipt, counted here from registration, a statutory period as the others. (Art. 22
 * in the 条例 as published, para. 1 (一)–(三); art. 21 is the 信访信息系统.) After a 退单 the
 * matter is back with the 信访部门, which forwards it again: 15 days from the return (the 条例 says nothing of returns;
 * counting the article's period again from the day the matter came back is this product's reading).
 */
export const petitionPolicy: DeadlinePolicy = {
  name: 'petition',
  acceptWithin: { unit: 'statutory-days', amount: 15 },
  dispatchWithin: { unit: 'statutory-days', amount: 15 },
  dispatchFrom: 'registration',
  acknowledgeWithin: { unit: 'hours', amount: 24 },
  resultWithin: { unit: 'statutory-days', amount: 60 },
  resultFrom: 'acceptance',
  maxExtension: { unit: 'statutory-days', amount: 30 },
}

/** The dispatch deadlines a deployment sets for the two standard (12345) policies, by urgency (either or both). */
export type DispatchSpans = Readonly<Partial<Record<'normal' | 'urgent', Span>>>

const DISPATCH_WITHIN_FORMAT = 'expected normal=<n>h and/or urgent=<n>h (hours, or <n>m minutes), comma-separated, n a whole number, at most 72 hours (e.g. normal=2h,urgent=30m)'

/**
 * `GRIDCASE_DISPATCH_WITHIN`: the dispatch deadline (派单时限) of the standard policies, `normal=<n>h,urgent=<n>m` — the
 * product's defaults (`STANDARD_DISPATCH_WITHIN`) stand for an urgency it does not name. Clock hours, as the defaults.
 */
export const parseDispatchWithin = (raw: string): { readonly spans: DispatchSpans } | { readonly error: string } => {
  const spans: Partial<Record<'normal' | 'urgent', Span>> = {}
  for (const part of raw.split(',')) {
    const m = /^\s*(normal|urgent)\s*=\s*([1-9][0-9]*)\s*(h|m)\s*$/.exec(part)
    const hours = m === null ? 0 : Number(m[2]) / (m[3] === 'h' ? 1 : 60)
    const urgency = m?.[1] as 'normal' | 'urgent' | undefined
    if (m === null || urgency === undefined || hours > 72 || spans[urgency] !== undefined) return { error: `${DISPATCH_WITHIN_FORMAT}; got '${raw}'` }
    spans[urgency] = { unit: 'hours', amount: hours }
  }
  return { spans }
}

/** The standard policies with a deployment's dispatch deadlines (`parseDispatchWithin`); the rest as shipped. */
export const standardPoliciesWith = (spans: DispatchSpans): Readonly<Record<'normal' | 'urgent', DeadlinePolicy>> => ({
  normal: spans.normal === undefined ? normalPolicy : { ...normalPolicy, dispatchWithin: spans.normal },
  urgent: spans.urgent === undefined ? urgentPolicy : { ...urgentPolicy, dispatchWithin: spans.urgent },
})
