-- Data for the survival benchmark (README, Calibration). bench_survival:
-- :rows accounts (10 million for the suite), a duration in whole days 0-730
-- (1,461 distinct values in steps of half a day: exponential-like, most
-- short), churned (an event) for about 40%, and a band red/yellow/green.
-- bench_clusters: :customers per-customer nps_summary values (100,000 for the
-- suite) of 1-19 answers each. Deterministic (setseed, serial).
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.47);
DROP TABLE IF EXISTS bench_survival, bench_clusters;
CREATE TABLE bench_survival AS
SELECT least(730, floor(-200 * ln(1 - random())) + 0.5 * floor(2 * random()))::float8 AS duration,
       random() < 0.4 AS event,
       (ARRAY['red', 'yellow', 'green'])[1 + floor(3 * random())::int] AS band
FROM generate_series(1, :rows);
CREATE TABLE bench_clusters AS
SELECT c AS customer, nps_summary(floor(11 * power(random(), 0.6))::int) AS summary
FROM generate_series(1, :customers) c, generate_series(1, 1 + (c * 7) % 19) a
GROUP BY c;
VACUUM ANALYZE bench_survival;
VACUUM ANALYZE bench_clusters;
