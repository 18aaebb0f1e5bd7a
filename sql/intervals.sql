\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- The NPS intervals keep their promise at the sample sizes of B2B accounts
-- (README, Survey metrics): the adjusted-Wald interval of nps_summary and the pooled
-- test of nps_change, against worked examples and a seeded simulation.

-- The README's worked example: 200 responses, 110 promoters, 50 passives, 40
-- detractors: 95% adjusted-Wald interval 23.5866 .. 45.3789 (n + 3, 3/4 more
-- promoters and detractors); nps and std_error stay the plain estimates.
SELECT responses, nps, round(std_error::numeric, 5) AS std_error,
       round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM rollup(ROW(200, 110, 50, 40, NULL, NULL, NULL, NULL)::nps_summary);
-- The same counts from raw scores, and at 90%: 100 * (p~ - d~) -/+ 1.6449 * 100 * sqrt(v~ / 203).
SELECT round((s).ci_low::numeric, 4) AS ci_low, round((s).ci_high::numeric, 4) AS ci_high
FROM (SELECT nps_summary(score, 0.9) AS s
      FROM (SELECT CASE WHEN g <= 110 THEN 9 WHEN g <= 160 THEN 7 ELSE 3 END AS score
            FROM generate_series(1, 200) g) t) r;
SELECT round((100 * (110.75 / 203 - 40.75 / 203) - 1.6448536269514722 * 100 * sqrt(
           (110.75 / 203 + 40.75 / 203 - (110.75 / 203 - 40.75 / 203) ^ 2) / 203))::numeric, 4)
       AS reference_ci_low_90;
-- Small samples: the interval need not be centred on nps, and stays in -100..100.
SELECT responses, nps, round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM (VALUES (ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary),
             (ROW(5, 5, 0, 0, NULL, NULL, NULL, NULL)::nps_summary),
             (ROW(5, 0, 0, 5, NULL, NULL, NULL, NULL)::nps_summary),
             (ROW(0, 0, 0, 0, NULL, NULL, NULL, NULL)::nps_summary)) v(s),
     LATERAL rollup(s) r;

-- nps_change, a worked example: before 200/110/40, after 150/60/40
-- (responses/promoters/detractors) -> delta -21.6667, std_error 8.63911,
-- z -2.49159, p 0.012717, 95% ci -38.1739 .. -4.64785.
SELECT round(delta::numeric, 4) AS delta, round(std_error::numeric, 5) AS std_error,
       round(z::numeric, 5) AS z, round(p_value::numeric, 6) AS p_value,
       round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 5) AS ci_high
FROM nps_change(ROW(200, 110, 50, 40, NULL, NULL, NULL, NULL)::nps_summary,
                ROW(150, 60, 50, 40, NULL, NULL, NULL, NULL)::nps_summary);
-- At 99% the interval widens; the test does not depend on the level.
SELECT round(p_value::numeric, 6) AS p_value, round(ci_low::numeric, 4) AS ci_low,
       round(ci_high::numeric, 4) AS ci_high
FROM nps_change(ROW(200, 110, 50, 40, NULL, NULL, NULL, NULL)::nps_summary,
                ROW(150, 60, 50, 40, NULL, NULL, NULL, NULL)::nps_summary, 0.99);
-- Degenerate pairs: every response of both samples a promoter: no variance
-- to test against, so z and p_value are NULL; the interval still says how
-- far the samples could be apart. An empty side: every field NULL.
SELECT delta, std_error, z, p_value, round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM nps_change(ROW(20, 20, 0, 0, NULL, NULL, NULL, NULL)::nps_summary,
                ROW(10, 10, 0, 0, NULL, NULL, NULL, NULL)::nps_summary);
SELECT * FROM nps_change(ROW(0, 0, 0, 0, NULL, NULL, NULL, NULL)::nps_summary,
                         ROW(10, 10, 0, 0, NULL, NULL, NULL, NULL)::nps_summary);
SELECT nps_change(NULL, ROW(10, 10, 0, 0, NULL, NULL, NULL, NULL)::nps_summary) IS NULL AS null_summary_gives_null;
SELECT expect_error($$SELECT nps_change(ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary,
                                        ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary, NULL)$$);
SELECT expect_error($$SELECT nps_change(ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary,
                                        ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary, 1)$$);

-- Seeded simulation: 4,000 samples of n responses for each true distribution
-- (promoters / detractors: 50% / 20%, NPS 30; 80% / 5%, NPS 75; 90% / 2%, NPS 88).
-- The 95% adjusted-Wald interval must cover the true NPS in 92.5-97.5% of the
-- samples; the plain Wald interval nps -/+ 1.96 std_error, computed from the
-- same summaries, does not (so this test can fail).
SELECT setseed(0.2016);
CREATE TABLE interval_samples AS
SELECT t.true_nps, t.p, t.d, s.n, k.sample, random() AS u
FROM (VALUES (30, 0.5, 0.2), (75, 0.8, 0.05), (88, 0.9, 0.02)) t(true_nps, p, d)
CROSS JOIN (VALUES (10), (20), (30)) s(n)
CROSS JOIN generate_series(1, 4000) k(sample)
CROSS JOIN LATERAL generate_series(1, s.n) r;
CREATE TABLE interval_summaries AS
SELECT true_nps, n, sample,
       nps_summary(CASE WHEN u < p THEN 10 WHEN u < p + d THEN 0 ELSE 8 END) AS s
FROM interval_samples GROUP BY true_nps, n, sample;
SELECT true_nps, n, adjusted_wald, adjusted_wald BETWEEN 92.5 AND 97.5 AS adjusted_ok,
       plain_wald, plain_wald BETWEEN 92.5 AND 97.5 AS plain_ok
FROM (SELECT true_nps, n,
             round(100.0 * avg(((s).ci_low <= true_nps AND true_nps <= (s).ci_high)::int), 1)
                 AS adjusted_wald,
             round(100.0 * avg(((s).nps - 1.959963984540054 * (s).std_error <= true_nps
                                AND true_nps <= (s).nps + 1.959963984540054 * (s).std_error)::int), 1)
                 AS plain_wald
      FROM interval_summaries GROUP BY true_nps, n) c
ORDER BY true_nps, n;

-- False alarms: 4,000 pairs of independent samples from one distribution, at
-- alpha = 5%. The pooled test must call 3-6.5% of them significant; the
-- unpooled z = delta / std_error, from the same results, calls more.
SELECT setseed(0.79);
CREATE TABLE change_samples AS
SELECT t.true_nps, t.p, t.d, s.n, k.pair, k.side, random() AS u
FROM (VALUES (30, 0.5, 0.2), (75, 0.8, 0.05)) t(true_nps, p, d)
CROSS JOIN (VALUES (10), (20), (100)) s(n)
CROSS JOIN (SELECT pair, side FROM generate_series(1, 4000) pair, (VALUES (1), (2)) v(side)) k
CROSS JOIN LATERAL generate_series(1, s.n) r;
CREATE TABLE change_results AS
SELECT true_nps, n, pair,
       nps_change((min(s) FILTER (WHERE side = 1))::nps_summary, (min(s) FILTER (WHERE side = 2))::nps_summary) AS c
FROM (SELECT true_nps, n, pair, side,
             nps_summary(CASE WHEN u < p THEN 10 WHEN u < p + d THEN 0 ELSE 8 END)::text AS s
      FROM change_samples GROUP BY true_nps, n, pair, side) t
GROUP BY true_nps, n, pair;
SELECT true_nps, n, pooled, pooled BETWEEN 3 AND 6.5 AS pooled_ok, unpooled
FROM (SELECT true_nps, n,
             round(100.0 * avg(coalesce((c).p_value < 0.05, false)::int), 1) AS pooled,
             round(100.0 * avg(coalesce(abs((c).delta / nullif((c).std_error, 0)) > 1.959963984540054,
                                        false)::int), 1) AS unpooled
      FROM change_results GROUP BY true_nps, n) r
ORDER BY true_nps, n;
