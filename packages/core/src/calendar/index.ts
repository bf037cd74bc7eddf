export { chineseWorkdays, naturalDays, type Calendar } from './calendar.js'
export {
  addHours,
  addLocalDays,
  addNaturalDays,
  addWorkingDays,
  daysBetween,
  endOfLocalDay,
  isBefore,
  localDate,
  toChinaIso,
  weekdayOf,
  workingDaysBetween,
} from './dates.js'
