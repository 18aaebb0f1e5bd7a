-- Calibration part 2 benchmark (README, Calibration), on the data of
-- bench/generate_logistic.sql. logistic_fit over the rows' 10 features against
-- one query of ten sum()s over the same features (what one pass over the rows
-- costs in SQL); the ratio per Newton iteration is printed below. brier_score
-- against avg((p - outcome)^2), serial and 2 workers; calibration_bins (10 bins)
-- against the same bins from GROUP BY (information). Every query returns one
-- row. psql variables: :suite (a label), :runs.
SELECT bench_run(:'suite', 'serial',
    ARRAY['logistic_fit', 'ten sums', 'brier_score', 'avg((p - outcome)^2)', 'calibration_bins',
          'calibration GROUP BY'],
    ARRAY[$q$SELECT (logistic_fit(y, x)).iterations FROM bench_logistic$q$,
          $q$SELECT sum(x[1]) + sum(x[2]) + sum(x[3]) + sum(x[4]) + sum(x[5]) + sum(x[6]) + sum(x[7])
                    + sum(x[8]) + sum(x[9]) + sum(x[10]) FROM bench_logistic$q$,
          $q$SELECT brier_score(p, y) FROM bench_logistic$q$,
          $q$SELECT avg((p - y::int) ^ 2) FROM bench_logistic$q$,
          $q$SELECT calibration_bins(p, y, 10)::text FROM bench_logistic$q$,
          $q$SELECT string_agg(concat_ws(',', k, n, m, r), ';' ORDER BY k) FROM (
                 SELECT least(floor(p * 10)::int, 9) + 1 AS k, count(*) AS n, avg(p) AS m, avg(y::int) AS r
                 FROM bench_logistic GROUP BY 1) t$q$],
    :runs);
SELECT bench_run(:'suite', 'parallel',
    ARRAY['logistic_fit', 'brier_score', 'avg((p - outcome)^2)'],
    ARRAY[$q$SELECT (logistic_fit(y, x)).iterations FROM bench_logistic$q$,
          $q$SELECT brier_score(p, y) FROM bench_logistic$q$,
          $q$SELECT avg((p - y::int) ^ 2) FROM bench_logistic$q$],
    :runs);
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- Per Newton iteration: logistic_fit reads the rows once per iteration (after
-- buffering them once); its time over the iterations, against one pass of
-- ten sum()s (target: at most 3x). Memory: the buffered rows, 8 bytes per
-- value (the outcome and 10 features), the buffer growing by doubling.
\pset footer off
SELECT (f).iterations, (f).converged,
       round((bench_median(:'suite', 'logistic_fit', 'serial') / (f).iterations
              / bench_median(:'suite', 'ten sums', 'serial'))::numeric, 2) AS ratio_per_iteration,
       CASE WHEN bench_median(:'suite', 'logistic_fit', 'serial') / (f).iterations
                 / bench_median(:'suite', 'ten sums', 'serial') <= 3 THEN 'met' ELSE 'MISSED' END AS target_3x,
       (1 + cardinality((f).coefficients) - 1) * 8 AS bytes_per_row_buffered
FROM (SELECT logistic_fit(y, x) AS f FROM bench_logistic) s;
