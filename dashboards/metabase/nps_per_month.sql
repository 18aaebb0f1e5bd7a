-- Metabase native question (line chart, x = time): NPS per month with its 95%
-- adjusted-Wald interval, optionally for one segment (the variable segment, a
-- Text variable).
SELECT date_trunc('month', r.responded_at) AS time,
       (nps_summary(r.nps)).nps AS nps,
       (nps_summary(r.nps)).ci_low AS ci_low,
       (nps_summary(r.nps)).ci_high AS ci_high
FROM survey_responses r JOIN customers c USING (customer_id)
WHERE true [[AND c.segment = {{segment}}]]
GROUP BY 1
ORDER BY 1
