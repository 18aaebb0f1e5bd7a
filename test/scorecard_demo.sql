-- The demo's scorecard as rows gives the arithmetic of the hand-written view:
-- a scorecard with the launch version of 'customer' (demo/scorecard.sql),
-- backfilled over 2026, against customer_health_by_hand
-- (demo/health_views.sql) on every account and day: scores and coverage equal
-- to 1e-12, bands and bands with hysteresis equal. Run by
-- test/readme_examples.sh on the demo data; raises an error on any difference.
\set ON_ERROR_STOP 1
INSERT INTO scorecard (name, source, account_column, day_column, cohort_column)
SELECT 'by_hand_check', source, account_column, day_column, cohort_column FROM scorecard WHERE name = 'customer';
INSERT INTO scorecard_version
SELECT 'by_hand_check', valid_from, red_below, green_from, band_margin, missing, min_coverage, note
FROM scorecard_version WHERE scorecard = 'customer' AND valid_from = '2026-01-01';
INSERT INTO scorecard_measure
SELECT 'by_hand_check', valid_from, measure, source_column, group_name, weight, scaling, worst, best, higher_is_better
FROM scorecard_measure WHERE scorecard = 'customer' AND valid_from = '2026-01-01';
SELECT scorecard_backfill('by_hand_check', '2026-01-01', '2026-12-31') AS written \gset

DO $$
DECLARE
    r record;
BEGIN
    SELECT count(*) AS rows,
           count(*) FILTER (WHERE h.account IS NULL OR v.customer_id IS NULL) AS unmatched,
           count(*) FILTER (WHERE (h.score IS NULL) <> (v.health IS NULL) OR abs(h.score - v.health) > 1e-12) AS score,
           count(*) FILTER (WHERE (h.coverage IS NULL) <> (v.coverage IS NULL)
                               OR abs(h.coverage - v.coverage) > 1e-12) AS coverage,
           count(*) FILTER (WHERE h.band IS DISTINCT FROM v.band) AS band,
           count(*) FILTER (WHERE h.steady_band IS DISTINCT FROM v.steady_band) AS steady_band,
           count(*) FILTER (WHERE h.band IS DISTINCT FROM h.steady_band) AS held_by_hysteresis
    INTO r
    FROM (SELECT * FROM health_history WHERE scorecard = 'by_hand_check') h
    FULL JOIN customer_health_by_hand v ON h.account = v.customer_id::text AND h.day = v.day;
    RAISE NOTICE 'scorecard demo: % account-days, % unmatched, differing: % scores, % coverages, % bands, % steady bands (% days held by hysteresis)',
        r.rows, r.unmatched, r.score, r.coverage, r.band, r.steady_band, r.held_by_hysteresis;
    IF r.rows < 1000000 OR r.unmatched + r.score + r.coverage + r.band + r.steady_band > 0
       OR r.held_by_hysteresis = 0 THEN
        RAISE EXCEPTION 'the scorecard as rows differs from customer_health_by_hand';
    END IF;
END
$$;
DELETE FROM health_history WHERE scorecard = 'by_hand_check';
DELETE FROM scorecard WHERE name = 'by_hand_check';
