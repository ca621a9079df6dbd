/**
 * DynamoDB implementation of the PayoutStore port: the payout's conditional writes on the refund item (main table).
 * Nested `payout.*` attributes are set one by one, so a webhook and the payout step writing at the same moment
 * never overwrite each other's fields. A failed condition means "someone already did this": the method returns
 * false and the caller re-reads.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awaitingSettlement } from '../../domain/payout/plan.ts';
import type { Decision, Payout, Refund, TimelineEvent } from '../../domain/refund.ts';
import type { PayoutRecovery, PayoutStore } from '../../ports/payout-store.ts';
import { ReadMeter } from './capacity.ts';
import { dynamoClient, tableName } from './client.ts';
import { indexName } from './index-layout.ts';
import { refundFromItem } from './item.ts';
import {
  byMerchantKeys,
  orderKey,
  outstandingPayoutKeys,
  outstandingPayoutPartition,
  PAYOUT_SHARDS,
  refundKey,
  refundStateChange,
} from './keys.ts';
import { heldLines, legacyLocks, refundedExpressions } from './order-lines.ts';
import { itemsOf } from './reads.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);
const names = { '#status': 'status', '#p': 'payout' };
/** The order's set of refunds already counted as refunded on its lines (item.ts keeps it out of the order). */
const SETTLED = '#settledRefunds';

/** Runs a conditional write; false when the condition (or a transaction's condition) did not hold. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    if (error instanceof TransactionCanceledException) {
      if ((error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')) return false;
    }
    throw error;
  }
}

/**
 * Pieces every status change carries: status, the merchant index sort key, updatedAt, the timeline event, and the
 * monitor's `byState` keys (entered now; removed once the status is terminal, as expressions.ts does for every other
 * change), so a paid refund leaves the index the monitor reads by deadline instead of staying in it for good.
 */
function statusChange(refund: Refund, event: TimelineEvent) {
  const { gsi2sk } = byMerchantKeys(refund.merchantId, event.status, refund.createdAt, refund.refundId);
  const sets = [
    '#status = :status',
    'gsi2sk = :gsi2sk',
    'updatedAt = :now',
    'timeline = list_append(timeline, :event)',
  ];
  const values: Record<string, unknown> = {
    ':status': event.status,
    ':gsi2sk': gsi2sk,
    ':now': event.at,
    ':event': [event],
  };
  const state = refundStateChange(refund.refundId, event.status, event.at);
  if (state.set) {
    sets.push('gsi4pk = :g4pk', 'gsi4sk = :g4sk');
    Object.assign(values, { ':g4pk': state.set.gsi4pk, ':g4sk': state.set.gsi4sk });
  }
  return { sets, values, removes: [...state.remove] };
}

/** ` REMOVE a, b` for the attributes given, or nothing. */
const removing = (attributes: string[]) => (attributes.length ? ` REMOVE ${attributes.join(', ')}` : '');

export class DynamoPayoutStore implements PayoutStore {
  recordPayout(refund: Refund, payout: Payout, event: TimelineEvent): Promise<boolean> {
    const change = statusChange(refund, event);
    const outstanding = outstandingPayoutKeys(refund.refundId, payout.promisedBy);
    return conditional(() =>
      dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refund.refundId),
          UpdateExpression: `SET ${[...change.sets, '#p = :payout', 'nextStep = :next', 'gsi3pk = :g3pk', 'gsi3sk = :g3sk'].join(', ')}${removing(change.removes)}`,
          ConditionExpression: '#status = :approved AND attribute_not_exists(#p)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...change.values,
            ':payout': payout,
            ':next': awaitingSettlement(payout),
            ':g3pk': outstanding.gsi3pk,
            ':g3sk': outstanding.gsi3sk,
            ':approved': 'APPROVED',
          },
        }),
      ),
    );
  }

  async markSent(refund: Refund, sent: { sentAt: string; providerRef: string }): Promise<boolean> {
    const values = { ':sentAt': sent.sentAt, ':ref': sent.providerRef, ':now': sent.sentAt };
    const fields = '#p.sentAt = :sentAt, #p.providerRef = if_not_exists(#p.providerRef, :ref), updatedAt = :now';
    const promisedBy = refund.payout?.promisedBy;
    // Still pending: record the send and (re)assert the outstanding-payout keys, so the monitor sees it.
    if (promisedBy) {
      const outstanding = outstandingPayoutKeys(refund.refundId, promisedBy);
      const recorded = await conditional(() =>
        dynamoClient().send(
          new UpdateCommand({
            TableName: table(),
            Key: refundKey(refund.refundId),
            UpdateExpression: `SET ${fields}, gsi3pk = :g3pk, gsi3sk = :g3sk`,
            ConditionExpression:
              '#status = :pending AND attribute_exists(#p) AND attribute_not_exists(#p.sentAt) AND attribute_not_exists(#p.settledAt)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ...values,
              ':pending': 'PAYOUT_PENDING',
              ...{ ':g3pk': outstanding.gsi3pk, ':g3sk': outstanding.gsi3sk },
            },
          }),
        ),
      );
      if (recorded) return true;
    }
    // A fast webhook already settled or failed it: record the send only, leave status and index keys alone. Only a
    // refund still pending (a payout from before promises) makes this a send to tell the buyer about.
    let pending = false;
    const recorded = await conditional(async () => {
      const written = await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refund.refundId),
          UpdateExpression: `SET ${fields}`,
          ConditionExpression: 'attribute_exists(#p) AND attribute_not_exists(#p.sentAt)',
          ExpressionAttributeNames: { '#p': 'payout' },
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      pending = written.Attributes?.status === 'PAYOUT_PENDING';
    });
    return recorded && pending;
  }

  async settle(
    refund: Refund,
    patch: { settledAt: string; settledAmount: number; providerRef: string; flags: string[] },
    event: TimelineEvent,
    unchangedSince?: string,
  ): Promise<boolean> {
    const change = statusChange(refund, event);
    const refunded = refundedExpressions(heldLines(refund));
    const locks = legacyLocks(refund);
    const sets = [
      ...change.sets,
      '#p.settledAt = :settledAt',
      '#p.settledAmount = :settledAmount',
      '#p.providerRef = :ref',
    ];
    if (patch.flags.length) sets.push('#p.flags = :flags');
    const refundUpdate = {
      TableName: table(),
      Key: refundKey(refund.refundId),
      UpdateExpression: `SET ${sets.join(', ')}${removing(['gsi3pk', 'gsi3sk', 'nextStep', ...change.removes])}`,
      ConditionExpression: `#status IN (:pending, :failed) AND attribute_not_exists(#p.settledAt)${unchangedSince === undefined ? '' : ' AND updatedAt = :read'}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ...change.values,
        ...(unchangedSince === undefined ? {} : { ':read': unchangedSince }),
        ':settledAt': patch.settledAt,
        ':settledAmount': patch.settledAmount,
        ':ref': patch.providerRef,
        ...(patch.flags.length ? { ':flags': patch.flags } : {}),
        ':pending': 'PAYOUT_PENDING',
        ':failed': 'PAYOUT_FAILED',
      },
    };
    if (!refunded.adds.length && !locks.length) {
      return conditional(() => dynamoClient().send(new UpdateCommand(refundUpdate)));
    }
    // Paid: the units and the amount stay held on the order, now as refunded (once per refund: its id joins the
    // order's `settledRefunds`). A refund from before lines were tracked unlocks its lines instead.
    const counted = {
      TableName: table(),
      Key: orderKey(refund.orderId),
      UpdateExpression: [
        `ADD ${[...refunded.adds, `${SETTLED} :settled`].join(', ')}`,
        ...(locks.length ? ['DELETE activeLines :lines'] : []),
      ].join(' '),
      ConditionExpression: `attribute_exists(pk) AND NOT contains(${SETTLED}, :refundId)`,
      ExpressionAttributeNames: { ...refunded.names, [SETTLED]: 'settledRefunds' },
      ExpressionAttributeValues: {
        ...refunded.values,
        ':settled': new Set([refund.refundId]),
        ':refundId': refund.refundId,
        ...(locks.length ? { ':lines': new Set(locks) } : {}),
      },
    };
    // A recovery settling from what it read acts only if nobody acted since: the order may change only with it.
    if (unchangedSince !== undefined) {
      try {
        await dynamoClient().send(
          new TransactWriteCommand({ TransactItems: [{ Update: refundUpdate }, { Update: counted }] }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [refundReason, orderReason] = (error.CancellationReasons ?? []).map((r) => r.Code);
        // The order counted it already (a settlement that crashed before the refund's write): the refund alone.
        if (refundReason === 'None' && orderReason === 'ConditionalCheckFailed') {
          return conditional(() => dynamoClient().send(new UpdateCommand(refundUpdate)));
        }
        if ([refundReason, orderReason].includes('ConditionalCheckFailed')) return false;
        throw error;
      }
    }
    // Otherwise the order first, then the refund, as two conditional writes: half the write units of a transaction
    // (DynamoDB bills each item of one twice). A crash between them leaves the refund outstanding (PAYOUT_PENDING, in
    // the monitor's index), so the provider's redelivery, the payout step's retry or the monitor settles it again;
    // the order, counted already, refuses a second count (false here), and the refund's write follows.
    await conditional(() => dynamoClient().send(new UpdateCommand(counted)));
    return conditional(() => dynamoClient().send(new UpdateCommand(refundUpdate)));
  }

  fail(
    refund: Refund,
    patch: { failedAt: string; failureReason: string; providerRef: string },
    event: TimelineEvent,
  ): Promise<boolean> {
    const change = statusChange(refund, event);
    return conditional(() =>
      dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refund.refundId),
          // The outstanding-payout keys stay: the money is still owed, and the monitor alerts finance on it.
          UpdateExpression: `SET ${[...change.sets, '#p.failedAt = :failedAt', '#p.failureReason = :reason', '#p.providerRef = :ref', 'nextStep = :next'].join(', ')}${removing(change.removes)}`,
          ConditionExpression:
            '#status = :pending AND attribute_not_exists(#p.settledAt) AND attribute_not_exists(#p.failedAt) AND (attribute_not_exists(#p.providerRef) OR #p.providerRef = :ref)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...change.values,
            ':failedAt': patch.failedAt,
            ':reason': patch.failureReason,
            ':ref': patch.providerRef,
            ':next': { who: 'SYSTEM', action: 'FINANCE_INVESTIGATES' },
            ':pending': 'PAYOUT_PENDING',
          },
        }),
      ),
    );
  }

  async flag(refundId: string, flag: string, at: string): Promise<void> {
    await conditional(() =>
      dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refundId),
          UpdateExpression: 'SET #p.flags = list_append(if_not_exists(#p.flags, :empty), :flag), updatedAt = :now',
          ConditionExpression: 'attribute_exists(#p) AND NOT contains(#p.flags, :one)',
          ExpressionAttributeNames: { '#p': 'payout' },
          ExpressionAttributeValues: { ':empty': [], ':flag': [flag], ':one': flag, ':now': at },
        }),
      ),
    );
  }

  reopen(refund: Refund, recovery: PayoutRecovery, event: TimelineEvent, decision: Decision): Promise<boolean> {
    const payout = refund.payout;
    if (!payout) return Promise.resolve(false);
    const change = statusChange(refund, event);
    const promisedBy = recovery.mode === 'RESEND' && recovery.to ? recovery.to.promisedBy : payout.promisedBy;
    const outstanding = outstandingPayoutKeys(refund.refundId, promisedBy);
    const sets = [
      ...change.sets,
      'nextStep = :next',
      'gsi3pk = :g3pk',
      'gsi3sk = :g3sk',
      'decisions = list_append(if_not_exists(decisions, :empty), :decision)',
    ];
    const removes = ['#p.failedAt', '#p.failureReason', ...change.removes];
    const values: Record<string, unknown> = {
      ...change.values,
      ':next': awaitingSettlement({ promisedBy }),
      ':g3pk': outstanding.gsi3pk,
      ':g3sk': outstanding.gsi3sk,
      ':empty': [],
      ':decision': [decision],
      ':failed': 'PAYOUT_FAILED',
      ':read': refund.updatedAt,
    };
    if (recovery.mode === 'AWAIT') {
      sets.push('#p.providerRef = :ref', '#p.sentAt = if_not_exists(#p.sentAt, :sentAt)');
      Object.assign(values, { ':ref': recovery.providerRef, ':sentAt': recovery.sentAt });
    } else {
      removes.push('#p.sentAt', '#p.providerRef');
      sets.push('#p.attempts = :attempts');
      values[':attempts'] = (payout.attempts ?? 1) + 1;
      if (payout.providerRef) {
        sets.push('#p.supersededRefs = list_append(if_not_exists(#p.supersededRefs, :empty), :old)');
        values[':old'] = [payout.providerRef];
      }
      if (recovery.to) {
        sets.push('#dest = :dest', '#p.destination = :dest', '#p.#method = :method', '#p.promisedBy = :promised');
        // The destination applied with, kept (once) for the application's answer on a replay.
        sets.push('appliedDestination = if_not_exists(appliedDestination, :applied)');
        Object.assign(values, {
          ':applied': refund.destination,
          ':dest': recovery.to.destination,
          ':method': recovery.to.method,
          ':promised': recovery.to.promisedBy,
        });
      }
    }
    return conditional(() =>
      dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refund.refundId),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
          // Exactly the refund that was read: a concurrent recovery, webhook or flag changes updatedAt.
          ConditionExpression: '#status = :failed AND updatedAt = :read AND attribute_not_exists(#p.settledAt)',
          ExpressionAttributeNames: {
            ...names,
            ...(recovery.mode === 'RESEND' && recovery.to ? { '#method': 'method', '#dest': 'destination' } : {}),
          },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async recordDecision(refundId: string, decision: Decision): Promise<void> {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: refundKey(refundId),
        UpdateExpression: 'SET decisions = list_append(if_not_exists(decisions, :empty), :decision)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':empty': [], ':decision': [decision] },
      }),
    );
  }

  async latePayouts(now: string, limit: number): Promise<{ refunds: Refund[]; more: number }> {
    // Only payouts still pending (a failed one keeps its keys for the monitor's alert; finance's retry asks the
    // provider about it). Per shard, up to limit + 1 of them in at most MAX_PAGES query pages: the earliest `limit`
    // overall are among them, and the read stays bounded however many payouts are late or failed.
    const MAX_PAGES = 5;
    const shards = await Promise.all(
      Array.from({ length: PAYOUT_SHARDS }, async (_, shard) => {
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        for (let page = 0; page < MAX_PAGES && items.length <= limit; page++) {
          const result = await dynamoClient().send(
            new QueryCommand({
              TableName: table(),
              IndexName: indexName('outstandingPayouts'),
              KeyConditionExpression: 'gsi3pk = :p AND gsi3sk < :now',
              FilterExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':p': outstandingPayoutPartition(shard),
                ':now': now,
                ':pending': 'PAYOUT_PENDING',
              },
              Limit: limit + 1,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          items.push(...(result.Items ?? []));
          start = result.LastEvaluatedKey;
          if (!start) break;
        }
        return items;
      }),
    );
    const entries = shards.flat().sort((a, b) => String(a.gsi3sk).localeCompare(String(b.gsi3sk)));
    // The index holds keys and status only: the late refunds are read whole by key, in deadline order.
    const late = (await itemsOf(new ReadMeter(), table(), entries)).map(refundFromItem);
    return { refunds: late.slice(0, limit), more: Math.max(0, late.length - limit) };
  }
}
