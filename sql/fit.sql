\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Fit, then apply (README, Normalizing raw metrics): the same scores as the window functions,
-- from per-group statistics joined back instead of a window sort.

SELECT setseed(0.3);
CREATE TABLE usage AS
SELECT g AS id, g % 120 AS segment,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE round((500 * power(random(), 2))::numeric, 2)::float8 END AS logins
FROM generate_series(1, 12000) g;
UPDATE usage SET logins = 3 WHERE segment = 0;       -- constant
UPDATE usage SET logins = NULL WHERE segment = 1;    -- no values
INSERT INTO usage VALUES (12001, 120, 8);            -- one row
ANALYZE usage;

CREATE TABLE fits AS
SELECT segment, minmax_fit(logins) AS mm, zscore_fit(logins) AS z
FROM usage GROUP BY segment;

-- Readable text forms; an empty group fits NULL.
SELECT segment, mm, z FROM fits WHERE segment IN (0, 1, 120) ORDER BY segment;
SELECT minmax_fit(x), zscore_fit(x) FROM generate_series(1, 4) x;

-- Applied to the same rows, the fits give the window functions' scores.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE a IS NOT DISTINCT FROM w1 OR abs(a - w1) < 1e-12) AS minmax_equal,
       count(*) FILTER (WHERE b IS NOT DISTINCT FROM w2 OR abs(b - w2) < 1e-12) AS minmax_mirrored_equal,
       count(*) FILTER (WHERE c IS NOT DISTINCT FROM w3 OR abs(c - w3) < 1e-9) AS zscore_equal,
       count(*) FILTER (WHERE d IS NOT DISTINCT FROM w4 OR abs(d - w4) < 1e-9) AS normal_equal,
       count(*) FILTER (WHERE e IS NOT DISTINCT FROM w5 OR abs(e - w5) < 1e-9) AS normal_mirrored_equal,
       count(a) AS non_null
FROM (SELECT minmax_apply(f.mm, u.logins) AS a, minmax_apply(f.mm, u.logins, false) AS b,
             zscore_apply(f.z, u.logins) AS c, normal_apply(f.z, u.logins) AS d,
             normal_apply(f.z, u.logins, higher_is_better => false) AS e,
             minmax_score(u.logins) OVER w AS w1, minmax_score(u.logins, false) OVER w AS w2,
             zscore(u.logins) OVER w AS w3, normal_score(u.logins) OVER w AS w4,
             normal_score(u.logins, false) OVER w AS w5
      FROM usage u JOIN fits f USING (segment)
      WINDOW w AS (PARTITION BY u.segment)) t;

-- Scoring new data against a stored fit: values outside the fitted range clamp
-- to 0..100 for min-max; z-scores and normal scores are unbounded / in (0, 100).
SELECT x, minmax_apply('v1:n=11,min=0,max=10', x) AS minmax,
       minmax_apply('v1:n=11,min=0,max=10', x, false) AS minmax_lower_better,
       zscore_apply('v1:n=5,mean=3,m2=10', x) AS z,
       round(normal_apply('v1:n=5,mean=3,m2=10', x)::numeric, 6) AS normal
FROM (VALUES (-5.0), (0), (2.5), (10), (15)) v(x);
-- Fits with fewer than two distinct values score NULL; NULL in, NULL out.
SELECT minmax_apply('v1:n=1,min=4,max=4', 4) AS one_value,
       minmax_apply('v1:n=9,min=4,max=4', 4) AS constant,
       zscore_apply('v1:n=9,mean=4,m2=0', 4) AS zero_deviation,
       normal_apply('v1:n=1,mean=4,m2=0', 4) AS one_value_normal,
       minmax_apply(NULL, 4) AS null_fit, zscore_apply('v1:n=5,mean=3,m2=10', NULL) AS null_x;

-- Fits are combinable: fits of parts merged by the combine functions equal the fit of the whole.
CREATE AGGREGATE merge_minmax(minmax_fit) (SFUNC = minmax_fit_combine, STYPE = minmax_fit,
    INITCOND = 'v1:n=0,min=0,max=0');
CREATE AGGREGATE merge_zscore(zscore_fit) (SFUNC = zscore_fit_combine, STYPE = zscore_fit,
    INITCOND = 'v1:n=0,mean=0,m2=0');
SELECT merge_minmax(mm::text::minmax_fit)::text = (SELECT minmax_fit(logins) FROM usage)::text
           AS minmax_merge_equal,
       abs(zscore_apply(merge_zscore(z), 100) - (SELECT zscore_apply(zscore_fit(logins), 100) FROM usage)) < 1e-12
           AS zscore_merge_equal
FROM (SELECT minmax_fit(logins) AS mm, zscore_fit(logins) AS z FROM usage GROUP BY id % 7) parts;

-- Bad input.
SELECT expect_error('SELECT minmax_fit(x) FROM (VALUES (1::float8), (''NaN'')) v(x)');
SELECT expect_error('SELECT zscore_fit(x) FROM (VALUES (1::float8), (''-Infinity'')) v(x)');
SELECT expect_error('SELECT zscore_fit(x) FROM (VALUES (-1.5e308), (1.7e308)) v(x)');
SELECT expect_error($$SELECT minmax_apply('v1:n=2,min=0,max=1', 'Infinity')$$);
-- A NULL fit or value gives NULL; a NULL higher_is_better is an error (22023).
SELECT normal_apply(NULL, 1) IS NULL AS null_fit, minmax_apply('v1:n=2,min=0,max=1', NULL) IS NULL AS null_x;
SELECT expect_error($$SELECT normal_apply('v1:n=2,mean=0,m2=1', 1, NULL)$$);
SELECT expect_error($$SELECT 'v1:n=2,min=5,max=1'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=1,min=1,max=2'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=-1,min=0,max=0'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,min=0'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=0,m2=-1'::zscore_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=nan,m2=1'::zscore_fit$$);
SELECT expect_error($$SELECT 'v0:n=2,mean=0,m2=1'::zscore_fit$$);
