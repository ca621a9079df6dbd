/**
 * The scorecard with in-memory ports: the merchant's actions move its month's counters where they happen, a
 * merchant with a poor last month gets a shorter deadline recorded as a rule on the assessment (and keeps it on a
 * retried assessment), and reading is the merchant's own or finance's, one month's list a page at a time.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { assessRefund } from '../../../functions/app/assess-refund.ts';
import { decideAsMerchant } from '../../../functions/app/decide-as-merchant.ts';
import { holdWait } from '../../../functions/app/hold-wait.ts';
import { recordOrder } from '../../../functions/app/record-order.ts';
import { type MerchantScorecard, readScorecard, type ScorecardList } from '../../../functions/app/scorecard.ts';
import { newRefund } from '../../../functions/domain/application.ts';
import { Forbidden, ValidationFailed } from '../../../functions/domain/errors.ts';
import { SCORECARD_RULES } from '../../../functions/domain/scorecard/index.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-12-02T02:00:00.000Z';
const HOUR = 3600;
const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const FINANCE = { sub: 'f-1', role: 'finance' as const };
const noReviews = new Proxy({} as ReviewStore, {
  get: () => () => Promise.reject(new Error('no review task expected')),
});

let ports: ReturnType<typeof fakePorts>;
beforeEach(() => {
  ports = fakePorts({ now: NOW });
});

/** Files `n` of a count under a month for a merchant, as the use cases would have over it. */
async function given(merchantId: string, month: string, count: 'asked' | 'timedOut' | 'answered', n: number) {
  for (let i = 0; i < n; i++)
    await ports.scorecards.add(merchantId, month, count, count === 'answered' ? 600 : undefined);
}

/** A submitted refund on a parcel in transit, which the rules give to the merchant (IN_TRANSIT.INTERCEPT). */
async function aSubmittedInTransitRefund(refundId: string) {
  const { order } = await recordOrder(ports, {
    orderId: `o-${refundId}`,
    userId: 'u-1',
    merchantId: 'm-1',
    currency: 'CNY',
    paidAmount: 12_900,
    paymentMethod: 'ALIPAY',
    paidAt: '2026-11-28T10:00:00.000Z',
    items: [{ sku: 'tea', name: 'Longjing tea', category: 'GENERAL', unitPrice: 12_900, quantity: 1 }],
    fulfillment: { status: 'IN_TRANSIT', carrier: 'SF', trackingNumber: 'SF1234567890123', shippedAt: NOW },
  });
  const refund = newRefund(
    refundId,
    order,
    'u-1',
    { orderId: order.orderId, reason: 'NO_LONGER_NEEDED' },
    NOW,
    ports.policy,
  );
  await ports.store.createRefund(refund, order);
}

describe("a merchant's actions", () => {
  it('are counted in the China month they happen in: orders, requests, answers with their time, timeouts', async () => {
    const deps = { ...ports, reviews: noReviews };
    await aSubmittedInTransitRefund('rf-0');
    await aDeliveredRefundWaiting(ports, { refundId: 'rf-1' });
    await holdWait(deps, { refundId: 'rf-1', wait: 'MERCHANT_REVIEW', timeoutSeconds: 60, taskToken: 't-1' });
    ports.clock.advance(30 * 60_000);
    await decideAsMerchant(deps, MERCHANT, { refundId: 'rf-1', decision: 'REJECT', reason: 'used' });
    await aDeliveredRefundWaiting(ports, { refundId: 'rf-2' });
    await holdWait(deps, { refundId: 'rf-2', wait: 'MERCHANT_REVIEW', timeoutSeconds: 60, taskToken: 't-2' });
    await applyTimeout(deps, { refundId: 'rf-2', wait: 'MERCHANT_REVIEW' });

    const card = (await readScorecard(ports, MERCHANT, {})) as MerchantScorecard;
    expect(card).toMatchObject({
      merchantId: 'm-1',
      from: '2026-12',
      to: '2026-12',
      // One order through recordOrder (the given-step puts the other two straight into the store).
      counts: { orders: 1, asked: 2, answered: 1, timedOut: 1 },
      timeoutRate: { value: 0.5, count: 1, of: 2 },
      medianResponseSeconds: { answered: 1 },
    });
    // Half an hour sits in the 15–30 minute bucket: the median of one answer is interpolated within it.
    expect(card.medianResponseSeconds.value).toBeGreaterThan(900);
    expect(card.medianResponseSeconds.value).toBeLessThanOrEqual(1800);
  });
});

describe('a merchant with a poor last month', () => {
  it("gets 12 h instead of 24 h to answer, recorded as a rule on the refund's decision", async () => {
    await given('m-1', '2026-11', 'asked', 40);
    await given('m-1', '2026-11', 'timedOut', 8);
    await aSubmittedInTransitRefund('rf-9');
    const step = await assessRefund(ports, 'rf-9');
    expect(step).toEqual({ outcome: 'MERCHANT_REVIEW', timeoutSeconds: 12 * HOUR });

    const refund = await ports.store.getRefund('rf-9');
    expect(refund?.decision?.rules).toEqual(['IN_TRANSIT.INTERCEPT', SCORECARD_RULES.SHORTER_DEADLINE]);
    expect(refund?.decision?.inputs).toMatchObject({ merchantTier: 'POOR', merchantResponseSeconds: 12 * HOUR });
    expect(refund?.nextStep?.dueBy).toBe(new Date(Date.parse(NOW) + 12 * HOUR * 1000).toISOString());
    // A retried Assess continues with the merchant's own deadline, not the policy's.
    expect(await assessRefund(ports, 'rf-9')).toEqual(step);

    const card = (await readScorecard(ports, MERCHANT, {})) as MerchantScorecard;
    expect(card.terms).toMatchObject({
      tier: 'POOR',
      because: [{ metric: 'timeoutRate', test: 'ABOVE', limit: 0.1, value: 0.2 }],
      consequences: [{ rule: SCORECARD_RULES.SHORTER_DEADLINE, seconds: 12 * HOUR, insteadOf: 24 * HOUR }],
    });
  });

  it('is not judged at all below the minimum volume: the policy deadline stands, no scorecard rule', async () => {
    await given('m-1', '2026-11', 'asked', 5);
    await given('m-1', '2026-11', 'timedOut', 5);
    await aSubmittedInTransitRefund('rf-8');
    expect(await assessRefund(ports, 'rf-8')).toEqual({ outcome: 'MERCHANT_REVIEW', timeoutSeconds: 24 * HOUR });
    expect((await ports.store.getRefund('rf-8'))?.decision?.rules).toEqual(['IN_TRANSIT.INTERCEPT']);
  });
});

describe('reading scorecards', () => {
  it('refuses a merchant naming another merchant (403) and paging the finance list (400)', async () => {
    await expect(readScorecard(ports, MERCHANT, { merchantId: 'm-2' })).rejects.toBeInstanceOf(Forbidden);
    await expect(readScorecard(ports, MERCHANT, { limit: 5 })).rejects.toBeInstanceOf(ValidationFailed);
    expect(((await readScorecard(ports, MERCHANT, { merchantId: 'm-1' })) as MerchantScorecard).merchantId).toBe('m-1');
  });

  it("lets finance read any merchant's, and list one month's merchants a page at a time", async () => {
    for (const m of ['m-a', 'm-b', 'm-c']) await given(m, '2026-11', 'asked', 1);
    const one = (await readScorecard(ports, FINANCE, { merchantId: 'm-b', from: '2026-11' })) as MerchantScorecard;
    expect(one.counts.asked).toBe(1);
    const first = (await readScorecard(ports, FINANCE, { from: '2026-11', limit: 2 })) as ScorecardList;
    expect(first.items.map((c) => c.merchantId)).toEqual(['m-a', 'm-b']);
    const second = (await readScorecard(ports, FINANCE, {
      from: '2026-11',
      limit: 2,
      cursor: first.cursor,
    })) as ScorecardList;
    expect(second).toMatchObject({ items: [{ merchantId: 'm-c' }] });
    expect(second.cursor).toBeUndefined();
    await expect(readScorecard(ports, FINANCE, { from: '2026-10', to: '2026-11' })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
  });
});
