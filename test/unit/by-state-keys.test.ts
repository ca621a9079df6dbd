/**
 * Which refunds the monitor's `byState` index holds (functions/adapters/dynamodb/keys.ts `refundStateChange`): a
 * refund waiting in a step the monitor watches by deadline, keyed by when it entered it. Not an ended refund, and not
 * one whose payout is pending: that refund is in `outstandingPayouts` from the same write, watched by its promise.
 */
import { describe, expect, it } from 'vitest';
import { buildRefundUpdate } from '../../functions/adapters/dynamodb/expressions.ts';
import { refundStateChange } from '../../functions/adapters/dynamodb/keys.ts';
import type { Payout } from '../../functions/domain/refund.ts';
import { STATUSES, TERMINAL_STATUSES } from '../../functions/domain/vocabulary.ts';

const AT = '2026-12-03T10:00:00.000Z';

describe('the byState keys of a status change', () => {
  it('are set for every live status but PAYOUT_PENDING, and removed for it and the ended ones', () => {
    for (const status of STATUSES) {
      const change = refundStateChange('r-1', status, AT);
      const outside = TERMINAL_STATUSES.has(status) || status === 'PAYOUT_PENDING';
      expect(change.set === undefined, status).toBe(outside);
      expect(change.remove, status).toEqual(outside ? ['gsi4pk', 'gsi4sk'] : []);
    }
    expect(refundStateChange('r-1', 'PAYOUT_FAILED', AT).set?.gsi4sk).toBe(`${AT}#r-1`);
  });

  it('move an approval with its payout out of byState and into outstandingPayouts in the same write', () => {
    const payout: Payout = {
      method: 'ALIPAY',
      destination: 'ORIGINAL',
      amount: 12900,
      promisedBy: '2026-12-08T15:59:59.999Z',
    };
    const update = buildRefundUpdate(
      { refundId: 'r-1', merchantId: 'm-1', createdAt: AT, status: 'AWAITING_MERCHANT' },
      { status: 'PAYOUT_PENDING', event: { status: 'PAYOUT_PENDING', at: AT, actor: 'MERCHANT' }, payout },
      ['AWAITING_MERCHANT'],
    );
    expect(update.UpdateExpression).toMatch(/ REMOVE .*gsi4pk, gsi4sk/);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':gsi3sk': `${payout.promisedBy}#r-1` });
    expect(Object.keys(update.ExpressionAttributeValues)).not.toContain(':gsi4pk');
  });
});
