-- Daily usage rows for the health-score benchmark: :customers customers (100,000 for
-- the suite) in 5 segments of unequal size, 30 days, four usage metrics (float8,
-- long-tailed, tied to the customer's size, each NULL ~5% of the time), stored in
-- load order (day, customer). Then bench_health_scores: as many rows of four
-- precomputed 0-100 measure scores (~5% NULL each) and their weighted score h, for
-- the health_score and health_band micro-benchmarks. Deterministic (setseed, serial).
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.27);
DROP TABLE IF EXISTS bench_health, bench_health_scores, bench_health_fits, bench_health_stats;
CREATE TABLE bench_health AS
WITH c AS MATERIALIZED (
    SELECT g AS customer, floor(5 * power(random(), 1.6))::int AS segment,
           0.6 + 0.8 * random() AS size
    FROM generate_series(1, :customers) g)
SELECT d AS day, c.customer, c.segment,
       CASE WHEN random() < 0.05 THEN NULL ELSE c.size * 60 * sqrt(random()) END AS logins,
       CASE WHEN random() < 0.05 THEN NULL ELSE 100 * sqrt(random()) END AS seats_used_pct,
       CASE WHEN random() < 0.05 THEN NULL ELSE c.size * 12 * sqrt(random()) END AS features_used,
       CASE WHEN random() < 0.05 THEN NULL ELSE c.size * exp(3 * random()) END AS api_calls
FROM generate_series(1, 30) d CROSS JOIN c
ORDER BY d, c.customer;
CREATE TABLE bench_health_scores AS
SELECT a, b, c, d,
       (coalesce(0.4 * a, 0) + coalesce(0.3 * b, 0) + coalesce(0.2 * c, 0) + coalesce(0.1 * d, 0))
       / nullif(CASE WHEN a IS NULL THEN 0 ELSE 0.4 END + CASE WHEN b IS NULL THEN 0 ELSE 0.3 END
                + CASE WHEN c IS NULL THEN 0 ELSE 0.2 END + CASE WHEN d IS NULL THEN 0 ELSE 0.1 END, 0) AS h
FROM (SELECT CASE WHEN random() < 0.05 THEN NULL ELSE 100 * power(random(), 0.8) END AS a,
             CASE WHEN random() < 0.05 THEN NULL ELSE 100 * random() END AS b,
             CASE WHEN random() < 0.05 THEN NULL ELSE 100 * power(random(), 1.5) END AS c,
             CASE WHEN random() < 0.05 THEN NULL ELSE 100 * random() END AS d
      FROM generate_series(1, 30 * :customers) g) s;
-- The statistics of each (segment, day), stored: the extension's fits and
-- plain SQL's min and max, for the stored-fits shapes.
CREATE TABLE bench_health_fits AS
SELECT segment, day, minmax_fit(logins) AS f1, minmax_fit(seats_used_pct) AS f2,
       minmax_fit(features_used) AS f3, minmax_fit(api_calls) AS f4
FROM bench_health GROUP BY segment, day;
CREATE TABLE bench_health_stats AS
SELECT segment, day, min(logins) AS lo1, max(logins) AS hi1, min(seats_used_pct) AS lo2,
       max(seats_used_pct) AS hi2, min(features_used) AS lo3, max(features_used) AS hi3,
       min(api_calls) AS lo4, max(api_calls) AS hi4
FROM bench_health GROUP BY segment, day;
VACUUM ANALYZE bench_health;
VACUUM ANALYZE bench_health_fits;
VACUUM ANALYZE bench_health_stats;
VACUUM ANALYZE bench_health_scores;
RESET max_parallel_workers_per_gather;
