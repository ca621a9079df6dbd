/**
 * The payout run's last resort (PayoutFailed): a payout the provider never accepted is failed, the buyer told and
 * finance alerted; one whose send was accepted is left to the provider, whatever failed in the run afterwards.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { recordPayoutFailure } from '../../../functions/app/record-payout-failure.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import { aPayout, aRefund } from '../../support/builders.ts';
import { fakePorts } from '../../support/fakes/index.ts';
import { InMemoryLedger } from '../../support/fakes/payouts.ts';

const NOW = '2026-11-26T12:00:00.000Z';
const payments = { name: 'alipay' };

function setUp() {
  return { ...fakePorts({ now: NOW }), ledger: new InMemoryLedger() };
}
let deps: ReturnType<typeof setUp>;
beforeEach(() => {
  deps = setUp();
});

function given(overrides: Partial<Refund>): Refund {
  const refund = aRefund({ status: 'PAYOUT_PENDING', ...overrides });
  deps.store.refunds.set(refund.refundId, refund);
  return refund;
}
const buyerEvents = () => deps.notifier.sent.map((s) => s.message.attributes?.event);

describe('a payout run that failed for good', () => {
  it('fails a payout the provider never accepted: PAYOUT_FAILED, and the buyer is told', async () => {
    given({ payout: aPayout({ sentAt: undefined, providerRef: undefined }) });
    const result = await recordPayoutFailure(deps, payments, { refundId: 'r-1', reason: 'ProviderRejected' });
    expect(result).toEqual({ status: 'PAYOUT_FAILED' });
    expect(deps.store.refunds.get('r-1')?.status).toBe('PAYOUT_FAILED');
    expect(buyerEvents()).toEqual(['PAYOUT_FAILED']);
  });

  it.each([
    ['another run of the refund sent it first', 'Conflict'],
    ['a notice after the send could not go out', 'ThrottlingException'],
  ])('leaves a payout whose send was accepted to the provider (%s)', async (_, reason) => {
    const before = given({ payout: aPayout({ sentAt: '2026-11-26T11:59:00.000Z', providerRef: 'ali-1' }) });
    const result = await recordPayoutFailure(deps, payments, { refundId: 'r-1', reason });
    expect(result).toEqual({ status: 'PAYOUT_PENDING' });
    expect(deps.store.refunds.get('r-1')).toEqual(before);
    expect(deps.ledger.kinds('r-1')).toEqual([]);
    expect(buyerEvents()).toEqual([]);
  });
});
