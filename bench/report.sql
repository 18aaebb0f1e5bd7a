-- Prints every benchmarked query's median and its ratios against the
-- baselines the targets name. :suite selects the suite.
\pset footer off
SELECT query, mode, round(median_ms::numeric, 1) AS median_ms, runs
FROM bench_medians WHERE suite = :'suite'
ORDER BY mode DESC, query;

-- A target: query (in qmode) / baseline (in bmode) must stay at or below it;
-- a NULL target is a ratio printed for information.
CREATE TEMP TABLE bench_targets (query text, qmode text, baseline text, bmode text, target float8);
\i :targets
SELECT t.query || ' (' || t.qmode || ') / ' || t.baseline || ' (' || t.bmode || ')' AS ratio,
       round(r.ratio::numeric, 2) AS measured, t.target,
       CASE WHEN t.target IS NULL THEN '' WHEN r.ratio <= t.target THEN 'met' ELSE 'MISSED' END
           AS verdict
FROM bench_targets t
CROSS JOIN LATERAL (SELECT bench_median(:'suite', t.query, t.qmode)
                           / bench_median(:'suite', t.baseline, t.bmode) AS ratio) r
WHERE r.ratio IS NOT NULL
ORDER BY t.target IS NULL, t.query, t.baseline, t.qmode;
DROP TABLE bench_targets;
