-- Metric rows for the normalization benchmark: :rows rows spread over
-- :partitions partitions (skewed sizes), a long-tailed metric with ties and 2% NULLs.
-- Deterministic (setseed).
SELECT setseed(0.11);
DROP TABLE IF EXISTS bench_metrics;
CREATE TABLE bench_metrics AS
SELECT g AS id,
       (floor(:partitions * power(random(), 1.3)))::int AS p,
       CASE WHEN random() < 0.02 THEN NULL
            ELSE round((1000 * power(random(), 3))::numeric, 1)::float8 END AS x
FROM generate_series(1, :rows) g;
VACUUM ANALYZE bench_metrics;
