-- Sample data for the healthscore demo: 4,000 customers in four segments and a
-- year (2026) of NPS, CSAT and CES survey responses. Deterministic (setseed).
SELECT setseed(0.2026);

CREATE TABLE customers (
    customer_id int PRIMARY KEY,
    name text NOT NULL,
    segment text NOT NULL,
    arr numeric(12, 2) NOT NULL
);

INSERT INTO customers
SELECT g,
       'Customer ' || g,
       CASE WHEN g % 20 = 0 THEN 'Enterprise'
            WHEN g % 20 < 5 THEN 'Mid-Market'
            WHEN g % 20 < 13 THEN 'SMB'
            ELSE 'Startup' END,
       round((CASE WHEN g % 20 = 0 THEN 250000 WHEN g % 20 < 5 THEN 60000
                   WHEN g % 20 < 13 THEN 12000 ELSE 4000 END * (0.5 + random()))::numeric, 2)
FROM generate_series(1, 4000) g;

-- How happy each segment is, drifting through the year: Enterprise improves,
-- Startup slips in the second half.
CREATE TABLE survey_responses (
    response_id bigserial PRIMARY KEY,
    customer_id int NOT NULL REFERENCES customers,
    responded_at timestamptz NOT NULL,
    nps int CHECK (nps BETWEEN 0 AND 10),
    csat int CHECK (csat BETWEEN 1 AND 5),
    ces int CHECK (ces BETWEEN 1 AND 7)
);

INSERT INTO survey_responses (customer_id, responded_at, nps, csat, ces)
SELECT c.customer_id, t.at,
       CASE WHEN random() < 0.1 THEN NULL
            ELSE least(10, greatest(0, round(mood + 2.2 * (random() + random() + random() - 1.5))))::int
       END,
       CASE WHEN random() < 0.3 THEN NULL
            ELSE least(5, greatest(1, round(mood / 2.0 - 0.3 + 2.0 * (random() - 0.5))))::int
       END,
       CASE WHEN random() < 0.5 THEN NULL
            ELSE least(7, greatest(1, round(9 - mood / 1.4 + 2 * (random() - 0.5))))::int
       END
FROM customers c
CROSS JOIN LATERAL (
    SELECT timestamptz '2026-01-01' + random() * interval '365 days' AS at
    FROM generate_series(1, CASE c.segment WHEN 'Enterprise' THEN 20 WHEN 'Mid-Market' THEN 12
                                           WHEN 'SMB' THEN 6 ELSE 4 END)
) t
CROSS JOIN LATERAL (
    SELECT CASE c.segment
               WHEN 'Enterprise' THEN 7.6 + 1.0 * extract(month FROM t.at) / 12
               WHEN 'Mid-Market' THEN 8.0
               WHEN 'SMB' THEN 7.5
               ELSE 8.2 - CASE WHEN t.at >= '2026-07-01' THEN 1.0 ELSE 0 END
           END + (c.customer_id % 7 - 3) * 0.25 AS mood
) m;

ANALYZE customers;
ANALYZE survey_responses;

-- Product usage of the last 30 days per customer: logins, share of seats in
-- use and support tickets. Enterprise accounts log in far more than startups,
-- so raw numbers are only comparable within a segment.
CREATE TABLE customer_usage (
    customer_id int PRIMARY KEY REFERENCES customers,
    logins_30d int,
    seats_used_pct float8,
    tickets_30d int
);

INSERT INTO customer_usage
SELECT c.customer_id,
       CASE WHEN random() < 0.03 THEN NULL
            ELSE round(base * power(random(), 1.7))::int END,
       round((100 * power(random(), 0.6))::numeric, 1)::float8,
       floor(-ln(1 - random()) * CASE c.segment WHEN 'Enterprise' THEN 6 WHEN 'Mid-Market' THEN 3
                                               ELSE 1.5 END)::int
FROM customers c
CROSS JOIN LATERAL (
    SELECT CASE c.segment WHEN 'Enterprise' THEN 3000 WHEN 'Mid-Market' THEN 900
                          WHEN 'SMB' THEN 250 ELSE 120 END * (0.5 + (c.customer_id % 13) / 12.0) AS base
) b;

ANALYZE customer_usage;
