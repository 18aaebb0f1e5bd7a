-- Metabase native question (table): the accounts whose health score fell by
-- 10 or more over the 30 days to the last scored day up to the date of the
-- variable as_of (a Date variable, optional), optionally for one segment (the
-- variable segment, a Text variable), the steepest first.
SELECT c.name, c.segment, c.arr, round(t.previous_score::numeric, 1) AS score_30d_before,
       round(t.score::numeric, 1) AS score, round(t.delta::numeric, 1) AS change
FROM health_trend('customer', (SELECT max(day) FROM health_history WHERE scorecard = 'customer' [[AND day <= {{as_of}}]]),
                  '30 days', 10) t
JOIN customers c ON c.customer_id::text = t.account
WHERE t.direction = 'down'
  [[AND c.segment = {{segment}}]]
ORDER BY t.delta, c.customer_id
LIMIT 20
