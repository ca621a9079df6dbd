-- One row per refund, its latest state: refund items are keyed REFUND#<refundId> / #REFUND
-- (functions/adapters/dynamodb/keys.ts refundKey); the thread's messages share the partition with other sort keys.
SELECT
  image.refundid.s AS refund_id,
  image.orderid.s AS order_id,
  image.userid.s AS user_id,
  image.merchantid.s AS merchant_id,
  CAST(image.amount.n AS BIGINT) AS amount,
  image.currency.s AS currency,
  image.reason.s AS reason,
  image.category.s AS category,
  image.scenario.s AS scenario,
  image.destination.s AS destination,
  image.status.s AS status,
  image.createdat.s AS created_at,
  image.updatedat.s AS updated_at,
  image.payout.m.method.s AS payout_method,
  image.payout.m.settledat.s AS payout_settled_at,
  image.dispute.m."at".s AS disputed_at
FROM store_items
WHERE pk LIKE 'REFUND#%' AND sk = '#REFUND'
