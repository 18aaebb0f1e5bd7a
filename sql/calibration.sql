\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- roc_auc(score, positive) (README, "Calibration") against independent references:
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

-- The state, roc_auc_state: every distinct score with its counts. Its text
-- form, for the example worked by hand: the scores in order, each with its
-- positive and negative rows, and the totals.
CREATE AGGREGATE roc_partial(float8, boolean) (SFUNC = roc_auc_accum, STYPE = roc_auc_state);
SELECT roc_partial(score, positive)
FROM (VALUES (0.9, true), (0.7, false), (0.8, true), (0.6, false), (0.6, true), (0.3, false))
     v(score, positive);
SELECT roc_auc_final('v1:positives=3,negatives=3,scores=0.3:0:1;0.6:1:1;0.7:0:1;0.8:1:0;0.9:1:0')
       = 7.5 / 9::float8 AS by_hand_from_text,
       roc_auc_final('v1:positives=0,negatives=0,scores=') IS NULL AS empty_is_null,
       roc_partial(s, p) IS NULL AS no_rows_no_state
FROM (VALUES (1::float8, true)) v(s, p) WHERE false;

-- Text output, then input, of a real state gives the same AUC, bit for bit,
-- and the same text; so does the binary form (COPY BINARY).
CREATE TABLE calib_states AS
SELECT grp, roc_partial(score_real, NOT churned) AS s_real, roc_partial(score_int, NOT churned) AS s_int
FROM calib GROUP BY grp;
SELECT count(*) FILTER (WHERE roc_auc_final(s_real::text::roc_auc_state) = roc_auc_final(s_real)
                          AND roc_auc_final(s_int::text::roc_auc_state) = roc_auc_final(s_int)
                          AND s_real::text::roc_auc_state::text = s_real::text) AS text_round_trips,
       count(*) FILTER (WHERE roc_auc_final(s_real) = r.a) AS equal_to_roc_auc
FROM calib_states JOIN (SELECT grp, roc_auc(score_real, NOT churned) AS a FROM calib GROUP BY grp) r USING (grp);
COPY calib_states TO PROGRAM 'cat > healthscore_calibration_states.bin' WITH (FORMAT binary);
CREATE TABLE calib_states_back (LIKE calib_states);
COPY calib_states_back FROM 'healthscore_calibration_states.bin' WITH (FORMAT binary);
SELECT count(*) FILTER (WHERE a.s_real::text = b.s_real::text AND a.s_int::text = b.s_int::text)
       AS binary_round_trips
FROM calib_states a JOIN calib_states_back b USING (grp);

-- A distributed engine (Citus) runs the aggregate on each shard up to its
-- partial state, ships the state as text, reads it back on the coordinator,
-- combines and finalizes. The same in plain SQL, one shard per group: the
-- result equals roc_auc over all the rows, bit for bit, and the rank formula.
CREATE AGGREGATE roc_fold(roc_auc_state) (SFUNC = roc_auc_combine, STYPE = roc_auc_state,
                                          FINALFUNC = roc_auc_final);
CREATE TABLE calib_shipped AS SELECT grp, s_real::text AS s_real, s_int::text AS s_int FROM calib_states;
SELECT roc_fold(s_real::roc_auc_state) = (SELECT roc_auc(score_real, NOT churned) FROM calib) AS real_equal,
       roc_fold(s_int::roc_auc_state) = (SELECT roc_auc(score_int, NOT churned) FROM calib) AS int_equal,
       abs(roc_fold(s_int::roc_auc_state) - rank_auc('SELECT score_int, NOT churned FROM calib')) < 1e-15
           AS int_formula
FROM calib_shipped;
-- The combine function folds them in any order, and as a window aggregate.
SELECT count(DISTINCT a) AS distinct_results
FROM (SELECT roc_fold(s_real::roc_auc_state ORDER BY grp) AS a FROM calib_shipped
      UNION ALL SELECT roc_fold(s_real::roc_auc_state ORDER BY grp DESC) FROM calib_shipped
      UNION ALL SELECT roc_fold(s ORDER BY g) FROM (SELECT grp AS g, s_real::roc_auc_state AS s FROM calib_shipped
                                                     UNION ALL SELECT -1, NULL) t) u;
SELECT grp, roc_fold(s_int::roc_auc_state) OVER (ORDER BY grp)
            = (SELECT roc_auc(score_int, NOT churned) FROM calib c WHERE c.grp <= s.grp) AS running_equal
FROM calib_shipped s ORDER BY grp;

-- Called directly, outside an aggregate, the support functions never change
-- their arguments: a state held in a variable stays what it was.
DO $$
DECLARE
    s roc_auc_state := 'v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0';
    t roc_auc_state;
    u roc_auc_state;
BEGIN
    t := roc_auc_accum(s, 0.5, false);
    u := roc_auc_combine(s, t);
    u := roc_auc_combine(u, u);
    RAISE NOTICE 'accum: % -> %; combine: %; final: % % %', s, t, u,
        roc_auc_final(s), roc_auc_final(t), roc_auc_final(u);
    t := roc_auc_accum(t, NULL, true);
    u := roc_auc_accum(t, 0.9, true);
    RAISE NOTICE 'unchanged: % %; new: %', s, t, u;
END
$$;
SELECT s AS before, roc_auc_accum(s, 0.1, true) AS accum, s AS after,
       roc_auc_combine(s, s) AS combined, s AS after_combine
FROM (VALUES ('v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0'::roc_auc_state)) v(s);
SELECT roc_auc_accum(NULL, 0.5, true), roc_auc_accum(NULL, NULL, true) IS NULL AS skipped,
       roc_auc_combine(NULL, NULL) IS NULL AS null_null,
       roc_auc_combine(NULL, 'v1:positives=1,negatives=0,scores=3:1:0'),
       roc_auc_final(roc_auc_accum(roc_auc_accum(NULL, 1, true), 0, false)) AS nested;

-- Malformed text is 22P02: another version, a missing or extra field, a
-- count out of range, totals that are not the sums, scores out of order,
-- repeated separators, a non-finite score, a score without rows.
SELECT v AS text_form, expect_error(format('SELECT %L::roc_auc_state', v))
FROM unnest(ARRAY[
    '', 'v1', 'v2:positives=0,negatives=0,scores=', 'v1:positives=0,negatives=0',
    'v1:negatives=0,positives=0,scores=', 'v1:positives=0,negatives=0,scores=,x=1',
    'v1:positives=-1,negatives=1,scores=1:0:1', 'v1:positives=1,negatives=0,scores=',
    'v1:positives=1,negatives=1,scores=0.7:1:0;0.2:0:1', 'v1:positives=1,negatives=1,scores=0.2:0:1;;0.7:1:0',
    'v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0;', 'v1:positives=1,negatives=0,scores=NaN:1:0',
    'v1:positives=1,negatives=0,scores=1e999:1:0', 'v1:positives=1,negatives=0,scores=inf:1:0',
    'v1:positives=0,negatives=0,scores=1:0:0', 'v1:positives=1,negatives=0,scores=1:1',
    'v1:positives=4294967296,negatives=0,scores=1:4294967296:0', 'v1:positives=1,negatives=0,scores=1:1:0 ',
    'v1:positives=1,negatives=0,scores= 1:1:0', 'v1:positives=1,negatives=0,scores=1:+1:0']) v;

-- Binary input is 22P03: another version, truncated, trailing bytes, a count
-- that does not match, scores out of order, a NaN score, a score without rows.
CREATE TABLE calib_bytes (b bytea);
CREATE TABLE calib_state_in (s roc_auc_state);
CREATE FUNCTION calib_copy_in(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE calib_bytes;
    INSERT INTO calib_bytes VALUES (bytes);
    COPY calib_bytes TO PROGRAM 'cat > healthscore_calibration_input.bin' WITH (FORMAT binary);
    RETURN expect_error($q$COPY calib_state_in FROM 'healthscore_calibration_input.bin' WITH (FORMAT binary)$q$);
END
$$;
-- Version 1, two scores, then 0.2 with 0 positives and 1 negative, 0.7 with 1 and 0.
SELECT roc_auc_state_send('v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0') AS sent,
       '\x01' || int8send(2) || float8send(0.2) || int4send(0) || int4send(1)
              || float8send(0.7) || int4send(1) || int4send(0)
       = roc_auc_state_send('v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0') AS by_hand;
SELECT calib_copy_in(roc_auc_state_send('v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0'));
SELECT s, roc_auc_final(s) FROM calib_state_in;
SELECT calib_copy_in(b) FROM unnest(ARRAY[
    ''::bytea, '\x02' || int8send(0), '\x01', '\x01' || int8send(0) || '\x00'::bytea,
    '\x01' || int8send(1), '\x01' || int8send(2) || float8send(0.2) || int4send(0) || int4send(1),
    '\x01' || int8send(-1) || float8send(0.2) || int4send(0) || int4send(1),
    '\x01' || int8send(2) || float8send(0.7) || int4send(1) || int4send(0) || float8send(0.2) || int4send(0) || int4send(1),
    '\x01' || int8send(1) || float8send('NaN') || int4send(1) || int4send(0),
    '\x01' || int8send(1) || float8send('-Infinity') || int4send(1) || int4send(0),
    '\x01' || int8send(1) || float8send(1) || int4send(0) || int4send(0)]) b;
SELECT count(*) AS rows_read FROM calib_state_in;

-- The binary COPY files are in the server's data directory: remove them.
COPY (SELECT) TO PROGRAM 'rm -f healthscore_calibration_states.bin healthscore_calibration_input.bin';
-- A value that is not a roc_auc_state can reach the functions only through a
-- binary-coercible cast, which only a superuser can make, and only from a
-- base type of the same length and alignment (arrays and composites, the
-- types with expanded forms, are refused): polygon. Its flat value is checked
-- (22P03) or read as the state its bytes happen to make. After the varlena
-- header a polygon holds its number of points (read as the format word), its
-- bounding box and its points (read as runs: x the score, y's bits the counts).
CREATE CAST (polygon AS roc_auc_state) WITHOUT FUNCTION;
SELECT roc_auc_final('((1,2))'::polygon::roc_auc_state) IS NULL AS no_positives,
       '((1,2))'::polygon::roc_auc_state AS read_as;
SELECT expect_error($$SELECT roc_auc_final('((1,2),(3,4))'::polygon::roc_auc_state)$$);
SELECT expect_error($$SELECT roc_auc_final('((NaN,2))'::polygon::roc_auc_state)$$);
SELECT expect_error($$SELECT roc_auc_combine(NULL, '((NaN,2))'::polygon::roc_auc_state)$$);
SELECT expect_error($$SELECT roc_auc_accum('((NaN,2))'::polygon::roc_auc_state, 1, true)$$);
SELECT expect_error($$SELECT roc_auc_state_send('((NaN,2))'::polygon::roc_auc_state)$$);
SELECT expect_error($$SELECT roc_fold(p::roc_auc_state) FROM (VALUES ('((1,2),(3,4))'::polygon)) v(p)$$);
DROP CAST (polygon AS roc_auc_state);

-- Parallel plans: partial states pass from the workers in their flat form,
-- and the result equals the serial plan's, bit for bit.
CREATE TABLE calib_big AS SELECT c.* FROM calib c, generate_series(1, 8) copies;
ANALYZE calib_big;
SET max_parallel_workers_per_gather = 0;
-- a_few: only the first rows of the table count, so one worker's state is NULL.
CREATE TABLE calib_serial AS
SELECT grp, roc_auc(score_int, NOT churned) AS a_int, roc_auc(score_real, NOT churned) AS a_real,
       roc_auc(CASE WHEN id <= 400 THEN score_int END, NOT churned) AS a_few
FROM calib_big GROUP BY ROLLUP (grp);
RESET max_parallel_workers_per_gather;
:force_parallel
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
:reset_parallel
RESET parallel_leader_participation;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.a_int = p.a_int AND s.a_real = p.a_real AND s.a_few = p.a_few) AS identical
FROM calib_serial s JOIN calib_parallel p ON s.grp IS NOT DISTINCT FROM p.grp;
-- The copies do not change the AUC: each pair of rows is counted 64 times.
SELECT s.a_int = (SELECT roc_auc(score_int, NOT churned) FROM calib) AS copies_same
FROM calib_serial s WHERE s.grp IS NULL;
