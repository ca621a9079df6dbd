/**
 * Key layout of the main table and the ledger: the only place that knows the prefixes. Adapters, local tools and
 * tests build and read keys through these functions; test/unit/dynamodb-keys.test.ts pins the stored formats.
 */
import { SLOT_MS } from '../../domain/analytics/fold.ts';
import { type RefundStatus, TERMINAL_STATUSES } from '../../domain/vocabulary.ts';

/** Every refund item's `pk` starts with this (a scan for refunds filters on it). */
export const REFUND_PARTITION_PREFIX = 'REFUND#';

export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: '#ORDER' });
export const refundKey = (refundId: string) => ({ pk: `${REFUND_PARTITION_PREFIX}${refundId}`, sk: '#REFUND' });

/** Sort key prefix of a refund's messages (its negotiation thread), in its partition: a Query reads them in time order. */
export const MESSAGE_SORT_PREFIX = 'MSG#';
/** One message of a refund's thread: sorted by time, then id (two messages in the same millisecond both stay). */
export const messageKey = (refundId: string, at: string, messageId: string) => ({
  pk: `${REFUND_PARTITION_PREFIX}${refundId}`,
  sk: `${MESSAGE_SORT_PREFIX}${at}#${messageId}`,
});

/** `byUser` partition of a buyer's refunds. */
export const userPartition = (userId: string) => `USER#${userId}`;
export const byUserKeys = (userId: string, createdAt: string, refundId: string) => ({
  gsi1pk: userPartition(userId),
  gsi1sk: `${createdAt}#${refundId}`,
});

/** `ordersByUser` partition of a buyer's orders. */
export const userOrdersPartition = (userId: string) => `ORDERS#${userId}`;
/** `ordersByUser` keys of an order: newest paid first, the order id breaking ties. */
export const ordersByUserKeys = (userId: string, paidAt: string, orderId: string) => ({
  gsi6pk: userOrdersPartition(userId),
  gsi6sk: `${paidAt}#${orderId}`,
});

/** `byMerchant` partition of a merchant's refunds. */
export const merchantPartition = (merchantId: string) => `MERCHANT#${merchantId}`;
/**
 * Start of a `byMerchant` sort key: `<status>#` alone selects a status (begins_with), `<status>#<time>` bounds a
 * range of creation times within it.
 */
export const byMerchantSortPrefix = (status: string, createdAt = '') => `${status}#${createdAt}`;
export const byMerchantKeys = (merchantId: string, status: string, createdAt: string, refundId: string) => ({
  gsi2pk: merchantPartition(merchantId),
  gsi2sk: `${byMerchantSortPrefix(status, createdAt)}#${refundId}`,
});

/**
 * A merchant's response counters until 2026-12: one item in the merchant's partition, read but no longer written (the
 * months since count them in the scorecard items, ./merchant-stats.ts).
 */
export const merchantStatsKey = (merchantId: string) => ({ pk: merchantPartition(merchantId), sk: 'STATS' });
/** The merchant scorecard of one China month (`YYYY-MM`): one partition, so finance lists a month's merchants. */
export const scorecardPartition = (month: string) => `SCORECARD#${month}`;
/** One merchant's scorecard counters for one month. */
export const scorecardKey = (month: string, merchantId: string) => ({
  pk: scorecardPartition(month),
  sk: merchantPartition(merchantId),
});
/** A merchant's return address: one item in the merchant's partition. */
export const merchantReturnAddressKey = (merchantId: string) => ({
  pk: merchantPartition(merchantId),
  sk: 'RETURN_ADDRESS',
});

/** A buyer's (`BUYER`) or a merchant's (`MERCHANT`) message centre: one partition each. */
export const inboxPartition = (audience: 'BUYER' | 'MERCHANT', recipientId: string) =>
  `INBOX#${audience}#${recipientId}`;
/** Sort key prefix of message-centre entries; the id starts with the time, so a Query reads them in time order. */
export const INBOX_SORT_PREFIX = 'NOTE#';
export const inboxKey = (audience: 'BUYER' | 'MERCHANT', recipientId: string, id: string) => ({
  pk: inboxPartition(audience, recipientId),
  sk: `${INBOX_SORT_PREFIX}${id}`,
});

/**
 * The people tasks are balanced across, one pool per role: reviewers (review and arbitration tasks) and inspectors
 * (inspections of returned goods). Each pool shares one partition, small enough to read whole.
 */
export type TaskPool = 'reviewer' | 'inspector';
const POOL_PARTITION: Readonly<Record<TaskPool, string>> = { reviewer: 'REVIEWERS', inspector: 'INSPECTORS' };
const POOL_SORT: Readonly<Record<TaskPool, string>> = { reviewer: 'R#', inspector: 'I#' };
const POOL_TASKS: Readonly<Record<TaskPool, string>> = { reviewer: 'REVIEWER#', inspector: 'INSPECTOR#' };
export const REVIEWERS_PARTITION = POOL_PARTITION.reviewer;
export const poolPartition = (pool: TaskPool) => POOL_PARTITION[pool];
export const reviewerKey = (reviewerId: string, pool: TaskPool = 'reviewer') => ({
  pk: POOL_PARTITION[pool],
  sk: `${POOL_SORT[pool]}${reviewerId}`,
});
export const reviewTaskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: '#TASK' });
/** `byUser` partition of a reviewer's (or an inspector's) tasks. */
export const reviewerPartition = (reviewerId: string, pool: TaskPool = 'reviewer') =>
  `${POOL_TASKS[pool]}${reviewerId}`;
/** Start of a review task's `byUser` sort key: `<status>#` selects the reviewer's tasks in that status. */
export const reviewTaskSortPrefix = (status: string) => `${status}#`;
/** A task's open/closed state is its sort key prefix, so a reviewer's open tasks are one begins_with query. */
export const reviewTaskKeys = (
  reviewerId: string,
  status: string,
  createdAt: string,
  taskId: string,
  pool: TaskPool = 'reviewer',
) => ({
  gsi1pk: reviewerPartition(reviewerId, pool),
  gsi1sk: `${reviewTaskSortPrefix(status)}${createdAt}#${taskId}`,
});

const shardOf = (id: string, shards: number) => {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % shards;
};

export const PAYOUT_SHARDS = 8;
/** One shard of the sparse `outstandingPayouts` index. */
export const outstandingPayoutPartition = (shard: number) => `PAYOUT#${shard}`;
/** Spread outstanding payouts over a few partitions so a busy day does not make one hot key. */
export const outstandingPayoutKeys = (refundId: string, promisedBy: string) => ({
  gsi3pk: outstandingPayoutPartition(shardOf(refundId, PAYOUT_SHARDS)),
  gsi3sk: `${promisedBy}#${refundId}`,
});

export const STATE_SHARDS = 4;
/** One shard of the live refunds in a status on the `byState` index. */
export const refundStatePartition = (status: string, shard: number) => `REFUND#${status}#${shard}`;
/**
 * Sparse `byState` keys of a live (non-terminal) refund: its status and when it entered it, so the monitor reads only
 * refunds already past a step's deadline (`gsi4sk < cutoff`). Terminal refunds drop out of the index.
 */
export const refundStateKeys = (refundId: string, status: string, enteredAt: string) => ({
  gsi4pk: refundStatePartition(status, shardOf(refundId, STATE_SHARDS)),
  gsi4sk: `${enteredAt}#${refundId}`,
});
/**
 * Statuses `byState` does not hold: the terminal ones, and PAYOUT_PENDING. A refund enters PAYOUT_PENDING only with
 * its payout recorded, in the same write as its `outstandingPayouts` keys (keyed by the promise), and the monitor
 * watches it there (LATE_PAYOUT), never by the time it entered the status (STUCK_REFUND skips a refund with a payout):
 * a copy in `byState` too cost every paid refund an index write going in and one coming out.
 */
const OUTSIDE_BY_STATE: ReadonlySet<RefundStatus> = new Set([...TERMINAL_STATUSES, 'PAYOUT_PENDING']);

/**
 * What entering `status` at `enteredAt` does to a refund's `byState` keys, for every writer of a status change
 * (expressions.ts, payout-store.ts): set while the refund waits in a status the monitor watches by deadline, removed
 * otherwise.
 */
export function refundStateChange(
  refundId: string,
  status: RefundStatus,
  enteredAt: string,
): { set: ReturnType<typeof refundStateKeys>; remove: [] } | { set: undefined; remove: ['gsi4pk', 'gsi4sk'] } {
  return OUTSIDE_BY_STATE.has(status)
    ? { set: undefined, remove: ['gsi4pk', 'gsi4sk'] }
    : { set: refundStateKeys(refundId, status, enteredAt), remove: [] };
}
/** `byState` partition of the alerts in a status (OPEN, ACKNOWLEDGED, RESOLVED; CLOSED for items stored before). */
export const alertStatePartition = (status: string) => `ALERTS#${status}`;
/** `byState` keys of an alert: finance lists the alerts of one status without reading anything else. */
export const alertStateKeys = (status: string, detectedAt: string, alertId: string) => ({
  gsi4pk: alertStatePartition(status),
  gsi4sk: `${detectedAt}#${alertId}`,
});
export const alertKey = (alertId: string) => ({ pk: `ALERT#${alertId}`, sk: '#ALERT' });
/** The record of one China date's daily report e-mail (functions/ports/report-log.ts). */
export const reportKey = (date: string) => ({ pk: `REPORT#${date}`, sk: '#REPORT' });

/** `byCreatedDay` partition of one UTC day (`YYYY-MM-DD`). */
export const createdDayPartition = (day: string) => `CREATED#${day}`;
/** `byCreatedDay` keys, written once at creation: the monitor counts recent applications (RATE_SPIKE) by day. */
export const createdDayKeys = (createdAt: string, refundId: string) => ({
  gsi5pk: createdDayPartition(createdAt.slice(0, 10)),
  gsi5sk: `${createdAt}#${refundId}`,
});

/** The ledger table's partition of one refund: every money movement of that refund, sorted by entry id. */
export const ledgerPartition = (refundId: string) => `REFUND#${refundId}`;

/**
 * Refund analytics' counters (functions/ports/analytics-store.ts): one partition per scope (`ALL`, or `M#<merchant>`),
 * dimension and China date, one item per group in it, so a day's groups are one Query and a merchant's never share a
 * partition with another's.
 */
export const analyticsPartition = (scope: { merchantId?: string | undefined }, dimension: string, day: string) =>
  `ANALYTICS#${scope.merchantId === undefined ? 'ALL' : `M#${scope.merchantId}`}#${dimension}#${day}`;
export const analyticsKey = (
  scope: { merchantId?: string | undefined },
  dimension: string,
  day: string,
  group: string,
) => ({ pk: analyticsPartition(scope, dimension, day), sk: `G#${group}` });
/** The group an analytics item's sort key names. */
export const analyticsGroupOf = (sk: string) => sk.slice(2);
/** Marks a refund event as counted by analytics: written in the same transaction as its counters. */
export const analyticsEventKey = (eventId: string) => ({ pk: `ANALYTICS#EVENT#${eventId}`, sk: '#EVENT' });

/** Tallies are spread over this many partitions per hour, so one hour's counting is not one hot partition. */
export const TALLY_SHARDS = 4;
const HOUR_MS = 3_600_000;
const hourOfSlot = (slot: number) => Math.floor((slot * SLOT_MS) / HOUR_MS);
/** A slot as a sort key prefix: fixed width, so sort keys order as slots do. */
export const tallySlotBound = (slot: number) => String(slot).padStart(12, '0');
/**
 * One counted event's tally (domain/analytics/fold.ts): partitioned by the hour of its slot and a shard of its event
 * id, sorted by slot, so a fold reads a range of slots with one Query per hour and shard.
 */
export const analyticsTallyKey = (slot: number, eventId: string) => ({
  pk: `ANALYTICS#TALLY#${hourOfSlot(slot)}#${shardOf(eventId, TALLY_SHARDS)}`,
  sk: `${tallySlotBound(slot)}#${eventId}`,
});
/** The partitions holding the tallies of slots `from`..`to`. */
export function tallyPartitions(from: number, to: number): string[] {
  const partitions: string[] = [];
  for (let hour = hourOfSlot(from); hour <= hourOfSlot(to); hour++) {
    for (let shard = 0; shard < TALLY_SHARDS; shard++) partitions.push(`ANALYTICS#TALLY#${hour}#${shard}`);
  }
  return partitions;
}
/** Where folding stands: the first slot not folded yet, and the range a fold took (domain/analytics/fold.ts). */
export const ANALYTICS_FOLD_KEY = { pk: 'ANALYTICS#FOLD', sk: '#FOLD' } as const;
