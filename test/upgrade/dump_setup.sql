-- Objects of a user's database that depend on the extension, installed in the
-- schema healthscore (README "Install"): test/upgrade.sh dumps the database
-- with pg_dump, restores it into a new one (where pg_dump's script runs with
-- an empty search_path) and compares dump_queries.sql in both.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, healthscore;

CREATE TABLE accounts (
    id int PRIMARY KEY,
    segment text NOT NULL,
    nps int,
    usage float8,
    tickets float8,
    score float8 CHECK (score IS NULL OR scale_linear(score, 0, 100) BETWEEN 0 AND 100),
    -- Generated columns: recomputed for every row that the restore copies in.
    band health_band GENERATED ALWAYS AS (health_band(score)) STORED,
    tier text GENERATED ALWAYS AS (band(score, ARRAY[40, 70], ARRAY['low', 'mid', 'high'])) STORED,
    category text GENERATED ALWAYS AS (nps_category(nps)) STORED
);
INSERT INTO accounts (id, segment, nps, usage, tickets, score)
SELECT i, (ARRAY['Enterprise', 'Mid-Market', 'SMB', 'Startup'])[1 + i % 4],
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7) % 11 END,
       (i * 37) % 1000 / 10.0, (i * 13) % 23,
       CASE WHEN i % 29 = 0 THEN NULL ELSE (i * 53) % 101 END
FROM generate_series(1, 4000) i;

-- Expression indexes: rebuilt by the restore.
CREATE INDEX accounts_health ON accounts (health_score(ARRAY[score, usage], ARRAY[2, 1]));
CREATE INDEX accounts_scaled ON accounts (scale_log(tickets + 1, 24, 1));

-- Fits and states stored in columns.
CREATE TABLE segment_fits AS
SELECT segment, minmax_fit(usage) AS usage_fit, zscore_fit(tickets) AS ticket_fit
FROM accounts GROUP BY segment;
CREATE TABLE daily_nps AS
SELECT segment, id % 30 AS day, nps_summary(nps) AS nps, csat_summary(1 + nps % 5) AS csat,
       ces_summary(1 + nps % 7) AS ces
FROM accounts GROUP BY segment, id % 30;
CREATE TABLE states AS
SELECT segment,
       nps_accum(nps_accum('v1:promoters=0,passives=0,detractors=0,confidence=0', 9), length(segment)) AS nps_state,
       health_accum(health_accum('v1:n=0,weight=0,weighted=0', 80, 2), 10 * length(segment), 1) AS health_state
FROM accounts GROUP BY segment;

-- Materialized views over the aggregates: refreshed by the restore.
CREATE MATERIALIZED VIEW segment_nps AS
SELECT segment, nps_summary(nps) AS summary, nps(nps) AS nps, minmax_fit(usage) AS usage_fit,
       health_score_agg(score, 1) AS health
FROM accounts GROUP BY segment;
CREATE MATERIALIZED VIEW segment_health AS
SELECT a.segment, count(*) AS accounts,
       avg(health_score(ARRAY[minmax_apply(f.usage_fit, a.usage), a.score], ARRAY[1, 2])) AS health
FROM accounts a JOIN segment_fits f USING (segment) GROUP BY a.segment;
-- A view (kept as the query it was written as).
CREATE VIEW quarter_nps AS
SELECT segment, rollup(nps) AS nps, rollup(csat) AS csat, rollup(ces) AS ces FROM daily_nps GROUP BY segment;
ANALYZE;

-- A scorecard: its definitions and history are the extension's configuration
-- tables, which pg_dump dumps with the user's data (restored in foreign-key
-- order, through the definition tables' checks).
CREATE VIEW account_days AS
SELECT id, date '2026-01-01' + d AS day, segment, usage + d AS usage, tickets, nps FROM accounts, generate_series(0, 2) d;
INSERT INTO scorecard (name, source, account_column, day_column, cohort_column)
VALUES ('dumped', 'account_days', 'id', 'day', 'segment');
INSERT INTO scorecard_version (scorecard, valid_from, band_margin) VALUES ('dumped', '2026-01-01', 3);
INSERT INTO scorecard_group (scorecard, valid_from, group_name, weight) VALUES ('dumped', '2026-01-01', 'use', 2);
INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, group_name, weight, scaling, worst, best, higher_is_better)
VALUES ('dumped', '2026-01-01', 'usage', 'usage', 'use', 1, 'minmax', NULL, NULL, true),
       ('dumped', '2026-01-01', 'tickets', 'tickets', 'use', 1, 'linear', 20, 0, true),
       ('dumped', '2026-01-01', 'nps', 'nps', NULL, 1, 'linear', 0, 10, true);
INSERT INTO score_override (scorecard, account, score, valid, reason, created_by, created_at)
VALUES ('dumped', '97', 88, '[2026-01-02,2026-01-03)', 'kept through the dump', 'csm', '2026-01-01 00:00+00');
SELECT scorecard_backfill('dumped', '2026-01-01', '2026-01-03') AS written;
