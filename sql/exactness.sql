\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Integer-scale aggregates are exact and order-independent (README, Reference):
-- CES keeps exact integer sums, so ces and ces_summary give the same bits in
-- every row order, serial, parallel and combined from shards, and ces is the
-- correctly rounded mean. Float results that are not exact are documented to
-- agree within 1e-12 relative; this test measures them.

-- ces equals the correctly rounded mean: the IEEE quotient of the exact sum
-- and count (both far below 2^53, so exact as float8) is rounded once. avg()
-- goes through numeric with 16 significant digits, then float8: shown too.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE c = ref) AS exact_mean,
       count(*) FILTER (WHERE c = a) AS equals_avg_float8
FROM (SELECT grp, ces(ces) AS c, sum(ces)::float8 / count(ces)::float8 AS ref, avg(ces)::float8 AS a
      FROM survey GROUP BY grp HAVING count(ces) > 0) t;

-- The standard deviation against stddev_samp in numeric, to 1e-15 relative.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE abs((s).stddev - ref) <= 1e-15 * ref) AS stddev_close
FROM (SELECT grp, ces_summary(ces) AS s, stddev_samp(ces)::float8 AS ref
      FROM survey GROUP BY grp HAVING count(ces) > 1) t;

-- Every row order gives the same bits: the aggregate reads the rows sorted
-- three different ways.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE a IS NOT DISTINCT FROM b AND b IS NOT DISTINCT FROM c) AS ces_identical,
       count(*) FILTER (WHERE sa::text = sb::text AND sb::text = sc::text) AS summary_identical
FROM (SELECT grp,
             ces(ces ORDER BY id) AS a, ces(ces ORDER BY id DESC) AS b, ces(ces ORDER BY md5(id::text)) AS c,
             ces_summary(ces ORDER BY id) AS sa, ces_summary(ces ORDER BY id DESC) AS sb,
             ces_summary(ces ORDER BY md5(id::text)) AS sc
      FROM survey GROUP BY grp) t;

-- Serial and parallel, to the bit.
CREATE TABLE ces_big AS SELECT s.* FROM survey s, generate_series(1, 20) copies;
ANALYZE ces_big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE ces_serial AS
SELECT grp % 5 AS g, ces(ces), ces_summary(ces)::text AS s, ces_summary(ces, 7, 0.8)::text AS s80
FROM ces_big GROUP BY grp % 5;
:force_parallel
EXPLAIN (COSTS OFF) SELECT grp % 5 AS g, ces(ces) FROM ces_big GROUP BY grp % 5;
CREATE TABLE ces_parallel AS
SELECT grp % 5 AS g, ces(ces), ces_summary(ces)::text AS s, ces_summary(ces, 7, 0.8)::text AS s80
FROM ces_big GROUP BY grp % 5;
:reset_parallel
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.ces = p.ces AND s.s = p.s AND s.s80 = p.s80) AS identical
FROM ces_serial s JOIN ces_parallel p USING (g);

-- Shards: partial states shipped as text and combined in another order.
CREATE AGGREGATE ces_partial(int) (SFUNC = ces_accum, STYPE = ces_state,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0');
CREATE AGGREGATE ces_coordinator(ces_state) (SFUNC = ces_combine, STYPE = ces_state,
    FINALFUNC = ces_summary_final, INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0');
WITH shards AS (
    SELECT grp, id % 7 AS shard, ces_partial(ces)::text AS state FROM survey GROUP BY grp, id % 7
)
SELECT count(*) AS groups, count(*) FILTER (WHERE c::text = s::text) AS identical
FROM (SELECT grp, ces_coordinator(state::ces_state ORDER BY shard DESC) AS c FROM shards GROUP BY grp) a
JOIN (SELECT grp, ces_summary(ces) AS s FROM survey GROUP BY grp) b USING (grp);

-- rollup(mean_summary) merges rounded means and deviations (Chan): not exact,
-- and its last bits may depend on order. Measured here against the raw rows:
-- daily summaries per group rolled up, in two orders.
WITH daily AS (SELECT grp, day, ces_summary(ces) AS s FROM survey GROUP BY grp, day),
rolled AS (SELECT grp, rollup(s ORDER BY day) AS a, rollup(s ORDER BY day DESC) AS b FROM daily GROUP BY grp),
raw AS (SELECT grp, ces_summary(ces) AS r FROM survey GROUP BY grp)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (a).responses = (r).responses) AS counts_equal,
       count(*) FILTER (WHERE coalesce(abs((a).mean - (r).mean) <= 1e-12 * (r).mean, (r).mean IS NULL)
                          AND coalesce(abs((a).stddev - (r).stddev) <= 1e-12 * (r).stddev, (r).stddev IS NULL)
                          AND coalesce(abs((b).stddev - (a).stddev) <= 1e-12 * (a).stddev, (a).stddev IS NULL))
           AS within_1e_12
FROM rolled JOIN raw USING (grp);

-- zscore_fit (Welford, Chan): float sums, within 1e-12 relative of a
-- two-pass reference in numeric, whatever the order.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE abs(zscore_apply(a, 0) - ref) <= 1e-12 * abs(ref)
                          AND abs(zscore_apply(b, 0) - ref) <= 1e-12 * abs(ref)) AS within_1e_12
FROM (SELECT grp, zscore_fit(ces / 3.0::float8 ORDER BY id) AS a,
             zscore_fit(ces / 3.0::float8 ORDER BY id DESC) AS b,
             ((0 - avg(ces / 3.0::numeric)) / stddev_samp(ces / 3.0::numeric))::float8 AS ref
      FROM survey GROUP BY grp HAVING count(DISTINCT ces) > 1) t;
