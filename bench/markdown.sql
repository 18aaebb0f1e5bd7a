-- Prints every suite's targets, measured, as one Markdown table: the README's
-- Performance table, pasted from the last run (report.sql prints the other ratios). psql variables :survey_rows,
-- :metric_rows, :health_rows, :survival_rows, :dynamics_rows (events; scored rows) and :series_rows (ewma rows,
-- 100 days per partition) name the data sizes in the first column.
\pset footer off
\pset tuples_only on
\pset format unaligned
CREATE TEMP TABLE bench_targets (query text, qmode text, baseline text, bmode text,
                                 target float8, suite text DEFAULT current_setting('bench.suite'));
SET bench.suite = 'survey';
\i bench/survey_targets.sql
SET bench.suite = 'normalize-4000';
\i bench/normalize_targets.sql
SET bench.suite = 'normalize-5';
\i bench/normalize_targets.sql
SET bench.suite = 'health';
\i bench/health_targets.sql
SET bench.suite = 'dynamics';
\i bench/dynamics_targets.sql
SET bench.suite = 'logistic';
\i bench/logistic_targets.sql
SET bench.suite = 'survival';
\i bench/survival_targets.sql
CREATE FUNCTION pg_temp.rows(n text) RETURNS text LANGUAGE sql
    AS $$ SELECT to_char(n::bigint, 'FM999,999,999,999') $$;
SELECT '| data | query (mode) | baseline (mode) | query ms | baseline ms | ratio | target |'
UNION ALL SELECT '|---|---|---|---:|---:|---:|---|'
UNION ALL (
SELECT format('| %s | %s (%s) | %s (%s) | %s | %s | %s | %s |',
              CASE t.suite WHEN 'survey' THEN pg_temp.rows(:'survey_rows') || ' survey rows'
                           WHEN 'normalize-4000' THEN pg_temp.rows(:'metric_rows') || ' rows, 4,000 partitions'
                           WHEN 'health' THEN pg_temp.rows(:'health_rows') || ' health rows'
                           WHEN 'logistic' THEN pg_temp.rows(:'logistic_rows') || ' rows x 10 features'
                           WHEN 'dynamics' THEN
                               CASE WHEN t.query LIKE 'roc_auc%' THEN pg_temp.rows(:'dynamics_rows') || ' scored rows'
                                    WHEN t.query LIKE 'ewma%'
                                        THEN pg_temp.rows(:'series_rows') || ' rows, '
                                             || pg_temp.rows((:'series_rows'::bigint / 100)::text) || ' partitions'
                                    ELSE pg_temp.rows(:'dynamics_rows') || ' events' END
                           WHEN 'survival' THEN
                               CASE WHEN t.query = 'nps_clustered' THEN '100,000 customer summaries'
                                    ELSE pg_temp.rows(:'survival_rows') || ' accounts' END
                           ELSE pg_temp.rows(:'metric_rows') || ' rows, 5 partitions' END,
              t.query, t.qmode, t.baseline, t.bmode,
              round(q::numeric), round(b::numeric), round((q / b)::numeric, 2),
              CASE WHEN q / b <= t.target THEN format('≤ %s met', t.target)
                   ELSE format('≤ %s **missed**', t.target) END)
FROM bench_targets t
CROSS JOIN LATERAL (SELECT bench_median(t.suite, t.query, t.qmode) AS q,
                           bench_median(t.suite, t.baseline, t.bmode) AS b) m
WHERE q IS NOT NULL AND b IS NOT NULL AND t.target IS NOT NULL
ORDER BY CASE t.suite WHEN 'survey' THEN 0 WHEN 'normalize-4000' THEN 1 WHEN 'normalize-5' THEN 2 WHEN 'health' THEN 3
                      WHEN 'dynamics' THEN 4 ELSE 5 END, t.query, t.baseline, t.qmode);
