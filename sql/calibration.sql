\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- roc_auc(score, positive) (README, Calibration) against independent references:
-- an example worked by hand, the Mann-Whitney formula from rank() with tied
-- ranks averaged, and a closed form over 10 million distinct scores.

-- Worked by hand: positives 0.9, 0.8, 0.6; negatives 0.7, 0.6, 0.3. Of the
-- 3 x 3 pairs the positive scores higher in 3 + 3 + 1, and 0.6 against 0.6
-- is a tie worth 1/2: (7 + 1/2) / 9 = 0.8333...
SELECT roc_auc(score, positive), 7.5 / 9 AS by_hand
FROM (VALUES (0.9, true), (0.7, false), (0.8, true), (0.6, false), (0.6, true), (0.3, false))
     v(score, positive);

-- Perfect, useless, reversed; -0 and 0 are the same score.
SELECT roc_auc(s, p) AS perfect FROM (VALUES (3, true), (2, true), (1, false)) v(s, p);
SELECT roc_auc(s, p) AS all_tied FROM (VALUES (5, true), (5, false), (5, false)) v(s, p);
SELECT roc_auc(s, p) AS reversed FROM (VALUES (1, true), (2, false)) v(s, p);
SELECT roc_auc(s, p) AS zero_tie FROM (VALUES ('-0'::float8, true), (0, false)) v(s, p);

-- NULL score or class: the row is skipped. A class with no row: NULL.
SELECT roc_auc(s, p) AS nulls_skipped
FROM (VALUES (3, true), (NULL, false), (1, NULL), (2, false), (NULL, NULL)) v(s, p);
SELECT roc_auc(s, p) IS NULL AS no_negative FROM (VALUES (1, true), (2, true), (3, NULL)) v(s, p);
SELECT roc_auc(s, p) IS NULL AS no_positive FROM (VALUES (1, false)) v(s, p);
SELECT roc_auc(s, p) IS NULL AS no_rows FROM (VALUES (1, true)) v(s, p) WHERE false;
SELECT roc_auc(NULL, NULL) IS NULL AS all_null;

-- A non-finite score is an error (22023), named with its value.
SELECT expect_error($$SELECT roc_auc(s, true) FROM (VALUES (1), ('NaN'::float8)) v(s)$$);
SELECT expect_error($$SELECT roc_auc(s, false) FROM (VALUES ('-Infinity'::float8)) v(s)$$);
SELECT expect_error($$SELECT roc_auc(s, p) OVER (ORDER BY s) FROM (VALUES ('Infinity'::float8, true)) v(s, p)$$);

-- The rank() formula: AUC = (R+ - n+ (n+ + 1) / 2) / (n+ n-), R+ the sum of
-- the positives' ranks, tied ranks averaged; computed in numeric.
CREATE FUNCTION rank_auc(rows_query text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    result numeric;
BEGIN
    EXECUTE format($q$
        SELECT (sum(r) FILTER (WHERE p) - np * (np + 1) / 2.0) / (np * nn)
        FROM (SELECT p, rank() OVER (ORDER BY s) + (count(*) OVER (PARTITION BY s) - 1) / 2.0 AS r,
                     count(*) FILTER (WHERE p) OVER () AS np,
                     count(*) FILTER (WHERE NOT p) OVER () AS nn
              FROM (%s) q(s, p) WHERE s IS NOT NULL AND p IS NOT NULL) ranked
        GROUP BY np, nn$q$, rows_query) INTO result;
    RETURN result;
END
$$;

-- Generated scores with many ties (health scores rounded to integers, survey
-- answers) and with none, churn more likely at low scores.
SELECT setseed(0.17);
CREATE TABLE calib AS
SELECT g AS id, g % 5 AS grp,
       round(100 * power(random(), 0.7))::float8 AS score_int,
       CASE WHEN random() < 0.03 THEN NULL ELSE random() * 100 END AS score_real,
       (random() * 11)::int AS answer,
       NULL::boolean AS churned
FROM generate_series(1, 60000) g;
UPDATE calib SET churned = random() < 0.6 - 0.005 * score_int + 0.02 * (answer < 5)::int;
UPDATE calib SET churned = NULL WHERE id % 97 = 0;
ANALYZE calib;
SELECT count(DISTINCT score_int) AS levels, count(*) FILTER (WHERE churned) AS churned,
       count(*) FILTER (WHERE NOT churned) AS stayed FROM calib;

-- Ties: each answer and integer score is shared by hundreds of rows. The
-- extension and the formula agree to 1e-15 (the formula's numeric division
-- is not rounded as a double).
SELECT abs(roc_auc(score_int, NOT churned) - rank_auc('SELECT score_int, NOT churned FROM calib')) < 1e-15
           AS integer_scores,
       abs(roc_auc(answer, NOT churned) - rank_auc('SELECT answer::float8, NOT churned FROM calib')) < 1e-15
           AS survey_answers,
       abs(roc_auc(score_real, NOT churned) - rank_auc('SELECT score_real, NOT churned FROM calib')) < 1e-15
           AS no_ties
FROM calib;
SELECT round(roc_auc(score_int, NOT churned)::numeric, 6) AS auc_int,
       round(rank_auc('SELECT score_int, NOT churned FROM calib'), 6) AS formula_int
FROM calib;

-- Per group, and the same through GROUP BY with a hash aggregate.
SELECT grp, abs(roc_auc(score_int, NOT churned)
                - rank_auc(format('SELECT score_int, NOT churned FROM calib WHERE grp = %s', grp))) < 1e-15 AS agrees
FROM calib GROUP BY grp ORDER BY grp;
SET enable_sort = off;
SELECT count(*) FILTER (WHERE a = b) AS hash_equals_sorted
FROM (SELECT grp, roc_auc(score_int, NOT churned) AS a FROM calib GROUP BY grp) h
JOIN (SELECT grp, roc_auc(score_int, NOT churned ORDER BY id) AS b FROM calib GROUP BY grp) s USING (grp);
RESET enable_sort;

-- Row order does not change a bit.
SELECT count(DISTINCT a) AS distinct_results
FROM (SELECT roc_auc(score_real, NOT churned ORDER BY id) AS a FROM calib
      UNION ALL SELECT roc_auc(score_real, NOT churned ORDER BY id DESC) FROM calib
      UNION ALL SELECT roc_auc(score_real, NOT churned ORDER BY score_real) FROM calib
      UNION ALL SELECT roc_auc(score_real, NOT churned ORDER BY md5(id::text)) FROM calib) t;

-- As a window aggregate: the AUC of the rows so far, by id.
SELECT id, round(roc_auc(score_int, NOT churned) OVER (ORDER BY id)::numeric, 6) AS running_auc
FROM calib WHERE id <= 8 ORDER BY id;
SELECT bool_and(abs(w - rank_auc(format('SELECT score_int, NOT churned FROM calib WHERE id <= %s', id))) < 1e-15)
       AS running_agrees
FROM (SELECT id, roc_auc(score_int, NOT churned) OVER (ORDER BY id) AS w FROM calib WHERE id <= 300) t
WHERE id % 50 = 0;

-- 10 million distinct scores: score g, positive when g is a multiple of 3.
-- A positive 3k scores above the 2k negatives below it, so
-- U = sum of 2k for k = 1 .. 3,333,333 = m (m + 1), m = 3,333,333.
SELECT roc_auc(g * 0.5, g % 3 = 0) = 3333333 * 3333334::float8 / (3333333 * 6666667::float8) AS ten_million,
       3333333 * 3333334::numeric / (3333333 * 6666667::numeric) AS closed_form
FROM generate_series(1, 10000000) g;

-- The support functions take the aggregate's internal state. Only a superuser
-- may build an aggregate on an internal state (PostgreSQL refuses it to other
-- roles), and even then roc_auc's functions refuse another aggregate's state.
CREATE ROLE regress_calibration_user;
SET ROLE regress_calibration_user;
SELECT expect_error($$CREATE AGGREGATE pg_temp.mixed(numeric) (SFUNC = numeric_accum, STYPE = internal,
                                                                FINALFUNC = roc_auc_final)$$);
RESET ROLE;
DROP ROLE regress_calibration_user;
CREATE AGGREGATE mixed_final(numeric) (SFUNC = numeric_accum, STYPE = internal, FINALFUNC = roc_auc_final);
CREATE AGGREGATE mixed_combine(numeric) (SFUNC = numeric_accum, STYPE = internal, FINALFUNC = numeric_avg,
                                         COMBINEFUNC = roc_auc_combine, SERIALFUNC = roc_auc_serialize,
                                         DESERIALFUNC = roc_auc_deserialize, PARALLEL = SAFE);
SELECT expect_error($$SELECT mixed_final(x) FROM generate_series(1, 10) x$$);
CREATE TABLE calib_numbers AS SELECT x::numeric AS x FROM generate_series(1, 20000) x;
ANALYZE calib_numbers;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT expect_error($$SELECT mixed_combine(x) FROM calib_numbers$$);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP AGGREGATE mixed_final(numeric);
DROP AGGREGATE mixed_combine(numeric);

-- Parallel plans: partial states pass from the workers through serialize and
-- deserialize, and the result equals the serial plan's, bit for bit.
CREATE TABLE calib_big AS SELECT c.* FROM calib c, generate_series(1, 8) copies;
ANALYZE calib_big;
SET max_parallel_workers_per_gather = 0;
-- a_few: only the first rows of the table count, so one worker's state is NULL.
CREATE TABLE calib_serial AS
SELECT grp, roc_auc(score_int, NOT churned) AS a_int, roc_auc(score_real, NOT churned) AS a_real,
       roc_auc(CASE WHEN id <= 400 THEN score_int END, NOT churned) AS a_few
FROM calib_big GROUP BY ROLLUP (grp);
RESET max_parallel_workers_per_gather;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT roc_auc(score_int, NOT churned) FROM calib_big;
EXPLAIN (COSTS OFF) SELECT grp, roc_auc(score_int, NOT churned) FROM calib_big GROUP BY grp;
CREATE TABLE calib_parallel AS
SELECT NULL::int AS grp, roc_auc(score_int, NOT churned) AS a_int, roc_auc(score_real, NOT churned) AS a_real,
       roc_auc(CASE WHEN id <= 400 THEN score_int END, NOT churned) AS a_few
FROM calib_big
UNION ALL
SELECT grp, roc_auc(score_int, NOT churned), roc_auc(score_real, NOT churned),
       roc_auc(CASE WHEN id <= 400 THEN score_int END, NOT churned)
FROM calib_big GROUP BY grp;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.a_int = p.a_int AND s.a_real = p.a_real AND s.a_few = p.a_few) AS identical
FROM calib_serial s JOIN calib_parallel p ON s.grp IS NOT DISTINCT FROM p.grp;
-- The copies do not change the AUC: each pair of rows is counted 64 times.
SELECT s.a_int = (SELECT roc_auc(score_int, NOT churned) FROM calib) AS copies_same
FROM calib_serial s WHERE s.grp IS NULL;
