\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- NPS: nps(), nps_summary(), nps_category(), nps_change() (README, Survey metrics).

-- The README's worked example: 200 responses, 110 promoters, 50 passives, 40 detractors
-- -> nps 35, std_error 100 * sqrt((0.55 + 0.20 - 0.35^2) / 200) = 5.60134,
--    95% adjusted-Wald ci 23.5866 .. 45.3789.
CREATE TABLE worked (s int);
INSERT INTO worked SELECT 9 + g % 2 FROM generate_series(1, 110) g;
INSERT INTO worked SELECT 7 + g % 2 FROM generate_series(1, 50) g;
INSERT INTO worked SELECT g % 7 FROM generate_series(1, 40) g;
SELECT nps(s) FROM worked;
SELECT responses, promoters, passives, detractors, nps,
       round(std_error::numeric, 5) AS std_error,
       round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM (SELECT (nps_summary(s)).* FROM worked) t;
-- 90%: z = 1.6448536269514722 around the adjusted centre 100 * 70 / 203 = 34.4828,
-- half-width 1.64485 * 100 * sqrt(((151.5 / 203) - (70 / 203)^2) / 203) = 9.1444:
-- 25.3384 .. 43.6271
SELECT round((s).ci_low::numeric, 4) AS ci_low, round((s).ci_high::numeric, 4) AS ci_high
FROM (SELECT nps_summary(s, 0.90) AS s FROM worked) t;

-- Against the plain-SQL formulas (FILTER counts, variance formula, the
-- adjusted-Wald interval, z = 1.959963984540054)
-- in every group of the generated survey, including the all-NULL and one-row groups.
WITH ext AS (
    SELECT grp, nps(nps) AS nps, nps_summary(nps) AS s FROM survey GROUP BY grp
), counts AS (
    SELECT grp, count(nps) AS n,
           count(*) FILTER (WHERE nps >= 9) AS p,
           count(*) FILTER (WHERE nps BETWEEN 7 AND 8) AS pa,
           count(*) FILTER (WHERE nps <= 6) AS d
    FROM survey GROUP BY grp
), ref AS (
    SELECT grp, n, p, pa, d,
           (100.0 * (p - d) / nullif(n, 0))::float8 AS nps,
           CASE WHEN n > 0
                THEN 100 * sqrt((p::float8 / n + d::float8 / n - ((p - d)::float8 / n) ^ 2) / n)
           END AS se,
           -- adjusted Wald: n + 3 responses, 3/4 more promoters and detractors
           CASE WHEN n > 0 THEN 100 * ((p + 0.75) / (n + 3) - (d + 0.75) / (n + 3))::float8 END AS adj,
           CASE WHEN n > 0
                THEN 100 * sqrt((((p + 0.75) + (d + 0.75)) / (n + 3)
                                 - ((p - d) / (n + 3.0)) ^ 2)::float8 / (n + 3))
           END AS adj_se
    FROM counts
)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (e.s).responses = r.n AND (e.s).promoters = r.p
                          AND (e.s).passives = r.pa AND (e.s).detractors = r.d) AS counts_equal,
       count(*) FILTER (WHERE coalesce(abs(e.nps - r.nps) < 1e-9 AND abs((e.s).nps - r.nps) < 1e-9,
                                       e.nps IS NULL AND (e.s).nps IS NULL AND r.n = 0)) AS nps_equal,
       count(*) FILTER (WHERE coalesce(abs((e.s).std_error - r.se) <= 1e-9 * r.se,
                                       (e.s).std_error IS NULL AND r.n = 0)) AS se_equal,
       count(*) FILTER (WHERE coalesce(
           abs((e.s).ci_low - greatest(-100, r.adj - 1.959963984540054 * r.adj_se)) < 1e-9
           AND abs((e.s).ci_high - least(100, r.adj + 1.959963984540054 * r.adj_se)) < 1e-9,
           (e.s).ci_low IS NULL AND (e.s).ci_high IS NULL AND r.n = 0)) AS ci_equal
FROM ext e JOIN ref r USING (grp);

-- NULLs are skipped; no responses -> NULL figures with zero counts.
SELECT grp, nps(nps), (nps_summary(nps)).* FROM survey WHERE grp IN (199, 200) GROUP BY grp ORDER BY grp;
SELECT nps(s) FROM worked WHERE false;
SELECT (nps_summary(s)).* FROM worked WHERE false;
SELECT nps(s) FROM (VALUES (NULL::int), (NULL)) v(s);
-- Every response a promoter: nps 100, std_error 0, interval clamped to 100.
SELECT (nps_summary(10)).*;
-- Every response a detractor: -100.
SELECT (nps_summary(s)).* FROM (VALUES (0), (6), (3)) v(s);

-- Category boundaries.
SELECT s, nps_category(s) FROM generate_series(0, 10) s;
SELECT nps_category(NULL);

-- nps_change: after = 100 responses, 60 promoters, 30 passives, 10 detractors
-- (nps 50, se = 100 * sqrt((0.7 - 0.25) / 100) = 6.70820); before = worked example.
-- delta 15, se = sqrt(5.60134^2 + 6.70820^2) = 8.73928; pooled p = 170 / 300,
-- d = 50 / 300, se0 = 100 * sqrt((p + d - (p - d)^2) (1/200 + 1/100)) = 9.27363,
-- z = 1.61749, p = erfc(1.61749 / sqrt(2)) = 0.10577.
SELECT round(delta::numeric, 6) AS delta, round(std_error::numeric, 5) AS std_error,
       round(z::numeric, 5) AS z, round(p_value::numeric, 5) AS p_value
FROM nps_change((SELECT nps_summary(s) FROM worked),
                ROW(100, 60, 30, 10, NULL, NULL, NULL, NULL)::nps_summary);
SELECT round((15 / (100 * sqrt((170 / 300.0 + 50 / 300.0 - (120 / 300.0) ^ 2) * (1 / 200.0 + 1 / 100.0))))::numeric, 5)
       AS reference_z;
-- No responses on one side -> all NULL; no variability -> z and p NULL.
SELECT * FROM nps_change((SELECT nps_summary(s) FROM worked WHERE false),
                         (SELECT nps_summary(s) FROM worked));
SELECT * FROM nps_change(ROW(5, 5, 0, 0, NULL, NULL, NULL, NULL)::nps_summary,
                         ROW(3, 3, 0, 0, NULL, NULL, NULL, NULL)::nps_summary);
SELECT nps_change(NULL, (SELECT nps_summary(s) FROM worked)) IS NULL AS null_in_null_out;

-- Bad input: SQLSTATE, message and detail.
SELECT expect_error('SELECT nps(s) FROM (VALUES (3), (11)) v(s)');
SELECT expect_error('SELECT nps(-1)');
SELECT expect_error('SELECT nps_summary(s) FROM (VALUES (12)) v(s)');
SELECT expect_error('SELECT nps_summary(5, 1.5)');
SELECT expect_error('SELECT nps_summary(5, 0)');
SELECT expect_error('SELECT nps_summary(5, 1)');
SELECT expect_error('SELECT nps_summary(5, ''NaN'')');
SELECT expect_error('SELECT nps_summary(5, NULL)');
SELECT expect_error('SELECT nps_summary(s, c) FROM (VALUES (5, 0.9), (6, 0.8)) v(s, c)');
SELECT expect_error('SELECT nps_category(11)');
SELECT expect_error('SELECT nps_category(-1)');
SELECT expect_error('SELECT nps_change(ROW(5, 1, 1, 1, 0, 0, 0, 0)::nps_summary, ROW(3, 3, 0, 0, 0, 0, 0, 0)::nps_summary)');
SELECT expect_error('SELECT nps_change(ROW(1, -1, 1, 1, 0, 0, 0, 0)::nps_summary, ROW(3, 3, 0, 0, 0, 0, 0, 0)::nps_summary)');
SELECT expect_error('SELECT nps_change(ROW(NULL, 1, 1, 1, 0, 0, 0, 0)::nps_summary, ROW(3, 3, 0, 0, 0, 0, 0, 0)::nps_summary)');
-- The error leaves the session usable.
SELECT nps(s) FROM worked;
