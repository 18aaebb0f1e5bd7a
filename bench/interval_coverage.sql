-- How good are the intervals? A seeded simulation of the actual coverage of
-- every 95% interval the extension reports, at the sample sizes of customer
-- accounts: 4,000 samples of n responses per true distribution, balanced and
-- skewed. Run in a database where the extension is created:
--   psql -X -q -f bench/interval_coverage.sql
-- Prints one table (the README's "How good are the intervals?").
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.95);

-- Each distribution as cumulative probabilities of the answers it gives.
CREATE TEMP TABLE coverage_dists (
    metric text, shape text, answers int[], cumulative float8[], truth float8);
INSERT INTO coverage_dists VALUES
  -- NPS: answers 10 (promoter), 8 (passive), 0 (detractor); truth = 100 (p - d).
  ('NPS adjusted-Wald', 'balanced 35/35/30', '{10,8,0}', '{0.35,0.70,1}', 5),
  ('NPS adjusted-Wald', 'skewed 80/15/5', '{10,8,0}', '{0.80,0.95,1}', 75),
  ('NPS adjusted-Wald', 'skewed 90/8/2', '{10,8,0}', '{0.90,0.98,1}', 88),
  -- CSAT on 1..5, satisfied at 4 or 5; truth = 100 p.
  ('CSAT Wilson', 'balanced 50%', '{5,2}', '{0.5,1}', 50),
  ('CSAT Wilson', 'skewed 90%', '{5,2}', '{0.9,1}', 90),
  ('CSAT Wilson', 'skewed 97%', '{5,2}', '{0.97,1}', 97),
  -- CES on 1..7; truth = the mean.
  ('CES Student t', 'balanced uniform 1-7', '{1,2,3,4,5,6,7}',
   '{0.142857,0.285714,0.428571,0.571429,0.714286,0.857143,1}', 4),
  ('CES Student t', 'skewed 2s, few 1s', '{1,2,3,4}', '{0.05,0.80,0.95,1}', 0.05 * 1 + 0.75 * 2 + 0.15 * 3 + 0.05 * 4);

-- One uniform draw per response, mapped to an answer by the cumulative probabilities.
CREATE TEMP TABLE coverage_rows AS
SELECT d.metric, d.shape, s.n, k.sample,
       d.answers[width_bucket(random(), d.cumulative[1:array_length(d.cumulative, 1) - 1]) + 1]
           AS answer
FROM coverage_dists d
CROSS JOIN (VALUES (10), (20), (50), (100)) s(n)
CROSS JOIN generate_series(1, 4000) k(sample)
CROSS JOIN LATERAL generate_series(1, s.n) r;

WITH summaries AS (
    SELECT metric, shape, n,
           nps_summary(answer) FILTER (WHERE metric LIKE 'NPS%') AS nps,
           csat_summary(answer) FILTER (WHERE metric LIKE 'CSAT%') AS csat,
           ces_summary(answer) FILTER (WHERE metric LIKE 'CES%') AS ces
    FROM coverage_rows GROUP BY metric, shape, n, sample
), intervals AS (
    SELECT metric, shape, n, coalesce((nps).ci_low, (csat).ci_low, (ces).ci_low) AS lo,
           coalesce((nps).ci_high, (csat).ci_high, (ces).ci_high) AS hi
    FROM summaries
)
SELECT i.metric AS interval, i.shape AS answers,
       round(100.0 * avg((coalesce(lo <= d.truth AND d.truth <= hi, false))::int) FILTER (WHERE n = 10), 1) AS "n = 10",
       round(100.0 * avg((coalesce(lo <= d.truth AND d.truth <= hi, false))::int) FILTER (WHERE n = 20), 1) AS "n = 20",
       round(100.0 * avg((coalesce(lo <= d.truth AND d.truth <= hi, false))::int) FILTER (WHERE n = 50), 1) AS "n = 50",
       round(100.0 * avg((coalesce(lo <= d.truth AND d.truth <= hi, false))::int) FILTER (WHERE n = 100), 1) AS "n = 100"
FROM intervals i JOIN coverage_dists d USING (metric, shape)
GROUP BY i.metric, i.shape, d.truth
ORDER BY i.metric DESC, i.shape;
