-- Why buyers ask for their money back, per category of goods: refunds of each reason and their share of the
-- category's refunds (percent).
SELECT
  category,
  reason,
  count(*) AS refunds,
  round(100 * CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (PARTITION BY category), 2) AS share_pct
FROM refunds
GROUP BY category, reason
ORDER BY category, refunds DESC, reason
