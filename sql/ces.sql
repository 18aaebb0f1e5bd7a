\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- CES: ces() and ces_summary() with the Student t interval (README, Survey metrics).

-- Hand-computed: scores 1..5 -> mean 3, stddev sqrt(2.5) = 1.58114;
-- t(0.975, 4) = 2.7764451051977987, half = 2.77645 * 1.58114 / sqrt(5) = 1.96324
-- -> 95% ci 1.03676 .. 4.96324.
SELECT ces(s), round(((ces_summary(s)).stddev)::numeric, 5) AS stddev
FROM generate_series(1, 5) s;
SELECT responses, mean, round(ci_low::numeric, 5) AS ci_low, round(ci_high::numeric, 5) AS ci_high
FROM (SELECT (ces_summary(s)).* FROM generate_series(1, 5) s) t;
-- t(0.95, 4) = 2.1318467863266499 (90%): half = 2.13185 * 1.58114 / sqrt(5) = 1.50744
-- -> 1.49256 .. 4.50744.
SELECT round(ci_low::numeric, 5) AS ci_low, round(ci_high::numeric, 5) AS ci_high
FROM (SELECT (ces_summary(s, 7, 0.90)).* FROM generate_series(1, 5) s) t;

-- Against avg() and stddev_samp() in every group; the interval is mean -/+ q * s / sqrt(n)
-- with q between the normal 1.96 and t(0.975, 10) = 2.228 (every group but the
-- one-row group has more than 10 responses), symmetric around the mean.
WITH ext AS (
    SELECT grp, ces(ces) AS mean, ces_summary(ces) AS s FROM survey GROUP BY grp
), ref AS (
    SELECT grp, count(ces) AS n, avg(ces)::float8 AS mean, stddev_samp(ces)::float8 AS sd
    FROM survey GROUP BY grp
)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (e.s).responses = r.n) AS n_equal,
       count(*) FILTER (WHERE coalesce(abs(e.mean - r.mean) <= 1e-12 * r.mean
                                       AND abs((e.s).mean - r.mean) <= 1e-12 * r.mean,
                                       e.mean IS NULL AND r.n = 0)) AS mean_equal,
       count(*) FILTER (WHERE coalesce(abs((e.s).stddev - r.sd) <= 1e-9 * r.sd,
                                       (e.s).stddev IS NULL AND r.n < 2)) AS stddev_equal,
       count(*) FILTER (WHERE coalesce(
           abs(((e.s).ci_high - r.mean) - (r.mean - (e.s).ci_low)) < 1e-9
           AND ((e.s).ci_high - r.mean) / (r.sd / sqrt(r.n)) BETWEEN 1.959963984540054 AND 2.2281388519649385,
           (e.s).ci_low IS NULL AND r.n < 2)) AS ci_plausible
FROM ext e JOIN ref r USING (grp);

-- One response: a mean but no stddev or interval; none: all NULL.
SELECT (ces_summary(4)).*;
SELECT ces(s), (ces_summary(s)).* FROM generate_series(1, 0) s;
SELECT ces(s, 10), (ces_summary(s, 10)).responses FROM (VALUES (10), (1), (NULL)) v(s);
-- Identical responses: stddev 0 and a zero-width interval.
SELECT (ces_summary(s)).* FROM (VALUES (3), (3), (3)) v(s);

-- Bad input.
SELECT expect_error('SELECT ces(8)');
SELECT expect_error('SELECT ces(0)');
SELECT expect_error('SELECT ces(11, 10)');
SELECT expect_error('SELECT ces(1, 1)');
SELECT expect_error('SELECT ces(1, NULL)');
SELECT expect_error('SELECT ces(s, m) FROM (VALUES (3, 7), (4, 5)) v(s, m)');
SELECT expect_error('SELECT ces_summary(3, 7, 0)');
SELECT expect_error('SELECT ces_summary(3, 7, ''Infinity'')');
SELECT expect_error('SELECT ces_summary(3, 7, NULL)');
