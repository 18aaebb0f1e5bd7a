\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Scorecards (README, Scorecards): definitions in tables, runs into
-- health_history, checked against plain-SQL formulas written independently of
-- the extension (window min/max, weighted sums, a CASE ladder, and the band with
-- hysteresis as a recursive query).

-- A source: six accounts over ten days in three cohorts. Account 6 is alone in
-- cohort C (its relative measures are missing), account 5 appears on day 4,
-- account 2 disappears after day 7; some measures are NULL.
CREATE TABLE sc_metrics AS
SELECT a AS account, date '2026-01-01' + d - 1 AS day,
       CASE WHEN a <= 3 THEN 'A' WHEN a <= 5 THEN 'B' ELSE 'C' END AS segment,
       CASE WHEN (a + d) % 7 = 0 THEN NULL ELSE ((a * 37 + d * 11) % 50)::numeric END AS logins,
       CASE WHEN (a * d) % 5 = 0 THEN NULL ELSE ((a * 53 + d * 29) % 201) - 100 END AS nps,
       CASE WHEN (a + 2 * d) % 4 = 0 THEN NULL ELSE ((a * 17 + d * 23) % 101)::float8 END AS csat,
       (a * 3 + d * 5) % 9 AS tickets
FROM generate_series(1, 6) a, generate_series(1, 10) d
WHERE NOT (a = 5 AND d < 4) AND NOT (a = 2 AND d > 7);

-- Definitions, and what the constraints say about bad rows.
INSERT INTO scorecard (name, source, account_column, day_column, cohort_column)
VALUES ('sc', 'sc_metrics', 'account', 'day', 'segment');
SELECT expect_error($$INSERT INTO scorecard (name, source, account_column, day_column)
                      VALUES ('bad', 'sc_metrics', 'account', 'segment')$$);
SELECT expect_error($$INSERT INTO scorecard (name, source, account_column, day_column)
                      VALUES ('bad', 'sc_metrics', 'acount', 'day')$$);
INSERT INTO scorecard_version (scorecard, valid_from) VALUES ('sc', '2026-01-01');
INSERT INTO scorecard_version (scorecard, valid_from, red_below, green_from, band_margin, missing, min_coverage)
VALUES ('sc', '2026-01-06', 45, 75, 3, 'neutral', 0);
SELECT expect_error($$INSERT INTO scorecard_version (scorecard, valid_from, red_below, green_from)
                      VALUES ('sc', '2027-01-01', 80, 70)$$);
SELECT expect_error($$INSERT INTO scorecard_version (scorecard, valid_from, missing)
                      VALUES ('sc', '2027-01-01', 'ignore')$$);
INSERT INTO scorecard_group (scorecard, valid_from, group_name, weight) VALUES ('sc', '2026-01-01', 'sat', 0.4);
INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, group_name, weight, scaling,
                               worst, best, higher_is_better) VALUES
    ('sc', '2026-01-01', 'usage', 'logins', NULL, 0.4, 'minmax', NULL, NULL, true),
    ('sc', '2026-01-01', 'nps', NULL, 'sat', 1, 'linear', -100, 100, true),
    ('sc', '2026-01-01', 'csat', NULL, 'sat', 3, 'none', NULL, NULL, true),
    ('sc', '2026-01-01', 'tickets', NULL, NULL, 0.2, 'minmax', NULL, NULL, false),
    ('sc', '2026-01-06', 'usage', 'logins', NULL, 0.5, 'percentile', NULL, NULL, true),
    ('sc', '2026-01-06', 'tickets', NULL, NULL, 0.5, 'linear', 10, 0, true);
SELECT expect_error($$INSERT INTO scorecard_measure (scorecard, valid_from, measure, weight, scaling)
                      VALUES ('sc', '2026-01-01', 'nps2', 1, 'linear')$$);
SELECT expect_error($$INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling, worst, best)
                      VALUES ('sc', '2026-01-01', 'nps2', 'nps', 1, 'linear', 5, 5)$$);
SELECT expect_error($$INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling)
                      VALUES ('sc', '2026-01-01', 'x', 'no_such_column', 1, 'none')$$);
SELECT expect_error($$INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling)
                      VALUES ('sc', '2026-01-01', 'x', 'segment', 1, 'none')$$);
SELECT expect_error($$INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight)
                      VALUES ('sc', '2026-01-01', 'x', 'nps', 0)$$);
SELECT expect_error($$INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, group_name, weight)
                      VALUES ('sc', '2026-01-01', 'x', 'nps', 'no_group', 1)$$);
SELECT expect_error($$INSERT INTO score_override (scorecard, account, score, valid, reason, created_by, created_at)
                      VALUES ('sc', '1', 50, '[2026-01-01,2026-01-05)', ' ', 'csm', '2026-01-01 00:00+00')$$);
SELECT expect_error($$INSERT INTO score_override (scorecard, account, score, valid, reason, created_by, created_at)
                      VALUES ('sc', '1', 101, '[2026-01-01,2026-01-05)', 'why', 'csm', '2026-01-01 00:00+00')$$);

-- The reference: every account-day by plain SQL, per version in force.
CREATE VIEW sc_reference AS
WITH scaled AS (
    SELECT m.*, CASE WHEN m.day < '2026-01-06' THEN date '2026-01-01' ELSE date '2026-01-06' END AS version,
           CASE WHEN max(logins) OVER w > min(logins) OVER w
                THEN 100 * (logins - min(logins) OVER w) / (max(logins) OVER w - min(logins) OVER w) END::float8
               AS usage_minmax,
           -- mid-rank percentile: (values below + (equal - 1) / 2) / (n - 1)
           CASE WHEN logins IS NOT NULL AND max(logins) OVER w > min(logins) OVER w THEN
               100 * ((SELECT count(*) FROM sc_metrics o WHERE o.segment = m.segment AND o.day = m.day AND o.logins < m.logins)
                      + ((SELECT count(*) FROM sc_metrics o WHERE o.segment = m.segment AND o.day = m.day AND o.logins = m.logins) - 1) / 2.0)
                   / (count(logins) OVER w - 1) END::float8 AS usage_pct,
           -- (greatest and least skip NULLs: keep a missing score missing)
           CASE WHEN nps IS NOT NULL THEN greatest(0, least(100, 100.0 * (nps + 100) / 200)) END::float8 AS nps_s,
           CASE WHEN max(tickets) OVER w > min(tickets) OVER w
                THEN 100 - 100.0 * (tickets - min(tickets) OVER w) / (max(tickets) OVER w - min(tickets) OVER w) END::float8
               AS tickets_minmax,
           CASE WHEN tickets IS NOT NULL THEN greatest(0, least(100, 100.0 * (10 - tickets) / 10)) END::float8
               AS tickets_linear
    FROM sc_metrics m
    WINDOW w AS (PARTITION BY segment, day)
), v1 AS (
    SELECT s.*, CASE WHEN nps_s IS NOT NULL OR csat IS NOT NULL
                     THEN (coalesce(nps_s, 0) * 1 + coalesce(csat, 0) * 3)
                          / ((nps_s IS NOT NULL)::int * 1 + (csat IS NOT NULL)::int * 3) END AS sat
    FROM scaled s WHERE version = '2026-01-01'
), scored AS (
    SELECT account, day, version, 40.0::float8 AS red, 70.0::float8 AS green, 5.0::float8 AS margin,
           (0.4 * (sat IS NOT NULL)::int + 0.4 * (usage_minmax IS NOT NULL)::int
            + 0.2 * (tickets_minmax IS NOT NULL)::int) / 1.0 AS coverage,
           CASE WHEN (0.4 * (sat IS NOT NULL)::int + 0.4 * (usage_minmax IS NOT NULL)::int
                      + 0.2 * (tickets_minmax IS NOT NULL)::int) >= 0.5
                THEN (0.4 * coalesce(sat, 0) + 0.4 * coalesce(usage_minmax, 0) + 0.2 * coalesce(tickets_minmax, 0))
                     / (0.4 * (sat IS NOT NULL)::int + 0.4 * (usage_minmax IS NOT NULL)::int
                        + 0.2 * (tickets_minmax IS NOT NULL)::int) END AS score,
           jsonb_build_object('csat', csat, 'nps', nps_s, 'tickets', tickets_minmax, 'usage', usage_minmax) AS measures,
           jsonb_build_object('sat', sat) AS groups
    FROM v1
    UNION ALL
    -- version 2: missing counts 50 (neutral), no minimum coverage
    SELECT account, day, version, 45, 75, 3,
           (0.5 * (usage_pct IS NOT NULL)::int + 0.5 * (tickets_linear IS NOT NULL)::int) / 1.0,
           CASE WHEN usage_pct IS NOT NULL OR tickets_linear IS NOT NULL
                THEN (0.5 * coalesce(usage_pct, 50) + 0.5 * coalesce(tickets_linear, 50)) / 1.0 END,
           jsonb_build_object('tickets', tickets_linear, 'usage', usage_pct), '{}'
    FROM scaled WHERE version = '2026-01-06'
)
SELECT s.*, CASE WHEN score < red THEN 'red' WHEN score >= green THEN 'green' WHEN score IS NOT NULL THEN 'yellow' END AS band,
       row_number() OVER (PARTITION BY account ORDER BY day) AS n
FROM scored s;

-- The band with hysteresis by recursion over each account's days.
CREATE VIEW sc_reference_steady AS
WITH RECURSIVE chain AS (
    SELECT account, day, n, band AS steady FROM sc_reference WHERE n = 1
    UNION ALL
    SELECT r.account, r.day, r.n,
           CASE WHEN r.score IS NULL THEN c.steady
                WHEN c.steady IS NULL THEN r.band
                WHEN c.steady = 'red' THEN CASE WHEN r.score >= r.green + r.margin THEN 'green'
                                                WHEN r.score >= r.red + r.margin THEN 'yellow' ELSE 'red' END
                WHEN c.steady = 'yellow' THEN CASE WHEN r.score >= r.green + r.margin THEN 'green'
                                                   WHEN r.score < r.red - r.margin THEN 'red' ELSE 'yellow' END
                ELSE CASE WHEN r.score < r.red - r.margin THEN 'red'
                          WHEN r.score < r.green - r.margin THEN 'yellow' ELSE 'green' END END
    FROM chain c JOIN sc_reference r ON r.account = c.account AND r.n = c.n + 1
)
SELECT r.*, c.steady FROM sc_reference r JOIN chain c USING (account, n);

-- Compares health_history with the reference: the rows that differ (none).
CREATE FUNCTION sc_differences() RETURNS TABLE (account text, day date, what text) LANGUAGE sql AS $$
    SELECT coalesce(h.account, r.account::text), coalesce(h.day, r.day),
           concat_ws(', ',
               CASE WHEN h.account IS NULL THEN 'missing' WHEN r.account IS NULL THEN 'extra' END,
               CASE WHEN h.version IS DISTINCT FROM r.version THEN 'version' END,
               CASE WHEN (h.score IS NULL) <> (r.score IS NULL) OR abs(h.score - r.score) > 1e-12 THEN 'score' END,
               CASE WHEN abs(h.coverage - r.coverage) > 1e-12 THEN 'coverage' END,
               CASE WHEN h.band::text IS DISTINCT FROM r.band THEN 'band' END,
               CASE WHEN h.steady_band::text IS DISTINCT FROM r.steady THEN 'steady_band' END,
               CASE WHEN EXISTS (SELECT FROM jsonb_each(r.measures) e
                                 WHERE (h.measures -> e.key = 'null') <> (e.value = 'null')
                                    OR abs((h.measures ->> e.key)::float8 - (e.value #>> '{}')::float8) > 1e-12)
                         OR (SELECT count(*) FROM jsonb_object_keys(h.measures)) <> (SELECT count(*) FROM jsonb_object_keys(r.measures))
                    THEN 'measures' END,
               CASE WHEN EXISTS (SELECT FROM jsonb_each(r.groups) e
                                 WHERE (h.groups -> e.key = 'null') <> (e.value = 'null')
                                    OR abs((h.groups ->> e.key)::float8 - (e.value #>> '{}')::float8) > 1e-12)
                    THEN 'groups' END)
    FROM (SELECT * FROM health_history WHERE scorecard = 'sc') h
    FULL JOIN sc_reference_steady r ON h.account = r.account::text AND h.day = r.day
    WHERE h.account IS NULL OR r.account IS NULL OR h.version IS DISTINCT FROM r.version
       OR (h.score IS NULL) <> (r.score IS NULL) OR abs(h.score - r.score) > 1e-12
       OR abs(h.coverage - r.coverage) > 1e-12 OR h.band::text IS DISTINCT FROM r.band
       OR h.steady_band::text IS DISTINCT FROM r.steady
       OR EXISTS (SELECT FROM jsonb_each(r.measures) e
                  WHERE (h.measures -> e.key = 'null') <> (e.value = 'null')
                     OR abs((h.measures ->> e.key)::float8 - (e.value #>> '{}')::float8) > 1e-12)
       OR (SELECT count(*) FROM jsonb_object_keys(h.measures)) <> (SELECT count(*) FROM jsonb_object_keys(r.measures))
       OR EXISTS (SELECT FROM jsonb_each(r.groups) e
                  WHERE (h.groups -> e.key = 'null') <> (e.value = 'null')
                     OR abs((h.groups ->> e.key)::float8 - (e.value #>> '{}')::float8) > 1e-12)
    ORDER BY 2, 1
$$;

-- A backfill writes the reference, row for row; the versions switch on day 6.
SELECT scorecard_backfill('sc', '2026-01-01', '2026-01-10') AS written, (SELECT count(*) FROM sc_metrics) AS source_rows;
SELECT * FROM sc_differences();
SELECT version, count(*), count(score) AS scored, count(*) FILTER (WHERE measures ->> 'usage' IS NULL) AS usage_missing
FROM health_history WHERE scorecard = 'sc' GROUP BY version ORDER BY version;
-- Not vacuous: the data has every band, changes of the band with hysteresis,
-- scores too thin to count (coverage below 0.5), and the lone account's missing usage.
SELECT band, count(*) FROM health_history WHERE scorecard = 'sc' GROUP BY band ORDER BY band;
SELECT count(*) FILTER (WHERE band IS DISTINCT FROM steady_band) AS held_by_hysteresis,
       count(*) FILTER (WHERE coverage < 0.5 AND score IS NULL) AS too_thin,
       count(*) FILTER (WHERE account = '6' AND measures -> 'usage' = 'null') AS alone_in_cohort
FROM health_history WHERE scorecard = 'sc';
SELECT * FROM health_transitions WHERE scorecard = 'sc' ORDER BY account, day;
SELECT account, day, score, drivers FROM health_history WHERE scorecard = 'sc' AND day = '2026-01-03' ORDER BY account;

-- Daily runs in order write the same rows, bit for bit.
CREATE TABLE sc_backfilled AS SELECT * FROM health_history WHERE scorecard = 'sc';
DELETE FROM health_history WHERE scorecard = 'sc';
SELECT sum(scorecard_run('sc', d::date)) AS written FROM generate_series(date '2026-01-01', '2026-01-10', '1 day') d;
SELECT count(*) AS differing
FROM ((SELECT * FROM sc_backfilled EXCEPT ALL SELECT * FROM health_history WHERE scorecard = 'sc')
      UNION ALL (SELECT * FROM health_history WHERE scorecard = 'sc' EXCEPT ALL SELECT * FROM sc_backfilled)) x;
-- Running a day again changes nothing.
SELECT scorecard_run('sc', '2026-01-04') AS written;
SELECT count(*) AS differing FROM sc_backfilled b JOIN health_history h USING (scorecard, account, day)
WHERE (b.score, b.steady_band) IS DISTINCT FROM (h.score, h.steady_band);
-- A day rerun after later days exist, with corrected data: that day is
-- rescored, and the band with hysteresis of every later stored day is restated
-- from it (their scores stay as stored): the same as a backfill of the
-- corrected data.
UPDATE sc_metrics SET logins = 0, nps = -100, csat = 0 WHERE account = 1 AND day = '2026-01-02';
SELECT scorecard_run('sc', '2026-01-02') AS written;
SELECT * FROM sc_differences();
SELECT count(*) AS later_days_restated FROM sc_backfilled b JOIN health_history h USING (scorecard, account, day)
WHERE h.day > '2026-01-02' AND b.steady_band IS DISTINCT FROM h.steady_band;

-- Preview: the rows a run would write; with a version, as if it were in force.
SELECT count(*) AS differing FROM scorecard_preview('sc', '2026-01-08') p
JOIN health_history h USING (account, day)
WHERE (p.score, p.band, p.steady_band, p.measures) IS DISTINCT FROM (h.score, h.band, h.steady_band, h.measures);
SELECT p.account, p.version, round(p.score::numeric, 6) AS restated_v1, round(r.score::numeric, 6) AS reference_v1
FROM scorecard_preview('sc', '2026-01-08', '2026-01-01') p
JOIN (SELECT account::text, CASE WHEN (0.4 * (sat IS NOT NULL)::int + 0.4 * (u IS NOT NULL)::int + 0.2 * (t IS NOT NULL)::int) >= 0.5
                 THEN (0.4 * coalesce(sat, 0) + 0.4 * coalesce(u, 0) + 0.2 * coalesce(t, 0))
                      / (0.4 * (sat IS NOT NULL)::int + 0.4 * (u IS NOT NULL)::int + 0.2 * (t IS NOT NULL)::int) END AS score
      FROM (SELECT m.account,
                   CASE WHEN max(logins) OVER w > min(logins) OVER w
                        THEN 100 * (logins - min(logins) OVER w) / (max(logins) OVER w - min(logins) OVER w) END AS u,
                   CASE WHEN max(tickets) OVER w > min(tickets) OVER w
                        THEN 100 - 100.0 * (tickets - min(tickets) OVER w) / (max(tickets) OVER w - min(tickets) OVER w) END AS t,
                   CASE WHEN nps IS NOT NULL OR csat IS NOT NULL
                        THEN (coalesce(100.0 * (nps + 100) / 200, 0) + 3 * coalesce(csat, 0))
                             / ((nps IS NOT NULL)::int + 3 * (csat IS NOT NULL)::int) END AS sat
            FROM sc_metrics m WHERE day = '2026-01-08' WINDOW w AS (PARTITION BY segment)) x) r
  ON r.account = p.account
ORDER BY p.account;

-- Overrides: a measure override inside its days only, an overall override
-- (the band follows), overlapping ones (the latest created wins).
INSERT INTO score_override (scorecard, account, measure, score, valid, reason, created_at) VALUES
    ('sc', '3', 'tickets', 100, '[2026-01-07,2026-01-09)', 'tickets were a migration', '2026-01-01 10:00+00'),
    ('sc', '4', NULL, 90, '[2026-01-09,)', 'renewal signed', '2026-01-01 10:00+00'),
    ('sc', '4', NULL, 10, '[2026-01-08,2026-01-10]', 'earlier judgment', '2025-12-31 10:00+00');
SELECT scorecard_backfill('sc', '2026-01-06', '2026-01-10') AS written;
SELECT account, day, round(score::numeric, 4) AS score, band, measures ->> 'tickets' AS tickets, overridden
FROM health_history WHERE scorecard = 'sc' AND account IN ('3', '4') AND day >= '2026-01-06' ORDER BY account, day;
-- Account 3's tickets score on the overridden days is 100, and its score the
-- weighted mean with it (version 2: usage 0.5, tickets 0.5).
SELECT h.day, h.score = 0.5 * coalesce((h.measures ->> 'usage')::float8, 50) + 0.5 * 100 AS uses_override
FROM health_history h WHERE scorecard = 'sc' AND account = '3' AND day IN ('2026-01-07', '2026-01-08');
DELETE FROM score_override WHERE scorecard = 'sc';
SELECT scorecard_backfill('sc', '2026-01-06', '2026-01-10') AS written;
SELECT * FROM sc_differences();

-- health_trend: the score against the latest stored one lookback earlier.
SELECT * FROM health_trend('sc', '2026-01-10', '5 days', 5) ORDER BY account;
SELECT t.account, t.delta = h.score - p.score AS delta_ok
FROM health_trend('sc', '2026-01-10', '5 days', 5) t
JOIN health_history h ON h.scorecard = 'sc' AND h.account = t.account AND h.day = '2026-01-10'
JOIN health_history p ON p.scorecard = 'sc' AND p.account = t.account AND p.day = '2026-01-05'
ORDER BY 1;

-- account_health: the latest row of the highest-priority scorecard.
INSERT INTO scorecard (name, source, account_column, day_column, priority) VALUES ('sc_low', 'sc_metrics', 'account', 'day', -1);
INSERT INTO scorecard_version (scorecard, valid_from) VALUES ('sc_low', '-infinity');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, weight, scaling) VALUES ('sc_low', '-infinity', 'csat', 1, 'none');
SELECT scorecard_backfill('sc_low', '2026-01-01', '2026-01-10') AS written;
SELECT account, scorecard, day, band, steady_band FROM account_health ORDER BY account;

-- scorecard_eval: one row, target-based measures only.
SELECT score, band, coverage, drivers FROM scorecard_eval('sc_low', '{"csat": 64}', '2026-01-05');
SELECT score, band, coverage FROM scorecard_eval('sc_low', '{"nps": 3}', '2026-01-05');
SELECT expect_error($$SELECT scorecard_eval('sc', '{"logins": 3}', '2026-01-05')$$);
SELECT expect_error($$SELECT scorecard_eval('nope', '{}')$$);
SELECT expect_error($$SELECT scorecard_eval('sc_low', '[1]')$$);
SELECT expect_error($$SELECT scorecard_eval('sc_low', '{"csat": "high"}')$$);

-- Bad input, named, and nothing half-written.
SELECT expect_error($$SELECT scorecard_run('nope', '2026-01-01')$$);
SELECT expect_error($$SELECT scorecard_run('sc', '2025-12-31')$$);
SELECT expect_error($$SELECT scorecard_backfill('sc', '2026-01-05', '2026-01-01')$$);
SELECT expect_error($$SELECT scorecard_preview('sc', '2026-01-05', '2020-01-01')$$);
SELECT expect_error($$SELECT health_trend('nope', '2026-01-05')$$);
SELECT expect_error($$SELECT health_trend('sc', '2026-01-05', '0 days')$$);
SELECT expect_error($$SELECT health_trend('sc', '2026-01-05', '1 day', -1)$$);
CREATE TABLE sc_snapshot AS SELECT * FROM health_history;
INSERT INTO sc_metrics SELECT * FROM sc_metrics WHERE account = 4 AND day = '2026-01-05';
SELECT expect_error($$SELECT scorecard_backfill('sc', '2026-01-01', '2026-01-10')$$);
DELETE FROM sc_metrics WHERE ctid = (SELECT max(ctid) FROM sc_metrics WHERE account = 4 AND day = '2026-01-05');
UPDATE sc_metrics SET csat = 120 WHERE account = 1 AND day = '2026-01-03';
SELECT expect_error($$SELECT scorecard_run('sc', '2026-01-03')$$);
UPDATE sc_metrics SET csat = 'NaN' WHERE account = 1 AND day = '2026-01-03';
SELECT expect_error($$SELECT scorecard_run('sc', '2026-01-03')$$);
ALTER TABLE sc_metrics RENAME COLUMN tickets TO tickets_30d;
SELECT expect_error($$SELECT scorecard_run('sc', '2026-01-09')$$);
ALTER TABLE sc_metrics RENAME COLUMN tickets_30d TO tickets;
UPDATE sc_metrics SET csat = 86 WHERE account = 1 AND day = '2026-01-03';
SELECT count(*) AS changed FROM (SELECT * FROM health_history EXCEPT SELECT * FROM sc_snapshot) x;

-- Installed in a schema other than public, with a hostile search_path: a
-- same-named function earlier on the path is never called, and a source whose
-- name needs quoting is read.
CREATE SCHEMA hostile;
CREATE FUNCTION hostile.minmax_apply(minmax_fit, float8, boolean) RETURNS float8
    LANGUAGE sql AS 'SELECT 1 / 0';
CREATE FUNCTION hostile.health_score(float8[], float8[], text, float8) RETURNS float8
    LANGUAGE sql AS 'SELECT 1 / 0';
CREATE FUNCTION hostile.scale_linear(float8, float8, float8) RETURNS float8
    LANGUAGE sql AS 'SELECT 1 / 0';
CREATE FUNCTION hostile.text_eq(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT 1 / 0 = 1';
CREATE OPERATOR hostile.= (LEFTARG = text, RIGHTARG = text, FUNCTION = hostile.text_eq);
CREATE TABLE hostile.health_history (LIKE health_history);
CREATE TABLE "Odd Source" AS SELECT account AS "Account Id", day AS "Day", segment AS "Segment",
    logins AS "Logins", nps, csat, tickets FROM sc_metrics;
INSERT INTO scorecard (name, source, account_column, day_column, cohort_column)
VALUES ('odd "name"', '"Odd Source"', 'Account Id', 'Day', 'Segment');
INSERT INTO scorecard_version SELECT 'odd "name"', valid_from, red_below, green_from, band_margin, missing, min_coverage
FROM scorecard_version WHERE scorecard = 'sc';
INSERT INTO scorecard_group SELECT 'odd "name"', valid_from, group_name, weight FROM scorecard_group WHERE scorecard = 'sc';
INSERT INTO scorecard_measure SELECT 'odd "name"', valid_from, measure,
    CASE WHEN source_column = 'logins' THEN 'Logins' ELSE source_column END, group_name, weight, scaling, worst, best, higher_is_better
FROM scorecard_measure WHERE scorecard = 'sc';
SET search_path = hostile, public, healthscore, pg_catalog;
SELECT healthscore.scorecard_backfill('odd "name"', '2026-01-01', '2026-01-10') AS written;
RESET search_path;
SELECT set_config('search_path', '"$user", public, healthscore', false) IS NOT NULL AS reset;
SELECT count(*) AS differing FROM health_history o JOIN health_history s USING (account, day)
WHERE o.scorecard = 'odd "name"' AND s.scorecard = 'sc'
  AND (o.score, o.steady_band, o.measures) IS DISTINCT FROM (s.score, s.steady_band, s.measures);
SELECT count(*) AS hostile_rows FROM hostile.health_history;

-- The role that created the extension edits the definitions; another role reads them only.
CREATE ROLE sc_reader;
GRANT USAGE ON SCHEMA healthscore TO sc_reader;
SET ROLE sc_reader;
SELECT count(*) > 0 AS reads FROM scorecard;
SELECT expect_error($$INSERT INTO scorecard_version (scorecard, valid_from) VALUES ('sc', '2030-01-01')$$);
SELECT expect_error($$SELECT scorecard_run('sc', '2026-01-01')$$);
RESET ROLE;
REVOKE USAGE ON SCHEMA healthscore FROM sc_reader;
DROP ROLE sc_reader;

-- The band with hysteresis that continues from a stored band, limits per row.
SELECT band_hysteresis_step(NULL, 55, 40, 70, 5) AS plain, band_hysteresis_step('green', 66, 40, 70, 5) AS held,
       band_hysteresis_step('green', 64, 40, 70, 5) AS moved, band_hysteresis_step('red', NULL, 40, 70, 5) AS kept;
SELECT day, band_hysteresis(s, r, g, 5, 'green') OVER (ORDER BY day) AS steady
FROM (VALUES (1, 66.0, 40.0, 70.0), (2, 69.0, 40.0, 75.0), (3, 80.0, 40.0, 70.0)) v(day, s, r, g);
SELECT expect_error($$SELECT band_hysteresis_step('red', 50, 70, 40, 5)$$);
SELECT expect_error($$SELECT band_hysteresis_step('red', 50, 40, 70, -1)$$);
SELECT health_driver_names(ARRAY['a', 'b', 'c'], ARRAY[90, NULL, 20], ARRAY[1, 1, 1]) AS drivers;

-- Cleanup: the scorecards' rows are the test's own.
DELETE FROM health_history WHERE scorecard IN ('sc', 'sc_low', 'odd "name"');
DELETE FROM scorecard WHERE name IN ('sc', 'sc_low', 'odd "name"');
