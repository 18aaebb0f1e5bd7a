-- The answers test/upgrade.sh compares before pg_dump and after the restore.
\set ON_ERROR_STOP 1
SET search_path = public, healthscore;
SELECT id, band, tier, category FROM accounts WHERE id % 97 = 0 ORDER BY id;
SELECT band, tier, count(*) FROM accounts GROUP BY band, tier ORDER BY band, tier;
SELECT * FROM segment_nps ORDER BY segment;
SELECT * FROM segment_health ORDER BY segment;
SELECT * FROM quarter_nps ORDER BY segment;
SELECT (rollup(summary)).* FROM segment_nps;
SELECT segment, usage_fit, ticket_fit, minmax_apply(usage_fit, 50), normal_apply(ticket_fit, 5)
FROM segment_fits ORDER BY segment;
SELECT segment, nps_summary_final(nps_state), health_final(health_state) FROM states ORDER BY segment;
-- The expression index answers (its plan is shown, then its rows).
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM accounts WHERE health_score(ARRAY[score, usage], ARRAY[2, 1]) > 95;
SELECT id, health_score(ARRAY[score, usage], ARRAY[2, 1]) FROM accounts
WHERE health_score(ARRAY[score, usage], ARRAY[2, 1]) > 95 ORDER BY id;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM accounts WHERE scale_log(tickets + 1, 24, 1) > 90;
SELECT count(*) FROM accounts WHERE scale_log(tickets + 1, 24, 1) > 90;
-- The scorecard's definitions and history, and a run after the restore.
SELECT name, source, account_column, day_column, cohort_column FROM scorecard ORDER BY name;
SELECT * FROM scorecard_measure ORDER BY scorecard, valid_from, measure;
SELECT account, measure, score, valid, reason FROM score_override ORDER BY account;
SELECT version, count(*), round(avg(score)::numeric, 6), count(*) FILTER (WHERE overridden) AS overridden,
       string_agg(DISTINCT steady_band::text, ',') FROM health_history WHERE scorecard = 'dumped' GROUP BY version;
SELECT account, day, score, steady_band, measures, groups, drivers FROM health_history
WHERE scorecard = 'dumped' AND account::int % 401 = 0 ORDER BY account, day;
SELECT account, score, steady_band FROM scorecard_preview('dumped', '2026-01-03')
WHERE account::int % 401 = 0 ORDER BY account;
