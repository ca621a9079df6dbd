-- Which goods come back most: per sku, the units sold, the units refunded (refunds not cancelled or rejected) and
-- their ratio (percent). The 50 highest rates; skus with fewer than 20 units sold are left out as noise.
WITH sold AS (
  SELECT sku, sum(quantity) AS units_sold
  FROM order_lines
  GROUP BY sku
),
refunded AS (
  SELECT sku, sum(quantity) AS units_refunded
  FROM refund_lines
  WHERE status NOT IN ('CANCELLED', 'REJECTED')
  GROUP BY sku
)
SELECT
  sold.sku,
  sold.units_sold,
  coalesce(refunded.units_refunded, 0) AS units_refunded,
  round(100 * CAST(coalesce(refunded.units_refunded, 0) AS DOUBLE) / sold.units_sold, 2) AS return_rate_pct
FROM sold
LEFT JOIN refunded ON refunded.sku = sold.sku
WHERE sold.units_sold >= 20
ORDER BY return_rate_pct DESC, sold.sku
LIMIT 50
