-- The demo's scorecard as rows (README "Scorecards"): the same measures,
-- weights and bands as customer_health_by_hand (demo/health_views.sql), kept in
-- the extension's tables, run over 2026 into health_history, and read by the
-- views customer_health and segment_health, which the report, the README
-- examples and the dashboards query. Included by demo/sample_data.sql after
-- health_views.sql.

-- The source: one row per customer and day, with the segment each measure is
-- scaled within.
CREATE VIEW customer_day_source AS
SELECT m.customer_id, m.day, c.segment, m.logins_30d, m.seat_use_pct, m.ticket_load_30d,
       m.nps_180d, m.csat_180d
FROM customer_day_measures m JOIN customers c USING (customer_id);
COMMENT ON VIEW customer_day_source IS
    'The source of the customer scorecard: raw measures per customer and day, with the segment';

INSERT INTO scorecard (name, source, account_column, day_column, cohort_column, priority, description)
VALUES ('customer', 'customer_day_source', 'customer_id', 'day', 'segment', 10,
        'Customer health: usage, seats in use, NPS, CSAT and support load, scored within the segment');

-- Launch weights (those of customer_health_by_hand).
INSERT INTO scorecard_version (scorecard, valid_from, red_below, green_from, band_margin, missing, min_coverage, note)
VALUES ('customer', '2026-01-01', 40, 70, 5, 'renormalize', 0.5, 'launch weights');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling, worst, best, higher_is_better)
VALUES ('customer', '2026-01-01', 'usage',   'logins_30d',      0.3, 'minmax', NULL, NULL, true),
       ('customer', '2026-01-01', 'seats',   'seat_use_pct',    0.2, 'minmax', NULL, NULL, true),
       ('customer', '2026-01-01', 'nps',     'nps_180d',        0.2, 'linear', -100, 100,  true),
       ('customer', '2026-01-01', 'csat',    'csat_180d',       0.1, 'none',   NULL, NULL, true),
       ('customer', '2026-01-01', 'support', 'ticket_load_30d', 0.2, 'minmax', NULL, NULL, false);

-- 2026 as daily runs would have written it.
SELECT scorecard_backfill('customer', '2026-01-01', '2026-12-31');

-- The Q3 churn review re-weighted from 2026-10-01: seats and support load,
-- which predicted churn better than NPS and CSAT, count more.
INSERT INTO scorecard_version (scorecard, valid_from, red_below, green_from, band_margin, missing, min_coverage, note)
VALUES ('customer', '2026-10-01', 40, 70, 5, 'renormalize', 0.5,
        'Q3 review: seats and support load count more, NPS and CSAT less');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling, worst, best, higher_is_better)
SELECT scorecard, '2026-10-01', measure, source_column,
       CASE measure WHEN 'usage' THEN 0.3 WHEN 'seats' THEN 0.3 WHEN 'nps' THEN 0.1
                    WHEN 'csat' THEN 0.05 WHEN 'support' THEN 0.25 END,
       scaling, worst, best, higher_is_better
FROM scorecard_measure WHERE scorecard = 'customer' AND valid_from = '2026-01-01';

-- A CSM's judgment: the renewal is signed, whatever the usage says.
INSERT INTO score_override (scorecard, account, score, valid, reason, created_by, created_at)
VALUES ('customer', '2660', 75, '[2026-12-15,2027-03-31)',
        'Renewal signed on 2026-12-14 by the new VP; usage lags the rollout', 'csm_dana',
        '2026-12-14 16:20+00');

-- Restate Q4 under the new version (and the override): the history keeps
-- which version scored each day; scorecard_preview(..., version) shows the
-- as-was scores beside.
SELECT scorecard_backfill('customer', '2026-10-01', '2026-12-31');

-- The views the report, the README and the dashboards read: the columns of
-- customer_health_by_hand, from the history, in plain types (bands as text).
CREATE VIEW customer_health AS
SELECT c.customer_id, c.name, c.segment, c.arr, h.day,
       (h.measures ->> 'usage')::float8 AS usage_score, (h.measures ->> 'seats')::float8 AS seats_score,
       (h.measures ->> 'nps')::float8 AS nps_score, (h.measures ->> 'csat')::float8 AS csat_score,
       (h.measures ->> 'support')::float8 AS support_score,
       h.score AS health, h.coverage, h.band::text AS band, h.steady_band::text AS steady_band,
       h.drivers[1] AS driver_1, h.drivers[2] AS driver_2, h.overridden
FROM health_history h
JOIN customers c ON c.customer_id = h.account::int
WHERE h.scorecard = 'customer';
COMMENT ON VIEW customer_health IS
    'Health per customer and day from the customer scorecard''s history: the measures'' 0-100 scores, the weighted score, its coverage, band, band with hysteresis, the two measures costing the most points, and whether an override applied';

CREATE VIEW segment_health AS
SELECT segment, date_trunc('week', day)::date AS week,
       count(*) FILTER (WHERE steady_band = 'red') AS red,
       count(*) FILTER (WHERE steady_band = 'yellow') AS yellow,
       count(*) FILTER (WHERE steady_band = 'green') AS green,
       round(avg(health)::numeric, 1)::float8 AS mean_health,
       count(*) AS customers
FROM customer_health
-- the weeks' last days (Sundays, and the last day scored), through the index on day
WHERE day = ANY (ARRAY(
    SELECT d::date FROM generate_series((SELECT min(day) FROM health_history WHERE scorecard = 'customer'),
                                        (SELECT max(day) FROM health_history WHERE scorecard = 'customer'),
                                        interval '1 day') d
    WHERE extract(isodow FROM d) = 7
       OR d = (SELECT max(day) FROM health_history WHERE scorecard = 'customer')))
GROUP BY segment, day;  -- one day per week
COMMENT ON VIEW segment_health IS
    'Per segment and week: customers red, yellow and green (band with hysteresis) on the week''s last day, and their mean health score';
