/**
 * Mainland China public holidays and adjusted working days (调休), as data for the business-day calendar.
 *
 * Source: the State Council General Office notices on public-holiday arrangements (国务院办公厅关于…部分节假日安排的通知).
 * Dates are CST calendar dates (YYYY-MM-DD). Ranges are inclusive. Update this file each November when the next
 * year's notice is published; years not listed here fall back to weekends only (see
 * `BusinessCalendar.coveredYears`, which callers can check to warn).
 */
import type { HolidayYear } from './holiday-year.ts';

/**
 * 2026: the State Council notice published in November 2025, under the rules revised in 2024 (13 statutory days:
 * Spring Festival eve plus days 1–3, Labour Day May 1–2).
 */
const CN_2026: HolidayYear = {
  year: 2026,
  estimate: false,
  holidays: [
    ['2026-01-01', '2026-01-03'], // 元旦
    ['2026-02-15', '2026-02-23'], // 春节 (腊月二十八 to 正月初七)
    ['2026-04-04', '2026-04-06'], // 清明节
    ['2026-05-01', '2026-05-05'], // 劳动节
    ['2026-06-19', '2026-06-21'], // 端午节
    ['2026-09-25', '2026-09-27'], // 中秋节
    ['2026-10-01', '2026-10-07'], // 国庆节
  ],
  workingWeekendDays: [
    '2026-01-04', // Sunday, after New Year
    '2026-02-14', // Saturday, before Spring Festival
    '2026-02-28', // Saturday, after Spring Festival
    '2026-05-09', // Saturday, after Labour Day
    '2026-09-20', // Sunday, before National Day
    '2026-10-10', // Saturday, after National Day
  ],
};

/**
 * 2027: ESTIMATE. The official notice is normally published in November of the year before; it was not known when
 * this file was written. Festival dates are astronomical/lunar facts (Spring Festival Sat 6 Feb, Qingming Mon 5 Apr,
 * Dragon Boat Wed 9 Jun, Mid-Autumn Wed 15 Sep); the bridge days and 调休 Saturdays/Sundays are our best guess from
 * the 2025 rules and from 2021, which has the same weekday layout. Replace with the notice and set `estimate: false`.
 */
const CN_2027: HolidayYear = {
  year: 2027,
  estimate: true,
  holidays: [
    ['2027-01-01', '2027-01-03'], // 元旦 (Fri–Sun, no 调休): near certain
    ['2027-02-05', '2027-02-13'], // 春节 (除夕 Fri 5 Feb to Sat 13 Feb, 9 days): estimate
    ['2027-04-03', '2027-04-05'], // 清明节 (Sat–Mon): near certain
    ['2027-05-01', '2027-05-05'], // 劳动节 (Sat–Wed): estimate
    ['2027-06-09', '2027-06-09'], // 端午节 (Wednesday; one day assumed, no 调休): estimate
    ['2027-09-15', '2027-09-15'], // 中秋节 (Wednesday; one day assumed, no 调休): estimate
    ['2027-10-01', '2027-10-07'], // 国庆节 (Fri–Thu, as in 2021): estimate
  ],
  workingWeekendDays: [
    '2027-02-14', // Sunday after Spring Festival: estimate
    '2027-02-20', // Saturday after Spring Festival: estimate
    '2027-05-08', // Saturday after Labour Day: estimate
    '2027-09-26', // Sunday before National Day (as in 2021): estimate
    '2027-10-09', // Saturday after National Day (as in 2021): estimate
  ],
};

/** The years shipped with the product, oldest first. */
export const CN_MAINLAND_HOLIDAYS: readonly HolidayYear[] = [CN_2026, CN_2027];
