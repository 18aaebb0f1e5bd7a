-- The health of every customer on every day, and of every segment by week,
-- written by hand: how a scorecard works, step by step (README "A health view
-- by hand"). The demo's dashboards read the same scorecard defined as rows and
-- kept in health_history (demo/scorecard.sql, loaded next), whose
-- customer_health and segment_health views have these columns. Included at the
-- end of demo/sample_data.sql; needs the extension.
--
-- customer_day_measures (a table, computed once): per customer and day, the
--   raw measures over a trailing window: logins and seat use over 30 days,
--   support load (tickets weighted by severity) over 30 days, NPS and CSAT of
--   the survey answers of the last 180 days.
-- customer_health_by_hand (a view): each measure scored 0-100 within its segment on
--   that day (min-max through minmax_fit / minmax_apply: a parallel GROUP BY
--   and a hash join, no window sort), satisfaction from NPS and CSAT, the
--   weighted health score (usage 0.3, seats 0.2, NPS 0.2, CSAT 0.1, support
--   0.2; a missing measure's weight goes to the others, and a score needs half
--   the weight present), its coverage, its band, the band with hysteresis
--   (margin 5: no flapping around 40 and 70), and the two measures that cost it
--   the most points.
-- segment_health_by_hand (a view): per segment and week, how many customers were red,
--   yellow and green on the week's last day, and their mean score.

CREATE TABLE customer_day_measures AS
WITH tickets AS (
    SELECT customer_id, opened_at::date AS day, sum(severity) AS load
    FROM support_tickets GROUP BY 1, 2
), answers AS (
    SELECT customer_id, responded_at::date AS day,
           count(nps) AS nps_n, count(*) FILTER (WHERE nps >= 9) AS promoters,
           count(*) FILTER (WHERE nps <= 6) AS detractors,
           count(csat) AS csat_n, count(*) FILTER (WHERE csat >= 4) AS satisfied
    FROM survey_responses GROUP BY 1, 2
), daily AS (
    SELECT u.customer_id, u.day, u.logins, u.active_seats, u.seats_purchased,
           coalesce(t.load, 0) AS load,
           coalesce(a.nps_n, 0) AS nps_n, coalesce(a.promoters, 0) AS promoters,
           coalesce(a.detractors, 0) AS detractors, coalesce(a.csat_n, 0) AS csat_n,
           coalesce(a.satisfied, 0) AS satisfied
    FROM usage_daily u
    LEFT JOIN tickets t USING (customer_id, day)
    LEFT JOIN answers a USING (customer_id, day)
)
SELECT customer_id, day,
       sum(logins) OVER d30 AS logins_30d,
       100.0 * sum(active_seats) OVER d30 / nullif(sum(seats_purchased) FILTER (WHERE active_seats IS NOT NULL) OVER d30, 0)
           AS seat_use_pct,
       sum(load) OVER d30 AS ticket_load_30d,
       100.0 * (sum(promoters) OVER d180 - sum(detractors) OVER d180) / nullif(sum(nps_n) OVER d180, 0)
           AS nps_180d,
       100.0 * sum(satisfied) OVER d180 / nullif(sum(csat_n) OVER d180, 0) AS csat_180d
FROM daily
WINDOW d30 AS (PARTITION BY customer_id ORDER BY day RANGE BETWEEN '29 days' PRECEDING AND CURRENT ROW),
       d180 AS (PARTITION BY customer_id ORDER BY day RANGE BETWEEN '179 days' PRECEDING AND CURRENT ROW);
ALTER TABLE customer_day_measures ADD PRIMARY KEY (customer_id, day);
ANALYZE customer_day_measures;
COMMENT ON TABLE customer_day_measures IS
    'Raw measures per customer and day over trailing windows: logins and seat use (30 days), severity-weighted tickets (30 days), NPS and CSAT (180 days)';

CREATE VIEW customer_health_by_hand AS
WITH fits AS (
    SELECT c.segment, m.day,
           minmax_fit(m.logins_30d::float8) AS logins_fit,
           minmax_fit(m.seat_use_pct::float8) AS seats_fit,
           minmax_fit(m.ticket_load_30d::float8) AS load_fit
    FROM customer_day_measures m JOIN customers c USING (customer_id)
    GROUP BY c.segment, m.day
), scored AS (
    SELECT m.customer_id, c.name, c.segment, c.arr, m.day,
           ARRAY[minmax_apply(f.logins_fit, m.logins_30d::float8),
                 minmax_apply(f.seats_fit, m.seat_use_pct::float8),
                 scale_linear(m.nps_180d::float8, -100, 100),
                 m.csat_180d::float8,
                 minmax_apply(f.load_fit, m.ticket_load_30d::float8, false)] AS scores
    FROM customer_day_measures m
    JOIN customers c USING (customer_id)
    JOIN fits f ON f.segment = c.segment AND f.day = m.day
), health AS (
    SELECT s.*,
           health_score(scores, ARRAY[0.3, 0.2, 0.2, 0.1, 0.2], 'renormalize', 0.5) AS health,
           health_coverage(scores, ARRAY[0.3, 0.2, 0.2, 0.1, 0.2]) AS coverage
    FROM scored s
), banded AS (
    SELECT h.*, health_band(health) AS band,
           band_hysteresis(health, 40, 70, 5) OVER (PARTITION BY customer_id ORDER BY day) AS steady_band
    FROM health h
)
-- The drivers are computed above the window: a query's filter on the view
-- (WHERE day = ...) then applies before them, so only the rows it keeps pay.
SELECT b.customer_id, b.name, b.segment, b.arr, b.day,
       b.scores[1] AS usage_score, b.scores[2] AS seats_score, b.scores[3] AS nps_score,
       b.scores[4] AS csat_score, b.scores[5] AS support_score,
       b.health, b.coverage, b.band, b.steady_band,
       d.drivers -> 0 ->> 'measure' AS driver_1,
       d.drivers -> 1 ->> 'measure' AS driver_2
FROM banded b
CROSS JOIN LATERAL (
    SELECT CASE WHEN b.health IS NOT NULL
                THEN health_drivers_json(ARRAY['usage', 'seats', 'nps', 'csat', 'support'], b.scores,
                                         ARRAY[0.3, 0.2, 0.2, 0.1, 0.2]) END AS drivers
    OFFSET 0) d;
COMMENT ON VIEW customer_health_by_hand IS
    'Health per customer and day: measures scored 0-100 within the segment and day, the weighted score (renormalized, half the weight required), its coverage, band, band with hysteresis, and the two measures costing the most points';

CREATE VIEW segment_health_by_hand AS
SELECT segment, date_trunc('week', day)::date AS week,
       count(*) FILTER (WHERE steady_band = 'red') AS red,
       count(*) FILTER (WHERE steady_band = 'yellow') AS yellow,
       count(*) FILTER (WHERE steady_band = 'green') AS green,
       round(avg(health)::numeric, 1) AS mean_health,
       count(*) AS customers
FROM customer_health_by_hand
WHERE extract(isodow FROM day) = 7 OR day = date '2026-12-31'
GROUP BY segment, date_trunc('week', day);
COMMENT ON VIEW segment_health_by_hand IS
    'Per segment and week: customers red, yellow and green (band with hysteresis) on the week''s last day, and their mean health score';
