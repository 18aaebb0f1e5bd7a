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

\echo '== NPS per segment (2026): customers answer repeatedly; interval as if answers were independent (rollup) and clustered by customer (nps_clustered)'
SELECT segment, (r).responses, count AS customers, round((r).nps::numeric, 1) AS nps,
       round((r).ci_low::numeric, 1) || ' .. ' || round((r).ci_high::numeric, 1) AS independent_95,
       round((c).ci_low::numeric, 1) || ' .. ' || round((c).ci_high::numeric, 1) AS clustered_95,
       round(((c).std_error / (r).std_error)::numeric, 2) AS se_ratio
FROM (SELECT segment, count(*), rollup(s) AS r, nps_clustered(s) AS c
      FROM (SELECT c.segment, r.customer_id, nps_summary(r.nps) AS s
            FROM survey_responses r JOIN customers c USING (customer_id)
            WHERE r.nps IS NOT NULL
            GROUP BY c.segment, r.customer_id) per_customer
      GROUP BY segment) t
ORDER BY segment;

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

-- The three days the report reads, from the scorecard's history (view customer_health).
CREATE TEMP TABLE health_snapshot AS
SELECT * FROM customer_health WHERE day IN (date '2026-06-30', date '2026-09-30', date '2026-12-31');

\echo '== Health on 2026-12-31 per segment (weighted score, band with hysteresis; view customer_health)'
SELECT segment, count(*) AS customers,
       count(*) FILTER (WHERE steady_band = 'red') AS red,
       count(*) FILTER (WHERE steady_band = 'yellow') AS yellow,
       count(*) FILTER (WHERE steady_band = 'green') AS green,
       round(avg(health)::numeric, 1) AS mean_health,
       round(avg(coverage)::numeric, 2) AS mean_coverage
FROM health_snapshot WHERE day = date '2026-12-31'
GROUP BY segment ORDER BY segment;

\echo '== The ten most at-risk accounts by ARR (steady band red on 2026-12-31), and what costs them the most'
\echo '   steady_band: the band with hysteresis (margin 5), which stays red until the score reaches 45;'
\echo '   band_of_the_day: the plain band of the score of that day (red below 40), yellow for some of them'
SELECT name, segment, arr, round(health::numeric, 1) AS health, steady_band, band AS band_of_the_day,
       driver_1, driver_2
FROM health_snapshot
WHERE day = date '2026-12-31' AND steady_band = 'red'
ORDER BY arr DESC, customer_id
LIMIT 10;

\echo '== The scorecard as rows: its versions, measures and weights (tables scorecard_version, scorecard_measure)'
SELECT m.valid_from AS version, v.note, m.measure, m.source_column, m.scaling,
       coalesce(m.worst || ' .. ' || m.best, '') AS worst_best, m.higher_is_better, m.weight
FROM scorecard_measure m JOIN scorecard_version v USING (scorecard, valid_from)
WHERE m.scorecard = 'customer'
ORDER BY m.valid_from, m.weight DESC, m.measure;

\echo '== Re-weighted from 2026-10-01: as-was (launch weights) beside restated (stored), 2026-12-31, per segment'
SELECT h.segment, count(*) AS customers,
       round(avg(p.score)::numeric, 1) AS as_was_mean, round(avg(h.health)::numeric, 1) AS restated_mean,
       count(*) FILTER (WHERE p.band = 'red') AS as_was_red,
       count(*) FILTER (WHERE h.band = 'red') AS restated_red,
       count(*) FILTER (WHERE p.band::text <> h.band) AS band_changed
FROM health_snapshot h
JOIN scorecard_preview('customer', '2026-12-31', '2026-01-01') p ON p.account = h.customer_id::text
WHERE h.day = date '2026-12-31'
GROUP BY h.segment ORDER BY h.segment;

\echo '== Overrides in force on 2026-12-31, with their reasons (table score_override)'
SELECT o.account, c.name, coalesce(o.measure, '(overall)') AS measure, o.score, o.valid, o.reason, o.created_by,
       round(p.score::numeric, 1) AS computed_score, h.band AS band_with_override
FROM score_override o
JOIN customers c ON c.customer_id::text = o.account
JOIN health_snapshot h ON h.customer_id = c.customer_id AND h.day = date '2026-12-31'
LEFT JOIN LATERAL (
    SELECT health_score(ARRAY[usage_score, seats_score, nps_score, csat_score, support_score],
                        ARRAY[0.3, 0.3, 0.1, 0.05, 0.25], 'renormalize', 0.5) AS score) p ON true
WHERE o.scorecard = 'customer' AND o.valid @> date '2026-12-31'
ORDER BY o.account;

\echo '== Falling: the ten accounts by ARR whose score dropped by 10 or more over the 30 days to 2026-12-31'
SELECT c.name, c.segment, c.arr, round(t.previous_score::numeric, 1) AS score_30d_ago,
       round(t.score::numeric, 1) AS score, round(t.delta::numeric, 1) AS delta
FROM health_trend('customer', '2026-12-31', '30 days', 10) t
JOIN customers c ON c.customer_id::text = t.account
WHERE t.direction = 'down'
ORDER BY c.arr DESC, c.customer_id
LIMIT 10;

\echo '== Band transitions of the last 30 days (view health_transitions), per segment'
SELECT c.segment, t.from_band || ' -> ' || t.to_band AS transition, count(*) AS accounts
FROM health_transitions t JOIN customers c ON c.customer_id::text = t.account
WHERE t.scorecard = 'customer' AND t.day > date '2026-12-31' - 30
GROUP BY 1, 2 ORDER BY 1, 2;

-- Calibration: the scores every customer had on 2026-06-30 (computed from
-- the data up to that day only) against who churned in the following 90 days.
-- Besides the score's five measures: engagement with time (logins per seat as
-- a 30-day EWMA, decayed with a half-life of 14 days, and its trend: the
-- 7-day EWMA over the 30-day one), key-feature uses and seats purchased, none
-- of them in the score.
CREATE TEMP TABLE calibration AS
WITH engagement AS (
    SELECT customer_id,
           avg(logins::float8 / seats_purchased) FILTER (WHERE day > date '2026-06-30' - 30) AS logins_per_seat_30d,
           decayed_avg(logins::float8 / seats_purchased, day::timestamp AT TIME ZONE 'UTC', '14 days',
                       timestamptz '2026-06-30 00:00+00') AS decayed_logins_per_seat,
           ewma(logins::float8 / seats_purchased, 2.0 / 31 ORDER BY day) AS ewma_30d,
           ewma(logins::float8 / seats_purchased, 2.0 / 8 ORDER BY day) AS ewma_7d,
           avg(key_feature_uses) FILTER (WHERE day > date '2026-06-30' - 30) AS key_feature_uses_30d,
           max(seats_purchased) AS seats_purchased
    FROM usage_daily WHERE day <= date '2026-06-30'
    GROUP BY customer_id
)
SELECT h.customer_id, h.name, h.segment, h.health, h.band, h.usage_score, h.seats_score, h.nps_score,
       h.csat_score, h.support_score, e.logins_per_seat_30d, e.decayed_logins_per_seat, e.ewma_30d,
       e.ewma_7d, e.key_feature_uses_30d, e.seats_purchased,
       -- The trend as a 0-100 score within the segment: 7-day over 30-day EWMA.
       percentile_score(e.ewma_7d / nullif(e.ewma_30d, 0)) OVER (PARTITION BY h.segment) AS trend_score,
       NOT coalesce(c.churned_at <= date '2026-06-30' + 90, false) AS stays
FROM health_snapshot h
JOIN customers c USING (customer_id)
JOIN engagement e USING (customer_id)
WHERE h.day = date '2026-06-30' AND c.contract_start <= date '2026-06-30' - 29;

\echo '== Calibration: does the health score of 2026-06-30 predict churn in the next 90 days?'
\echo '   ROC AUC = the chance that a customer who stays scored higher than one who churned (0.5: a coin flip, 1: perfect)'
SELECT count(*) AS customers, count(*) FILTER (WHERE NOT stays) AS churned_within_90_days,
       round(roc_auc(health, stays)::numeric, 3) AS auc
FROM calibration;

\echo '== Churn in the next 90 days per band of 2026-06-30'
SELECT band, count(*) AS customers, count(*) FILTER (WHERE NOT stays) AS churned,
       round(100.0 * count(*) FILTER (WHERE NOT stays) / count(*), 1) AS churn_pct
FROM calibration GROUP BY band ORDER BY band::health_band;

\echo '== Which measure predicts churn? AUC of each, on its own (0.5: it says nothing)'
\echo '   verdict by AUC: strong from 0.75, useful from 0.65, weak from 0.58; below 0.58 too weak to act on,'
\echo '   even when it differs from 0.5 by more than sampling noise'
SELECT measure, weight_in_score, round(roc_auc(x, stays)::numeric, 3) AS auc,
       CASE WHEN roc_auc(x, stays) >= 0.75 THEN 'strong'
            WHEN roc_auc(x, stays) >= 0.65 THEN 'useful'
            WHEN roc_auc(x, stays) >= 0.58 THEN 'weak'
            ELSE 'too weak' END AS verdict
FROM calibration
CROSS JOIN LATERAL (VALUES
    ('usage (logins, 30 days)', '0.3', usage_score), ('seats in use', '0.2', seats_score),
    ('NPS (180 days)', '0.2', nps_score), ('CSAT (180 days)', '0.1', csat_score),
    ('support load (30 days)', '0.2', support_score),
    ('usage trend (EWMA 7d / 30d)', '-', trend_score),
    ('logins per seat, 30-day EWMA', '-', ewma_30d),
    ('logins per seat, decayed (14 days)', '-', decayed_logins_per_seat),
    ('key-feature uses (30 days)', '-', key_feature_uses_30d),
    ('seats purchased', '-', seats_purchased::float8)) m(measure, weight_in_score, x)
GROUP BY measure, weight_in_score ORDER BY roc_auc(x, stays) DESC;

\echo '== Rebalanced: the usage trend in (0.3), NPS and CSAT down: the same customers, scored again'
SELECT round(roc_auc(health, stays)::numeric, 3) AS auc_current,
       round(roc_auc(health_score(ARRAY[usage_score, seats_score, nps_score, csat_score, support_score, trend_score],
                                  ARRAY[0.15, 0.2, 0.1, 0.05, 0.2, 0.3], 'renormalize', 0.5), stays)::numeric, 3)
           AS auc_rebalanced
FROM calibration;

-- Suggested weights: the five measure scores of 2026-06-30 fitted against
-- staying 90 days by logistic regression; the positive coefficients of the
-- significant measures (p < 0.05), normalized, are the suggested weights.
CREATE TEMP TABLE suggested AS
SELECT logistic_fit(stays, ARRAY[usage_score, seats_score, nps_score, csat_score, support_score]) AS fit
FROM calibration;

\echo '== Suggested weights: the five measure scores of 2026-06-30 fitted against staying 90 days (logistic_fit)'
\echo '   a coefficient is the change in the log-odds of staying per score point; suggested: the positive'
\echo '   coefficients with p < 0.05, normalized to sum 1 (logistic_weights); a measure without one gets 0'
SELECT measure, current_weight, round(coefficient::numeric, 4) AS coefficient,
       round(p_value::numeric, 4) AS p_value, round(suggested_weight::numeric, 3) AS suggested_weight
FROM suggested,
     unnest(ARRAY['usage', 'seats', 'NPS', 'CSAT', 'support'], ARRAY[0.3, 0.2, 0.2, 0.1, 0.2],
            (fit).coefficients[2:], (fit).p_values[2:], logistic_weights(fit))
         m(measure, current_weight, coefficient, p_value, suggested_weight);

-- A later period the weights were not fitted on: the scores of 2026-09-30
-- against staying until 2026-12-29.
CREATE TEMP TABLE calibration_later AS
SELECT h.usage_score, h.seats_score, h.nps_score, h.csat_score, h.support_score, h.health,
       NOT coalesce(c.churned_at <= date '2026-09-30' + 90, false) AS stays
FROM health_snapshot h JOIN customers c USING (customer_id)
WHERE h.day = date '2026-09-30' AND c.contract_start <= date '2026-09-30' - 29;

\echo '== AUC of the current and the suggested weights: on 2026-06-30 (fitted on) and 2026-09-30 (not fitted on)'
SELECT period, count(*) AS customers, count(*) FILTER (WHERE NOT stays) AS churned_within_90_days,
       round(roc_auc(health, stays)::numeric, 3) AS auc_current_weights,
       round(roc_auc(health_score(ARRAY[usage_score, seats_score, nps_score, csat_score, support_score],
                                  (SELECT logistic_weights(fit) FROM suggested), 'renormalize', 0.5),
                     stays)::numeric, 3) AS auc_suggested_weights
FROM (SELECT '2026-06-30 (fitted)' AS period, usage_score, seats_score, nps_score, csat_score,
             support_score, health, stays FROM calibration
      UNION ALL
      SELECT '2026-09-30 (later)', * FROM calibration_later) p
GROUP BY period ORDER BY period;

\echo '== Calibration curve of the fit on the later period: predicted chance of staying against what happened'
\echo '   (calibration_bins over logistic_apply; brier_score: the mean squared gap, lower is better)'
SELECT (b->>'bin')::int AS bin, (b->>'n')::int AS customers,
       round((b->>'mean_predicted')::numeric, 3) AS mean_predicted,
       round((b->>'observed_rate')::numeric, 3) AS observed_rate, round(brier::numeric, 4) AS brier_score
FROM (SELECT calibration_bins(p, stays, 10) AS bins, brier_score(p, stays) AS brier
      FROM (SELECT logistic_apply(s.fit, ARRAY[usage_score, seats_score, nps_score, csat_score, support_score]) AS p,
                   stays
            FROM calibration_later, suggested s) a) c,
     jsonb_array_elements(bins) b
ORDER BY bin;

\echo '== Engagement with time: the ten accounts whose logins per seat fell fastest by 2026-06-30'
SELECT name, segment, round(logins_per_seat_30d::numeric, 2) AS raw_30d_mean,
       round(decayed_logins_per_seat::numeric, 2) AS decayed_14d, round(ewma_30d::numeric, 2) AS ewma_30d,
       round(ewma_7d::numeric, 2) AS ewma_7d, round((100 * (ewma_7d / ewma_30d - 1))::numeric) AS trend_pct,
       NOT stays AS churned_within_90_days
FROM calibration WHERE ewma_30d > 0
ORDER BY ewma_7d / ewma_30d, customer_id
LIMIT 10;

\echo '== How long accounts last, by band of their first health score of 2026 (Kaplan-Meier; churn is the event, censored at the end of 2026)'
CREATE TEMP TABLE account_survival AS
WITH first_score AS (
    SELECT DISTINCT ON (customer_id) customer_id, day, band
    FROM customer_health
    WHERE day >= date '2026-01-01' AND health IS NOT NULL
    ORDER BY customer_id, day)
SELECT f.customer_id, f.band::text AS band, coalesce(c.churned_at, date '2027-01-01') - f.day AS days,
       c.churned
FROM first_score f JOIN customers c USING (customer_id);
SELECT band, (k->>'n')::int AS accounts, (k->>'events')::int AS churned, k->>'median' AS median_days,
       (SELECT round((s->>'survival')::numeric, 3) FROM jsonb_array_elements(k->'steps') s
        WHERE (s->>'time')::float8 <= 180 ORDER BY (s->>'time')::float8 DESC LIMIT 1) AS still_customers_180d,
       (SELECT round((s->>'survival')::numeric, 3) || ' (' || round((s->>'ci_low')::numeric, 3) || ' .. '
               || round((s->>'ci_high')::numeric, 3) || ')'
        FROM jsonb_array_elements(k->'steps') s ORDER BY (s->>'time')::float8 DESC LIMIT 1) AS still_customers_end_95
FROM (SELECT band, km_survival(days, churned) AS k FROM account_survival GROUP BY band) t
ORDER BY array_position(ARRAY['red', 'yellow', 'green'], band);

\echo '== Do the bands survive alike? Log-rank test across red, yellow and green'
SELECT round(chi2::numeric, 2) AS chi2, df, p_value FROM (SELECT (logrank_test(days, churned, band)).* FROM account_survival) t;
