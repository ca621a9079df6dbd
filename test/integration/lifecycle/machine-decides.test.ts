/** Paths the machine decides alone: instant approval, refusal of what is not offered, and the buyer's silence. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { orderKey } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody } from '../../support/builders.ts';
import { applyFor, givenARuntimeWithActors, PAID_OUT, scenarios, statusOf, uniqueId } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ timeScale: 0.001 });

async function refundedAmountOf(orderId: string): Promise<number> {
  const item = await dynamoClient().send(
    new GetCommand({ TableName: client.runtime.tableName(MAIN_TABLE), Key: orderKey(orderId) }),
  );
  return Number(item.Item?.refundedAmount);
}

describe('a buyer with an unshipped order', () => {
  it('hears the decision and the promise in the answer to the application, and the same bytes on a replay', async () => {
    const orderId = uniqueId('order');
    const put = await client.call('PUT', `/v1/orders/${orderId}`, {
      token: who.system,
      body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, ...scenarios.notShipped() }),
    });
    expect(put.status).toBe(201);
    const key = uniqueId('key');
    const apply = () =>
      client.call('POST', '/v1/refunds', {
        token: who.buyer,
        headers: { 'idempotency-key': key },
        body: { orderId, reason: 'NO_LONGER_NEEDED' },
      });
    const first = await apply();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'PAYOUT_PENDING',
      decision: { outcome: 'APPROVE', by: 'SYSTEM', rules: expect.arrayContaining(['NOT_SHIPPED.INSTANT']) },
      payout: { method: expect.any(String), promisedBy: expect.any(String) },
      nextStep: { who: 'SYSTEM', action: 'AWAIT_SETTLEMENT' },
    });
    expect(first.body.timeline.map((e: { status: string }) => e.status)).toEqual([
      'SUBMITTED',
      'APPROVED',
      'PAYOUT_PENDING',
    ]);
    // Paid meanwhile; the replay still says what the first answer said, byte for byte.
    await statusOf(client, who, first.body.refundId, 'REFUNDED');
    const again = await apply();
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    // The promise in the answer is the one the payout keeps.
    const now = await client.call('GET', `/v1/refunds/${first.body.refundId}`, { token: who.buyer });
    expect(now.body.payout.promisedBy).toBe(first.body.payout.promisedBy);
  });

  it('is approved by the rules at once and paid by one payout run, with no Standard execution', async () => {
    const { refundId } = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
    const refund = await statusOf(client, who, refundId, PAID_OUT);
    expect(refund.decision).toMatchObject({ outcome: 'APPROVE', by: 'SYSTEM', policyVersion: expect.any(String) });
    expect(refund.decision.rules.length).toBeGreaterThan(0);
    // Why, in the buyer's language, from the deciding rule's code (the rule id itself stays in `decision.rules`).
    const approved = refund.timeline.find((e: { status: string }) => e.status === 'APPROVED');
    expect(approved.detail).toBe('商品未发货，已全额秒退');
    const execution = await client.runtime.workflow.finished(refundId);
    expect(execution?.status).toBe('SUCCEEDED');
    expect(client.runtime.workflow.execution(refundId)).toBeUndefined();
    expect(execution?.standardStates).toEqual([]);
    expect(execution?.expressStates).toEqual(['Payout', 'Done']);
    expect(execution?.expressRuns).toBe(1);
  });
});

describe('fresh goods delivered two days ago, returned for no reason', () => {
  it('are refused at the door with why (the options do not offer it), and nothing is reserved', async () => {
    const fresh = {
      items: [{ sku: 'fish', name: 'Salmon', category: 'FRESH' as const, unitPrice: 12900, quantity: 1 }],
    };
    const orderId = uniqueId('order');
    const put = await client.call('PUT', `/v1/orders/${orderId}`, {
      token: who.system,
      body: anOrderBody({
        userId: who.buyerId,
        merchantId: who.merchantId,
        ...scenarios.deliveredDaysAgo(2),
        ...fresh,
      }),
    });
    expect(put.status).toBe(201);
    const refused = await client.call('POST', '/v1/refunds', {
      token: who.buyer,
      headers: { 'idempotency-key': uniqueId('key') },
      body: { orderId, reason: 'NO_LONGER_NEEDED' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'REASON_NOT_OFFERED', details: { rule: 'FRESH.QUALITY_ONLY' } });
    expect(await refundedAmountOf(orderId)).toBe(0);
  });
});

describe('a quality claim without a photo', () => {
  it('waits for evidence, and is closed when the buyer stays silent past the deadline', async () => {
    const { refundId, orderId } = await applyFor(client, who, scenarios.deliveredDaysAgo(2), {
      reason: 'QUALITY_ISSUE',
    });
    const waiting = await statusOf(client, who, refundId, 'AWAITING_EVIDENCE');
    expect(waiting.nextStep).toMatchObject({ who: 'BUYER', action: 'UPLOAD_EVIDENCE', dueBy: expect.any(String) });
    const closed = await statusOf(client, who, refundId, 'CANCELLED');
    // Closed for want of evidence: neither "withdrawn" nor a rule id.
    expect(closed.timeline.at(-1)).toMatchObject({
      status: 'CANCELLED',
      actor: 'SYSTEM',
      label: '已关闭(未按时上传凭证)',
      detail: '未在期限内上传凭证，退款已关闭',
    });
    expect(closed.statusLabel).toBe('已关闭(未按时上传凭证)');
    expect(await refundedAmountOf(orderId)).toBe(0);
  });
});
