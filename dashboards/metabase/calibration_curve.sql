-- Metabase native question (bar chart, x = bin): the calibration curve of the
-- health score at month ends, read as the chance of staying 90 more days. Per
-- bin of 10 score points (bin 1: 0 to 10, ..., bin 10: 90 to 100), the mean
-- score and the share of the customers who stayed, in percent; the bars match
-- where the score reads as a probability. For a segment (the variable segment,
-- a Text variable, optional).
SELECT (b->>'bin')::int AS bin,
       round(100 * (b->>'mean_predicted')::numeric, 1)::float8 AS mean_health_score,
       round(100 * (b->>'observed_rate')::numeric, 1)::float8 AS stayed_90_days_pct,
       (b->>'n')::bigint AS customer_months
FROM (SELECT calibration_bins(h.health / 100, NOT coalesce(c.churned_at <= h.day + 90, false), 10) AS bins
      FROM customer_health h JOIN customers c USING (customer_id)
      WHERE h.day = ANY (ARRAY(SELECT (m + interval '1 month - 1 day')::date  -- month ends, through the index on day
                               FROM generate_series((SELECT date_trunc('month', min(day)) FROM health_history WHERE scorecard = 'customer'),
                                                    (SELECT max(day) FROM health_history WHERE scorecard = 'customer'), interval '1 month') m))
        AND h.day + 90 <= (SELECT max(day) FROM health_history WHERE scorecard = 'customer')
        AND h.health IS NOT NULL
        [[AND h.segment = {{segment}}]]) s,
     jsonb_array_elements(s.bins) b
ORDER BY bin
