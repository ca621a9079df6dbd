-- One row per order line sold: order items are keyed ORDER#<orderId> / #ORDER (functions/adapters/dynamodb/keys.ts).
SELECT
  orders.order_id,
  orders.merchant_id,
  orders.payment_method,
  orders.paid_at,
  line.sku.s AS sku,
  line.category.s AS category,
  CAST(line.quantity.n AS BIGINT) AS quantity,
  CAST(line.unitprice.n AS BIGINT) AS unit_price
FROM (
  SELECT image.orderid.s AS order_id, image.merchantid.s AS merchant_id, image.paymentmethod.s AS payment_method,
    image.paidat.s AS paid_at, image.items.l AS lines
  FROM store_items
  WHERE pk LIKE 'ORDER#%' AND sk = '#ORDER'
) AS orders
CROSS JOIN UNNEST(orders.lines) AS sold (line)
