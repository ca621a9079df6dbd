-- How long buyers wait for their money, by the way it goes back (the payout method: the order's payment method for
-- ORIGINAL, or BALANCE, COUPON): refunds paid, and hours from application to settlement (mean, median, 90th
-- percentile).
SELECT
  payout_method,
  count(*) AS refunds_paid,
  round(avg(date_diff('second', from_iso8601_timestamp(created_at), from_iso8601_timestamp(payout_settled_at))) / 3600e0, 2) AS avg_hours,
  round(approx_percentile(date_diff('second', from_iso8601_timestamp(created_at), from_iso8601_timestamp(payout_settled_at)), 0.5) / 3600e0, 2) AS p50_hours,
  round(approx_percentile(date_diff('second', from_iso8601_timestamp(created_at), from_iso8601_timestamp(payout_settled_at)), 0.9) / 3600e0, 2) AS p90_hours
FROM refunds
WHERE status = 'REFUNDED' AND payout_settled_at IS NOT NULL
GROUP BY payout_method
ORDER BY payout_method
