-- Metabase native question (bar chart): calibration of the bands. Every
-- customer's band at each month end (when the next 90 days are in the data),
-- and the share that churned within those 90 days, for a segment (the variable
-- segment, a Text variable, optional). Red should churn far more often than green.
SELECT h.band::text AS band,
       count(*) AS customer_months,
       round(100.0 * count(*) FILTER (WHERE c.churned_at <= h.day + 90) / count(*), 1) AS churned_within_90_days_pct
FROM customer_health h JOIN customers c USING (customer_id)
WHERE h.day = ANY (ARRAY(SELECT (m + interval '1 month - 1 day')::date
                     FROM generate_series((SELECT date_trunc('month', min(day)) FROM health_history WHERE scorecard = 'customer'),
                                          (SELECT max(day) FROM health_history WHERE scorecard = 'customer'), interval '1 month') m))  -- month ends, through the index on day
  AND h.day + 90 <= (SELECT max(day) FROM health_history WHERE scorecard = 'customer')
  AND h.health IS NOT NULL
  [[AND h.segment = {{segment}}]]
GROUP BY h.band
ORDER BY h.band::health_band
