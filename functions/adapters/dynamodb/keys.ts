/** Key layout of the main table: the only place that knows the prefixes. */

export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: '#ORDER' });
export const refundKey = (refundId: string) => ({ pk: `REFUND#${refundId}`, sk: '#REFUND' });
/** One active refund per order line: a lock item in the order's partition. */
export const lineLockKey = (orderId: string, line: string) => ({ pk: `ORDER#${orderId}`, sk: `ACTIVE#${line}` });

export const byUserKeys = (userId: string, createdAt: string, refundId: string) => ({
  gsi1pk: `USER#${userId}`,
  gsi1sk: `${createdAt}#${refundId}`,
});
export const byMerchantKeys = (merchantId: string, status: string, createdAt: string, refundId: string) => ({
  gsi2pk: `MERCHANT#${merchantId}`,
  gsi2sk: `${status}#${createdAt}#${refundId}`,
});

const shardOf = (id: string, shards: number) => {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % shards;
};

export const PAYOUT_SHARDS = 8;
/** Spread outstanding payouts over a few partitions so a busy day does not make one hot key. */
export const outstandingPayoutKeys = (refundId: string, promisedBy: string) => ({
  gsi3pk: `PAYOUT#${shardOf(refundId, PAYOUT_SHARDS)}`,
  gsi3sk: `${promisedBy}#${refundId}`,
});

export const STATE_SHARDS = 4;
/**
 * Sparse `byState` keys of a live (non-terminal) refund: its status and when it entered it, so the monitor reads only
 * refunds already past a step's deadline (`gsi4sk < cutoff`). Terminal refunds drop out of the index.
 */
export const refundStateKeys = (refundId: string, status: string, enteredAt: string) => ({
  gsi4pk: `REFUND#${status}#${shardOf(refundId, STATE_SHARDS)}`,
  gsi4sk: `${enteredAt}#${refundId}`,
});
/** `byState` keys of an alert: finance lists OPEN (or CLOSED) alerts without reading anything else. */
export const alertStateKeys = (status: string, detectedAt: string, alertId: string) => ({
  gsi4pk: `ALERTS#${status}`,
  gsi4sk: `${detectedAt}#${alertId}`,
});
export const alertKey = (alertId: string) => ({ pk: `ALERT#${alertId}`, sk: '#ALERT' });

/** `byCreatedDay` keys, written once at creation: the monitor counts recent applications (RATE_SPIKE) by day. */
export const createdDayKeys = (createdAt: string, refundId: string) => ({
  gsi5pk: `CREATED#${createdAt.slice(0, 10)}`,
  gsi5sk: `${createdAt}#${refundId}`,
});

/** The ledger table's partition of one refund: every money movement of that refund, sorted by entry id. */
export const ledgerPartition = (refundId: string) => `REFUND#${refundId}`;
