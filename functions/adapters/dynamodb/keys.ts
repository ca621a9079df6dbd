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

export const PAYOUT_SHARDS = 8;
/** Spread outstanding payouts over a few partitions so a busy day does not make one hot key. */
export const outstandingPayoutKeys = (refundId: string, promisedBy: string) => {
  let h = 0;
  for (const c of refundId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { gsi3pk: `PAYOUT#${h % PAYOUT_SHARDS}`, gsi3sk: `${promisedBy}#${refundId}` };
};
