/**
 * The monitor's reads, each through a key condition so the cost follows the work, never the table:
 * outstanding payouts (sparse sharded `outstandingPayouts`), refunds past a step deadline or failed (sparse `byState`,
 * `gsi4sk < now - deadline`), today's and yesterday's ledger movements (`byDay`), recent applications
 * (`byCreatedDay`) with the baseline of only those parties that could spike, and the subjects of open alerts.
 * Merchant deadlines close to lapsing: the refunds in AWAITING_MERCHANT and RETURN_IN_TRANSIT (`byState`, every shard),
 * filtered to a deadline within the lead and not yet reminded of (the reminder's marker is `remindedDueBy`).
 */

import type { AlertRecord, LedgerMovement, MonitoringConfig } from '../../domain/monitoring/index.ts';
import { MERCHANT_DEADLINE_STATUSES } from '../../domain/notifications/deadline-reminder.ts';
import { cstDate } from '../../domain/payout/calendar.ts';
import type { Order, Refund } from '../../domain/refund.ts';
import { type IsoTime, STATUSES, TERMINAL_STATUSES } from '../../domain/vocabulary.ts';
import type { MonitoringLoad, MonitoringSource } from '../../ports/monitoring-source.ts';
import { ReadMeter } from './capacity.ts';
import { tableName } from './client.ts';
import { indexName } from './index-layout.ts';
import { orderFromItem, refundFromItem } from './item.ts';
import {
  ledgerPartition,
  orderKey,
  outstandingPayoutPartition,
  PAYOUT_SHARDS,
  refundKey,
  refundStatePartition,
  STATE_SHARDS,
} from './keys.ts';
import { movementFromItem } from './ledger-read.ts';
import { rateWindow } from './rate-window.ts';
import { batchGetAll, itemsOf, mapLimit, queryAll } from './reads.ts';
import { LEDGER_TABLE, MAIN_TABLE } from './tables.ts';

type Item = Record<string, unknown>;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Parses what it can; a malformed item is left out rather than stopping the whole run. */
function refundsOf(items: readonly Item[]): Refund[] {
  return items.flatMap((item) => {
    try {
      return [refundFromItem(item)];
    } catch {
      return [];
    }
  });
}

export class DynamoMonitoringSource implements MonitoringSource {
  async merchantDeadlines(now: IsoTime, leadSeconds: number): Promise<Refund[]> {
    const meter = new ReadMeter();
    const soon = new Date(Date.parse(now) + leadSeconds * 1000).toISOString();
    const items = await Promise.all(
      MERCHANT_DEADLINE_STATUSES.flatMap((status) =>
        range(STATE_SHARDS).map((shard) =>
          queryAll(meter, {
            TableName: tableName(MAIN_TABLE),
            IndexName: indexName('byState'),
            KeyConditionExpression: 'gsi4pk = :p',
            // Deadlines are ISO-8601 UTC strings, so they compare as text; the marker compares with the deadline.
            FilterExpression:
              'nextStep.dueBy > :now AND nextStep.dueBy <= :soon AND ' +
              '(attribute_not_exists(remindedDueBy) OR remindedDueBy <> nextStep.dueBy)',
            ExpressionAttributeValues: { ':p': refundStatePartition(status, shard), ':now': now, ':soon': soon },
          }),
        ),
      ),
    );
    // byState projects only what the filter tests: the few matching refunds are read whole.
    return refundsOf(await itemsOf(meter, tableName(MAIN_TABLE), items.flat()));
  }

  async load(now: IsoTime, config: MonitoringConfig, open: readonly AlertRecord[]): Promise<MonitoringLoad> {
    const meter = new ReadMeter();
    const main = tableName(MAIN_TABLE);
    const ledgerTable = tableName(LEDGER_TABLE);
    const refunds = new Map<string, Refund>();
    const keep = (list: readonly Refund[]) => {
      for (const r of list) refunds.set(r.refundId, r);
    };
    const nowMs = Date.parse(now);

    // The indexes hold keys (and a filter's attributes) only: each query's refunds are read whole by key, so the
    // run still costs what the outstanding work holds, never the table.
    const outstanding = refundsOf(
      await itemsOf(
        meter,
        main,
        (
          await Promise.all(
            range(PAYOUT_SHARDS).map((shard) =>
              queryAll(meter, {
                TableName: main,
                IndexName: indexName('outstandingPayouts'),
                KeyConditionExpression: 'gsi3pk = :p',
                ExpressionAttributeValues: { ':p': outstandingPayoutPartition(shard) },
              }),
            ),
          )
        ).flat(),
      ),
    );
    keep(outstanding);

    const watched = STATUSES.filter((s) => !TERMINAL_STATUSES.has(s)).flatMap((status) => {
      const deadline = status === 'PAYOUT_FAILED' ? 0 : config.stuckDeadlines[status];
      if (deadline === undefined) return [];
      // entered before the cutoff = over the deadline now; failed refunds are all read (cutoff = now).
      const cutoff = new Date(nowMs - deadline * 1000).toISOString();
      return range(STATE_SHARDS).map((shard) => ({ status, shard, cutoff }));
    });
    const overdue = await Promise.all(
      watched.map(({ status, shard, cutoff }) =>
        queryAll(meter, {
          TableName: main,
          IndexName: indexName('byState'),
          KeyConditionExpression: 'gsi4pk = :p AND gsi4sk < :c',
          ExpressionAttributeValues: { ':p': refundStatePartition(status, shard), ':c': cutoff },
        }),
      ),
    );
    // An outstanding payout past the hour is in both indexes: what was just read is not read again.
    const read = new Set([...refunds.keys()].map((id) => refundKey(id).pk));
    keep(
      refundsOf(
        await itemsOf(
          meter,
          main,
          overdue.flat().filter((item) => !read.has(String(item.pk))),
        ),
      ),
    );

    const days = [...new Set([cstDate(now), cstDate(new Date(nowMs - 86_400_000).toISOString())])];
    const recentLedger = (
      await Promise.all(
        days.map((day) =>
          queryAll(meter, {
            TableName: ledgerTable,
            IndexName: 'byDay',
            KeyConditionExpression: '#d = :d',
            ExpressionAttributeNames: { '#d': 'day' },
            ExpressionAttributeValues: { ':d': day },
          }),
        ),
      )
    ).flat();

    keep(await rateWindow(meter, main, now, config));

    // Subjects that must be (re)read: settled recently, and every open alert's refund.
    const wanted = new Set([
      ...recentLedger.flatMap((item) => (typeof item.refundId === 'string' ? [item.refundId] : [])),
      ...open.flatMap((a) => (a.refundId ? [a.refundId] : [])),
    ]);
    const missing = [...wanted].filter((id) => !refunds.has(id));
    keep(refundsOf(await batchGetAll(meter, main, missing.map(refundKey))));

    // Duplicates: full ledger of outstanding refunds and of open duplicate alerts; the recent days cover the rest.
    const ledgerIds = new Set([
      ...outstanding.map((r) => r.refundId),
      ...open.flatMap((a) => (a.kind === 'DUPLICATE_PAYOUT' && a.refundId ? [a.refundId] : [])),
    ]);
    const partitions = await mapLimit([...ledgerIds], 16, (id) =>
      queryAll(meter, {
        TableName: ledgerTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': ledgerPartition(id) },
      }),
    );
    const ledger = new Map<string, LedgerMovement>();
    for (const item of [...recentLedger, ...partitions.flat()]) {
      const movement = movementFromItem(item);
      if (movement) ledger.set(`${String(item.pk)}|${String(item.sk)}`, movement);
    }

    const orderIds = new Set([
      ...[...refunds.values()].map((r) => r.orderId),
      ...open.flatMap((a) => (a.kind === 'OVER_REFUND' && a.orderId ? [a.orderId] : [])),
    ]);
    const orders: Order[] = (await batchGetAll(meter, main, [...orderIds].map(orderKey))).flatMap((item) => {
      try {
        return [orderFromItem(item)];
      } catch {
        return [];
      }
    });

    return {
      snapshot: { refunds: [...refunds.values()], orders, ledger: [...ledger.values()] },
      covered: {
        refunds: new Set(refunds.keys()),
        ledger: ledgerIds,
        orders: new Set(orders.map((o) => o.orderId)),
        rates: true,
      },
      outstandingPayouts: outstanding.length,
      readCapacityUnits: meter.units,
      readRequests: meter.requests,
    };
  }
}
