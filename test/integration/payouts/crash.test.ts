/**
 * A crash after the provider accepted the payout, before it was recorded: the real state machine retries the Payout
 * step, the provider recognises the refund id, and the buyer is paid once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedgerStore } from '../../../functions/adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../../../functions/adapters/dynamodb/payout-store.ts';
import { useAdapters } from '../../../functions/adapters/index.ts';
import type { PayoutStore } from '../../../functions/ports/payout-store.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { buyerEvents, ledgerEntries } from '../../support/payouts.ts';

/** What a lost connection to DynamoDB looks like; the ASL's Payout Retry matches this name. */
const crash = () => Object.assign(new Error('connection reset while writing'), { name: 'InternalServerError' });

let client: Client;
let system: string;
let buyer: string;
const crashes = { markSent: 0, sentEntry: 0 };

beforeAll(async () => {
  client = await startTestRuntime({ payments: { latencyMs: { min: 300, max: 400 } } });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  const payouts = new DynamoPayoutStore();
  const ledger = new DynamoLedgerStore();
  const crashingPayouts: PayoutStore = {
    recordPayout: (...a) => payouts.recordPayout(...a),
    settle: (...a) => payouts.settle(...a),
    fail: (...a) => payouts.fail(...a),
    flag: (...a) => payouts.flag(...a),
    reopen: (...a) => payouts.reopen(...a),
    recordDecision: (...a) => payouts.recordDecision(...a),
    latePayouts: (...a) => payouts.latePayouts(...a),
    async markSent(refund, sent) {
      if (refund.orderId === 'o-crash-record' && crashes.markSent++ === 0) throw crash();
      return payouts.markSent(refund, sent);
    },
  };
  useAdapters({
    payouts: crashingPayouts,
    ledger: {
      listByDays: (...a) => ledger.listByDays(...a),
      listByRefund: (...a) => ledger.listByRefund(...a),
      async append(entry) {
        if (entry.orderId === 'o-crash-ledger' && entry.kind === 'SENT' && crashes.sentEntry++ === 0) throw crash();
        return ledger.append(entry);
      },
    },
  });
});
afterAll(() => client.runtime.stop());

async function refundOrder(orderId: string) {
  await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: anOrderBody() });
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': orderId },
    body: { orderId, reason: 'NO_LONGER_NEEDED' },
  });
  const refundId: string = applied.body.refundId;
  const refunded = await eventually(async () => {
    const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: buyer });
    return got.body.status === 'REFUNDED' ? got.body : undefined;
  });
  return refunded;
}

describe.each([
  ['the provider accepted it and the refund store failed before recording sentAt', 'o-crash-record', 'markSent'],
  ['the provider accepted it and the ledger failed before the SENT entry', 'o-crash-ledger', 'sentEntry'],
] as const)('a payout step that crashed after %s', (_, orderId, point) => {
  it('is retried and pays the buyer exactly once', async () => {
    const refund = await refundOrder(orderId);
    expect(crashes[point]).toBeGreaterThanOrEqual(2);
    const attempts = client.runtime.payments.attempts(refund.refundId);
    expect(attempts).toHaveLength(1);
    expect(refund.payout.providerRef).toBe(attempts[0]?.providerRef);
    const mine = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refund.refundId);
    expect(mine.map((e) => e.kind).sort()).toEqual(['SENT', 'SETTLED']);
    const events = await eventually(async () => {
      const sent = buyerEvents(client.runtime, refund.refundId);
      return sent.includes('REFUNDED') ? sent : undefined;
    });
    expect(events).toEqual(['APPROVED', 'PAYOUT_SENT', 'REFUNDED']);
  });
});

it('the provider saw the retries as duplicates of the same refund id', () => {
  expect(client.runtime.payments.stats).toMatchObject({ accepted: 2, duplicates: 2 });
});
