-- Normalization benchmark (README, Normalizing raw metrics): each window function against its
-- plain-SQL formula and against the floor, count(*) OVER the same partition.
-- The floor carries x through the sort, as every window function over x must;
-- the bare floor sorts the partition key alone (PostgreSQL then sorts plain
-- Datums, a cheaper sort no function of x can use). Then fit + join against
-- the window formula, serial and parallel.
-- Every query returns one row (a sum over the scores), so all are computed.
-- psql variables: :suite (a label), :runs.
SELECT bench_run(:'suite', 'serial',
  ARRAY['floor count(*) OVER', 'bare floor count(*) OVER', 'minmax_score', 'minmax formula',
        'zscore', 'zscore formula', 'normal_score',
        'percentile_score', 'percent_rank formula',
        'four scores', 'four formulas'],
  ARRAY[
    $q$SELECT sum(c) + sum(x) FROM (SELECT x, count(*) OVER (PARTITION BY p) AS c FROM bench_metrics) t$q$,
    $q$SELECT sum(c) FROM (SELECT count(*) OVER (PARTITION BY p) AS c FROM bench_metrics) t$q$,
    $q$SELECT sum(s) FROM (SELECT minmax_score(x) OVER (PARTITION BY p) AS s FROM bench_metrics) t$q$,
    $q$SELECT sum(s) FROM (SELECT 100 * (x - min(x) OVER w) / nullif(max(x) OVER w - min(x) OVER w, 0) AS s
                          FROM bench_metrics WINDOW w AS (PARTITION BY p)) t$q$,
    $q$SELECT sum(s) FROM (SELECT zscore(x) OVER (PARTITION BY p) AS s FROM bench_metrics) t$q$,
    $q$SELECT sum(s) FROM (SELECT (x - avg(x) OVER w) / nullif(stddev_samp(x) OVER w, 0) AS s
                          FROM bench_metrics WINDOW w AS (PARTITION BY p)) t$q$,
    $q$SELECT sum(s) FROM (SELECT normal_score(x) OVER (PARTITION BY p) AS s FROM bench_metrics) t$q$,
    $q$SELECT sum(s) FROM (SELECT percentile_score(x) OVER (PARTITION BY p) AS s FROM bench_metrics) t$q$,
    $q$SELECT sum(s) FROM (SELECT 100 * percent_rank() OVER (PARTITION BY p ORDER BY x) AS s
                          FROM bench_metrics WHERE x IS NOT NULL) t$q$,
    $q$SELECT sum(a) + sum(b) + sum(c) + sum(d) FROM (
         SELECT minmax_score(x) OVER w AS a, zscore(x) OVER w AS b, normal_score(x) OVER w AS c,
                percentile_score(x) OVER w AS d
         FROM bench_metrics WINDOW w AS (PARTITION BY p)) t$q$,
    $q$SELECT sum(a) + sum(b) + sum(d) FROM (
         SELECT 100 * (x - min(x) OVER w) / nullif(max(x) OVER w - min(x) OVER w, 0) AS a,
                (x - avg(x) OVER w) / nullif(stddev_samp(x) OVER w, 0) AS b,
                100 * percent_rank() OVER (PARTITION BY p ORDER BY x) AS d
         FROM bench_metrics WINDOW w AS (PARTITION BY p)) t$q$
  ], :runs);

-- Fit, then apply, against the window formula; serial and with 2 workers.
SELECT bench_run(:'suite', mode, ARRAY['minmax formula', 'minmax_score', 'fit + apply', 'GROUP BY + join formula'],
  ARRAY[
    $q$SELECT sum(s) FROM (SELECT 100 * (x - min(x) OVER w) / nullif(max(x) OVER w - min(x) OVER w, 0) AS s
                          FROM bench_metrics WINDOW w AS (PARTITION BY p)) t$q$,
    $q$SELECT sum(s) FROM (SELECT minmax_score(x) OVER (PARTITION BY p) AS s FROM bench_metrics) t$q$,
    $q$SELECT sum(minmax_apply(f.fit, m.x))
       FROM bench_metrics m JOIN (SELECT p, minmax_fit(x) AS fit FROM bench_metrics GROUP BY p) f USING (p)$q$,
    $q$SELECT sum(100 * (m.x - f.lo) / nullif(f.hi - f.lo, 0))
       FROM bench_metrics m JOIN (SELECT p, min(x) AS lo, max(x) AS hi FROM bench_metrics GROUP BY p) f USING (p)$q$
  ], :runs)
FROM (VALUES ('serial'), ('parallel')) v(mode);
