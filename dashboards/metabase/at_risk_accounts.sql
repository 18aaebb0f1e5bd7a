-- Metabase native question (table): red accounts by ARR on the last day up to
-- the date of the variable as_of (a Date variable, optional), with the two
-- measures that cost them the most points, optionally for one segment (the
-- variable segment, a Text variable). Metabase replaces a variable's tag even
-- inside a comment, so the tags appear only in the query.
SELECT name, segment, arr, round(health::numeric, 1) AS health, band, steady_band,
       driver_1, driver_2
FROM customer_health
WHERE day = (SELECT max(day) FROM health_history WHERE scorecard = 'customer' [[AND day <= {{as_of}}]])
  AND steady_band = 'red'
  [[AND segment = {{segment}}]]
ORDER BY arr DESC, customer_id
LIMIT 20
