-- The healthscore demo report: survey metrics per segment with confidence
-- intervals, and the quarter-over-quarter change of NPS.
\pset footer off
\echo
\echo '== Sample data'
SELECT count(*) AS customers, count(DISTINCT segment) AS segments,
       (SELECT count(*) FROM survey_responses) AS survey_responses,
       (SELECT min(responded_at)::date || ' .. ' || max(responded_at)::date FROM survey_responses) AS period
FROM customers;

\echo '== NPS per segment (2026), 95% adjusted-Wald interval'
SELECT segment, (s).responses, (s).promoters, (s).passives, (s).detractors,
       round((s).nps::numeric, 1) AS nps,
       round((s).ci_low::numeric, 1) || ' .. ' || round((s).ci_high::numeric, 1) AS ci_95
FROM (SELECT c.segment, nps_summary(r.nps) AS s
      FROM survey_responses r JOIN customers c USING (customer_id)
      GROUP BY c.segment) t
ORDER BY (s).nps DESC;

\echo '== CSAT (top-2-box of 1-5) per segment, 95% Wilson interval'
SELECT segment, (s).responses, (s).satisfied, round((s).pct::numeric, 1) AS csat_pct,
       round((s).ci_low::numeric, 1) || ' .. ' || round((s).ci_high::numeric, 1) AS ci_95
FROM (SELECT c.segment, csat_summary(r.csat) AS s
      FROM survey_responses r JOIN customers c USING (customer_id)
      GROUP BY c.segment) t
ORDER BY (s).pct DESC;

\echo '== CES (1-7, lower is easier) per segment, 95% Student t interval'
SELECT segment, (s).responses, round((s).mean::numeric, 2) AS ces,
       round((s).stddev::numeric, 2) AS stddev,
       round((s).ci_low::numeric, 2) || ' .. ' || round((s).ci_high::numeric, 2) AS ci_95
FROM (SELECT c.segment, ces_summary(r.ces) AS s
      FROM survey_responses r JOIN customers c USING (customer_id)
      GROUP BY c.segment) t
ORDER BY (s).mean;

\echo '== NPS change, Q3 -> Q4 2026, per segment (pooled two-sided z test, 95% adjusted-Wald interval)'
WITH quarterly AS (
    SELECT c.segment,
           nps_summary(r.nps) FILTER (WHERE r.responded_at >= '2026-07-01' AND r.responded_at < '2026-10-01') AS q3,
           nps_summary(r.nps) FILTER (WHERE r.responded_at >= '2026-10-01') AS q4
    FROM survey_responses r JOIN customers c USING (customer_id)
    GROUP BY c.segment
)
SELECT segment, round((q3).nps::numeric, 1) AS nps_q3, round((q4).nps::numeric, 1) AS nps_q4,
       round((ch).delta::numeric, 1) AS change,
       round((ch).ci_low::numeric, 1) || ' .. ' || round((ch).ci_high::numeric, 1) AS ci_95,
       round((ch).p_value::numeric, 4) AS p_value,
       CASE WHEN (ch).p_value < 0.05 THEN 'significant' ELSE 'noise' END AS verdict
FROM (SELECT segment, q3, q4, nps_change(q3, q4) AS ch FROM quarterly) t
ORDER BY segment;

\echo '== Daily summaries rolled up to quarters equal the raw quarter (rollup)'
WITH daily AS (
    SELECT date_trunc('day', responded_at) AS day, nps_summary(nps) AS s
    FROM survey_responses GROUP BY 1
), quarters AS (
    SELECT extract(quarter FROM day) AS quarter, rollup(s) AS rolled,
           avg((s).nps) AS naive_avg
    FROM daily GROUP BY 1
), raw AS (
    SELECT extract(quarter FROM responded_at) AS quarter, nps_summary(nps) AS s
    FROM survey_responses GROUP BY 1
)
SELECT quarter, (rolled).responses, round((rolled).nps::numeric, 2) AS nps_rolled_up,
       round(naive_avg::numeric, 2) AS naive_avg_of_daily_nps, rolled = raw.s AS equals_raw_rows
FROM quarters JOIN raw USING (quarter)
ORDER BY quarter;

\echo '== Usage normalized within each segment (0-100, higher = healthier)'
\echo '   logins: min-max winsorized at 5%/95%; seats: percentile; tickets: percentile, fewer is better'
WITH scored AS (
    SELECT c.segment, c.name, u.logins_30d, u.seats_used_pct, u.tickets_30d,
           round(minmax_score(u.logins_30d, true, 0.05) OVER w) AS logins_score,
           round(percentile_score(u.seats_used_pct) OVER w) AS seats_score,
           round(percentile_score(u.tickets_30d, false) OVER w) AS tickets_score,
           row_number() OVER (PARTITION BY c.segment ORDER BY c.customer_id) AS n
    FROM customers c JOIN customer_usage u USING (customer_id)
    WINDOW w AS (PARTITION BY c.segment)
)
SELECT segment, name, logins_30d, logins_score, seats_used_pct, seats_score,
       tickets_30d, tickets_score
FROM scored WHERE n <= 3
ORDER BY segment, name;

\echo '== Fit per segment, then apply: the same min-max scores without a window sort'
CREATE TEMP TABLE usage_fits AS
SELECT c.segment, minmax_fit(u.logins_30d) AS logins_fit, zscore_fit(u.logins_30d) AS logins_z
FROM customers c JOIN customer_usage u USING (customer_id)
GROUP BY c.segment;
SELECT segment, logins_fit, logins_z FROM usage_fits ORDER BY segment;
SELECT c.segment,
       round(avg(minmax_apply(f.logins_fit, u.logins_30d))::numeric, 1) AS avg_logins_score,
       round(avg(normal_apply(f.logins_z, u.logins_30d))::numeric, 1) AS avg_normal_score,
       count(*) FILTER (WHERE normal_apply(f.logins_z, u.logins_30d) < 20) AS low_engagement_accounts
FROM customers c JOIN customer_usage u USING (customer_id) JOIN usage_fits f USING (segment)
GROUP BY c.segment ORDER BY c.segment;

\echo '== Absolute targets: seats in use, 20% is bad and 90% is great'
SELECT c.segment,
       round(avg(scale_linear(u.seats_used_pct, 20, 90))::numeric, 1) AS seats_target_score,
       round(avg(scale_sigmoid(u.tickets_30d, 5, -2))::numeric, 1) AS ticket_load_score
FROM customers c JOIN customer_usage u USING (customer_id)
GROUP BY c.segment ORDER BY c.segment;

\echo '== Health on 2026-12-31 per segment (weighted score, band with hysteresis; view customer_health)'
SELECT segment, count(*) AS customers,
       count(*) FILTER (WHERE steady_band = 'red') AS red,
       count(*) FILTER (WHERE steady_band = 'yellow') AS yellow,
       count(*) FILTER (WHERE steady_band = 'green') AS green,
       round(avg(health)::numeric, 1) AS mean_health,
       round(avg(coverage)::numeric, 2) AS mean_coverage
FROM customer_health WHERE day = date '2026-12-31'
GROUP BY segment ORDER BY segment;

\echo '== The ten most at-risk accounts by ARR (red on 2026-12-31), and what costs them the most'
SELECT name, segment, arr, round(health::numeric, 1) AS health, band, steady_band,
       driver_1, driver_2
FROM customer_health
WHERE day = date '2026-12-31' AND steady_band = 'red'
ORDER BY arr DESC, customer_id
LIMIT 10;
