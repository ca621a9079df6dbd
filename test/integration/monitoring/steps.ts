/**
 * Given/when/then steps for monitoring tests: refunds, orders and ledger entries written straight into DynamoDB Local
 * in the shapes the payout step and the webhook write, a movable clock, and the monitor run on demand.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import {
  byUserKeys,
  createdDayKeys,
  ledgerPartition,
  orderKey,
  outstandingPayoutKeys,
  refundKey,
  refundStateKeys,
} from '../../../functions/adapters/dynamodb/keys.ts';
import { LEDGER_TABLE, MAIN_TABLE, type TableDefinition } from '../../../functions/adapters/dynamodb/tables.ts';
import { cstDate } from '../../../functions/domain/payout/calendar.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import type { RefundStatus } from '../../../functions/domain/vocabulary.ts';
import { anOrder, aPayout, aRefund, ownIds } from '../../support/builders.ts';
import type { Client } from '../../support/local.ts';

/** A clock the test moves; installed as the runtime's clock. */
export class TestClock {
  constructor(private at: number) {}
  now = () => new Date(this.at);
  iso = (offsetSeconds = 0) => new Date(this.at + offsetSeconds * 1000).toISOString();
  advance(seconds: number) {
    this.at += seconds * 1000;
  }
}

const HOUR = 3600;

export class MonitoringSteps {
  constructor(
    readonly client: Client,
    readonly clock: TestClock,
  ) {}

  private table = (t: TableDefinition = MAIN_TABLE) => this.client.runtime.tableName(t);

  /** A refund as the lifecycle leaves it: live refunds carry their byState keys, all carry their creation keys. */
  async givenRefund(refund: Refund, extra: Record<string, unknown> = {}) {
    const live = !['REFUNDED', 'REJECTED', 'CANCELLED'].includes(refund.status);
    const entered = refund.timeline.at(-1)?.at ?? refund.updatedAt;
    await dynamoClient().send(
      new PutCommand({
        TableName: this.table(),
        Item: {
          ...refundKey(refund.refundId),
          ...byUserKeys(refund.userId, refund.createdAt, refund.refundId),
          ...createdDayKeys(refund.createdAt, refund.refundId),
          ...(live ? refundStateKeys(refund.refundId, refund.status as RefundStatus, entered) : {}),
          ...refund,
          ...extra,
        },
      }),
    );
    await this.givenOrder(refund.orderId, refund.amount, refund.amount);
  }

  /** A payout the payout step sent: PAYOUT_PENDING with the outstanding-payout keys and a SENT ledger entry. */
  async givenSentPayout(id: string, promisedBy: string, amount = 12900) {
    const sentAt = this.clock.iso(-3 * 24 * HOUR);
    const refund = aRefund({
      ...ownIds(id),
      status: 'PAYOUT_PENDING',
      createdAt: sentAt,
      amount,
      payout: aPayout({ amount, promisedBy, sentAt, providerRef: `p-${id}` }),
    });
    await this.givenRefund(refund, outstandingPayoutKeys(id, promisedBy));
    await this.givenLedger(id, 'SENT', amount, `p-${id}`, sentAt);
    return refund;
  }

  async givenOrder(orderId: string, paidAmount: number, refundedAmount: number) {
    const at = this.clock.iso(-30 * 24 * HOUR);
    await dynamoClient().send(
      new PutCommand({
        TableName: this.table(),
        Item: {
          ...orderKey(orderId),
          ...anOrder({ orderId, paidAmount, refundedAmount, paidAt: at, items: [], createdAt: at, updatedAt: at }),
        },
      }),
    );
  }

  async givenLedger(refundId: string, kind: string, amount: number, providerRef: string, at: string) {
    const entryId = `${refundId}#${kind}#${providerRef}`;
    await dynamoClient().send(
      new PutCommand({
        TableName: this.table(LEDGER_TABLE),
        Item: {
          pk: ledgerPartition(refundId),
          sk: entryId,
          entryId,
          refundId,
          kind,
          amount,
          currency: 'CNY',
          provider: 'sandbox',
          method: 'ALIPAY',
          providerRef,
          at,
          day: cstDate(at),
        },
      }),
    );
  }

  /** What the settlement webhook does to the refund: money arrived, the refund leaves the outstanding index. */
  async whenSettled(refundId: string, settledAmount = 12900) {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: this.table(),
        Key: refundKey(refundId),
        UpdateExpression:
          'SET payout.settledAt = :at, payout.settledAmount = :amount, #s = :done REMOVE gsi3pk, gsi3sk, gsi4pk, gsi4sk',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':at': this.clock.iso(), ':amount': settledAmount, ':done': 'REFUNDED' },
      }),
    );
  }

  async runMonitor() {
    const response = await this.client.call('POST', '/local/monitor/run');
    if (response.status !== 200) throw new Error(`monitor run failed: ${response.status} ${response.text}`);
    return response.body;
  }

  financeMessages() {
    return this.client.runtime.outbox.entries.filter((e) => e.channel === 'finance');
  }

  operationsMessages() {
    return this.client.runtime.outbox.entries.filter((e) => e.channel === 'operations');
  }

  async alerts(status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' = 'OPEN') {
    const token = await this.client.token('finance', 'finance-1');
    const response = await this.client.call('GET', `/v1/finance/alerts?status=${status}`, { token });
    if (response.status !== 200) throw new Error(`alerts: ${response.status} ${response.text}`);
    return response.body.items as {
      alertId: string;
      kind: string;
      refundId?: string;
      detail: string;
      history: { action: string; by: string }[];
    }[];
  }
}
