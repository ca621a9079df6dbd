-- One row per order line a refund takes (the refund's items: sku, units, the part of its amount).
SELECT
  refund.refund_id,
  refund.merchant_id,
  refund.status,
  line.sku.s AS sku,
  CAST(line.quantity.n AS BIGINT) AS quantity,
  CAST(line.amount.n AS BIGINT) AS amount
FROM (
  SELECT image.refundid.s AS refund_id, image.merchantid.s AS merchant_id, image.status.s AS status, image.items.l AS lines
  FROM store_items
  WHERE pk LIKE 'REFUND#%' AND sk = '#REFUND'
) AS refund
CROSS JOIN UNNEST(refund.lines) AS refunded (line)
