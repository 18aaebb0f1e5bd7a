\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Survival: km_survival (Kaplan-Meier) and logrank_test, checked against a
-- table worked by hand and against R's survival package (3.5-3, Debian's
-- r-cran-survival): survfit(Surv(t, e) ~ 1, conf.type = "log-log") and
-- survdiff(Surv(t, e) ~ g), whose values are copied below as literals.

-- Ten accounts: (duration, churned). Worked by hand, n at risk before each
-- duration, d events, c censored, S = product of (1 - d/n), Greenwood's sum
-- G = sum of d / (n (n - d)):
--   t=1  n=10 d=1 c=0  S = 0.9                      G = 1/90        = 0.011111
--   t=2  n=9  d=1 c=1  S = 0.9 * 8/9     = 0.8      G += 1/72       = 0.025000
--        (the censored row at 2 is at risk at 2: events come first)
--   t=3  n=7  d=1 c=0  S = 0.8 * 6/7     = 0.685714 G += 1/42       = 0.048810
--   t=4  n=6  d=0 c=1  S unchanged                  G unchanged
--   t=5  n=5  d=2 c=0  S = 0.685714 * 3/5 = 0.411429 G += 2/15     = 0.182143
--   t=6  n=3  d=0 c=1  S unchanged
--   t=7  n=2  d=1 c=0  S = 0.411429 * 1/2 = 0.205714 G += 1/2      = 0.682143
--   t=8  n=1  d=0 c=1  S unchanged
-- median = 5 (the first duration where S <= 0.5). The interval at t=1:
-- log S = -0.105361, sigma = sqrt(G) / |log S| = 0.105409 / 0.105361 =
-- 1.000458, bounds exp(-exp(log(0.105361) -/+ 1.959964 * 1.000458)) =
-- 0.985281 .. 0.473009; R gives lower 0.4730092713620505, upper
-- 0.985281393367343 at t=1, and at t=7 0.0122589629866499 .. 0.566611970131777.
CREATE TABLE km (t float8, e boolean, g text);
INSERT INTO km VALUES (1, true, 'a'), (2, true, 'b'), (2, false, 'a'), (3, true, 'b'),
    (4, false, 'a'), (5, true, 'b'), (5, true, 'a'), (6, false, 'b'), (7, true, 'a'),
    (8, false, 'b');
SELECT k->'n' AS n, k->'events' AS events, k->'median' AS median FROM (SELECT km_survival(t, e) AS k FROM km) x;
SELECT (s->>'time')::float8 AS time, (s->>'at_risk')::int AS at_risk, (s->>'events')::int AS d,
       (s->>'censored')::int AS c, round((s->>'survival')::numeric, 12) AS survival,
       round((s->>'ci_low')::numeric, 12) AS ci_low, round((s->>'ci_high')::numeric, 12) AS ci_high
FROM (SELECT km_survival(t, e) AS k FROM km) x, jsonb_array_elements(k->'steps') s;
-- R's values (survfit, log-log), to 12 places, next to ours: equal.
WITH r(time, surv, lower, upper) AS (VALUES
    (1, 0.900000000000000, 0.4730092713620505, 0.985281393367343),
    (2, 0.800000000000000, 0.4086907816334043, 0.945872645838912),
    (3, 0.685714285714286, 0.3045850742018473, 0.887148495027707),
    (4, 0.685714285714286, 0.3045850742018473, 0.887148495027707),
    (5, 0.411428571428571, 0.1025110703140554, 0.707312651943303),
    (6, 0.411428571428571, 0.1025110703140554, 0.707312651943303),
    (7, 0.205714285714286, 0.0122589629866499, 0.566611970131777),
    (8, 0.205714285714286, 0.0122589629866499, 0.566611970131777))
SELECT count(*) AS steps,
       count(*) FILTER (WHERE abs((s->>'survival')::float8 - r.surv) < 1e-12
                          AND abs((s->>'ci_low')::float8 - r.lower) < 1e-12
                          AND abs((s->>'ci_high')::float8 - r.upper) < 1e-12) AS equal_to_r
FROM (SELECT km_survival(t, e) AS k FROM km) x, jsonb_array_elements(k->'steps') s
JOIN r ON r.time = (s->>'time')::float8;

-- Edge cases: NULL durations and events are skipped; no rows: NULL; no
-- event yet: S = 1 with the interval [1, 1]; every row at risk has the event:
-- S = 0, no interval (Greenwood's variance is undefined), median there; S
-- never at 0.5 or below: median null.
SELECT km_survival(t, e) FROM (VALUES (NULL::float8, true), (3, NULL)) v(t, e);
SELECT km_survival(t, e) FROM km WHERE false;
SELECT km_survival(t, e) FROM (VALUES (1::float8, false), (2, true), (2, true)) v(t, e);
SELECT km_survival(t, e) FROM (VALUES (1::float8, true), (2, false), (3, false), (4, false)) v(t, e);
SELECT km_survival(t, e) FROM (VALUES (0::float8, true), (0.5, false)) v(t, e);

-- Log-rank, two groups a and b above. R: survdiff(Surv(t, e) ~ g):
-- chisq 0.0790928440695276, p = 1 - pchisq(chisq, 1) = 0.778530544758057.
SELECT round(chi2::numeric, 12) AS chi2, df, round(p_value::numeric, 12) AS p_value
FROM (SELECT (logrank_test(t, e, g)).* FROM km) x;
-- Three groups (c added, one more a): R: chisq 0.00318604838061582,
-- p = pchisq(chisq, 2, lower.tail = FALSE) = 0.998408243999219.
CREATE TABLE km3 AS SELECT * FROM km UNION ALL
    VALUES (3, true, 'c'), (9, true, 'c'), (10, false, 'c'), (1.5, true, 'c'), (4, true, 'c'), (4, false, 'a');
SELECT round(chi2::numeric, 12) AS chi2, df, round(p_value::numeric, 12) AS p_value
FROM (SELECT (logrank_test(t, e, g)).* FROM km3) x;
-- Rows with a NULL group are skipped; one group, no events or no rows: NULL.
SELECT logrank_test(t, e, CASE WHEN g = 'b' THEN NULL ELSE g END) IS NULL AS one_group FROM km;
SELECT logrank_test(t, false, g) IS NULL AS no_events FROM km;
SELECT logrank_test(t, e, g) IS NULL AS no_rows FROM km WHERE false;
-- A group whose rows all leave before the first event carries no
-- information and is left out (as survdiff does): df counts the others.
SELECT (logrank_test(t, e, g)).df FROM (SELECT * FROM km UNION ALL VALUES (0.5, false, 'z')) x;
-- Group names are compared as bytes; any text is a group.
SELECT (logrank_test(t, e, CASE g WHEN 'a' THEN 'x"y\z' ELSE 'é,;:' END)).chi2 =
       (logrank_test(t, e, g)).chi2 AS names_do_not_matter FROM km;
-- km_survival over a logrank state pools its groups.
SELECT km_survival_final(logrank_accum(logrank_accum(km_survival_accum(NULL, 1, true), 2, true, 'x'), 3, false, 'y'));

-- The state: text form, read back; binary form.
SELECT logrank_accum(logrank_accum(NULL, 1, true, 'x"y'), 2, false, 'a\b')::text;
SELECT 'v1:rows=2,events=1,groups=["a\\b","x\"y"],times=1:1:1:0;2:0:0:1'::survival_state::text;
SELECT survival_state_send('v1:rows=2,events=1,groups=["a"],times=1:0:1:0;2:0:0:1');
SELECT km_survival_final('v1:rows=3,events=2,groups=[""],times=1:0:1:0;2:0:1:1');
SELECT logrank_final('v1:rows=0,events=0,groups=[],times=') IS NULL AS empty_is_null;
-- A direct call never changes its argument.
WITH s AS (SELECT 'v1:rows=1,events=1,groups=[""],times=1:0:1:0'::survival_state AS v)
SELECT km_survival_accum(v, 2, false)::text, v::text, survival_combine(v, v)::text FROM s;

-- Bad input: SQLSTATE, message and detail.
SELECT expect_error('SELECT km_survival(-1, true)');
SELECT expect_error($$SELECT km_survival('NaN', true)$$);
SELECT expect_error($$SELECT km_survival('Infinity', false)$$);
SELECT expect_error($$SELECT logrank_test('-Infinity', true, 'a')$$);
SELECT expect_error($$SELECT logrank_test(-0.5, true, 'a')$$);
SELECT expect_error($$SELECT logrank_test(g::float8, true, g::text) FROM generate_series(1, 1001) g$$);
SELECT expect_error($$SELECT 'v2:rows=0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=0,groups=[],times='::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=1,groups=["a"],times=1:1:1:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=2,events=2,groups=["a"],times=2:0:1:0;1:0:1:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=2,events=2,groups=["b","a"],times=1:0:1:0;1:1:1:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=1,groups=["a","b"],times=1:0:1:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=1,groups=["a"],times=-1:0:1:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=0,events=0,groups=["a"],times=1:0:0:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=1,groups=["a],times=1:0:1:0'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=1,groups=["a"],times=1:0:1:0;'::survival_state$$);
SELECT expect_error($$SELECT 'v1:rows=1,events=1,groups=["a"],times=NaN:0:1:0'::survival_state$$);
-- The error leaves the session usable.
SELECT km_survival(t, e)->'median' AS median FROM km;

-- Parallel plans: partial states pass from the workers in their flat form,
-- and the results equal the serial plan's.
CREATE TABLE km_big AS
SELECT (id % 97) * 0.5 + copies AS t, id % 3 <> 0 AS e, 'band ' || (id % 4) AS g, id
FROM survey, generate_series(1, 4) copies;
ANALYZE km_big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE km_serial AS
SELECT id % 5 AS part, km_survival(t, e) AS k, logrank_test(t, e, g) AS l,
       logrank_test(t, e, CASE WHEN id <= 400 THEN g END) AS l_few
FROM km_big GROUP BY ROLLUP (id % 5);
RESET max_parallel_workers_per_gather;
:force_parallel
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT km_survival(t, e), logrank_test(t, e, g) FROM km_big;
CREATE TABLE km_parallel AS
SELECT NULL::int AS part, km_survival(t, e) AS k, logrank_test(t, e, g) AS l,
       logrank_test(t, e, CASE WHEN id <= 400 THEN g END) AS l_few
FROM km_big
UNION ALL
SELECT id % 5, km_survival(t, e), logrank_test(t, e, g),
       logrank_test(t, e, CASE WHEN id <= 400 THEN g END)
FROM km_big GROUP BY id % 5;
:reset_parallel
RESET parallel_leader_participation;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.k = p.k AND s.l::text = p.l::text
                          AND s.l_few::text IS NOT DISTINCT FROM p.l_few::text) AS identical
FROM km_serial s JOIN km_parallel p ON s.part IS NOT DISTINCT FROM p.part;
SELECT (l).df, (l).chi2 > 0 AS chi2_positive, jsonb_array_length(k->'steps') AS steps
FROM km_serial WHERE part IS NULL;
