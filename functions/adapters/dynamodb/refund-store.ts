/**
 * DynamoDB implementation of the RefundStore port (single table, see ./tables.ts and ./keys.ts).
 * Money safety lives in conditions, not in reads: the order's reservation, its lines' tallies (./order-lines.ts)
 * and the refund are written in one transaction whose conditions compare against precomputed bounds (DynamoDB
 * allows no arithmetic there), computed from the order version the caller read, which the same condition pins.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { refusalOf } from '../../domain/application.ts';
import {
  ActiveRefundExists,
  Conflict,
  InvalidTransition,
  NotFound,
  RefundExceedsPaidAmount,
  TooManyLines,
  ValidationFailed,
} from '../../domain/errors.ts';
import { MAX_LINES_PER_REFUND } from '../../domain/order.ts';
import type { Order, Refund } from '../../domain/refund.ts';
import { type RefundStatus, STATUSES } from '../../domain/vocabulary.ts';
import {
  type ClaimOptions,
  type OrderFacts,
  type OrderRefund,
  type Page,
  RECENT_ORDERS_COUNTED,
  type RefundChange,
  type RefundStore,
} from '../../ports/refund-store.ts';
import { ReadMeter } from './capacity.ts';
import { dynamoClient, tableName } from './client.ts';
import { buildRefundUpdate } from './expressions.ts';
import { indexName } from './index-layout.ts';
import { orderFromItem, refundFromItem } from './item.ts';
import {
  byMerchantSortPrefix,
  byUserKeys,
  merchantPartition,
  orderKey,
  ordersByUserKeys,
  refundKey,
  userOrdersPartition,
  userPartition,
} from './keys.ts';
import {
  heldLines,
  holdExpressions,
  initChunks,
  legacyLocks,
  reduceExpressions,
  releaseExpressions,
} from './order-lines.ts';
import { itemsOf } from './reads.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeCursor(cursor: string, expectedPartition: string, partitionKey = 'gsi1pk'): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof key === 'object' &&
      key !== null &&
      partitionKey in key &&
      Reflect.get(key, partitionKey) === expectedPartition
    ) {
      return Object.fromEntries(Object.entries(key).filter(([, v]) => typeof v === 'string'));
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw new ValidationFailed('cursor is not valid for this list');
}

const isStatus = (value: string): value is RefundStatus => (STATUSES as readonly string[]).includes(value);

/** Which cancellation reason of a TransactWrite is a failed condition, by the order the items were written. */
function failedConditions(error: TransactionCanceledException): boolean[] {
  return (error.CancellationReasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * The item a new refund is stored as: its key, the buyer's index keys and the refund itself. Exported so the
 * analytics data set (analytics/generate.ts) writes refunds exactly as the store does.
 */
export const newRefundItem = (refund: Refund) => ({
  ...refundKey(refund.refundId),
  // Only the buyer's index at creation: every index entry written in a transaction costs two write units. The
  // merchant, state and day indexes follow at the first status change (Assess, ms later).
  ...byUserKeys(refund.userId, refund.createdAt, refund.refundId),
  ...refund,
});

/** Facts a push may leave out: left out, they are removed (the push replaces the order's facts, it does not merge). */
const OPTIONAL_ORDER_FACTS = ['paymentRef', 'buyer', 'redeemed'] as const;

/** Facts that may not change while refunds hold any of the order: whose refunds they are, and how they are paid. */
export const HELD_ORDER_FACTS = ['userId', 'merchantId', 'currency', 'paymentMethod'] as const;

/** The Conflict for a push that would change whose refunds they are, or how they are paid, while refunds hold any. */
export const orderHeldByRefunds = () =>
  new Conflict(
    'ORDER_HELD_BY_REFUNDS',
    'the buyer, merchant, currency and payment method cannot change while refunds hold any of the order',
  );

export class DynamoRefundStore implements RefundStore {
  async putOrder(facts: OrderFacts, now: string) {
    const { orderId, ...rest } = facts;
    const names: Record<string, string> = {
      '#items': 'items',
      ...Object.fromEntries(HELD_ORDER_FACTS.map((k) => [`#h_${k}`, k])),
    };
    const byUser = ordersByUserKeys(facts.userId, facts.paidAt, orderId);
    const values: Record<string, unknown> = {
      ':zero': 0,
      ':now': now,
      ':paid': facts.paidAmount,
      ':items': facts.items,
      ':g6p': byUser.gsi6pk,
      ':g6s': byUser.gsi6sk,
    };
    const sets = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v], i) => {
        names[`#f${i}`] = k;
        values[`:f${i}`] = v;
        return `#f${i} = :f${i}`;
      });
    const removes = OPTIONAL_ORDER_FACTS.filter((k) => rest[k] === undefined).map((k) => {
      names[`#r_${k}`] = k;
      return `#r_${k}`;
    });
    for (const k of HELD_ORDER_FACTS) values[`:h_${k}`] = rest[k];
    // The lines' held tallies start at zero (kept when they exist), so a refund's condition can read them directly.
    const [first, ...more] = initChunks(facts.items.map((i) => i.sku));
    try {
      const result = await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: orderKey(orderId),
          UpdateExpression: `SET ${[...sets, 'orderId = :id', 'refundedAmount = if_not_exists(refundedAmount, :zero)', 'createdAt = if_not_exists(createdAt, :now)', 'updatedAt = :now', 'gsi6pk = :g6p', 'gsi6sk = :g6s', ...(first?.sets ?? [])].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          // What a line is worth follows from the items, and whose refunds they are and how they are paid from the
          // buyer, merchant, currency and payment method: they may change only while no refund holds any of the order.
          ConditionExpression: `attribute_not_exists(pk) OR (refundedAmount <= :paid AND (refundedAmount = :zero OR (#items = :items AND ${HELD_ORDER_FACTS.map((k) => `#h_${k} = :h_${k}`).join(' AND ')})))`,
          ExpressionAttributeNames: { ...names, ...first?.names },
          ExpressionAttributeValues: { ...values, ':id': orderId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      for (const chunk of more) await this.initLines(orderId, chunk);
      const order = orderFromItem(result.Attributes ?? {});
      return { order, created: order.createdAt === now };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const current = await this.getOrder(orderId, true);
        if (current && current.refundedAmount > facts.paidAmount) {
          throw new Conflict('PAID_BELOW_REFUNDED', 'paidAmount cannot be lowered below what is already refunded');
        }
        if (current && HELD_ORDER_FACTS.some((k) => current[k] !== facts[k])) throw orderHeldByRefunds();
        throw new Conflict('ITEMS_HELD_BY_REFUNDS', 'the items cannot change while refunds hold any of the order');
      }
      throw error;
    }
  }

  /** Creates missing held tallies at zero (see order-lines.ts initChunks). */
  private async initLines(orderId: string, chunk: { sets: string[]; names: Record<string, string> }): Promise<void> {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: orderKey(orderId),
        UpdateExpression: `SET ${chunk.sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: chunk.names,
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }

  /** Held tallies for the lines of `skus` that `order` has none of (an order stored before lines were tracked). */
  private async initMissingLines(order: Order, skus: readonly string[]): Promise<void> {
    const lines = order.lines ?? {};
    const missing = skus.filter((sku) => !Object.hasOwn(lines, sku));
    for (const chunk of initChunks(missing)) await this.initLines(order.orderId, chunk);
  }

  async getOrder(orderId: string, consistent = false) {
    const item = await this.orderItem(orderId, consistent);
    return item ? orderFromItem(item) : undefined;
  }

  private async orderItem(orderId: string, consistent: boolean) {
    const result = await dynamoClient().send(
      new GetCommand({ TableName: table(), Key: orderKey(orderId), ...(consistent ? { ConsistentRead: true } : {}) }),
    );
    return result.Item;
  }

  async createRefund(refund: Refund, order: Order): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.tryCreateRefund(refund, order);
        if (outcome !== 'retry') return outcome === 'created';
      } catch (error) {
        // Concurrent transactions on the same order are cancelled with TransactionConflict: try again shortly.
        const conflict =
          error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
        if (!conflict) throw error;
      }
      if (attempt >= 8) throw new Conflict('ORDER_CHANGED', 'the order kept changing; retry');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }

  /**
   * One attempt. 'retry' when the order refused but, read again, would take the refund (a refund ended in
   * between, or its lines had no tallies yet): the bounds come from `order`, which the condition pins, so the
   * same write is tried again.
   */
  private async tryCreateRefund(refund: Refund, order: Order): Promise<'created' | 'exists' | 'retry'> {
    const bound = order.paidAmount - refund.amount;
    if (bound < 0) throw new RefundExceedsPaidAmount(refund.amount, order.paidAmount - order.refundedAmount);
    const lines = heldLines(refund);
    if (lines.length > MAX_LINES_PER_REFUND) throw new TooManyLines(lines.length, MAX_LINES_PER_REFUND);
    await this.initMissingLines(
      order,
      lines.map((l) => l.sku),
    );
    const held = holdExpressions(order, lines);
    try {
      await dynamoClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: newRefundItem(refund),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table(),
                Key: orderKey(refund.orderId),
                UpdateExpression: `SET refundedAmount = refundedAmount + :amount${held.adds.length ? ` ADD ${held.adds.join(', ')}` : ''}`,
                // Refunds from before lines were tracked lock their lines in activeLines; new ones wait for them.
                ConditionExpression: [
                  'paidAmount = :paid',
                  '#items = :items',
                  'refundedAmount <= :bound',
                  'attribute_not_exists(activeLines)',
                  ...held.conditions,
                ].join(' AND '),
                ExpressionAttributeNames: { '#items': 'items', ...held.names },
                ExpressionAttributeValues: {
                  ':amount': refund.amount,
                  ':paid': order.paidAmount,
                  ':items': order.items,
                  ':bound': bound,
                  ...held.values,
                },
              },
            },
          ],
        }),
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [refundExists, orderRefused] = failedConditions(error);
      if (refundExists) return 'exists';
      if (!orderRefused) throw error;
      const item = await this.orderItem(refund.orderId, true);
      if (!item) throw new NotFound('order');
      const current = orderFromItem(item);
      if (current.paidAmount !== order.paidAmount || !isDeepStrictEqual(current.items, order.items)) {
        throw new Conflict('ORDER_CHANGED', 'the order changed; retry');
      }
      const refusal = refusalOf(current, refund);
      if (refusal) throw refusal;
      if (item.activeLines !== undefined) throw new ActiveRefundExists(undefined);
      await this.initMissingLines(
        current,
        lines.map((l) => l.sku),
      );
      return 'retry';
    }
  }

  async getRefund(refundId: string, options: { consistent?: boolean } = {}) {
    const result = await dynamoClient().send(
      new GetCommand({
        TableName: table(),
        Key: refundKey(refundId),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return result.Item ? refundFromItem(result.Item) : undefined;
  }

  async listRefundsByUser(
    userId: string,
    options: { orderId?: string; cursor?: string; limit: number },
  ): Promise<Page<Refund>> {
    const partition = userPartition(userId);
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName('byUser'),
        KeyConditionExpression: 'gsi1pk = :p',
        ...(options.orderId ? { FilterExpression: 'orderId = :o' } : {}),
        ExpressionAttributeValues: { ':p': partition, ...(options.orderId ? { ':o': options.orderId } : {}) },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, partition) } : {}),
      }),
    );
    const cursor = encodeCursor(result.LastEvaluatedKey);
    // byUser projects a few attributes only: the page's refunds are read whole by key.
    const refunds = (await itemsOf(new ReadMeter(), table(), result.Items ?? [])).map(refundFromItem);
    return { items: refunds, ...(cursor ? { cursor } : {}) };
  }

  async recentRefunds(userId: string, since: string) {
    const found: { refundId: string; amount: number; createdAt: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamoClient().send(
        new QueryCommand({
          TableName: table(),
          IndexName: indexName('byUser'),
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk >= :since',
          ExpressionAttributeValues: { ':p': userPartition(userId), ':since': since },
          ProjectionExpression: 'refundId, amount, createdAt',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (
          typeof item.refundId === 'string' &&
          typeof item.amount === 'number' &&
          typeof item.createdAt === 'string'
        ) {
          found.push({ refundId: item.refundId, amount: item.amount, createdAt: item.createdAt });
        }
      }
      start = page.LastEvaluatedKey;
    } while (start && found.length < 1000);
    return found;
  }

  async recentOrderCount(userId: string, since: string) {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      // Keys only (the index holds nothing else), counted where they are read: ~0.5 RRU for up to 40 orders.
      const page = await dynamoClient().send(
        new QueryCommand({
          TableName: table(),
          IndexName: indexName('ordersByUser'),
          KeyConditionExpression: 'gsi6pk = :p AND gsi6sk >= :since',
          ExpressionAttributeValues: { ':p': userOrdersPartition(userId), ':since': since },
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && count < RECENT_ORDERS_COUNTED);
    return Math.min(count, RECENT_ORDERS_COUNTED);
  }

  async listRefundsByMerchant(merchantId: string, options: { status?: string; cursor?: string; limit: number }) {
    const partition = merchantPartition(merchantId);
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName('byMerchant'),
        KeyConditionExpression: options.status ? 'gsi2pk = :p AND begins_with(gsi2sk, :s)' : 'gsi2pk = :p',
        ExpressionAttributeValues: {
          ':p': partition,
          ...(options.status ? { ':s': byMerchantSortPrefix(options.status) } : {}),
        },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, partition, 'gsi2pk') } : {}),
      }),
    );
    const cursor = encodeCursor(result.LastEvaluatedKey);
    // byMerchant holds keys only: the page's refunds are read whole by key. One that left the status asked for
    // since the index was read is not shown under it.
    const refunds = (await itemsOf(new ReadMeter(), table(), result.Items ?? []))
      .map(refundFromItem)
      .filter((refund) => !options.status || refund.status === options.status);
    return { items: refunds, ...(cursor ? { cursor } : {}) };
  }

  async updateRefund(
    refundId: string,
    change: RefundChange,
    from?: readonly RefundStatus[],
    known?: Pick<Refund, 'refundId' | 'merchantId' | 'createdAt' | 'status'>,
  ) {
    const current = known ?? (await this.getRefund(refundId, { consistent: true }));
    if (!current) throw new NotFound('refund');
    const update = buildRefundUpdate(current, change, from);
    try {
      const result = await dynamoClient().send(
        new UpdateCommand({ TableName: table(), Key: refundKey(refundId), ...update, ReturnValues: 'ALL_NEW' }),
      );
      return refundFromItem(result.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const latest = await this.getRefund(refundId, { consistent: true });
        throw new InvalidTransition(latest?.status ?? 'UNKNOWN', `move to ${change.status ?? 'update'}`);
      }
      throw error;
    }
  }

  async holdWait(refundId: string, wait: string, taskToken: string, extra: Record<string, unknown> = {}) {
    const names: Record<string, string> = { '#step': 'step' };
    const values: Record<string, unknown> = { ':token': taskToken, ':wait': wait };
    const sets = ['taskToken = :token'];
    Object.entries(extra).forEach(([attribute, value], i) => {
      names[`#x${i}`] = attribute;
      values[`:x${i}`] = value;
      sets.push(`#x${i} = :x${i}`);
    });
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refundId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND #step = :wait',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new InvalidTransition('MOVED_ON', `wait in ${wait}`);
      throw error;
    }
  }

  async markReminded(refundId: string, step: string, dueBy: string) {
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refundId),
          UpdateExpression: 'SET remindedDueBy = :due',
          ConditionExpression:
            'attribute_exists(pk) AND #step = :step AND nextStep.dueBy = :due AND ' +
            '(attribute_not_exists(remindedDueBy) OR remindedDueBy <> :due)',
          ExpressionAttributeNames: { '#step': 'step' },
          ExpressionAttributeValues: { ':due': dueBy, ':step': step },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claimWait(
    refund: Pick<Refund, 'refundId' | 'orderId' | 'merchantId' | 'createdAt' | 'status' | 'amount' | 'items'>,
    waits: readonly string[],
    change: RefundChange,
    options: ClaimOptions = {},
  ) {
    const read = () =>
      dynamoClient().send(
        new GetCommand({
          TableName: table(),
          Key: refundKey(refund.refundId),
          ProjectionExpression: 'taskToken, #step',
          ExpressionAttributeNames: { '#step': 'step' },
          ConsistentRead: true,
        }),
      );
    let current = await read();
    // The refund shows its wait (status, step) a moment before the wait's task stores the token (holdWait): a person
    // acting in that moment is waited for, briefly, rather than told the refund is not waiting.
    for (let tries = 0; tries < HOLD_POLLS && isBeingHeld(current.Item, waits); tries++) {
      await new Promise((resolve) => setTimeout(resolve, HOLD_POLL_MS));
      current = await read();
    }
    const token = current.Item?.taskToken;
    if (typeof token !== 'string' || !waits.includes(String(current.Item?.step))) {
      throw new Conflict(
        'NOT_WAITING',
        'the refund is not waiting for this action (already decided, timed out or closed)',
      );
    }
    const reduced = options.reduceTo
      ? { amount: options.reduceTo.amount, ...(options.reduceTo.items ? { items: options.reduceTo.items } : {}) }
      : {};
    const taskId = options.inspectionTaskId ?? options.reviewTaskId;
    const conditions = [
      'taskToken = :token',
      ...(taskId ? ['#task.taskId = :taskId'] : []),
      ...(options.actedAt ? ['(attribute_not_exists(nextStep.dueBy) OR nextStep.dueBy > :actedAt)'] : []),
      ...(options.offerAt ? ['#offer.#at = :offerAt'] : []),
    ];
    const update = buildRefundUpdate(
      refund,
      { ...change, extra: { ...change.extra, ...reduced, taskToken: undefined } },
      undefined,
      {
        expression: conditions.join(' AND '),
        names: {
          ...(taskId ? { '#task': options.inspectionTaskId ? 'inspection' : 'review' } : {}),
          ...(options.offerAt ? { '#offer': 'offer', '#at': 'at' } : {}),
        },
        values: {
          ':token': token,
          ...(taskId ? { ':taskId': taskId } : {}),
          ...(options.actedAt ? { ':actedAt': options.actedAt } : {}),
          ...(options.offerAt ? { ':offerAt': options.offerAt } : {}),
        },
      },
    );
    const refundUpdate = { TableName: table(), Key: refundKey(refund.refundId), ...update };
    const orderUpdates = [
      ...(options.release ? [{ Update: this.releaseUpdate(refund) }] : []),
      ...(options.reduceTo ? [{ Update: this.reduceUpdate(refund, options.reduceTo) }] : []),
    ];
    try {
      // A transaction only when the order changes too: DynamoDB bills each item of a transaction twice, and a
      // conditional write of one item is just as atomic.
      if (orderUpdates.length) {
        await dynamoClient().send(
          new TransactWriteCommand({ TransactItems: [{ Update: refundUpdate }, ...orderUpdates] }),
        );
      } else await dynamoClient().send(new UpdateCommand(refundUpdate));
      return token;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error instanceof TransactionCanceledException && failedConditions(error)[0])
      ) {
        throw new Conflict(
          'NOT_WAITING',
          'the refund is not waiting for this action (already decided, timed out or closed)',
        );
      }
      throw error;
    }
  }

  /**
   * Gives back a refund's reservation on its order: its amount and its lines' units and amounts, or, for a refund
   * from before lines were tracked, its line locks.
   */
  private releaseUpdate(refund: Pick<Refund, 'orderId' | 'amount' | 'items'>) {
    const released = releaseExpressions(heldLines(refund));
    const locks = legacyLocks(refund);
    return {
      TableName: table(),
      Key: orderKey(refund.orderId),
      UpdateExpression: `SET refundedAmount = refundedAmount - :amount${released.adds.length ? ` ADD ${released.adds.join(', ')}` : ''}${locks.length ? ' DELETE activeLines :lines' : ''}`,
      ConditionExpression: ['refundedAmount >= :amount', ...released.conditions].join(' AND '),
      ...(Object.keys(released.names).length ? { ExpressionAttributeNames: released.names } : {}),
      ExpressionAttributeValues: {
        ':amount': refund.amount,
        ...released.values,
        ...(locks.length ? { ':lines': new Set(locks) } : {}),
      },
    };
  }

  /**
   * Gives back what a refund no longer holds once it shrinks to `after` (an accepted partial offer): the difference
   * of its amount and of each line's amount. Its units, and a legacy refund's line locks, stay.
   */
  private reduceUpdate(refund: Pick<Refund, 'orderId' | 'amount' | 'items'>, after: Pick<Refund, 'amount' | 'items'>) {
    const given = refund.amount - after.amount;
    const lines = heldLines(refund);
    const reduced = reduceExpressions(lines, lines.length ? heldLines(after) : []);
    return {
      TableName: table(),
      Key: orderKey(refund.orderId),
      UpdateExpression: `SET refundedAmount = refundedAmount - :amount${reduced.adds.length ? ` ADD ${reduced.adds.join(', ')}` : ''}`,
      ConditionExpression: ['refundedAmount >= :amount', ...reduced.conditions].join(' AND '),
      ...(Object.keys(reduced.names).length ? { ExpressionAttributeNames: reduced.names } : {}),
      ExpressionAttributeValues: { ':amount': given, ...reduced.values },
    };
  }

  async closeUnpaid(refund: Refund, change: RefundChange, from: readonly RefundStatus[]) {
    const update = buildRefundUpdate(refund, { ...change, extra: { ...change.extra, taskToken: undefined } }, from);
    try {
      await dynamoClient().send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: table(), Key: refundKey(refund.refundId), ...update } },
            { Update: this.releaseUpdate(refund) },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && failedConditions(error)[0]) {
        const latest = await this.getRefund(refund.refundId, { consistent: true });
        throw new InvalidTransition(latest?.status ?? 'UNKNOWN', `move to ${change.status ?? 'update'}`);
      }
      throw error;
    }
    // Read back as just written (the answer to the application is built from it).
    const after = await this.getRefund(refund.refundId, { consistent: true });
    if (!after) throw new NotFound('refund');
    return after;
  }

  async listOrdersByUser(userId: string, options: { cursor?: string; limit: number }): Promise<Page<Order>> {
    const partition = userOrdersPartition(userId);
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName('ordersByUser'),
        KeyConditionExpression: 'gsi6pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, partition, 'gsi6pk') } : {}),
      }),
    );
    const keys = (result.Items ?? []).map((item) => ({ pk: item.pk, sk: item.sk }));
    // The index holds keys only (the line tallies are attributes named by sku): the orders come from the table.
    const found = new Map<unknown, Order>();
    let pending: Record<string, unknown>[] | undefined = keys;
    while (pending?.length) {
      const read: { items: Record<string, unknown>[]; unprocessed?: Record<string, unknown>[] | undefined } =
        await this.batchGet(pending);
      for (const item of read.items) found.set(item.pk, orderFromItem(item));
      pending = read.unprocessed;
    }
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return {
      // An order pushed again for another buyer since the index was read is not this buyer's any more.
      items: keys.flatMap((k) => {
        const order = found.get(k.pk);
        return order && order.userId === userId ? [order] : [];
      }),
      ...(cursor ? { cursor } : {}),
    };
  }

  private async batchGet(keys: Record<string, unknown>[]) {
    const result = await dynamoClient().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys } } }));
    return {
      items: result.Responses?.[table()] ?? [],
      unprocessed: result.UnprocessedKeys?.[table()]?.Keys,
    };
  }

  async refundsOnOrders(userId: string, orderIds: readonly string[], since: string): Promise<OrderRefund[]> {
    const wanted = new Set(orderIds);
    const found: OrderRefund[] = [];
    if (!wanted.size) return found;
    let start: Record<string, unknown> | undefined;
    let read = 0;
    do {
      const page = await dynamoClient().send(
        new QueryCommand({
          TableName: table(),
          IndexName: indexName('byUser'),
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk >= :since',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':p': userPartition(userId), ':since': since },
          ProjectionExpression: 'refundId, orderId, #status, createdAt',
          ScanIndexForward: false,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        read++;
        const { refundId, orderId, status, createdAt } = item;
        if (
          typeof refundId === 'string' &&
          typeof orderId === 'string' &&
          wanted.has(orderId) &&
          typeof status === 'string' &&
          isStatus(status) &&
          typeof createdAt === 'string'
        ) {
          found.push({ refundId, orderId, status, createdAt });
        }
      }
      start = page.LastEvaluatedKey;
      // Bounded like recentRefunds: a buyer with thousands of refunds since the page's oldest order sees the newest.
    } while (start && read < 1000);
    return found;
  }
}

/** How often and how long claimWait waits for a wait's token that is about to be stored (about 3 s in all). */
const HOLD_POLLS = 20;
const HOLD_POLL_MS = 150;

/** The refund is in one of `waits` but its task has not stored the token yet. */
function isBeingHeld(item: Record<string, unknown> | undefined, waits: readonly string[]): boolean {
  return item !== undefined && typeof item.taskToken !== 'string' && waits.includes(String(item.step));
}
