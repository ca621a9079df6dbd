/**
 * The monitoring tests' clock: NOW, and times before it. Refunds, orders and payouts come from
 * test/support/builders.ts (created an hour before NOW, payouts promised half an hour before it).
 */

export const NOW = '2026-11-26T12:00:00.000Z';

/** `hours` before NOW, as an ISO string. */
export function hoursAgo(hours: number): string {
  return new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();
}
