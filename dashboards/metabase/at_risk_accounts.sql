-- Metabase native question (table): red accounts by ARR on the last day up to
-- {{as_of}} (a Date variable, optional), with the two measures that cost them
-- the most points, optionally for one {{segment}} (a Text variable).
SELECT name, segment, arr, round(health::numeric, 1) AS health, band, steady_band,
       driver_1, driver_2
FROM customer_health
WHERE day = (SELECT max(day) FROM customer_day_measures WHERE true [[AND day <= {{as_of}}]])
  AND steady_band = 'red'
  [[AND segment = {{segment}}]]
ORDER BY arr DESC, customer_id
LIMIT 20
