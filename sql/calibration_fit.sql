\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Calibration, part 2 (README, "Calibration"): logistic_fit, logistic_apply,
-- logistic_weights, brier_score and calibration_bins against independent
-- references: statsmodels' GLM, plain-SQL formulas, examples worked by hand.

-- Data sets generated deterministically in SQL: u(i, j) is a uniform number
-- in [0, 1) from md5; row i has features x[j] = 100 u(i, j) (scores 0-100) and
-- outcome u(i, 0) < 0.5 + eta / (2 (1 + |eta|)), eta = coef[1] + sum of
-- coef[j + 1] (x[j] - 50) / 50 (a sigmoid of rational operations only, so
-- every machine makes the same rows).
CREATE FUNCTION lr_u(i int, j int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ('x' || substr(md5(i || ':' || j), 1, 8))::bit(32)::bigint / 4294967296.0::float8
$$;
CREATE FUNCTION lr_rows(n int, coef float8[]) RETURNS TABLE (i int, y boolean, x float8[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT i, lr_u(i, 0) < 0.5 + eta / (2 * (1 + abs(eta))), x
    FROM (SELECT i, x, coef[1] + (SELECT sum(coef[j + 1] * (x[j] - 50) / 50)
                                 FROM generate_series(1, cardinality(x)) j) AS eta
          FROM (SELECT i, ARRAY(SELECT 100 * lr_u(i, j) FROM generate_series(1, cardinality(coef) - 1) j) AS x
                FROM generate_series(1, n) i) s) t
$$;
-- The largest relative difference between two arrays (NULL when their lengths
-- differ); a reference of 0 (a p-value below the double range) matches a
-- value below 1e-300.
CREATE FUNCTION lr_diff(a float8[], b float8[]) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN cardinality(a) = cardinality(b) THEN
        (SELECT max(CASE WHEN y = 0 THEN CASE WHEN abs(x) < 1e-300 THEN 0 ELSE 1 END
                         ELSE abs(x - y) / abs(y) END)
         FROM unnest(a, b) u(x, y)) END
$$;

-- The reference fits: each data set exported with psql
-- (\copy (SELECT y::int, array_to_string(x, ',') FROM lr_rows(...) ORDER BY i) TO ... CSV)
-- and fitted with statsmodels 0.13.5 (Debian 12's python3-statsmodels, numpy
-- 1.24.2): sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial())
-- .fit(tol=1e-14, maxiter=200); params, bse, tvalues, pvalues and llf
-- printed with repr(). Every figure must agree to 1e-6 relative.
CREATE TABLE lr_reference (name text, n int, coef float8[], coefficients float8[],
                           std_errors float8[], z float8[], p_values float8[], log_likelihood float8);
INSERT INTO lr_reference VALUES
    -- 60 rows, 1 feature (statsmodels: 32 positives, converged in 4 iterations)
    ('a', 60, '{0.2,1.5}', '{-2.2873594874935055,0.04444499762545187}', '{0.7208052597008918,0.012061073683192675}', '{-3.1733390630954568,3.684995116760358}', '{0.0015069642258092983,0.00022870702529267578}', -32.359731867108344),
    -- 2,000 rows, 3 features, the third without effect (720 positives, 5 iterations)
    ('b', 2000, '{-0.5,1.0,-0.7,0.0}', '{-0.9935655813878008,0.02066067110306351,-0.0123969014028657,-0.0008151097765611245}', '{0.14925587172021307,0.00175686748837213,0.0017128273030928437,0.0016678420859383056}', '{-6.656793933375598,11.759948453600892,-7.23768320395213,-0.48872119455035495}', '{2.7986513251924895e-11,6.277260616439757e-32,4.564139974149744e-13,0.6250390965386523}', -1206.5130291581036),
    -- 100,000 rows, 10 features (57,251 positives, 5 iterations)
    ('c', 100000, '{0.3,0.8,-0.6,0.4,0,0,0.2,-0.1,0.5,0,0.05}', '{-1.054403245973135,0.0177985747683991,-0.013026619686263027,0.00873696270991378,-4.809748339901341e-05,0.00045985123475865815,0.004168865062230301,-0.0022628410634062427,0.010755515245539944,0.00021804861168884824,0.0009569961335128258}', '{0.03776856397166698,0.00024251633791058538,0.00023917661340261995,0.00023696107820663143,0.00023573845756814742,0.000236030534461179,0.00023606489510726117,0.00023597675158889975,0.0002385692472275426,0.00023518169688965007,0.00023543570981161436}', '{-27.917483088955183,73.39124003662528,-54.464437391855526,36.870876753418116,-0.20402900695619153,1.9482701075453097,17.65982638094532,-9.589254230214964,45.083410248939366,0.9271495808245619,4.064787513663808}', '{1.6368872826891722e-171,0.0,0.0,1.3539804756686393e-297,0.8383308313835091,0.05138265195698029,8.550226098187911e-70,8.872398154134668e-22,0.0,0.3538488765063117,4.807624128147861e-05}', -62189.733663126535);
CREATE TABLE lr_fit AS
SELECT r.name, (SELECT logistic_fit(y, x) FROM lr_rows(r.n, r.coef)) AS f FROM lr_reference r;
SELECT r.name, (f).n, (f).converged, (f).iterations BETWEEN 3 AND 10 AS few_iterations,
       lr_diff((f).coefficients, r.coefficients) < 1e-6 AS coefficients,
       lr_diff((f).std_errors, r.std_errors) < 1e-6 AS std_errors,
       lr_diff((f).z, r.z) < 1e-6 AS z,
       lr_diff((f).p_values, r.p_values) < 1e-6 AS p_values,
       abs((f).log_likelihood - r.log_likelihood) < 1e-6 * abs(r.log_likelihood) AS log_likelihood
FROM lr_fit JOIN lr_reference r USING (name) ORDER BY r.name;

-- Rows with a NULL outcome, a NULL array or a NULL element are skipped: the
-- same fit as without them.
SELECT lr_diff((f).coefficients, r.coefficients) < 1e-6 AS nulls_skipped, (f).n
FROM (SELECT logistic_fit(y, x) AS f FROM (
          SELECT y, x FROM lr_rows(2000, '{-0.5,1.0,-0.7,0.0}')
          UNION ALL VALUES (NULL, '{1,2,3}'::float8[]), (true, NULL), (false, '{1,NULL,3}'),
                           (NULL, '{NULL,NULL,NULL}')) v(y, x)) s,
     lr_reference r WHERE r.name = 'b';

-- The fit applied: logistic_apply is 1 / (1 + exp(-(b0 + b . x))), as in SQL.
SELECT abs(logistic_apply(f, ARRAY[50, 20, 70.5]) - 1 / (1 + exp(-((f).coefficients[1]
           + (f).coefficients[2] * 50 + (f).coefficients[3] * 20 + (f).coefficients[4] * 70.5)))) < 1e-15
       AS apply_matches,
       logistic_apply(f, ARRAY[50, NULL, 1]) IS NULL AS null_feature
FROM lr_fit WHERE name = 'b';
-- Suggested weights: data set b's significant features are 1 (positive) and 2
-- (negative), so all the weight goes to feature 1; data set c's positive
-- significant features (p < 0.05) are 1, 3, 6, 8 and 10, normalized by hand.
SELECT logistic_weights(f) FROM lr_fit WHERE name = 'b';
SELECT lr_diff(logistic_weights(f), ARRAY(SELECT w / (c[2] + c[4] + c[7] + c[9] + c[11])
                                          FROM unnest(ARRAY[c[2], 0, c[4], 0, 0, c[7], 0, c[9], 0, c[11]]) w))
       < 1e-12 AS weights_c
FROM lr_fit, LATERAL (SELECT (f).coefficients AS c) s WHERE name = 'c';
-- No positive significant feature: NULL. Data set a, flipped: its feature is
-- significant and negative.
SELECT logistic_weights(logistic_fit(NOT y, x)) IS NULL AS none_qualifies FROM lr_rows(60, '{0.2,1.5}');
-- An intercept-only fit (no features): the log-odds of the share of true.
SELECT abs((f).coefficients[1] - ln(32.0 / 28)) < 1e-12 AS intercept_only, logistic_weights(f) IS NULL AS no_weights
FROM (SELECT logistic_fit(y, '{}') AS f FROM lr_rows(60, '{0.2,1.5}')) s;

-- Stated outcomes. No rows, or only skipped rows: NULL.
SELECT logistic_fit(y, x) IS NULL AS no_rows FROM lr_rows(10, '{0,1}') WHERE false;
SELECT logistic_fit(NULL, x) IS NULL AS all_skipped FROM lr_rows(10, '{0,1}');
-- Complete separation (the outcome is x[1] > 50): converged = false with a
-- NOTICE; the coefficients of the last iteration, no standard errors.
SELECT (f).converged, (f).std_errors IS NULL AS no_std_errors, (f).p_values IS NULL AS no_p_values
FROM (SELECT logistic_fit(x[1] > 50, x) AS f FROM lr_rows(200, '{0,1,1}')) s;
-- Quasi-complete separation: a 0/1 feature d whose rows with d = 1 are all
-- true, those with d = 0 either.
SELECT (f).converged, (f).std_errors IS NULL AS no_std_errors
FROM (SELECT logistic_fit(x[1] > 50 OR y, ARRAY[(x[1] > 50)::int, x[2]]) AS f
      FROM lr_rows(200, '{0,1,1}')) s;
-- One class only.
SELECT (f).converged FROM (SELECT logistic_fit(true, x) AS f FROM lr_rows(50, '{0,1}')) s;
-- A fit that did not converge is refused by logistic_apply and logistic_weights (22023).
SELECT expect_error($$SELECT logistic_weights(logistic_fit(x[1] > 50, x)) FROM lr_rows(200, '{0,1,1}')$$);
SELECT expect_error($$SELECT logistic_apply(logistic_fit(true, x), '{1}') FROM lr_rows(50, '{0,1}')$$);
-- A constant feature, collinear features: 22023 naming the feature.
SELECT expect_error($$SELECT logistic_fit(y, ARRAY[x[1], 7]) FROM lr_rows(100, '{0,1}')$$);
SELECT expect_error($$SELECT logistic_fit(y, ARRAY[x[1], x[2], 2 * x[1] - x[2] + 3]) FROM lr_rows(100, '{0,1,1}')$$);
SELECT expect_error($$SELECT logistic_fit(y, ARRAY[x[1], x[1]]) FROM lr_rows(100, '{0,1}')$$);
-- Fewer rows than coefficients (22023).
SELECT expect_error($$SELECT logistic_fit(y, x) FROM lr_rows(3, '{0,1,1,1}')$$);
-- Arrays of different lengths within a group (2202E), in either order and
-- also when the shorter row is one that is skipped.
SELECT expect_error($$SELECT logistic_fit(y, CASE WHEN i = 7 THEN x[1:1] ELSE x END) FROM lr_rows(20, '{0,1,1}')$$);
SELECT expect_error($$SELECT logistic_fit(CASE WHEN i > 1 THEN y END, CASE WHEN i = 1 THEN x[1:1] ELSE x END) FROM lr_rows(20, '{0,1,1}')$$);
-- A non-finite feature (22023), a two-dimensional array (2202E).
SELECT expect_error($$SELECT logistic_fit(true, ARRAY[1, 'NaN'::float8])$$);
SELECT expect_error($$SELECT logistic_fit(true, '{{1,2},{3,4}}'::float8[])$$);
-- logistic_apply: features of another length (2202E), a non-finite one (22023).
SELECT expect_error($$SELECT logistic_apply(f, '{1,2}') FROM lr_fit WHERE name = 'b'$$);
SELECT expect_error($$SELECT logistic_apply(f, '{1,2,Infinity}') FROM lr_fit WHERE name = 'b'$$);
-- A hand-made fit without p-values (22023).
SELECT expect_error($$SELECT logistic_weights(ROW('{1,2}', NULL, NULL, NULL, 10, -1, 5, true)::logistic_fit)$$);

-- Groups, and the state's text form read back (a distributed engine ships it).
SELECT g, (logistic_fit(y, x)).converged, count(*)
FROM (SELECT i % 2 AS g, y, x FROM lr_rows(400, '{0,1,-1}')) s GROUP BY g ORDER BY g;
SELECT logistic_accum(logistic_accum(NULL, true, '{1,2.5}'), false, '{-3,0.1}')::text AS state_text;
SELECT 'v1:features=2,rows=2,data=1:1:2.5;0:-3:0.1'::logistic_fit_state::text AS reads_back;
SELECT 'v1:features=-1,rows=0,data='::logistic_fit_state::text AS empty;
SELECT expect_error($$SELECT 'v1:features=2,rows=2,data=1:1:2.5'::logistic_fit_state$$);
SELECT expect_error($$SELECT 'v1:features=1,rows=1,data=2:1'::logistic_fit_state$$);
SELECT expect_error($$SELECT 'v1:features=1,rows=1,data=1:NaN'::logistic_fit_state$$);
SELECT expect_error($$SELECT 'v1:features=-1,rows=1,data=1'::logistic_fit_state$$);
-- Combine: two partial states of one group, and of different lengths (2202E).
SELECT logistic_combine(logistic_accum(NULL, true, '{1}'), logistic_accum(NULL, false, '{2}'))::text AS combined;
SELECT expect_error($$SELECT logistic_combine(logistic_accum(NULL, true, '{1}'), logistic_accum(NULL, false, '{2,3}'))$$);
-- A direct call never changes its argument.
SELECT s::text AS before, logistic_accum(s, false, '{9}')::text AS after, s::text AS unchanged
FROM (SELECT logistic_accum(NULL, true, '{1}') AS s) t;

-- brier_score: the mean of (p - outcome)^2, checked against avg() in numeric
-- (the float8 squares of 0.1 and 0.3 round: 0.18999999999999997).
SELECT brier_score(p, o) AS brier, avg((p::numeric - o::int) ^ 2) AS reference
FROM (VALUES (0.1, false), (0.9, true), (0.3, true), (0.5, false)) v(p, o);
-- By hand: (0.25^2 + 0.75^2 + 0.5^2 + 0) / 4 = 0.21875, exact in binary.
SELECT brier_score(p, o) AS by_hand FROM (VALUES (0.25, false), (0.25, true), (0.5, true), (1, true)) v(p, o);
SELECT abs(brier_score(p, y) - (SELECT avg((p::numeric - y::int) ^ 2) FROM (SELECT x[1] / 100 AS p, y FROM lr_rows(2000, '{0,1}')) s)) < 1e-15 AS matches_avg
FROM (SELECT x[1] / 100 AS p, y FROM lr_rows(2000, '{0,1}')) s;
-- NULLs skipped, no rows NULL; p outside [0, 1] or not finite: 22023 naming the value.
SELECT brier_score(p, o) AS nulls_skipped FROM (VALUES (0.5, NULL), (NULL, true), (0.25, false)) v(p, o);
SELECT brier_score(p, o) IS NULL AS no_rows FROM (VALUES (0.5, true)) v(p, o) WHERE false;
SELECT expect_error($$SELECT brier_score(1.5, true)$$);
SELECT expect_error($$SELECT brier_score(p, false) FROM (VALUES (0.5), (-0.01)) v(p)$$);
SELECT expect_error($$SELECT brier_score('NaN', false)$$);
-- Its state, text form and combine.
SELECT brier_accum(brier_accum('v1:n=0,squared_errors=0', 0.5, true), 0.25, false)::text AS state;
SELECT brier_combine('v1:n=1,squared_errors=4611686018427387904', 'v1:n=1,squared_errors=0')::text AS combined;
SELECT expect_error($$SELECT 'v1:n=1,squared_errors=18446744073709551617'::brier_state$$);

-- calibration_bins: by hand, 10 bins. 0 and 0.05 in bin 1, 0.3 in bin 4
-- (0.3 = 3::float8 / 10, the float8 bound), 0.95 and 1 in bin 10.
SELECT jsonb_pretty(calibration_bins(p, o, 10))
FROM (VALUES (0.0, false), (0.05, true), (0.3, true), (0.95, false), (1.0, true), (NULL, true), (0.5, NULL)) v(p, o);
-- Against GROUP BY in plain SQL (bin k: (k - 1)::float8 / bins <= p < k::float8 / bins).
WITH rows AS (SELECT lr_u(i, 5) AS p, y FROM lr_rows(5000, '{0,1}')),
ref AS (SELECT k, count(*) AS n, avg(p) AS mean_predicted, avg(y::int) AS observed_rate
        FROM rows, LATERAL (SELECT least(7, floor(p * 7)::int + 1) AS k) b GROUP BY k),
got AS (SELECT (e->>'bin')::int AS k, (e->>'n')::bigint AS n, (e->>'mean_predicted')::float8 AS mean_predicted,
               (e->>'observed_rate')::float8 AS observed_rate
        FROM (SELECT calibration_bins(p, y, 7) AS j FROM rows) s, jsonb_array_elements(j) e)
SELECT count(*) AS bins, bool_and(g.n = r.n) AS counts,
       bool_and(abs(g.mean_predicted - r.mean_predicted) < 1e-15) AS means,
       bool_and(abs(g.observed_rate - r.observed_rate) < 1e-15) AS rates
FROM got g JOIN ref r USING (k);
-- One bin; no rows NULL.
SELECT calibration_bins(p, true, 1) FROM (VALUES (0.0), (1.0)) v(p);
SELECT calibration_bins(p, true, 4) IS NULL AS no_rows FROM (VALUES (0.5)) v(p) WHERE false;
-- Bad bins and p (22023), on every row, NULL p included; bins changing within a group.
SELECT expect_error($$SELECT calibration_bins(0.5, true, 0)$$);
SELECT expect_error($$SELECT calibration_bins(0.5, true, 1001)$$);
SELECT expect_error($$SELECT calibration_bins(NULL, true, NULL)$$);
SELECT expect_error($$SELECT calibration_bins(p, true, b) FROM (VALUES (0.5, 10), (NULL, 5)) v(p, b)$$);
SELECT expect_error($$SELECT calibration_bins(1.01, true, 10)$$);
SELECT expect_error($$SELECT calibration_bins('-Infinity', true, 10)$$);
-- Its state: text form, combine, mismatched bins (22023), malformed text (22P02).
SELECT calibration_bins_accum(calibration_bins_accum('v1:bins=0,cells=', 0.5, true, 4), 0.9, false, 4)::text AS state;
SELECT calibration_bins_combine('v1:bins=4,cells=1:2:1:1', 'v1:bins=0,cells=')::text AS combined_empty,
       calibration_bins_final(calibration_bins_combine('v1:bins=2,cells=1:2:1:0', 'v1:bins=2,cells=1:1:1:0;2:1:0:18446744073709551616')) AS combined;
SELECT expect_error($$SELECT calibration_bins_combine('v1:bins=4,cells=1:2:1:1', 'v1:bins=2,cells=1:2:1:1')$$);
SELECT expect_error($$SELECT 'v1:bins=4,cells=5:2:1:1'::calibration_bins_state$$);
SELECT expect_error($$SELECT 'v1:bins=4,cells=1:2:3:1'::calibration_bins_state$$);
SELECT expect_error($$SELECT 'v1:bins=4,cells=2:2:1:1;1:1:1:1'::calibration_bins_state$$);
SELECT expect_error($$SELECT 'v1:bins=2,cells=1:1:1:36893488147419103232'::calibration_bins_state$$);
