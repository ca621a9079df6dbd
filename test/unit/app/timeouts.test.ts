/**
 * Waits that run out, with in-memory ports: the timeout's outcome joins the refund's decision history (the
 * assessment before it is kept), and the merchant's statistics count every wait on the merchant as a request, so
 * the timeout rate never exceeds 1.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { holdWait } from '../../../functions/app/hold-wait.ts';
import { merchantStats } from '../../../functions/app/merchant-stats.ts';
import type { Wait } from '../../../functions/domain/lifecycle.ts';
import type { Decision } from '../../../functions/domain/refund.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const noReviews = new Proxy({} as ReviewStore, {
  get: () => () => Promise.reject(new Error('no review task expected')),
});

const assessment: Decision = {
  kind: 'ASSESSMENT',
  outcome: 'MERCHANT_REVIEW',
  by: 'SYSTEM',
  rules: ['DELIVERED.QUALITY.MERCHANT'],
  riskScore: 14,
  riskLevel: 'LOW',
  riskFactors: [{ factor: 'accountAgeDays', value: 10, points: 14.5 }],
  policyVersion: '2026.1',
  at: NOW,
};

let ports: ReturnType<typeof fakePorts>;
let deps: ReturnType<typeof fakePorts> & { reviews: ReviewStore };

/** A delivered refund the rules assessed, waiting in `wait` with a task token held. */
async function waitingIn(refundId: string, wait: Wait) {
  await aDeliveredRefundWaiting(ports, { refundId, wait, decision: assessment });
  await holdWait(deps, { refundId, wait, timeoutSeconds: 60, taskToken: `token-${refundId}` });
}

beforeEach(() => {
  ports = fakePorts({ now: NOW });
  deps = { ...ports, reviews: noReviews };
});

describe('a merchant who lets a refund run out', () => {
  it('keeps the assessment and adds the timeout outcome, with its rule, to the history', async () => {
    await waitingIn('rf-1', 'MERCHANT_REVIEW');
    ports.clock.advance(86_400_000);
    await applyTimeout(deps, { refundId: 'rf-1', wait: 'MERCHANT_REVIEW' });

    const refund = await ports.store.getRefund('rf-1');
    expect(refund?.decisions).toEqual([
      assessment,
      expect.objectContaining({
        kind: 'TIMEOUT',
        outcome: 'APPROVE',
        by: 'SYSTEM',
        rules: ['MERCHANT.TIMEOUT.APPROVE'],
        policyVersion: ports.policy.version,
      }),
    ]);
    expect(refund?.decision).toEqual(refund?.decisions?.at(-1));
  });
});

describe("a merchant's timeout rate", () => {
  it('counts a returned parcel left unconfirmed as a request too, so it stays within [0, 1]', async () => {
    await waitingIn('rf-1', 'MERCHANT_REVIEW');
    await applyTimeout(deps, { refundId: 'rf-1', wait: 'MERCHANT_REVIEW' });
    await waitingIn('rf-2', 'RETURN_IN_TRANSIT');
    await applyTimeout(deps, { refundId: 'rf-2', wait: 'RETURN_IN_TRANSIT' });

    const stats = await merchantStats(ports, MERCHANT);
    expect(stats).toMatchObject({ asked: 2, timedOut: 2, timeoutRate: 1 });
  });
});
