\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- CSAT: csat() and csat_summary() with the Wilson score interval (README, Survey metrics).

-- Hand-computed: 100 responses, 80 satisfied, 95% (z = 1.959963984540054):
-- center = (0.8 + z^2/200) / (1 + z^2/100) = 0.788902, half = z * sqrt(0.0016 + z^2/40000)
-- / (1 + z^2/100) = 0.077731 -> 71.1171 .. 86.6633 percent.
-- At 99% (z = 2.5758293035489004): center 0.781334, half 0.101507 -> 67.9826 .. 88.2841.
-- One satisfied response at 95%: (1 + z^2/2 - z^2/2) / (1 + z^2) = 20.6549 .. 100.
CREATE TABLE csat_worked (s int);
INSERT INTO csat_worked SELECT 4 + g % 2 FROM generate_series(1, 80) g;
INSERT INTO csat_worked SELECT 1 + g % 3 FROM generate_series(1, 20) g;
SELECT csat(s) FROM csat_worked;
SELECT responses, satisfied, pct, round(ci_low::numeric, 4) AS ci_low,
       round(ci_high::numeric, 4) AS ci_high
FROM (SELECT (csat_summary(s)).* FROM csat_worked) t;

-- Against the plain-SQL formulas in every group: top-2-box with FILTER, Wilson interval.
WITH ext AS (
    SELECT grp, csat(csat) AS pct, csat_summary(csat) AS s FROM survey GROUP BY grp
), ref AS (
    SELECT grp, n, k, 100.0 * k / nullif(n, 0) AS pct,
           (k::float8 / nullif(n, 0) + 1.959963984540054 ^ 2 / (2 * nullif(n, 0))) / (1 + 1.959963984540054 ^ 2 / nullif(n, 0)) AS center,
           1.959963984540054 * sqrt((k::float8 / nullif(n, 0)) * (1 - k::float8 / nullif(n, 0)) / n
                                    + 1.959963984540054 ^ 2 / (4.0 * nullif(n, 0) ^ 2))
               / (1 + 1.959963984540054 ^ 2 / nullif(n, 0)) AS half
    FROM (SELECT grp, count(csat) AS n, count(*) FILTER (WHERE csat >= 4) AS k
          FROM survey GROUP BY grp) c
)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (e.s).responses = r.n AND (e.s).satisfied = r.k) AS counts_equal,
       count(*) FILTER (WHERE coalesce(abs(e.pct - r.pct) < 1e-9 AND abs((e.s).pct - r.pct) < 1e-9,
                                       e.pct IS NULL AND (e.s).pct IS NULL AND r.n = 0)) AS pct_equal,
       count(*) FILTER (WHERE coalesce(abs((e.s).ci_low - 100 * (r.center - r.half)) < 1e-9
                                       AND abs((e.s).ci_high - 100 * (r.center + r.half)) < 1e-9,
                                       (e.s).ci_low IS NULL AND r.n = 0)) AS ci_equal
FROM ext e JOIN ref r USING (grp);

-- Other scales: 0-10 satisfaction counted from 9; the 3-argument form on 1-5 equals csat().
SELECT csat(s, 9, 10), (csat_summary(s, 9, 10)).responses
FROM (VALUES (10), (9), (8), (1), (NULL)) v(s);
SELECT count(*) FILTER (WHERE a IS NOT DISTINCT FROM b) AS equal, count(*) AS groups
FROM (SELECT csat(csat) AS a, csat(csat, 4, 5) AS b FROM survey GROUP BY grp) t;
SELECT round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM (SELECT (csat_summary(s, 4, 5, 0.99)).* FROM csat_worked) t;

-- NULLs skipped, no responses -> NULL figures, zero counts; all satisfied -> interval below 100.
SELECT csat(s), (csat_summary(s)).* FROM csat_worked WHERE false;
SELECT (csat_summary(s)).* FROM (VALUES (NULL::int)) v(s);
SELECT responses, satisfied, pct, round(ci_low::numeric, 4) AS ci_low, ci_high
FROM (SELECT (csat_summary(5)).*) t;

-- Bad input.
SELECT expect_error('SELECT csat(6)');
SELECT expect_error('SELECT csat(0)');
SELECT expect_error('SELECT csat_summary(s) FROM (VALUES (5), (7)) v(s)');
SELECT expect_error('SELECT csat(11, 9, 10)');
SELECT expect_error('SELECT csat(3, 6, 5)');
SELECT expect_error('SELECT csat(3, 0, 5)');
SELECT expect_error('SELECT csat(1, 1, 1)');
SELECT expect_error('SELECT csat(3, NULL, 5)');
SELECT expect_error('SELECT csat(3, 4, NULL)');
SELECT expect_error('SELECT csat(s, f, 5) FROM (VALUES (3, 4), (4, 3)) v(s, f)');
SELECT expect_error('SELECT csat_summary(3, 4, 5, 2)');
SELECT expect_error('SELECT csat_summary(3, 4, 5, NULL)');
SELECT expect_error('SELECT csat_summary(s, 4, 5, c) FROM (VALUES (3, 0.9), (4, 0.95)) v(s, c)');
