-- Survey responses for the survey-metrics benchmark: :rows responses (10
-- million by default in bench/run) from 100,000 customers in 5 segments of
-- unequal size over one year. NPS answers lean to 7-10 with a detractor tail
-- that differs per segment; CSAT leans high; CES (1-7) leans low; about 3% of
-- each answer is missing (NULL). Deterministic (setseed).
SELECT setseed(0.2);
DROP TABLE IF EXISTS bench_survey;
CREATE TABLE bench_survey AS
SELECT customer_id,
       (ARRAY['Enterprise', 'Mid-Market', 'SMB', 'Startup', 'Public Sector'])[1 + segment] AS segment,
       timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second'
           AS responded_at,
       CASE WHEN u1 < 0.03 THEN NULL
            ELSE least(10, floor(11 * power(u2, 0.45 + 0.1 * segment)))::int END AS nps,
       CASE WHEN u1 > 0.97 THEN NULL
            ELSE least(5, 1 + floor(5 * power(u3, 0.6)))::int END AS csat,
       CASE WHEN u3 < 0.03 THEN NULL
            ELSE least(7, 1 + floor(7 * power(u2, 1.8)))::int END AS ces
FROM (
    SELECT g,
           (floor(100000 * power(random(), 1.5)))::int AS customer_id,
           random() AS u1, random() AS u2, random() AS u3
    FROM generate_series(1, :rows) g
) r
CROSS JOIN LATERAL (
    SELECT CASE WHEN customer_id < 2000 THEN 0 WHEN customer_id < 12000 THEN 1
                WHEN customer_id < 45000 THEN 2 WHEN customer_id < 90000 THEN 3 ELSE 4 END AS segment
) s;
VACUUM ANALYZE bench_survey;
