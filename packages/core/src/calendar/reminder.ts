import * as t from 'io-ts'
import { text } from '../kernel/codec.js'
import { IsoTimestamp } from '../kernel/meta.js'

/** 临期预警 (due soon: little of the time given is left) and 超期 (the deadline has passed). */
export const REMINDERS = ['due-soon', 'overdue'] as const
export type Reminder = (typeof REMINDERS)[number]

/**
 * A reminder the scheduler records on a case because time passed: which deadline (its kind, as the overdue list
 * names it: accept, acknowledge, result, arrival, mediation, confirmation, court-accept, court-decide, receipt, dispatch), the
 * instant it falls, and which reminder. One per (kind, deadline, reminder): the command id is derived from them.
 */
export const DeadlineReminderData = t.exact(
  t.type({ kind: text(40, 'DeadlineKind'), deadline: IsoTimestamp, reminder: t.keyof({ 'due-soon': null, overdue: null }, 'Reminder') }),
  'DeadlineReminderData',
)
export type DeadlineReminderData = t.TypeOf<typeof DeadlineReminderData>
