-- Metabase native question (line chart, x = time): at each month end, the ROC
-- AUC of the health score against staying 90 more days (0.5: the score says
-- nothing, 1: perfect), for a segment (the variable segment, a Text variable,
-- optional). Each month is plotted at its first day.
SELECT date_trunc('month', h.day)::date AS time,
       roc_auc(h.health, NOT coalesce(c.churned_at <= h.day + 90, false)) AS roc_auc
FROM customer_health h JOIN customers c USING (customer_id)
WHERE h.day = ANY (ARRAY(SELECT (m + interval '1 month - 1 day')::date
                     FROM generate_series((SELECT date_trunc('month', min(day)) FROM health_history WHERE scorecard = 'customer'),
                                          (SELECT max(day) FROM health_history WHERE scorecard = 'customer'), interval '1 month') m))  -- month ends, through the index on day
  AND h.day + 90 <= (SELECT max(day) FROM health_history WHERE scorecard = 'customer')
  [[AND h.segment = {{segment}}]]
GROUP BY h.day
ORDER BY h.day
