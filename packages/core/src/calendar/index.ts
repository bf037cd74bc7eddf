export { CHINESE_WORKDAYS, chineseCalendar, chineseWorkdays, naturalDays, type Calendar, type ChineseCalendar, type YearSource } from './calendar.js'
export {
  addHours,
  addLocalDays,
  addNaturalDays,
  addStatutoryDays,
  addStatutoryMonths,
  addStatutoryYears,
  addWorkingDays,
  daysBetween,
  deadlineClosesMs,
  endOfLocalDay,
  isBefore,
  localDate,
  toChinaIso,
  weekdayOf,
  withinDeadline,
  workingDaysBetween,
} from './dates.js'
export { FESTIVAL_NAMES, FESTIVAL_YEARS, festivalDays, qingmingOf, springFestivalOf, type FestivalDay, type FestivalName } from './festivals.js'
export { HolidayScheduleData, scheduleFromCsv, scheduleFromJson, scheduleToCsv, type HolidaySchedule } from './schedule.js'
export { SHIPPED } from './shipped.js'
export { CalendarStamp, changeOf, COUNTINGS, countDays, countedOf, DeadlineChange, inHours, recount, recounted, spanStampOf, stampOf, type Counted, type Counting } from './stamp.js'
export {
  CALENDAR_REBASE_COMPLETED,
  CALENDAR_STREAM,
  CalendarRebaseCompletedData,
  calendarLogOf,
  HOLIDAY_SCHEDULE_LOADED,
  HolidayScheduleLoadedData,
  staleStamps,
  stampsOf,
  type CalendarLog,
  type RebaseDueInLog,
} from './log.js'
