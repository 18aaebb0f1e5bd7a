-- Sample data for the healthscore demo: a SaaS book of business over one year
-- (2026). 4,000 customers in four segments with ARR, contract and renewal dates
-- and churn; daily product usage; support tickets; NPS, CSAT and CES survey
-- responses; and customer_usage, the last 30 days of each account.
--
-- Plain SQL (no extension function), set-based, deterministic: setseed, and
-- every INSERT reads its inputs in one fixed order. Timestamps are built in UTC.
-- demo/README.md describes the tables and what does and does not predict churn;
-- demo/data_checks.sql prints the checks of those claims.
SET timezone = 'UTC';
-- In a DO block, so that loading the data prints no empty setseed row.
DO $$ BEGIN PERFORM setseed(0.2026); END $$;

-- ---------------------------------------------------------------------------
-- Hidden per-customer parameters of the generator (a temporary table: gone
-- when the session ends). All random draws come first, in one materialized
-- scan, so that each draw is taken exactly once per customer.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE gen_segment (
    segment text PRIMARY KEY,
    seats_median float8,      -- contracted seats, log-normal around this
    seats_sigma float8,
    price_per_seat float8,    -- list price per seat and year
    churn_rate float8,        -- share of customers who leave during 2026
    at_renewal float8,        -- share of churners who leave at their renewal date (the rest mid-term)
    weekend float8,           -- weekend activity relative to a weekday
    tickets_per_day float8,   -- weekday ticket rate of a typical account
    surveys int               -- survey responses per customer and year
);
INSERT INTO gen_segment VALUES
    ('Enterprise', 400, 0.45, 650, 0.050, 0.90, 0.15, 0.25,  20),
    ('Mid-Market', 120, 0.50, 500, 0.060, 0.80, 0.20, 0.125, 12),
    ('SMB',         25, 0.55, 420, 0.100, 0.55, 0.30, 0.06,   6),
    ('Startup',     10, 0.60, 380, 0.130, 0.40, 0.45, 0.05,   4);

CREATE TEMP TABLE gen AS
WITH draws AS MATERIALIZED (
    SELECT g AS customer_id,
           CASE WHEN g % 20 = 0 THEN 'Enterprise'
                WHEN g % 20 < 5 THEN 'Mid-Market'
                WHEN g % 20 < 13 THEN 'SMB'
                ELSE 'Startup' END AS segment,
           random() AS r_size1, random() AS r_size2, random() AS r_price,
           random() AS r_new, random() AS r_start,
           random() AS r_churn, random() AS r_when, random() AS r_mid,
           random() AS r_pattern, random() AS r_len,
           random() AS r_util, random() AS r_lpa, random() AS r_kfu1, random() AS r_kfu2,
           random() AS r_dip, random() AS r_dip_start, random() AS r_dip_len, random() AS r_dip_depth,
           random() AS r_gap, random() AS r_gap_start, random() AS r_gap_len,
           random() AS r_tix1, random() AS r_tix2
    FROM generate_series(1, 4000) g
    ORDER BY g
), contract AS (
    SELECT *,
           greatest(2, round(s.seats_median * exp(s.seats_sigma * sqrt(-2 * ln(1 - d.r_size1))
                                                  * cos(2 * pi() * d.r_size2))))::int AS seats,
           d.r_new < 0.12 AS new_logo,
           CASE WHEN d.r_new < 0.12
                THEN date '2026-01-01' + floor(d.r_start * 300)::int         -- signed in 2026
                ELSE date '2026-01-01' - (20 + floor(d.r_start * 1440)::int)  -- 2022 .. 2025
           END AS contract_start
    FROM draws d JOIN gen_segment s USING (segment)
), renewal AS (
    SELECT c.*,
           CASE WHEN c.new_logo THEN (c.contract_start + interval '1 year')::date
                ELSE (c.contract_start
                      + make_interval(years => 2026 - extract(year FROM c.contract_start)::int))::date
           END AS renewal_date
    FROM contract c
), churn AS (
    SELECT r.*,
           CASE WHEN r.r_churn >= r.churn_rate THEN NULL
                -- annual contracts that are not renewed end at the renewal date
                WHEN NOT r.new_logo AND r.r_when < r.at_renewal AND r.renewal_date >= '2026-01-20'
                    THEN r.renewal_date
                -- mid-term: the company closes, is acquired, or stops paying
                WHEN r.new_logo AND r.contract_start > '2026-09-01' THEN NULL
                ELSE greatest(r.contract_start + 120, date '2026-01-20')
                     + floor(r.r_mid * (date '2026-12-31'
                                        - greatest(r.contract_start + 120, date '2026-01-20')))::int
           END AS churned_at
    FROM renewal r
)
SELECT customer_id, segment, seats, contract_start, renewal_date, new_logo,
       churned_at IS NOT NULL AS churned, churned_at,
       round((seats * price_per_seat * (0.85 + 0.3 * r_price))::numeric, 2) AS arr,
       greatest(contract_start, date '2026-01-01') AS first_day,
       coalesce(churned_at - 1, date '2026-12-31') AS last_day,
       weekend, tickets_per_day * exp(0.5 * sqrt(-2 * ln(1 - r_tix1)) * cos(2 * pi() * r_tix2)) AS ticket_rate,
       surveys,
       -- 80% of churners fade out over 60-90 days; 20% leave without warning
       churned_at IS NOT NULL AND r_pattern < 0.8 AS decline,
       60 + floor(r_len * 31)::int AS decline_len,
       -- share of the seats in use on a weekday; churners were a little less engaged all along
       (0.3 + 0.6 * power(r_util, 0.8)) * CASE WHEN churned_at IS NOT NULL THEN 0.9 ELSE 1 END AS util,
       1.2 + 1.6 * r_lpa AS logins_per_active_seat,
       -- key feature uses per day: the same distribution for every segment, churner or not
       exp(ln(4) + 0.7 * sqrt(-2 * ln(1 - r_kfu1)) * cos(2 * pi() * r_kfu2)) AS kfu_rate,
       -- 12% of the customers who stay go through a rough patch of 45-75 days and recover
       CASE WHEN churned_at IS NULL AND r_dip < 0.12
            THEN date '2026-01-01' + floor(r_dip_start * 330)::int END AS dip_start,
       45 + floor(r_dip_len * 31)::int AS dip_len,
       0.35 + 0.3 * r_dip_depth AS dip_depth,
       -- telemetry gaps, unrelated to churn: 2.5% broken at the end of their data, 6% mid-year
       CASE WHEN r_gap < 0.025 THEN 'end' WHEN r_gap < 0.085 THEN 'mid' END AS gap_kind,
       r_gap_start, r_gap_len
FROM churn
ORDER BY customer_id;

ALTER TABLE gen ADD COLUMN gap_start date, ADD COLUMN gap_end date;
UPDATE gen SET gap_start = CASE gap_kind
                               WHEN 'end' THEN last_day - (20 + floor(r_gap_len * 50)::int)
                               WHEN 'mid' THEN first_day + floor(r_gap_start * (last_day - first_day))::int
                           END,
               gap_end = CASE gap_kind
                             WHEN 'end' THEN last_day
                             WHEN 'mid' THEN first_day + floor(r_gap_start * (last_day - first_day))::int
                                             + 5 + floor(r_gap_len * 25)::int
                         END
WHERE gap_kind IS NOT NULL;

-- Per customer and day: the activity factor (weekends, holidays, onboarding,
-- the decline before churn, rough patches) and the risk pressure that raises
-- ticket rates and severity and lowers survey scores.
CREATE TEMP VIEW gen_day AS
SELECT g.*, day,
       CASE WHEN (day - date '2026-01-05') % 7 >= 5 THEN g.weekend ELSE 1 END   -- 2026-01-05 is a Monday
       * CASE WHEN day >= '2026-12-24' OR day = '2026-01-01' THEN 0.5
              WHEN day >= '2026-08-01' AND day < '2026-09-01' THEN 0.85 ELSE 1 END
       * CASE WHEN g.new_logo THEN least(1, 0.3 + 0.7 * (day - g.contract_start) / 45.0) ELSE 1 END
       * (1 - 0.9 * decline_x) * (1 - g.dip_depth * dip_x) AS activity,
       decline_x, dip_x
FROM gen g
CROSS JOIN LATERAL generate_series(0, g.last_day - g.first_day) i
CROSS JOIN LATERAL (SELECT g.first_day + i AS day) d
CROSS JOIN LATERAL (
    -- decline_x: 0 before the decline, rising to 1 on the last day before churn
    SELECT CASE WHEN g.decline AND day >= g.churned_at - g.decline_len
                THEN 1 - power(1 - (day - (g.churned_at - g.decline_len))::float8 / g.decline_len, 1.3)
                ELSE 0 END AS decline_x,
           -- dip_x: 0 outside a rough patch, up to 1 in its middle
           CASE WHEN g.dip_start IS NOT NULL AND day BETWEEN g.dip_start AND g.dip_start + g.dip_len
                THEN sin(pi() * (day - g.dip_start) / g.dip_len)
                ELSE 0 END AS dip_x
) x;

-- ---------------------------------------------------------------------------
-- Customers
-- ---------------------------------------------------------------------------
CREATE TABLE customers (
    customer_id int PRIMARY KEY,
    name text NOT NULL,
    segment text NOT NULL,
    arr numeric(12, 2) NOT NULL,            -- annual recurring revenue
    contract_start date NOT NULL,           -- first day of the subscription
    renewal_date date NOT NULL,             -- the annual renewal due in 2026 (in 2027 for customers signed in 2026)
    churned boolean NOT NULL,               -- left during 2026
    churned_at date,                        -- first day without a subscription; NULL unless churned
    CHECK (churned = (churned_at IS NOT NULL)),
    CHECK (churned_at > contract_start)
);

INSERT INTO customers
SELECT customer_id, 'Customer ' || customer_id, segment, arr, contract_start, renewal_date,
       churned, churned_at
FROM gen ORDER BY customer_id;

-- ---------------------------------------------------------------------------
-- Daily product usage, one row per customer and day of its subscription in
-- 2026 (none on or after churned_at). Telemetry gaps are rows with NULL
-- logins, active_seats and key_feature_uses; seats_purchased comes from billing
-- and is always known.
-- ---------------------------------------------------------------------------
CREATE TABLE usage_daily (
    customer_id int NOT NULL,
    day date NOT NULL,
    logins int,                 -- logins that day
    active_seats int,           -- distinct users active that day
    seats_purchased int NOT NULL,
    key_feature_uses int        -- uses of the "key feature" (scheduled reports); predicts nothing
);

INSERT INTO usage_daily
SELECT customer_id, day,
       CASE WHEN NOT missing THEN greatest(active, round(active * logins_per_active_seat * (0.7 + 0.6 * r3))) END::int,
       CASE WHEN NOT missing THEN active END,
       seats,
       CASE WHEN NOT missing THEN round(kfu_rate * exp(0.6 * n2)) END::int
FROM (
    SELECT y.*,
           least(seats, greatest(0, round(seats * p + sqrt(seats * p * (1 - p)) * n1)))::int AS active
    FROM (
        SELECT x.*, least(0.98, util * activity) AS p,
               sqrt(-2 * ln(1 - r1)) * cos(2 * pi() * r2) AS n1,
               sqrt(-2 * ln(1 - r1)) * sin(2 * pi() * r2) AS n2
        FROM (
            SELECT customer_id, day, seats, util, activity, logins_per_active_seat, kfu_rate,
                   random() < 0.01 OR coalesce(day BETWEEN gap_start AND gap_end, false) AS missing,
                   random() AS r1, random() AS r2, random() AS r3
            FROM gen_day
        ) x
    ) y
) z;

ALTER TABLE usage_daily ADD PRIMARY KEY (customer_id, day),
    ADD FOREIGN KEY (customer_id) REFERENCES customers;

-- ---------------------------------------------------------------------------
-- Support tickets. Weekday-heavy; more of them during onboarding, on two
-- platform incident days (17 March, 8 September), in rough patches, and,
-- rising with their severity, in the decline before a customer churns.
-- ---------------------------------------------------------------------------
CREATE TABLE support_tickets (
    ticket_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id int NOT NULL REFERENCES customers,
    opened_at timestamptz NOT NULL,
    severity int NOT NULL CHECK (severity BETWEEN 1 AND 4),   -- 1 low, 2 normal, 3 high, 4 critical
    resolved_at timestamptz,                                  -- NULL: still open at the end of 2026
    hours_to_resolve numeric GENERATED ALWAYS AS
        (round(extract(epoch FROM resolved_at - opened_at) / 3600, 1)) STORED
);

INSERT INTO support_tickets (customer_id, opened_at, severity, resolved_at)
SELECT customer_id, opened_at, severity,
       CASE WHEN resolved_at < '2027-01-01' THEN resolved_at END
FROM (
    SELECT t.*,
           opened_at + interval '1 hour' * (CASE severity WHEN 1 THEN 60 WHEN 2 THEN 30 WHEN 3 THEN 12 ELSE 5 END
                                            * exp(0.8 * sqrt(-2 * ln(1 - r_h1)) * cos(2 * pi() * r_h2))
                                            * (1 + 0.8 * decline_x)) AS resolved_at
    FROM (
        SELECT customer_id, decline_x,
               day + interval '1 hour' * (7 + 11 * random()) AS opened_at,
               CASE WHEN incident THEN 3 + (random() < 0.4)::int
                    ELSE CASE WHEN v < 0.30 THEN 1 WHEN v < 0.75 THEN 2 WHEN v < 0.95 THEN 3 ELSE 4 END
               END AS severity,
               random() AS r_h1, random() AS r_h2
        FROM (
            SELECT s.*, power(random(), 1 - 0.6 * greatest(decline_x, 0.5 * dip_x)) AS v
            FROM (
                SELECT customer_id, day, decline_x, dip_x,
                       day IN ('2026-03-17', '2026-09-08') AS incident,
                       ticket_rate
                       * CASE WHEN (day - date '2026-01-05') % 7 >= 5 THEN 0.3 ELSE 1 END
                       * CASE WHEN new_logo AND day < contract_start + 30 THEN 2 ELSE 1 END
                       * (1 + 3 * decline_x) * (1 + 2 * dip_depth * dip_x)
                       + CASE WHEN day IN ('2026-03-17', '2026-09-08') THEN 0.3 ELSE 0 END AS rate,
                       random() AS r
                FROM gen_day
            ) s
            WHERE r < rate
        ) u
    ) t
) w
ORDER BY opened_at, customer_id;

CREATE INDEX ON support_tickets (customer_id, opened_at);

-- ---------------------------------------------------------------------------
-- Survey responses: how happy each segment is, drifting through the year
-- (Enterprise improves, Startup slips in the second half); a customer's mood
-- sinks in the 90 days before it churns (unless it leaves without warning) and
-- in a rough patch. Responses only while the customer is subscribed.
-- ---------------------------------------------------------------------------
CREATE TABLE survey_responses (
    response_id bigserial PRIMARY KEY,
    customer_id int NOT NULL REFERENCES customers,
    responded_at timestamptz NOT NULL,
    nps int CHECK (nps BETWEEN 0 AND 10),
    csat int CHECK (csat BETWEEN 1 AND 5),
    ces int CHECK (ces BETWEEN 1 AND 7)
);

INSERT INTO survey_responses (customer_id, responded_at, nps, csat, ces)
SELECT customer_id, at,
       CASE WHEN random() < 0.1 THEN NULL
            ELSE least(10, greatest(0, round(mood + 2.2 * (random() + random() + random() - 1.5))))::int
       END,
       CASE WHEN random() < 0.3 THEN NULL
            ELSE least(5, greatest(1, round(mood / 2.0 - 0.3 + 2.0 * (random() - 0.5))))::int
       END,
       CASE WHEN random() < 0.5 THEN NULL
            ELSE least(7, greatest(1, round(9 - mood / 1.4 + 2 * (random() - 0.5))))::int
       END
FROM (
    SELECT c.customer_id, t.at,
           CASE c.segment
               WHEN 'Enterprise' THEN 7.6 + 1.0 * extract(month FROM t.at) / 12
               WHEN 'Mid-Market' THEN 8.0
               WHEN 'SMB' THEN 7.5
               ELSE 8.2 - CASE WHEN t.at >= '2026-07-01' THEN 1.0 ELSE 0 END
           END + (c.customer_id % 7 - 3) * 0.25
           - CASE WHEN c.churned THEN 0.3 ELSE 0 END
           - CASE WHEN c.decline AND t.at >= c.churned_at - 90
                  THEN 3.5 * (1 - extract(epoch FROM c.churned_at - t.at) / (90 * 86400)) ELSE 0 END
           - CASE WHEN c.dip_start IS NOT NULL AND t.at::date BETWEEN c.dip_start AND c.dip_start + c.dip_len
                  THEN 2.0 * c.dip_depth * sin(pi() * (t.at::date - c.dip_start) / c.dip_len) ELSE 0 END
           AS mood
    FROM gen c
    CROSS JOIN LATERAL (
        SELECT c.first_day + random() * ((c.last_day + 1 - c.first_day) * interval '1 day') AS at
        FROM generate_series(1, greatest(1, round(c.surveys * (c.last_day + 1 - c.first_day) / 365.0)::int))
    ) t
    ORDER BY c.customer_id
) m
ORDER BY at, customer_id;

CREATE INDEX ON survey_responses (customer_id, responded_at);

-- ---------------------------------------------------------------------------
-- customer_usage: each account's last 30 days, derived from usage_daily and
-- support_tickets. The 30 days end on 2026-12-31, or on the last day before
-- churned_at for customers who left (period_end). logins_30d is the sum over
-- the days with telemetry, scaled up for missing days (NULL: no telemetry in
-- the window); seats_used_pct the mean share of purchased seats active per day.
-- ---------------------------------------------------------------------------
CREATE TABLE customer_usage (
    customer_id int PRIMARY KEY REFERENCES customers,
    logins_30d int,
    seats_used_pct float8,
    tickets_30d int,
    period_end date NOT NULL
);

INSERT INTO customer_usage
SELECT c.customer_id,
       round(sum(u.logins)::numeric * count(*) / nullif(count(u.logins), 0))::int,
       round(100 * avg(u.active_seats) / max(u.seats_purchased), 1)::float8,
       (SELECT count(*) FROM support_tickets t
        WHERE t.customer_id = c.customer_id
          AND t.opened_at >= c.last_day - 29 AND t.opened_at < c.last_day + 1)::int,
       c.last_day
FROM gen c
JOIN usage_daily u ON u.customer_id = c.customer_id AND u.day > c.last_day - 30
GROUP BY c.customer_id, c.last_day
ORDER BY c.customer_id;

ANALYZE customers;
ANALYZE usage_daily;
ANALYZE support_tickets;
ANALYZE survey_responses;
ANALYZE customer_usage;

DROP VIEW gen_day;
DROP TABLE gen, gen_segment;

-- The health views (they need the extension): the scorecard by hand, then as
-- rows with its history and the views customer_health and segment_health.
\ir health_views.sql
\ir scorecard.sql
