\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Parameters passed on every row (README, Reference): checked and adopted on
-- every row, NULL scores included, so a group that mixes them is an error in
-- every row order and every plan; and messages name the function called.

-- A row whose score is NULL still sets the scale: (NULL, 5) then (3, 7) mixes scales.
SELECT expect_error($$SELECT ces(s, m) FROM (VALUES (NULL::int, 5), (3, 7)) v(s, m)$$);
SELECT expect_error($$SELECT ces(s, m) FROM (VALUES (3, 7), (NULL::int, 5)) v(s, m)$$);
SELECT expect_error($$SELECT ces_summary(s, 7, c) FROM (VALUES (NULL::int, 0.9), (3, 0.95)) v(s, c)$$);
SELECT expect_error($$SELECT csat(s, f, m) FROM (VALUES (NULL::int, 4, 5), (3, 9, 10)) v(s, f, m)$$);
SELECT expect_error($$SELECT csat_summary(s, 4, 5, c) FROM (VALUES (4, 0.9), (NULL::int, 0.8)) v(s, c)$$);
SELECT expect_error($$SELECT nps_summary(s, c) FROM (VALUES (NULL::int, 0.9), (9, 0.8)) v(s, c)$$);
SELECT expect_error($$SELECT rollup(s, c) FROM (VALUES (NULL::nps_summary, 0.9), (ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary, 0.8)) v(s, c)$$);
-- All NULL scores: parameters are still checked, the result is empty.
SELECT expect_error($$SELECT ces(s, m) FROM (VALUES (NULL::int, 1)) v(s, m)$$);
SELECT expect_error($$SELECT nps_summary(s, c) FROM (VALUES (NULL::int, 1.5)) v(s, c)$$);
SELECT ces(s, m), csat(s, 4, m) FROM (VALUES (NULL::int, 5), (NULL::int, 5)) v(s, m);
-- A parameter that is never valid is an error even where it equals "not chosen" (0).
SELECT expect_error($$SELECT nps_summary(s, 0) FROM (VALUES (9)) v(s)$$);
SELECT expect_error($$SELECT csat(s, 0, 0) FROM (VALUES (4)) v(s)$$);
SELECT expect_error($$SELECT ces(s, 0) FROM (VALUES (4)) v(s)$$);
SELECT expect_error($$SELECT nps_summary(s, NULL) FROM (VALUES (9)) v(s)$$);
SELECT expect_error($$SELECT rollup(s, 'NaN') FROM (VALUES (NULL::nps_summary)) v(s)$$);

-- The same checks in parallel plans: the rows that set each scale go to
-- different workers, and the combine function finds the conflict.
CREATE TABLE mixed AS
SELECT g AS id, CASE WHEN g % 1000 = 0 THEN NULL ELSE 1 + g % 5 END AS s,
       CASE WHEN g = 77777 THEN 7 ELSE 5 END AS m
FROM generate_series(1, 200000) g;
ANALYZE mixed;
:force_parallel
EXPLAIN (COSTS OFF) SELECT ces(s, m) FROM mixed;
SELECT expect_error($$SELECT ces(s, m) FROM mixed$$);
SELECT expect_error($$SELECT csat(s, 3, m) FROM mixed$$);
-- The row that sets the odd scale has a NULL score.
UPDATE mixed SET s = NULL WHERE id = 77777;
SELECT expect_error($$SELECT ces(s, m) FROM mixed$$);
SELECT expect_error($$SELECT ces_summary(s, 5, CASE WHEN id = 150000 THEN 0.9 ELSE 0.95 END) FROM mixed$$);
:reset_parallel

-- Partial states as a distributed engine ships them: an unset side yields,
-- two different set values are an error.
SELECT ces_combine('v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=5',
                   'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0');
SELECT ces_combine('v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
                   'v1:n=1,sum=3,sumsq=9,confidence=0.9,scale_max=5');
SELECT expect_error($$SELECT ces_combine('v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=5',
                                         'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=7')$$);
SELECT expect_error($$SELECT proportion_combine('v1:responses=0,satisfied=0,confidence=0,satisfied_from=4,scale_max=5',
                                                'v1:responses=0,satisfied=0,confidence=0,satisfied_from=9,scale_max=10')$$);
SELECT expect_error($$SELECT nps_combine('v1:promoters=0,passives=0,detractors=0,confidence=0.9',
                                         'v1:promoters=1,passives=0,detractors=0,confidence=0.8')$$);
SELECT expect_error($$SELECT mean_combine('v1:n=0,mean=0,m2=0,confidence=0.9',
                                          'v1:n=1,mean=2,m2=0,confidence=0.8')$$);

-- A partial state that holds responses counted under an unset parameter was
-- counted with the default (scale 1..7, 4 of 1..5, 95%): it does not combine
-- with one that chose another value.
SELECT expect_error($$SELECT ces_combine('v1:n=1,sum=7,sumsq=49,confidence=0,scale_max=0',
                                         'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=5')$$);
SELECT expect_error($$SELECT proportion_combine('v1:responses=2,satisfied=1,confidence=0,satisfied_from=0,scale_max=0',
                                                'v1:responses=0,satisfied=0,confidence=0,satisfied_from=2,scale_max=3')$$);
SELECT expect_error($$SELECT nps_combine('v1:promoters=1,passives=0,detractors=0,confidence=0',
                                         'v1:promoters=1,passives=0,detractors=0,confidence=0.9')$$);
SELECT ces_combine('v1:n=1,sum=7,sumsq=49,confidence=0,scale_max=0',
                   'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=7') AS default_scale_agrees;

-- The apply functions: a NULL fit or value gives NULL, a NULL parameter is an error.
SELECT minmax_apply(NULL, 1), minmax_apply('v1:n=2,min=0,max=10', NULL),
       normal_apply(NULL, 1, true), normal_apply('v1:n=2,mean=0,m2=2', NULL, false);
SELECT expect_error($$SELECT minmax_apply('v1:n=2,min=0,max=10', 5, NULL)$$);
SELECT expect_error($$SELECT normal_apply(NULL, 5, NULL)$$);

-- Support functions are callable by anyone with any arguments: a NULL state
-- starts empty (no responses, no parameter chosen), never a crash.
SELECT nps_accum(NULL, 10, 0.9), nps_accum(NULL, NULL, 0.9);
SELECT csat_accum(NULL, 3, 4, 5), csat_accum(NULL, NULL, 4, 5, 0.8);
SELECT ces_accum(NULL, 3, 7), ces_accum(NULL, 3, 7, 0.9);
SELECT nps_rollup_accum(NULL, ROW(3, 1, 1, 1, NULL, NULL, NULL, NULL)::nps_summary, 0.9),
       proportion_rollup_accum(NULL, NULL, 0.9),
       mean_rollup_accum(NULL, ROW(2, 3, 1, NULL, NULL)::mean_summary, 0.9);
SELECT expect_error($$SELECT nps_accum(NULL, 11, 0.9)$$);
SELECT expect_error($$SELECT nps_accum(NULL, 10, NULL)$$);
-- ... and through a user's own aggregate over them, without INITCOND.
CREATE AGGREGATE my_nps(int, float8) (SFUNC = nps_accum, STYPE = nps_state,
                                       FINALFUNC = nps_summary_final);
CREATE AGGREGATE my_ces(int, int) (SFUNC = ces_accum, STYPE = ces_state, FINALFUNC = ces_final);
SELECT my_nps(s, 0.9), my_ces(s % 5 + 1, 5) FROM generate_series(0, 10) s;
SELECT expect_error($$SELECT my_ces(s, 5) FROM generate_series(1, 6) s$$);

-- Messages name the function the user called: the aggregate, not its
-- transition function; the window aggregate; the support function called directly.
SELECT expect_error($$SELECT csat_summary(s) FROM (VALUES (6)) v(s)$$);
SELECT expect_error($$SELECT csat(s) FROM (VALUES (6)) v(s)$$);
SELECT expect_error($$SELECT csat(s) OVER (ORDER BY s ROWS 1 PRECEDING) FROM (VALUES (1), (6)) v(s)$$);
SELECT expect_error($$SELECT ces_summary(s, 3) OVER () FROM (VALUES (1), (6)) v(s)$$);
SELECT expect_error($$SELECT csat_accum('v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0', 6)$$);
SELECT expect_error($$SELECT rollup(s) FROM (VALUES (ROW(1, 2, NULL, NULL, NULL)::proportion_summary)) v(s)$$);
SELECT expect_error($$SELECT nps_change(ROW(-1, 0, 0, 0, NULL, NULL, NULL, NULL), ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL))$$);
SELECT expect_error($$SELECT scale_linear(1, 2, 2)$$);
