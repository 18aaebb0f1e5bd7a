-- Metabase native question (table): every change of an account's band with
-- hysteresis in the 30 days to the last scored day up to the date of the
-- variable as_of (a Date variable, optional), optionally for one segment (the
-- variable segment, a Text variable), the latest first: the alert list.
SELECT t.day, c.name, c.segment, c.arr, t.from_band, t.to_band
FROM health_transitions t
JOIN customers c ON c.customer_id::text = t.account
CROSS JOIN (SELECT max(day) AS last_day FROM health_history WHERE scorecard = 'customer' [[AND day <= {{as_of}}]]) l
WHERE t.scorecard = 'customer'
  AND t.day > l.last_day - 30 AND t.day <= l.last_day
  [[AND c.segment = {{segment}}]]
ORDER BY t.day DESC, c.arr DESC, c.customer_id
LIMIT 50
