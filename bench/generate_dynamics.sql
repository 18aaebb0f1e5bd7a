-- Data for the time-dynamics and calibration benchmark (README, Time dynamics and Calibration).
-- bench_events: :rows events (10 million for the suite) of :customers customers
-- (skewed sizes), spread evenly over 2026 in load order (at), a long-tailed value
-- (~3% NULL); as_of 2026-12-20 in the benchmark leaves the last ~3% of the events
-- after it. bench_scores: :rows scored rows, a score with 1,000 distinct values
-- (0-999) and the same score undiscretized (random doubles, in practice all
-- distinct), stored in random order; positive is more likely the higher the score
-- (about 20% positive). bench_series: :series_customers customers x 100 days of a
-- daily value x (~3% NULL) in load order (day, customer), without an index.
-- Deterministic (setseed, serial).
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.31);
DROP TABLE IF EXISTS bench_events, bench_scores, bench_series;
CREATE TABLE bench_events AS
SELECT floor(:customers * power(random(), 1.5))::int AS customer,
       timestamptz '2026-01-01' + (g - random()) * (interval '365 days' / :rows) AS at,
       CASE WHEN random() < 0.03 THEN NULL ELSE 10 * power(random(), 2) END AS value
FROM generate_series(1, :rows) g;
CREATE TABLE bench_scores AS
SELECT round(999 * u) AS score_1000, u AS score, random() < 0.05 + 0.3 * u AS positive
FROM (SELECT random() AS u FROM generate_series(1, :rows) g) r;
CREATE TABLE bench_series AS
WITH c AS MATERIALIZED (
    SELECT g AS customer, 20 + 80 * random() AS level FROM generate_series(1, :series_customers) g)
SELECT c.customer, d AS day,
       CASE WHEN random() < 0.03 THEN NULL ELSE c.level * (0.5 + random()) END AS x
FROM generate_series(1, 100) d CROSS JOIN c
ORDER BY d, c.customer;
VACUUM ANALYZE bench_events;
VACUUM ANALYZE bench_scores;
VACUUM ANALYZE bench_series;
RESET max_parallel_workers_per_gather;
