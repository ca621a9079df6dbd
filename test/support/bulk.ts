/**
 * Loads many refunds fast into DynamoDB Local (BatchWrite of 25, a bounded number in flight), for the monitor's
 * scaling test and bench: settled refunds the monitor must not read, and outstanding payouts it must.
 */
import { BatchWriteCommand, type BatchWriteCommandInput, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import {
  byMerchantKeys,
  byUserKeys,
  createdDayKeys,
  outstandingPayoutKeys,
  refundKey,
  refundStateKeys,
} from '../../functions/adapters/dynamodb/keys.ts';
import { mapLimit } from '../../functions/adapters/dynamodb/reads.ts';
import type { Payout } from '../../functions/domain/refund.ts';
import type { RefundStatus } from '../../functions/domain/vocabulary.ts';
import { aPayout, aRefund } from './builders.ts';

type Item = Record<string, unknown>;

/** Writes the items 25 at a time with `concurrency` requests in flight, retrying unprocessed ones. */
export async function batchWrite(
  table: string,
  items: readonly Item[],
  concurrency = Number(process.env.WRITE_CONCURRENCY ?? 16),
): Promise<void> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await mapLimit(chunks, concurrency, async (chunk) => {
    let pending: NonNullable<BatchWriteCommandInput['RequestItems']>[string] | undefined = chunk.map((Item) => ({
      PutRequest: { Item },
    }));
    while (pending?.length) {
      const result: BatchWriteCommandOutput = await dynamoClient().send(
        new BatchWriteCommand({ RequestItems: { [table]: pending } }),
      );
      pending = result.UnprocessedItems?.[table];
    }
  });
}

function refundItem(id: string, createdAt: string, status: RefundStatus, payout: Payout, keys: Item): Item {
  const merchantId = `merchant-${Number(id.replace(/\D/g, '')) % 500}`;
  return {
    ...refundKey(id),
    ...byUserKeys(`buyer-${id}`, createdAt, id),
    ...byMerchantKeys(merchantId, status, createdAt, id),
    ...createdDayKeys(createdAt, id),
    ...keys,
    ...aRefund({
      refundId: id,
      orderId: `order-${id}`,
      userId: `buyer-${id}`,
      merchantId,
      amount: 12900,
      scenario: 'DELIVERED',
      status,
      timeline: [
        { at: createdAt, status: 'SUBMITTED', actor: 'BUYER' },
        { at: createdAt, status: 'APPROVED', actor: 'SYSTEM', actorId: 'instant-small-amount' },
        { at: createdAt, status, actor: 'SYSTEM' },
      ],
      payout,
      createdAt,
    }),
  };
}

/** Refunds paid and settled long ago: no outstanding or state keys, so the monitor never reads them. */
export function settledRefunds(count: number, createdAt: string, offset = 0): Item[] {
  return Array.from({ length: count }, (_, n) => {
    const i = offset + n;
    return refundItem(
      `settled-${i}`,
      createdAt,
      'REFUNDED',
      aPayout({
        amount: 12900,
        promisedBy: createdAt,
        sentAt: createdAt,
        settledAt: createdAt,
        settledAmount: 12900,
        providerRef: `p-settled-${i}`,
      }),
      {},
    );
  });
}

/** Payouts sent and not settled, as the payout step leaves them; the first `late` are past their promise. */
export function outstandingRefunds(count: number, now: number, late: number): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `outstanding-${i}`;
    const sentAt = new Date(now - 2 * 86_400_000).toISOString();
    const promisedBy = new Date(now + (i < late ? -3_600_000 : 86_400_000)).toISOString();
    return refundItem(
      id,
      sentAt,
      'PAYOUT_PENDING',
      aPayout({ amount: 12900, promisedBy, sentAt, providerRef: `p-${id}` }),
      { ...outstandingPayoutKeys(id, promisedBy), ...refundStateKeys(id, 'PAYOUT_PENDING', sentAt) },
    );
  });
}
