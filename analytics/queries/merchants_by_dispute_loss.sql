-- Which merchants lose the disputes buyers raise against their rejections: per merchant, its refunds, the disputed
-- ones, those the platform then decided for the buyer (the refund went on to be paid) and that share of its
-- disputes (percent). Merchants with at least 5 disputes, the worst 20.
SELECT
  merchant_id,
  count(*) AS refunds,
  count_if(disputed_at IS NOT NULL) AS disputes,
  count_if(disputed_at IS NOT NULL AND status IN ('APPROVED', 'PAYOUT_PENDING', 'REFUNDED', 'PAYOUT_FAILED')) AS disputes_lost,
  round(
    100 * CAST(count_if(disputed_at IS NOT NULL AND status IN ('APPROVED', 'PAYOUT_PENDING', 'REFUNDED', 'PAYOUT_FAILED')) AS DOUBLE)
      / count_if(disputed_at IS NOT NULL),
    2
  ) AS dispute_loss_pct
FROM refunds
GROUP BY merchant_id
HAVING count_if(disputed_at IS NOT NULL) >= 5
ORDER BY dispute_loss_pct DESC, disputes DESC, merchant_id
LIMIT 20
