\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- rollup(): daily summaries per segment rolled up equal the summary of the raw
-- rows (a ratio of sums, never an average of ratios) (README, Survey metrics).

CREATE TABLE daily AS
SELECT grp % 5 AS segment, day,
       nps_summary(nps) AS nps, csat_summary(csat) AS csat, ces_summary(ces) AS ces
FROM survey GROUP BY grp % 5, day;

-- Per segment and quarter: rolled-up daily summaries against the raw rows.
WITH rolled AS (
    SELECT segment, extract(quarter FROM day) AS q,
           rollup(nps) AS nps, rollup(csat) AS csat, rollup(ces) AS ces
    FROM daily GROUP BY 1, 2
), raw AS (
    SELECT grp % 5 AS segment, extract(quarter FROM day) AS q,
           nps_summary(nps) AS nps, csat_summary(csat) AS csat, ces_summary(ces) AS ces
    FROM survey GROUP BY 1, 2
)
SELECT count(*) AS cells,
       count(*) FILTER (WHERE rolled.nps = raw.nps) AS nps_identical,
       count(*) FILTER (WHERE rolled.csat = raw.csat) AS csat_identical,
       count(*) FILTER (WHERE (rolled.ces).responses = (raw.ces).responses
                          AND abs((rolled.ces).mean - (raw.ces).mean) <= 1e-12 * (raw.ces).mean
                          AND abs((rolled.ces).stddev - (raw.ces).stddev) <= 1e-9 * (raw.ces).stddev
                          AND abs((rolled.ces).ci_low - (raw.ces).ci_low) <= 1e-9 * (raw.ces).ci_low
                          AND abs((rolled.ces).ci_high - (raw.ces).ci_high) <= 1e-9 * (raw.ces).ci_high)
           AS ces_equal
FROM rolled JOIN raw USING (segment, q);

-- The average of daily NPS values is not the NPS of the quarter; the rollup is.
SELECT round(avg((nps).nps)::numeric, 3) <> round(((SELECT rollup(nps) FROM daily)).nps::numeric, 3)
       AS average_of_ratios_differs,
       (SELECT rollup(nps) FROM daily) = (SELECT nps_summary(nps) FROM survey) AS rollup_exact
FROM daily;

-- With a confidence level; NULL summaries are skipped; no summaries -> empty summary.
SELECT (SELECT rollup(nps, 0.9) FROM daily) = (SELECT nps_summary(nps, 0.9) FROM survey) AS nps_90,
       (SELECT rollup(csat, 0.9) FROM daily) = (SELECT csat_summary(csat, 4, 5, 0.9) FROM survey) AS csat_90,
       (SELECT (rollup(ces, 0.9)).responses FROM daily) = (SELECT count(ces) FROM survey) AS ces_90;
SELECT responses, promoters, passives, detractors, nps, round(std_error::numeric, 6) AS std_error
FROM (SELECT (rollup(s)).*
      FROM (VALUES (NULL::nps_summary), (ROW(3, 1, 1, 1, 0, 0, 0, 0)::nps_summary)) v(s)) t;
SELECT (rollup(s)).* FROM (VALUES (NULL::proportion_summary)) v(s);
SELECT (rollup(s)).* FROM (SELECT ces FROM daily LIMIT 0) d(s);
-- Summaries of empty and one-response groups roll up too.
-- Two single responses 4 and 2: mean 3, stddev sqrt(2) = 1.414214.
SELECT responses, mean, round(stddev::numeric, 6) AS stddev
FROM (SELECT (rollup(s)).*
      FROM (VALUES (ROW(0, NULL, NULL, NULL, NULL)::mean_summary),
                   (ROW(1, 4, NULL, NULL, NULL)::mean_summary),
                   (ROW(1, 2, NULL, NULL, NULL)::mean_summary)) v(s)) t;

-- Inconsistent summaries are errors, not silently wrong numbers.
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(4, 1, 1, 1, 0, 0, 0, 0)::nps_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(NULL, 1, 1, 1, 0, 0, 0, 0)::nps_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(2, 3, 0, 0, 0)::proportion_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(-1, 0, 0, 0, 0)::proportion_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(3, NULL, 1, 0, 0)::mean_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(3, 2, NULL, 0, 0)::mean_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(3, 2, -1, 0, 0)::mean_summary)) v(s)');
-- Means far apart merge as long as the result fits a double (stddev 1.4e154 / sqrt(2)).
SELECT (s).responses, round(((s).stddev / 1e150)::numeric, 6) AS stddev_over_1e150
FROM (SELECT rollup(s) AS s
      FROM (VALUES (ROW(1, 0, NULL, NULL, NULL)::mean_summary),
                   (ROW(1, 1.4e154, NULL, NULL, NULL)::mean_summary)) v(s)) t;
-- Deviations too large for a double are an error, never an infinite stddev.
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(3, 2, 1e200, 0, 0)::mean_summary)) v(s)');
SELECT expect_error('SELECT rollup(s) FROM (VALUES (ROW(2, -1e200, 0, 0, 0)::mean_summary), (ROW(2, 1e200, 0, 0, 0)::mean_summary)) v(s)');
SELECT expect_error('SELECT rollup(s, 1.5) FROM (VALUES (ROW(3, 3, 0, 0, 0, 0, 0, 0)::nps_summary)) v(s)');
SELECT expect_error('SELECT rollup(s, NULL) FROM (VALUES (ROW(3, 3, 0, 0, 0)::proportion_summary)) v(s)');
