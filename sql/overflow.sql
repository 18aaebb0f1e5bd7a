\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Arithmetic never silently goes wrong (README, Reference): counts that would
-- pass 2^63 - 1 are 22003, ranges that overflow a double still scale right,
-- results beyond float8 are 22003, and extreme confidence levels work.

-- Counts: one more response than a bigint holds, by a row, a merge, a rollup.
SELECT expect_error($$SELECT nps_accum('v1:promoters=9223372036854775807,passives=0,detractors=0,confidence=0', 9)$$);
SELECT expect_error($$SELECT nps_accum('v1:promoters=9223372036854775806,passives=1,detractors=0,confidence=0', 0)$$);
SELECT expect_error($$SELECT csat_accum('v1:responses=9223372036854775807,satisfied=0,confidence=0,satisfied_from=0,scale_max=0', 3)$$);
SELECT expect_error($$SELECT ces_accum('v1:n=9223372036854775807,sum=9223372036854775807,sumsq=9223372036854775807,confidence=0,scale_max=0', 1)$$);
SELECT expect_error($$SELECT nps_combine('v1:promoters=9223372036854775807,passives=0,detractors=0,confidence=0',
                                         'v1:promoters=0,passives=0,detractors=1,confidence=0')$$);
SELECT expect_error($$SELECT proportion_combine('v1:responses=9223372036854775807,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
                                                'v1:responses=1,satisfied=1,confidence=0,satisfied_from=0,scale_max=0')$$);
SELECT expect_error($$SELECT ces_combine('v1:n=4611686018427387904,sum=4611686018427387904,sumsq=4611686018427387904,confidence=0,scale_max=0',
                                         'v1:n=4611686018427387904,sum=4611686018427387904,sumsq=4611686018427387904,confidence=0,scale_max=0')$$);
SELECT expect_error($$SELECT mean_combine('v1:n=9223372036854775807,mean=1,m2=0,confidence=0', 'v1:n=1,mean=1,m2=0,confidence=0')$$);
SELECT expect_error($$SELECT minmax_fit_combine('v1:n=9223372036854775807,min=1,max=1', 'v1:n=1,min=1,max=1')$$);
SELECT expect_error($$SELECT zscore_fit_combine('v1:n=9223372036854775807,mean=1,m2=0', 'v1:n=1,mean=1,m2=0')$$);
SELECT expect_error($$SELECT zscore_fit_accum('v1:n=9223372036854775807,mean=1,m2=0', 1)$$);
SELECT expect_error($$SELECT rollup(s) FROM (VALUES (ROW(9223372036854775807, 9223372036854775807, 0, 0, NULL, NULL, NULL, NULL)::nps_summary),
                                                 (ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary)) v(s)$$);
SELECT expect_error($$SELECT rollup(s) FROM (VALUES (ROW(9223372036854775807, 0, NULL, NULL, NULL)::proportion_summary),
                                                 (ROW(1, 0, NULL, NULL, NULL)::proportion_summary)) v(s)$$);
-- Up to the limit, counts are exact.
SELECT nps_combine('v1:promoters=9223372036854775806,passives=0,detractors=0,confidence=0',
                   'v1:promoters=0,passives=0,detractors=1,confidence=0');
SELECT (rollup(s)).responses FROM (VALUES (ROW(9223372036854775806, 0, NULL, NULL, NULL)::proportion_summary),
                                          (ROW(1, 1, NULL, NULL, NULL)::proportion_summary)) v(s);

-- Ranges wider than a double: max - min overflows, the scores do not.
SELECT x, minmax_score(x) OVER (), minmax_score(x, false) OVER (), minmax_score(x, true, 0.25) OVER ()
FROM (VALUES (-1e307::float8), (0), (1e307)) v(x);
SELECT x, minmax_apply(f, x), minmax_apply(f, x, false)
FROM (VALUES (-1.7e308::float8), (0), (1.7e308)) v(x),
     (SELECT minmax_fit(y) AS f FROM (VALUES (-1.7e308::float8), (1.7e308)) w(y)) fit;
SELECT scale_linear(0, -1e308, 1e308) AS mid, scale_linear(1e308, -1e308, 1e308) AS best,
       scale_linear(-1.7e308, 1.7e308, -1.7e308) AS mirrored_best,
       scale_linear(1.7e308, 0, 1e-300) AS clamped, scale_linear(5e-324, 0, 1e-323) AS subnormal;
SELECT scale_sigmoid(1.7e308, -1.7e308, 1) AS far_above, scale_sigmoid(-1.7e308, 1.7e308, 1) AS far_below,
       scale_log(1.7e308, 0, 1e308) AS log_clamped;
-- Subnormal ranges score 0 and 100, not NaN.
SELECT x, minmax_score(x) OVER () FROM (VALUES (0::float8), (5e-324), (1e-323)) v(x);

-- An apply function whose result would be infinite is 22003.
SELECT expect_error($$SELECT zscore_apply('v1:n=2,mean=0,m2=1e-300', 1e308)$$);
SELECT expect_error($$SELECT zscore_apply('v1:n=2,mean=-1e308,m2=2e-10', 1e308)$$);
-- x - mean overflows, the z-score does not: it is computed.
SELECT zscore_apply('v1:n=2,mean=-1e308,m2=2', 1e308) AS z_fits;
SELECT normal_apply('v1:n=2,mean=0,m2=1e-300', 1e308) AS saturates_at_100,
       normal_apply('v1:n=2,mean=0,m2=1e-300', -1e308) AS saturates_at_0;

-- Confidence levels up to the last double below 1 have finite intervals; 1
-- and beyond are 22023 naming confidence; Boost never speaks.
SELECT (nps_summary(s, 0.9999999999999999)).ci_low, (csat_summary(s % 5 + 1, 4, 5, 0.9999999999999999)).ci_high,
       round((ces_summary(s % 7 + 1, 7, 0.9999999999999999)).ci_high::numeric, 6) AS ces_ci_high
FROM generate_series(0, 10) s;
SELECT (ces_summary(s, 7, 0.9999999999999999)).ci_low FROM (VALUES (1), (2)) v(s);
SELECT (ces_summary(s, 7, 5e-324)).ci_low FROM (VALUES (1), (2)) v(s);
SELECT expect_error($$SELECT nps_summary(s, 1) FROM (VALUES (9)) v(s)$$);
SELECT expect_error($$SELECT ces_summary(s, 7, 'Infinity') FROM (VALUES (1)) v(s)$$);
SELECT expect_error($$SELECT csat_summary(s, 4, 5, -0.5) FROM (VALUES (1)) v(s)$$);
SELECT expect_error($$SELECT rollup(s, 1.0000000000000002) FROM (VALUES (NULL::mean_summary)) v(s)$$);

-- int extremes of scores and scales.
SELECT expect_error($$SELECT nps(s) FROM (VALUES (2147483647)) v(s)$$);
SELECT expect_error($$SELECT ces(s, 2147483647) FROM (VALUES (-2147483648)) v(s)$$);
SELECT ces(s, 2147483647), (ces_summary(s, 2147483647)).stddev
FROM (VALUES (2147483647), (2147483647), (1)) v(s);
SELECT csat(s, 2147483647, 2147483647) FROM (VALUES (2147483647), (1)) v(s);
