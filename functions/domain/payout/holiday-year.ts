/** The shape of published holiday data (./holidays-cn.ts), read by the business calendar (./calendar.ts). */

/** A calendar date in CST, `YYYY-MM-DD`. */
export type CstDate = string;

/** One year of holiday data as published: holiday ranges (inclusive) and weekend days that are working days (调休). */
export interface HolidayYear {
  year: number;
  /** True while the year's official notice is not yet published and the dates are our guess. */
  estimate: boolean;
  holidays: readonly (readonly [CstDate, CstDate])[];
  workingWeekendDays: readonly CstDate[];
}
