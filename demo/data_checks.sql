-- Checks of the demo data (demo/sample_data.sql): sizes, churn, and that what
-- demo/README.md says predicts churn does, and what it says predicts nothing
-- does not. Plain SQL, no extension function: runs on any PostgreSQL 15 where
-- the sample data is loaded.
--   psql -X -q -f demo/data_checks.sql
\pset footer off
SET timezone = 'UTC';

\echo '== Row counts'
SELECT (SELECT count(*) FROM customers) AS customers,
       (SELECT count(*) FROM usage_daily) AS usage_daily,
       (SELECT round(100.0 * avg((logins IS NULL)::int), 2) FROM usage_daily) AS usage_null_pct,
       (SELECT count(*) FROM support_tickets) AS support_tickets,
       (SELECT count(*) FROM survey_responses) AS survey_responses,
       (SELECT count(*) FROM customer_usage) AS customer_usage,
       (SELECT count(*) FROM usage_daily u JOIN customers c USING (customer_id)
        WHERE u.day >= c.churned_at OR u.day < c.contract_start) AS usage_rows_outside_contract,
       (SELECT count(*) FROM support_tickets t JOIN customers c USING (customer_id)
        WHERE t.opened_at >= c.churned_at) AS tickets_after_churn,
       (SELECT count(*) FROM survey_responses r JOIN customers c USING (customer_id)
        WHERE r.responded_at >= c.churned_at) AS responses_after_churn;

\echo '== Churn per segment'
SELECT segment, count(*) AS customers, count(*) FILTER (WHERE churned) AS churned,
       round(100.0 * avg(churned::int), 1) AS churn_pct,
       count(*) FILTER (WHERE churned_at = renewal_date) AS at_renewal,
       count(*) FILTER (WHERE contract_start >= '2026-01-01') AS signed_2026,
       round(avg(arr)) AS avg_arr
FROM customers GROUP BY ROLLUP (segment) ORDER BY segment NULLS LAST;

\echo '== Usage relative to churn: mean per customer-day (rows with telemetry)'
\echo '   churners by days before churned_at; non-churners over the whole year'
WITH w AS (
    SELECT c.segment, u.*,
           CASE WHEN NOT c.churned THEN '5 non-churners, all year'
                WHEN c.churned_at - u.day > 90 THEN '1 churners, >90 days before'
                WHEN c.churned_at - u.day > 60 THEN '2 churners, 90-61 days before'
                WHEN c.churned_at - u.day > 30 THEN '3 churners, 60-31 days before'
                ELSE '4 churners, last 30 days' END AS period
    FROM usage_daily u JOIN customers c USING (customer_id)
    WHERE u.logins IS NOT NULL
)
SELECT period, count(*) AS customer_days,
       round(100 * avg(active_seats::numeric / seats_purchased), 1) AS seats_used_pct,
       round(avg(logins::numeric / seats_purchased), 3) AS logins_per_seat,
       round(avg(logins) FILTER (WHERE segment = 'Mid-Market'), 1) AS logins_midmarket,
       round(avg(logins) FILTER (WHERE segment = 'SMB'), 1) AS logins_smb,
       round(avg(key_feature_uses), 2) AS key_feature_uses
FROM w GROUP BY period ORDER BY period;

\echo '== Each churner: mean seats in use over its last 60 days relative to its days before the last 90'
SELECT count(*) AS churners_with_both_windows,
       round(avg(last60 / before90), 3) AS mean_ratio,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY last60 / before90))::numeric, 3) AS median_ratio,
       count(*) FILTER (WHERE last60 < 0.8 * before90) AS below_80pct_of_before
FROM (SELECT c.customer_id,
             avg(u.active_seats::numeric / u.seats_purchased) FILTER (WHERE c.churned_at - u.day <= 60) AS last60,
             avg(u.active_seats::numeric / u.seats_purchased) FILTER (WHERE c.churned_at - u.day > 90) AS before90
      FROM customers c JOIN usage_daily u USING (customer_id)
      WHERE c.churned GROUP BY c.customer_id) t
WHERE last60 IS NOT NULL AND before90 > 0;

\echo '== Support tickets per customer and 30 days, and share of high/critical (severity 3-4)'
WITH days AS (
    SELECT CASE WHEN NOT c.churned THEN '5 non-churners, all year'
                WHEN c.churned_at - u.day > 90 THEN '1 churners, >90 days before'
                WHEN c.churned_at - u.day > 60 THEN '2 churners, 90-61 days before'
                WHEN c.churned_at - u.day > 30 THEN '3 churners, 60-31 days before'
                ELSE '4 churners, last 30 days' END AS period,
           count(*) AS customer_days
    FROM usage_daily u JOIN customers c USING (customer_id) GROUP BY 1
), tickets AS (
    SELECT CASE WHEN NOT c.churned THEN '5 non-churners, all year'
                WHEN c.churned_at - t.opened_at::date > 90 THEN '1 churners, >90 days before'
                WHEN c.churned_at - t.opened_at::date > 60 THEN '2 churners, 90-61 days before'
                WHEN c.churned_at - t.opened_at::date > 30 THEN '3 churners, 60-31 days before'
                ELSE '4 churners, last 30 days' END AS period,
           count(*) AS tickets,
           count(*) FILTER (WHERE severity >= 3) AS high,
           avg(hours_to_resolve) AS hours
    FROM support_tickets t JOIN customers c USING (customer_id) GROUP BY 1
)
SELECT period, tickets, round(30.0 * tickets / customer_days, 2) AS tickets_per_30d,
       round(100.0 * high / tickets, 1) AS sev_3_4_pct, round(hours, 1) AS mean_hours_to_resolve
FROM days JOIN tickets USING (period) ORDER BY period;

\echo '== Surveys: NPS (100 * (promoters - detractors) / responses), CSAT top-2-box %, mean CES'
SELECT CASE WHEN NOT c.churned THEN '3 non-churners, all year'
            WHEN r.responded_at < c.churned_at - 90 THEN '1 churners, >90 days before'
            ELSE '2 churners, last 90 days' END AS period,
       count(r.nps) AS nps_responses,
       round(100.0 * (count(*) FILTER (WHERE r.nps >= 9) - count(*) FILTER (WHERE r.nps <= 6)) / count(r.nps), 1) AS nps,
       round(100.0 * count(*) FILTER (WHERE r.csat >= 4) / count(r.csat), 1) AS csat_pct,
       round(avg(r.ces), 2) AS ces
FROM survey_responses r JOIN customers c USING (customer_id)
GROUP BY 1 ORDER BY 1;

\echo '== Measures that predict nothing: churners against the others, per segment'
\echo '   key_feature_uses per customer-day over the whole subscription; seats_purchased'
SELECT c.segment,
       round(avg(k.kfu) FILTER (WHERE c.churned), 2) AS kfu_churners,
       round(avg(k.kfu) FILTER (WHERE NOT c.churned), 2) AS kfu_others,
       round(avg(k.seats) FILTER (WHERE c.churned), 1) AS seats_churners,
       round(avg(k.seats) FILTER (WHERE NOT c.churned), 1) AS seats_others
FROM customers c
JOIN (SELECT customer_id, avg(key_feature_uses) AS kfu, max(seats_purchased) AS seats
      FROM usage_daily GROUP BY customer_id) k USING (customer_id)
GROUP BY ROLLUP (c.segment) ORDER BY c.segment NULLS LAST;

-- ROC AUC in plain SQL (Mann-Whitney, ties counted 1/2): the probability that a
-- customer who stays scores higher than one who churns, pairs taken within a
-- segment. 0.5: the measure says nothing; below 0.5: higher means churn.
\echo '== Prospective check: measures of the 30 days up to 2026-06-30 against churn in the next 90 days'
\echo '   AUC of "stays" (pairs within a segment; 0.5 = no information, < 0.5 = higher value, more churn)'
WITH pop AS (
    SELECT c.customer_id, c.segment, NOT coalesce(c.churned_at <= date '2026-06-30' + 90, false) AS stays
    FROM customers c
    WHERE c.contract_start <= date '2026-06-30' - 29 AND coalesce(c.churned_at > '2026-06-30', true)
), u AS (
    SELECT customer_id,
           avg(active_seats::numeric / seats_purchased) AS seats_used,
           avg(logins::numeric / seats_purchased) AS logins_per_seat,
           avg(key_feature_uses) AS key_feature_uses,
           max(seats_purchased) AS seats_purchased
    FROM usage_daily WHERE day > date '2026-06-30' - 30 AND day <= '2026-06-30' GROUP BY customer_id
), t AS (
    SELECT customer_id, count(*) AS tickets, count(*) FILTER (WHERE severity >= 3) AS high_tickets
    FROM support_tickets WHERE opened_at > date '2026-06-30' - 30 AND opened_at < date '2026-07-01'
    GROUP BY customer_id
), s AS (
    SELECT customer_id, avg(nps) AS nps_90d
    FROM survey_responses WHERE responded_at > date '2026-06-30' - 90 AND responded_at < date '2026-07-01'
    GROUP BY customer_id
), long AS (
    SELECT p.segment, p.stays, m.measure, m.x
    FROM pop p LEFT JOIN u USING (customer_id) LEFT JOIN t USING (customer_id) LEFT JOIN s USING (customer_id)
    CROSS JOIN LATERAL (VALUES ('seats_used_pct', u.seats_used), ('logins_per_seat', u.logins_per_seat),
                               ('tickets_30d', coalesce(t.tickets, 0)), ('high_tickets_30d', coalesce(t.high_tickets, 0)),
                               ('nps_mean_90d', s.nps_90d),
                               ('key_feature_uses', u.key_feature_uses), ('seats_purchased', u.seats_purchased),
                               ('arr', (SELECT arr FROM customers WHERE customer_id = p.customer_id))) m(measure, x)
    WHERE m.x IS NOT NULL
), ranked AS (
    SELECT *, rank() OVER w + (count(*) OVER (PARTITION BY measure, segment, x) - 1) / 2.0 AS r
    FROM long WINDOW w AS (PARTITION BY measure, segment ORDER BY x)
), per_segment AS (
    SELECT measure, segment, count(*) FILTER (WHERE stays) AS n_pos, count(*) FILTER (WHERE NOT stays) AS n_neg,
           sum(r) FILTER (WHERE stays) AS rank_sum
    FROM ranked GROUP BY measure, segment
)
SELECT measure, sum(n_pos) AS stay, sum(n_neg) AS churn_next_90d,
       round(sum(rank_sum - n_pos * (n_pos + 1) / 2.0) / sum(n_pos * n_neg), 3) AS auc_within_segment
FROM per_segment GROUP BY measure
ORDER BY abs(sum(rank_sum - n_pos * (n_pos + 1) / 2.0) / sum(n_pos * n_neg) - 0.5) DESC;

\echo '== customer_usage (the last 30 days of each account) per segment'
SELECT c.segment, count(*) AS customers, count(u.logins_30d) AS with_logins,
       round(avg(u.logins_30d) FILTER (WHERE c.churned)) AS logins_30d_churners,
       round(avg(u.logins_30d) FILTER (WHERE NOT c.churned)) AS logins_30d_others,
       round(avg(u.seats_used_pct) FILTER (WHERE c.churned)::numeric, 1) AS seats_pct_churners,
       round(avg(u.seats_used_pct) FILTER (WHERE NOT c.churned)::numeric, 1) AS seats_pct_others,
       round(avg(u.tickets_30d) FILTER (WHERE c.churned), 2) AS tickets_churners,
       round(avg(u.tickets_30d) FILTER (WHERE NOT c.churned), 2) AS tickets_others
FROM customers c JOIN customer_usage u USING (customer_id)
GROUP BY c.segment ORDER BY c.segment;
