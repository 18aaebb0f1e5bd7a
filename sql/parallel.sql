\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Parallel plans: every aggregate of section 1 runs as Partial Aggregate ->
-- Gather -> Finalize Aggregate and gives the serial plan's results.

CREATE TABLE big AS
SELECT s.* FROM survey s, generate_series(1, 10) copies;
ANALYZE big;

-- The serial side really runs serially: no Gather in its plan.
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), csat_summary(csat), ces_summary(ces),
       minmax_fit(nps * 1.5::float8), zscore_fit(ces * 0.1::float8)
FROM big GROUP BY grp % 7;
CREATE TABLE serial_results AS
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), nps_summary(nps, 0.8) AS nps_80,
       csat(csat), csat(csat, 5, 5) AS csat_5, csat_summary(csat),
       ces(ces), ces_summary(ces), ces_summary(ces, 7, 0.99) AS ces_99,
       minmax_fit(nps * 1.5::float8)::text AS mm, zscore_fit(ces * 0.1::float8) AS zf
FROM big GROUP BY grp % 7;
RESET max_parallel_workers_per_gather;

:force_parallel
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), csat_summary(csat), ces_summary(ces)
FROM big GROUP BY grp % 7;
EXPLAIN (COSTS OFF)
SELECT nps(nps), csat(csat), ces(ces) FROM big;
EXPLAIN (COSTS OFF)
SELECT minmax_fit(nps::float8), zscore_fit(ces::float8) FROM big;

CREATE TABLE parallel_results AS
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), nps_summary(nps, 0.8) AS nps_80,
       csat(csat), csat(csat, 5, 5) AS csat_5, csat_summary(csat),
       ces(ces), ces_summary(ces), ces_summary(ces, 7, 0.99) AS ces_99,
       minmax_fit(nps * 1.5::float8)::text AS mm, zscore_fit(ces * 0.1::float8) AS zf
FROM big GROUP BY grp % 7;

-- Parameters still apply across workers: a confidence that changes is caught
-- when the partial states are combined, whichever worker saw which row.
SELECT expect_error($$
    SELECT nps_summary(nps, CASE WHEN id = 1 THEN 0.9 ELSE 0.95 END) FROM big
$$) LIKE '22023 nps_summary confidence changes within a group%' AS mixed_confidence_rejected;

:reset_parallel
RESET parallel_leader_participation;

-- Integer inputs: every survey result is identical, bit for bit, CES means and
-- deviations included (README, Reference); fits of non-integer inputs agree to 1e-12.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.nps = p.nps AND s.nps_summary = p.nps_summary
                          AND s.nps_80 = p.nps_80) AS nps_identical,
       count(*) FILTER (WHERE s.csat = p.csat AND s.csat_5 = p.csat_5
                          AND s.csat_summary = p.csat_summary) AS csat_identical,
       count(*) FILTER (WHERE s.ces = p.ces AND s.ces_summary = p.ces_summary
                          AND s.ces_99 = p.ces_99) AS ces_identical,
       count(*) FILTER (WHERE s.mm = p.mm
                          AND abs(zscore_apply(s.zf, 1) - zscore_apply(p.zf, 1)) < 1e-12) AS fits_equal
FROM serial_results s JOIN parallel_results p USING (g);

-- Parameters checked where partial states meet. Two tables whose rows carry
-- different parameters, read by a forced parallel plan (Parallel Append): the
-- partial states of the workers disagree and combining them is an error
-- (22023), naming the parameter; the same parameters everywhere are fine.
CREATE TABLE big_a AS SELECT * FROM big WHERE id % 2 = 0;
CREATE TABLE big_b AS SELECT * FROM big WHERE id % 2 = 1;
ANALYZE big_a;
ANALYZE big_b;
:force_parallel
SET parallel_leader_participation = off;
SET enable_parallel_append = on;
CREATE FUNCTION mixed_parameters(expr text, a text, b text) RETURNS text LANGUAGE sql AS $$
    SELECT expect_error(format('SELECT %s FROM (SELECT *, %s AS p FROM big_a UNION ALL SELECT *, %s AS p FROM big_b) t',
                               expr, a, b))
$$;
EXPLAIN (COSTS OFF)
SELECT nps_summary(nps, p) FROM (SELECT *, 0.9 AS p FROM big_a UNION ALL SELECT *, 0.95 AS p FROM big_b) t;
SELECT parameter, left(e, 5) AS sqlstate, e ~ parameter AS names_parameter
FROM (VALUES ('confidence', mixed_parameters('nps_summary(nps, p)', '0.9', '0.95')),
             ('confidence', mixed_parameters('csat_summary(csat, 4, 5, p)', '0.9', '0.95')),
             ('satisfied_from', mixed_parameters('csat(csat, p, 5)', '4', '5')),
             ('scale_max', mixed_parameters('csat(least(csat, 4), 4, p)', '5', '4')),
             ('scale_max', mixed_parameters('ces(ces, p)', '7', '10')),
             ('confidence', mixed_parameters('ces_summary(ces, 7, p)', '0.9', '0.95'))) v(parameter, e);
SELECT mixed_parameters('nps_summary(nps, p)', '0.9', '0.9') AS same_confidence,
       mixed_parameters('csat(csat, p, 5)', '4', '4') AS same_satisfied_from,
       mixed_parameters('ces(ces, p)', '7', '7') AS same_scale_max;
:reset_parallel
RESET parallel_leader_participation;
RESET enable_parallel_append;

-- The combine functions called directly, as a distributed engine does with the
-- states its workers ship: states with different parameters are an error (22023);
-- a partial state that never chose a parameter (0: no row reached it) yields,
-- whichever side it is on; one that chose it, even without responses (its
-- rows had NULL scores), does not.
SELECT f, left(e, 5) AS sqlstate, e ~ parameter AS names_parameter
FROM (VALUES
    ('nps_combine', 'confidence', expect_error($$SELECT nps_combine(
        'v1:promoters=1,passives=0,detractors=0,confidence=0.9',
        'v1:promoters=1,passives=0,detractors=0,confidence=0.95')$$)),
    ('proportion_combine', 'confidence', expect_error($$SELECT proportion_combine(
        'v1:responses=1,satisfied=1,confidence=0.9,satisfied_from=4,scale_max=5',
        'v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=4,scale_max=5')$$)),
    ('proportion_combine', 'satisfied_from', expect_error($$SELECT proportion_combine(
        'v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=4,scale_max=5',
        'v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=5,scale_max=5')$$)),
    ('proportion_combine', 'scale_max', expect_error($$SELECT proportion_combine(
        'v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=4,scale_max=5',
        'v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=4,scale_max=10')$$)),
    ('ces_combine', 'confidence', expect_error($$SELECT ces_combine(
        'v1:n=1,sum=3,sumsq=9,confidence=0.9,scale_max=7',
        'v1:n=1,sum=3,sumsq=9,confidence=0.95,scale_max=7')$$)),
    ('ces_combine', 'scale_max', expect_error($$SELECT ces_combine(
        'v1:n=1,sum=3,sumsq=9,confidence=0.95,scale_max=7',
        'v1:n=1,sum=3,sumsq=9,confidence=0.95,scale_max=5')$$)),
    ('ces_combine', 'scale_max', expect_error($$SELECT ces_combine(
        'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=7',
        'v1:n=1,sum=3,sumsq=9,confidence=0,scale_max=5')$$)),
    ('mean_combine', 'confidence', expect_error($$SELECT mean_combine(
        'v1:n=1,mean=3,m2=0,confidence=0.9',
        'v1:n=1,mean=3,m2=0,confidence=0.95')$$)),
    ('mean_combine', 'confidence', expect_error($$SELECT mean_combine(
        'v1:n=0,mean=0,m2=0,confidence=0.9',
        'v1:n=1,mean=3,m2=0,confidence=0.95')$$))) v(f, parameter, e);
SELECT nps_combine('v1:promoters=0,passives=0,detractors=0,confidence=0',
                   'v1:promoters=3,passives=2,detractors=1,confidence=0.95') AS empty_left,
       nps_combine('v1:promoters=3,passives=2,detractors=1,confidence=0.95',
                   'v1:promoters=0,passives=0,detractors=0,confidence=0') AS empty_right;
SELECT proportion_combine('v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
                          'v1:responses=2,satisfied=1,confidence=0.95,satisfied_from=9,scale_max=10') AS empty_left,
       proportion_combine('v1:responses=2,satisfied=1,confidence=0.95,satisfied_from=9,scale_max=10',
                          'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0') AS empty_right;
SELECT ces_combine('v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
                   'v1:n=2,sum=8,sumsq=34,confidence=0.95,scale_max=10') AS empty_left,
       ces_combine('v1:n=2,sum=8,sumsq=34,confidence=0.95,scale_max=10',
                   'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0') AS empty_right;
SELECT mean_combine('v1:n=0,mean=0,m2=0,confidence=0',
                    'v1:n=2,mean=4,m2=2,confidence=0.95') AS empty_left,
       mean_combine('v1:n=2,mean=4,m2=2,confidence=0.95',
                    'v1:n=0,mean=0,m2=0,confidence=0') AS empty_right;

-- Calibration, part 2: logistic_fit, brier_score and calibration_bins run as
-- Partial Aggregate -> Gather -> Finalize Aggregate and agree with the serial
-- plan: counts and exact sums bit for bit; logistic coefficients to 1e-9 of
-- their standard errors and standard errors to 1e-9 relative (the information
-- matrix is summed in row order, which depends on the plan, and Newton's
-- method stops at a step of 1e-10).
CREATE TABLE calib2 AS
SELECT id, grp % 5 AS g, nps / 10.0::float8 AS p, csat >= 4 AS outcome,
       ARRAY[nps, ces, id % 13]::float8[] AS features
FROM big WHERE nps IS NOT NULL AND csat IS NOT NULL AND ces IS NOT NULL;
ANALYZE calib2;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE calib2_serial AS
SELECT g, logistic_fit(outcome, features) AS f, brier_score(p, outcome) AS b,
       calibration_bins(p, outcome, 7) AS bins
FROM calib2 GROUP BY ROLLUP (g);
RESET max_parallel_workers_per_gather;
:force_parallel
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT logistic_fit(outcome, features), brier_score(p, outcome), calibration_bins(p, outcome, 7) FROM calib2;
CREATE TABLE calib2_parallel AS
SELECT NULL::int AS g, logistic_fit(outcome, features) AS f, brier_score(p, outcome) AS b,
       calibration_bins(p, outcome, 7) AS bins
FROM calib2
UNION ALL
SELECT g, logistic_fit(outcome, features), brier_score(p, outcome), calibration_bins(p, outcome, 7)
FROM calib2 GROUP BY g;
-- bins that change between the rows of different workers: 22023 when combined.
SELECT expect_error($$SELECT calibration_bins(p, outcome, CASE WHEN id < 1000 THEN 5 ELSE 7 END) FROM calib2$$)
       LIKE '22023 calibration_bins bins changes within a group%' AS mixed_bins_rejected;
:reset_parallel
RESET parallel_leader_participation;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.b = p.b AND s.bins = p.bins) AS brier_and_bins_identical,
       count(*) FILTER (WHERE (s.f).converged AND (p.f).converged AND (s.f).n = (p.f).n
                          AND (SELECT bool_and(abs(x - y) <= 1e-9 * se)
                               FROM unnest((s.f).coefficients, (p.f).coefficients, (s.f).std_errors) u(x, y, se))
                          AND (SELECT bool_and(abs(x - y) <= 1e-9 * abs(y))
                               FROM unnest((s.f).std_errors, (p.f).std_errors) u(x, y)))
           AS fits_agree
FROM calib2_serial s JOIN calib2_parallel p ON s.g IS NOT DISTINCT FROM p.g;
