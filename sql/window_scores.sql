\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Window normalization (README, Normalizing raw metrics) against independent plain-SQL formulas
-- on generated data with many partitions, NULLs, ties, constant partitions and
-- one-row partitions.

SELECT setseed(0.7);
CREATE TABLE metrics AS
SELECT g AS id, g % 300 AS part,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE round((1000 * power(random(), 3))::numeric, 1)::float8 END AS x
FROM generate_series(1, 30000) g;
UPDATE metrics SET x = 42 WHERE part = 0;                          -- constant partition
UPDATE metrics SET x = NULL WHERE part = 1;                        -- all NULL
UPDATE metrics SET x = CASE WHEN id % 2 = 0 THEN 7 END WHERE part = 2;  -- one distinct value and NULLs
INSERT INTO metrics VALUES (30001, 300, 5.5),                      -- one row
                           (30002, 301, 1), (30003, 301, 1),       -- two equal rows
                           (30004, 302, 1), (30005, 302, 3),       -- two distinct rows
                           (30006, 303, -1.5e308), (30007, 303, 1.7e308);  -- near the double range
ANALYZE metrics;

-- Small partitions, shown in full.
SELECT part, x, minmax_score(x) OVER w, minmax_score(x, false) OVER w,
       round(zscore(x) OVER w::numeric, 12) AS zscore,
       round(normal_score(x) OVER w::numeric, 10) AS normal_score,
       percentile_score(x) OVER w, percentile_score(x, false) OVER w
FROM metrics WHERE part BETWEEN 300 AND 302
WINDOW w AS (PARTITION BY part) ORDER BY part, id;
-- Values near the limits of float8 scale; their deviations overflow.
SELECT x, minmax_score(x) OVER (), minmax_score(x, true, 0.1) OVER (), percentile_score(x) OVER ()
FROM metrics WHERE part = 303 ORDER BY id;
SELECT expect_error('SELECT zscore(x) OVER () FROM metrics WHERE part = 303');
-- Copies of one value carry no information, even when their sum is not exact in a double.
SELECT x, zscore(x) OVER (), normal_score(x) OVER (), stddev_samp(x) OVER () AS reference_stddev
FROM (VALUES (0.1::float8), (0.1), (0.1)) v(x);

-- min-max against 100 * (x - min) / (max - min) OVER w.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE s IS NOT DISTINCT FROM ref
                          OR abs(s - ref) < 1e-9) AS minmax_equal,
       count(*) FILTER (WHERE mirrored IS NOT DISTINCT FROM 100 - ref
                          OR abs(mirrored - (100 - ref)) < 1e-9) AS mirrored_equal,
       count(s) AS non_null
FROM (SELECT minmax_score(x) OVER w AS s, minmax_score(x, false) OVER w AS mirrored,
             100 * (x - min(x) OVER w) / nullif(max(x) OVER w - min(x) OVER w, 0) AS ref
      FROM metrics WHERE part < 300 WINDOW w AS (PARTITION BY part)) t;

-- z-score against (x - avg) / stddev_samp OVER w.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE z IS NOT DISTINCT FROM ref OR abs(z - ref) < 1e-9) AS zscore_equal,
       count(z) AS non_null
FROM (SELECT zscore(x) OVER w AS z,
             (x - avg(x) OVER w) / nullif(stddev_samp(x) OVER w, 0) AS ref
      FROM metrics WHERE part < 300 WINDOW w AS (PARTITION BY part)) t;

-- normal_score against Phi computed without erf: Marsaglia's series
-- Phi(z) = 1/2 + phi(z) * (z + z^3/3 + z^5/(3*5) + ...), summed in numeric.
CREATE FUNCTION ref_phi(z float8) RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    zn numeric := z;
    term numeric := z;
    total numeric := z;
    k int := 1;
BEGIN
    IF z < -9 THEN RETURN 0; END IF;
    IF z > 9 THEN RETURN 1; END IF;
    WHILE abs(term) > 1e-25 LOOP
        term := term * zn * zn / (2 * k + 1);
        total := total + term;
        k := k + 1;
    END LOOP;
    RETURN 0.5 + exp(-(zn * zn) / 2) / sqrt(2 * pi()::numeric) * total;
END
$$;
-- Known table values: Phi(-1) = 0.158655253931457, Phi(1) = 0.841344746068543.
SELECT round(ref_phi(-1)::numeric, 15) AS phi_minus_1, round(ref_phi(1)::numeric, 15) AS phi_1,
       round(ref_phi(3.5)::numeric, 15) AS phi_3_5;
-- Values -1, 0, 1 have z-scores -1, 0, 1.
SELECT x, round(normal_score(x) OVER ()::numeric, 10) AS normal_score,
       round(normal_score(x, false) OVER ()::numeric, 10) AS lower_is_better
FROM (VALUES (-1), (0), (1)) v(x);
SELECT count(*) AS rows,
       count(*) FILTER (WHERE n IS NOT DISTINCT FROM ref OR abs(n - ref) < 1e-9) AS normal_equal,
       count(*) FILTER (WHERE mirrored IS NOT DISTINCT FROM 100 - ref
                          OR abs(mirrored - (100 - ref)) < 1e-9) AS mirrored_equal
FROM (SELECT normal_score(x) OVER w AS n, normal_score(x, false) OVER w AS mirrored,
             100 * ref_phi((x - avg(x) OVER w) / nullif(stddev_samp(x) OVER w, 0)) AS ref
      FROM metrics WHERE part < 300 WINDOW w AS (PARTITION BY part)) t;

-- percentile_score against the mid-rank formula from rank() and counts of ties:
-- L = rank() - 1 values below, E = rows with the same value, n non-NULL values.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE p IS NOT DISTINCT FROM ref OR abs(p - ref) < 1e-9) AS percentile_equal,
       count(*) FILTER (WHERE mirrored IS NOT DISTINCT FROM 100 - ref
                          OR abs(mirrored - (100 - ref)) < 1e-9) AS mirrored_equal,
       count(*) FILTER (WHERE ties > 1 AND p IS NOT NULL) AS tied_rows
FROM (SELECT p, mirrored, ties,
             CASE WHEN x IS NOT NULL AND hi > lo
                  THEN 100 * ((r - 1) + (ties - 1) / 2.0) / (n - 1) END AS ref
      FROM (SELECT x, percentile_score(x) OVER w AS p, percentile_score(x, false) OVER w AS mirrored,
                   rank() OVER (PARTITION BY part ORDER BY x) AS r,
                   count(*) OVER (PARTITION BY part, x) AS ties,
                   count(x) OVER w AS n, min(x) OVER w AS lo, max(x) OVER w AS hi
            FROM metrics WHERE part < 300 WINDOW w AS (PARTITION BY part)) a) t;

-- clip: winsorize at percentile_cont(clip) and percentile_cont(1 - clip) per partition.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE s IS NOT DISTINCT FROM ref OR abs(s - ref) < 1e-9) AS clip_equal,
       count(*) FILTER (WHERE s IN (0, 100)) AS at_the_bounds,
       count(*) FILTER (WHERE unclipped IS DISTINCT FROM s) AS changed_by_clip
FROM (SELECT m.x, minmax_score(m.x, true, 0.1) OVER w AS s, minmax_score(m.x) OVER w AS unclipped,
             CASE WHEN m.x IS NOT NULL
                  THEN 100 * (least(greatest(m.x, q.lo), q.hi) - q.lo) / nullif(q.hi - q.lo, 0)
             END AS ref
      FROM metrics m
      JOIN (SELECT part, percentile_cont(0.1) WITHIN GROUP (ORDER BY x) AS lo,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY x) AS hi
            FROM metrics GROUP BY part) q USING (part)
      WHERE m.part < 300
      WINDOW w AS (PARTITION BY m.part)) t;
-- clip 0 is the plain min-max score; a lower-is-better clipped score is mirrored.
SELECT count(*) FILTER (WHERE a IS NOT DISTINCT FROM b) AS clip_0_equal,
       count(*) FILTER (WHERE c IS NOT DISTINCT FROM 100 - d) AS clipped_mirrored,
       count(*) AS rows
FROM (SELECT minmax_score(x, true, 0) OVER w AS a, minmax_score(x) OVER w AS b,
             minmax_score(x, false, 0.05) OVER w AS c, minmax_score(x, true, 0.05) OVER w AS d
      FROM metrics WINDOW w AS (PARTITION BY part)) t;

-- ORDER BY and frame clauses do not change the result; several functions share one window.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (a1, b1, c1, d1) IS NOT DISTINCT FROM (a2, b2, c2, d2)
                          AND (a1, b1, c1, d1) IS NOT DISTINCT FROM (a3, b3, c3, d3)) AS identical
FROM (SELECT minmax_score(x) OVER w1 AS a1, zscore(x) OVER w1 AS b1,
             normal_score(x) OVER w1 AS c1, percentile_score(x) OVER w1 AS d1,
             minmax_score(x) OVER w2 AS a2, zscore(x) OVER w2 AS b2,
             normal_score(x) OVER w2 AS c2, percentile_score(x) OVER w2 AS d2,
             minmax_score(x) OVER w3 AS a3, zscore(x) OVER w3 AS b3,
             normal_score(x) OVER w3 AS c3, percentile_score(x) OVER w3 AS d3
      FROM metrics WHERE part <> 303
      WINDOW w1 AS (PARTITION BY part),
             w2 AS (PARTITION BY part ORDER BY x DESC),
             w3 AS (PARTITION BY part ORDER BY id ROWS BETWEEN CURRENT ROW AND CURRENT ROW)) t;

-- Bad input.
SELECT expect_error('SELECT minmax_score(x) OVER () FROM (VALUES (1::float8), (''NaN'')) v(x)');
SELECT expect_error('SELECT zscore(x) OVER () FROM (VALUES (1::float8), (''Infinity'')) v(x)');
SELECT expect_error('SELECT percentile_score(x) OVER () FROM (VALUES (1::float8), (''-Infinity'')) v(x)');
SELECT expect_error('SELECT minmax_score(x, true, 0.5) OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT minmax_score(x, true, -0.1) OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT minmax_score(x, true, ''NaN'') OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT minmax_score(x, true, NULL) OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT normal_score(x, NULL) OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT percentile_score(x, x > 1) OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT minmax_score(x, true, x / 10.0) OVER () FROM (VALUES (1), (2)) v(x)');
SELECT expect_error('SELECT minmax_score(1)');
SELECT expect_error('SELECT zscore(x) FROM (VALUES (1)) v(x)');
