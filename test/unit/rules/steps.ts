/** Given-steps shared by the rules tests: a plain application that each test changes only where it matters. */
import type { AssessmentInput } from '../../../functions/domain/rules/index.ts';

export const NOW = '2026-03-10T12:00:00.000Z';

/** An ISO time `hours` before NOW. */
export function hoursAgo(hours: number): string {
  return new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();
}

/** A low-risk, mid-tier buyer returning 129.00 CNY of general goods delivered two days ago. */
export function application(overrides: Partial<AssessmentInput> = {}): AssessmentInput {
  return {
    scenario: 'DELIVERED',
    reason: 'NO_LONGER_NEEDED',
    category: 'GENERAL',
    amount: 12900,
    now: NOW,
    deliveredAt: hoursAgo(48),
    buyer: { creditScore: 650, accountCreatedAt: '2024-01-01T00:00:00.000Z', orderCount90d: 10, refundCount90d: 1 },
    ...overrides,
  };
}

/** A buyer whose history alone makes them high risk. */
export const RISKY_BUYER = {
  creditScore: 900,
  accountCreatedAt: hoursAgo(24),
  orderCount90d: 10,
  refundCount90d: 9,
  refundsLast24h: 4,
};

export const TRUSTED_BUYER = {
  creditScore: 900,
  accountCreatedAt: '2020-01-01T00:00:00.000Z',
  orderCount90d: 20,
  refundCount90d: 1,
};
