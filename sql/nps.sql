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

-- nps_clustered: one nps_summary per cluster (customer). Five customers,
-- worked by hand: n = 3, 2, 4, 1, 5 answers, y = promoters - detractors =
-- 1, 0, -2, 1, 3; N = 15, Y = 3, R = 0.2, NPS = 20; residuals y - R n =
-- 0.4, -0.4, -2.8, 0.8, 2 with squares summing to 12.8; m/(m-1) * 12.8 = 16,
-- std_error = 100 * sqrt(16) / 15 = 26.6667; t(4) at 0.975 = 2.776445105
-- (R: qt(0.975, 4)), interval 20 -/+ 74.0385.
CREATE TABLE clustered_answers (customer int, score int);
INSERT INTO clustered_answers VALUES
    (1, 9), (1, 10), (1, 3), (2, 7), (2, 8), (3, 0), (3, 1), (3, 2), (3, 9),
    (4, 10), (5, 9), (5, 9), (5, 6), (5, 10), (5, 10);
CREATE TABLE clustered_summaries AS
    SELECT customer, nps_summary(score) AS s FROM clustered_answers GROUP BY customer;
SELECT (c).responses, (c).promoters, (c).passives, (c).detractors, (c).nps,
       round((c).std_error::numeric, 4) AS std_error,
       round((c).ci_low::numeric, 4) AS ci_low, round((c).ci_high::numeric, 4) AS ci_high
FROM (SELECT nps_clustered(s) AS c FROM clustered_summaries) x;
-- The same from the per-customer counts with plain SQL.
WITH c AS (SELECT (s).responses AS n, (s).promoters - (s).detractors AS y FROM clustered_summaries),
     t AS (SELECT count(*) AS m, sum(n) AS big_n, sum(y)::numeric / sum(n) AS r FROM c)
SELECT round((100 * sqrt(t.m::numeric / (t.m - 1) * sum((c.y - t.r * c.n) ^ 2)) / t.big_n), 4)
       AS reference_std_error
FROM c, t GROUP BY t.m, t.big_n;
-- Counts and NPS are rollup's; the interval is at the given confidence.
SELECT (nps_clustered(s)).nps = (rollup(s)).nps AS same_nps,
       (nps_clustered(s)).responses = (rollup(s)).responses AS same_responses
FROM clustered_summaries;
SELECT round(((c).ci_high - (c).nps)::numeric / (c).std_error::numeric, 6) AS t_quantile_at_90
FROM (SELECT nps_clustered(s, 0.9) AS c FROM clustered_summaries) x;  -- R: qt(0.95, 4) = 2.131847
-- Fewer than 2 clusters: no standard error or interval; empty summaries are no clusters.
SELECT (nps_clustered(s)).* FROM (VALUES (ROW(3, 2, 0, 1, NULL, NULL, NULL, NULL)::nps_summary),
                                        (ROW(0, 0, 0, 0, NULL, NULL, NULL, NULL)::nps_summary)) v(s);
SELECT (nps_clustered(s)).* FROM clustered_summaries WHERE false;
-- The state's text form: clusters (3, 2, 0, 1) and (2, 0, 0, 2) give N = 5,
-- Y = -1, sum n^2 = 13, sum y^2 = 5, sum y n = 3 - 4; read back: residuals
-- 1.6 and -1.6, std_error = 100 * sqrt(2 * 5.12) / 5 = 64, t(1) clamps the interval.
SELECT nps_clustered_accum(nps_clustered_accum('v1:clusters=0,promoters=0,passives=0,detractors=0,sum_n2=0,sum_y2=0,sum_yn_pos=0,sum_yn_neg=0,confidence=0', ROW(3, 2, 0, 1, NULL, NULL, NULL, NULL)::nps_summary),
                           ROW(2, 0, 0, 2, NULL, NULL, NULL, NULL)::nps_summary);
SELECT nps_clustered_final('v1:clusters=2,promoters=2,passives=0,detractors=3,sum_n2=13,sum_y2=5,sum_yn_pos=3,sum_yn_neg=4,confidence=0');
-- Bad input.
SELECT expect_error('SELECT nps_clustered(ROW(5, 1, 1, 1, NULL, NULL, NULL, NULL)::nps_summary)');
SELECT expect_error('SELECT nps_clustered(ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary, 1.5)');
SELECT expect_error('SELECT nps_clustered(s, c) FROM (VALUES (ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary, 0.9), (ROW(1, 1, 0, 0, NULL, NULL, NULL, NULL)::nps_summary, 0.8)) v(s, c)');
SELECT expect_error($$SELECT 'v2:clusters=0'::nps_cluster_state$$);
SELECT expect_error($$SELECT 'v1:clusters=3,promoters=2,passives=0,detractors=0,sum_n2=4,sum_y2=4,sum_yn_pos=4,sum_yn_neg=0,confidence=0'::nps_cluster_state$$);
SELECT expect_error($$SELECT 'v1:clusters=1,promoters=2,passives=0,detractors=0,sum_n2=5,sum_y2=4,sum_yn_pos=4,sum_yn_neg=0,confidence=0'::nps_cluster_state$$);
-- Parallel plans give the serial plan's nps_clustered, bit for bit (exact sums).
CREATE TABLE clustered_big AS
SELECT id % 997 AS customer, nps_summary(nps) AS s FROM survey GROUP BY id % 997;
ANALYZE clustered_big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE clustered_serial AS SELECT nps_clustered(s)::text AS c, nps_clustered(s, 0.8)::text AS c80 FROM clustered_big;
RESET max_parallel_workers_per_gather;
:force_parallel
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT nps_clustered(s) FROM clustered_big;
CREATE TABLE clustered_parallel AS SELECT nps_clustered(s)::text AS c, nps_clustered(s, 0.8)::text AS c80 FROM clustered_big;
:reset_parallel
RESET parallel_leader_participation;
SELECT s.c = p.c AND s.c80 = p.c80 AS identical FROM clustered_serial s, clustered_parallel p;
