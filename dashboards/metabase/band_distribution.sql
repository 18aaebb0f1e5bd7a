-- Metabase native question: customers per band and segment on the last day
-- up to the date of the variable as_of (a Date variable, optional), for a
-- segment (the variable segment, a Text variable, optional).
SELECT segment,
       count(*) FILTER (WHERE steady_band = 'red') AS red,
       count(*) FILTER (WHERE steady_band = 'yellow') AS yellow,
       count(*) FILTER (WHERE steady_band = 'green') AS green
FROM customer_health
WHERE day = (SELECT max(day) FROM health_history WHERE scorecard = 'customer' [[AND day <= {{as_of}}]])
  [[AND segment = {{segment}}]]
GROUP BY segment
ORDER BY segment
