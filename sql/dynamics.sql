\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Time dynamics (README, Time dynamics) against independent references: a recursive
-- CTE for ewma, the closed form for ewma_time, the plain-SQL decayed sum.

-- Daily logins of 40 customers over 60 days, some days missing (NULL).
SELECT setseed(0.55);
CREATE TABLE logins AS
SELECT c AS customer, d AS day,
       CASE WHEN random() < 0.1 THEN NULL ELSE round((100 * random())::numeric, 1)::float8 END AS x
FROM generate_series(1, 40) c, generate_series(1, 60) d;

-- ewma as a running window against s1 = x1, sk = 0.3 xk + 0.7 sk-1 (NULLs skipped).
WITH RECURSIVE ordered AS (
    SELECT customer, day, x, row_number() OVER (PARTITION BY customer ORDER BY day) AS k
    FROM logins WHERE x IS NOT NULL
), rec AS (
    SELECT customer, k, day, x AS s FROM ordered WHERE k = 1
    UNION ALL
    SELECT o.customer, o.k, o.day, 0.3 * o.x + 0.7 * r.s
    FROM rec r JOIN ordered o ON o.customer = r.customer AND o.k = r.k + 1
), ext AS (
    SELECT customer, day, x, ewma(x, 0.3) OVER (PARTITION BY customer ORDER BY day) AS e
    FROM logins
)
SELECT count(*) AS rows_with_values,
       count(*) FILTER (WHERE abs(e.e - r.s) <= 1e-12 * abs(r.s) OR e.e = r.s) AS equal
FROM ext e JOIN rec r USING (customer, day);
-- ORDER BY inside the call gives the last running value; alpha 1 keeps the last value.
SELECT ewma(x, 0.3 ORDER BY day) = (SELECT e FROM (SELECT day, ewma(x, 0.3) OVER (ORDER BY day) AS e
                                                   FROM logins WHERE customer = 1) t ORDER BY day DESC LIMIT 1)
           AS same_as_last_running_value,
       ewma(x, 1 ORDER BY day) = (SELECT x FROM logins WHERE customer = 1 AND x IS NOT NULL ORDER BY day DESC LIMIT 1)
           AS alpha_1_is_last_value
FROM logins WHERE customer = 1;
SELECT ewma(x, 0.5) AS no_rows FROM logins WHERE false;

-- ewma_time on an irregular series, half-life 2 days, against the closed form
-- w = 2^(-gap / 2 days): 10 at day 0; 20 one day later; 0 three days later.
SELECT at, x, round(ewma_time(x, at, interval '2 days') OVER (ORDER BY at)::numeric, 10) AS s
FROM (VALUES (timestamptz '2026-01-01', 10::float8), ('2026-01-02', 20), ('2026-01-05', 0)) v(at, x);
SELECT round((10 * 2 ^ -0.5 + 20 * (1 - 2 ^ -0.5))::numeric, 10) AS reference_day_2,
       round(((10 * 2 ^ -0.5 + 20 * (1 - 2 ^ -0.5)) * 2 ^ -1.5)::numeric, 10) AS reference_day_5;
-- Rows at the same time enter once, as their mean, whatever their order:
-- 0 on Jan 1, then 100 and 50 on Jan 2 with a half-life of a day give
-- 0.5 * 0 + 0.5 * 75 = 37.5 in both row orders (ORDER BY at leaves the order
-- of the two Jan 2 rows open; the tie-breaking ORDER BY makes each order sure).
SELECT ewma_time(x, at, interval '1 day' ORDER BY at, x) AS small_first,
       ewma_time(x, at, interval '1 day' ORDER BY at, x DESC) AS large_first,
       0.5 * 0 + 0.5 * (100 + 50) / 2.0 AS reference
FROM (VALUES (timestamptz '2026-01-01', 0::float8), ('2026-01-02', 100), ('2026-01-02', 50)) v(at, x);
-- Tied rows at the first time: their mean; three tied values whose float8
-- sum depends on the order (0.1 + 0.2 + 0.3 <> 0.3 + 0.2 + 0.1) give the same
-- bits in all six orders.
SELECT ewma_time(x, at, interval '1 hour' ORDER BY at) AS first_time_mean
FROM (VALUES (timestamptz '2026-01-01', 10::float8), ('2026-01-01', 20)) v(at, x);
SELECT (0.1::float8 + 0.2::float8) + 0.3::float8 = (0.3::float8 + 0.2::float8) + 0.1::float8 AS plain_sums_agree,
       count(DISTINCT e) AS distinct_results,
       -- the exact sum of the three doubles, 0.6000000000000000055..., is
       -- nearest the double 0.6 (0.5999999999999999778); a plain float8 sum
       -- in the order 0.1, 0.2, 0.3 gives 0.6000000000000000888 instead
       min(e) = 0.5 * 0 + 0.5 * (0.6::float8 / 3) AS equals_mean_of_exact_sum
FROM (SELECT p, ewma_time(x, at, interval '1 hour' ORDER BY at, pos) AS e
      FROM (VALUES (1, ARRAY[1, 2, 3]), (2, ARRAY[1, 3, 2]), (3, ARRAY[2, 1, 3]),
                   (4, ARRAY[2, 3, 1]), (5, ARRAY[3, 1, 2]), (6, ARRAY[3, 2, 1])) o(p, perm),
           LATERAL (SELECT timestamptz '2026-01-01' AS at, 0::float8 AS x, 0 AS pos
                    UNION ALL
                    SELECT timestamptz '2026-01-01 01:00', (ARRAY[0.1, 0.2, 0.3]::float8[])[i], k
                    FROM unnest(perm) WITH ORDINALITY u(i, k)) r
      GROUP BY p) t;
-- As a running window with the default RANGE frame, peers (rows at the same
-- time) share one result, the mean of all of them; with a ROWS frame each row
-- sees the tied rows up to itself only, so tied rows get running means in the
-- order the window's ORDER BY leaves open (here made sure by x).
SELECT at, x,
       ewma_time(x, at, interval '1 day') OVER (ORDER BY at) AS range_frame,
       ewma_time(x, at, interval '1 day') OVER (ORDER BY at, x ROWS UNBOUNDED PRECEDING) AS rows_frame
FROM (VALUES (timestamptz '2026-01-01', 0::float8), ('2026-01-02', 100), ('2026-01-02', 50), ('2026-01-03', 10)) v(at, x)
ORDER BY at, x;
SELECT 0.5 * 0 + 0.5 * 75 AS reference_jan_2, 0.5 * 37.5 + 0.5 * 10 AS reference_jan_3,
       0.5 * 0 + 0.5 * 50 AS rows_frame_after_50;

-- decayed_sum and decayed_avg against the plain-SQL sum, half-life 7 days as of
-- 2026-03-01; events after as_of are ignored.
CREATE TABLE events AS
SELECT customer, timestamptz '2026-01-01' + (day - 1) * interval '1 day' + customer * interval '1 hour' AS at, x
FROM logins;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE abs(s - ref_s) <= 1e-12 * abs(ref_s)) AS sum_equal,
       count(*) FILTER (WHERE abs(a - ref_a) <= 1e-12 * abs(ref_a)) AS avg_equal
FROM (SELECT customer,
             decayed_sum(x, at, interval '7 days', timestamptz '2026-02-15') AS s,
             decayed_avg(x, at, interval '7 days', timestamptz '2026-02-15') AS a,
             sum(x * 2 ^ (-extract(epoch FROM timestamptz '2026-02-15' - at) / extract(epoch FROM interval '7 days')))
                 FILTER (WHERE at <= '2026-02-15') AS ref_s,
             sum(x * 2 ^ (-extract(epoch FROM timestamptz '2026-02-15' - at) / extract(epoch FROM interval '7 days')))
                 FILTER (WHERE at <= '2026-02-15')
             / sum(2 ^ (-extract(epoch FROM timestamptz '2026-02-15' - at) / extract(epoch FROM interval '7 days')))
                 FILTER (WHERE at <= '2026-02-15' AND x IS NOT NULL) AS ref_a
      FROM events GROUP BY customer) t;
-- A month is 30 days, as EXTRACT(EPOCH FROM interval) counts it.
SELECT decayed_sum(1, timestamptz '2026-01-01', interval '1 month', timestamptz '2026-01-31') AS one_half_life;
-- The whole timestamptz range: 4713 BC to 294000 AD is more than 2^63
-- microseconds, past int64, yet ages and gaps stay right (references from the
-- exact EXTRACT(EPOCH ...) of each end).
SELECT h AS half_life,
       round(decayed_sum(x, at, h, b)::numeric, 12) AS decayed_sum,
       round((10 * 2 ^ (-(extract(epoch FROM b) - extract(epoch FROM a)) / extract(epoch FROM h)) + 20)::numeric, 12)
           AS reference_sum,
       round(decayed_avg(x, at, h, b)::numeric, 12) AS decayed_avg,
       round(ewma_time(x, at, h ORDER BY at)::numeric, 12) AS ewma_time,
       round(((10 * 2 ^ (-(extract(epoch FROM b) - extract(epoch FROM a)) / extract(epoch FROM h)) + 20)
              / (2 ^ (-(extract(epoch FROM b) - extract(epoch FROM a)) / extract(epoch FROM h)) + 1))::numeric, 12)
           AS reference_avg,
       round((10 * 2 ^ (-(extract(epoch FROM b) - extract(epoch FROM a)) / extract(epoch FROM h))
              + 20 * (1 - 2 ^ (-(extract(epoch FROM b) - extract(epoch FROM a)) / extract(epoch FROM h))))::numeric, 12)
           AS reference_ewma
FROM (VALUES (timestamptz '4713-01-01 BC', timestamptz '294000-01-01')) e(a, b),
     (VALUES (interval '1 day'), (interval '1000000 years'), (interval '178000000 years')) h(h),
     LATERAL (VALUES (10::float8, a), (20, b)) v(x, at)
GROUP BY h, a, b ORDER BY h;
-- An event a whole number of half-lives old weighs exactly 2^-k, whatever the
-- half-life (90 days is not a power of two times a microsecond).
-- (Ages in hours: a span of calendar days may hold a daylight-saving change.)
SELECT decayed_sum(1, t, interval '90 days', t + interval '6480 hours') AS three_half_lives,
       decayed_sum(1, t, interval '21 days', t + interval '1008 hours') AS two_half_lives,
       decayed_sum(1, t, interval '1.5 seconds', t + interval '15 seconds') * 1024 AS ten_half_lives_scaled
FROM (VALUES (timestamptz '2026-01-01')) v(t);

-- Events years apart with a half-life of an hour: nothing overflows, and the
-- mean of old events is still their weighted mean (the plain-SQL weights all
-- underflow to 0 and give no answer).
SELECT decayed_avg(x, at, interval '1 hour', timestamptz '2026-01-01')
FROM (VALUES (10::float8, timestamptz '2016-01-01 00:00'), (20, '2016-01-01 01:00')) v(x, at);
SELECT round(((10 * 2 ^ -1 + 20) / (2 ^ -1 + 1))::numeric, 10) AS reference;
SELECT decayed_sum(x, at, interval '1 hour', timestamptz '2026-01-01 00:00') AS vanishes_to_a_true_zero,
       decayed_sum(x, at, interval '1 hour', timestamptz '2016-01-01 01:00') AS recent
FROM (VALUES (10::float8, timestamptz '2016-01-01 00:00'), (20, '2016-01-01 01:00')) v(x, at);
-- Subnormal but representable: 2^-1060 survives.
SELECT decayed_sum(1, timestamptz '2026-01-01', interval '1 hour', timestamptz '2026-01-01' + interval '1060 hours') > 0
       AS representable_result_kept;

-- Serial and parallel agree (float sums merged: within 1e-12 relative).
CREATE TABLE many_events AS SELECT e.* FROM events e, generate_series(1, 50) copies;
ANALYZE many_events;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE decay_serial AS
SELECT customer % 5 AS g, decayed_sum(x, at, interval '3 days', timestamptz '2026-02-01') AS s,
       decayed_avg(x, at, interval '3 days', timestamptz '2026-02-01') AS a
FROM many_events GROUP BY 1;
:force_parallel
EXPLAIN (COSTS OFF) SELECT customer % 5, decayed_sum(x, at, interval '3 days', timestamptz '2026-02-01')
FROM many_events GROUP BY 1;
CREATE TABLE decay_parallel AS
SELECT customer % 5 AS g, decayed_sum(x, at, interval '3 days', timestamptz '2026-02-01') AS s,
       decayed_avg(x, at, interval '3 days', timestamptz '2026-02-01') AS a
FROM many_events GROUP BY 1;
:reset_parallel
SELECT count(*) AS groups,
       count(*) FILTER (WHERE abs(p.s - s.s) <= 1e-12 * abs(s.s) AND abs(p.a - s.a) <= 1e-12 * abs(s.a)) AS equal
FROM decay_serial s JOIN decay_parallel p USING (g);

-- Errors.
SELECT expect_error($$SELECT ewma(x, 0) FROM (VALUES (1::float8)) v(x)$$);
SELECT expect_error($$SELECT ewma(x, 1.5) FROM (VALUES (1::float8)) v(x)$$);
SELECT expect_error($$SELECT ewma(x, NULL) FROM (VALUES (1::float8)) v(x)$$);
SELECT expect_error($$SELECT ewma(x, a) FROM (VALUES (1::float8, 0.5::float8), (NULL, 0.6)) v(x, a)$$);
SELECT expect_error($$SELECT ewma(x, 0.5) FROM (VALUES ('NaN'::float8)) v(x)$$);
SELECT expect_error($$SELECT ewma_time(x, at, interval '0 seconds') FROM (VALUES (1::float8, now())) v(x, at)$$);
SELECT expect_error($$SELECT ewma_time(x, at, interval '-1 day') FROM (VALUES (1::float8, now())) v(x, at)$$);
SELECT expect_error($$SELECT ewma_time(x, at, NULL) FROM (VALUES (1::float8, now())) v(x, at)$$);
SELECT expect_error($$SELECT ewma_time(x, at, interval '1 day' ORDER BY x)
                      FROM (VALUES (1::float8, timestamptz '2026-01-02'), (2, '2026-01-01')) v(x, at)$$);
SELECT expect_error($$SELECT ewma_time(x, at, interval '1 day') FROM (VALUES (1::float8, timestamptz 'infinity')) v(x, at)$$);
SELECT expect_error($$SELECT decayed_sum(x, now(), interval '1 day', NULL) FROM (VALUES (1::float8)) v(x)$$);
SELECT expect_error($$SELECT decayed_sum(x, now(), interval '-1 day', now()) FROM (VALUES (1::float8)) v(x)$$);
SELECT expect_error($$SELECT decayed_avg(x, a, interval '1 day', o)
                      FROM (VALUES (1::float8, timestamptz '2026-01-01', timestamptz '2026-02-01'),
                                   (2, '2026-01-02', '2026-02-02')) v(x, a, o)$$);
SELECT expect_error($$SELECT decayed_sum(x, timestamptz '-infinity', interval '1 day', now()) FROM (VALUES (1::float8)) v(x)$$);
SELECT expect_error($$SELECT decayed_sum(x, now(), interval '1 day', now()) FROM (VALUES (1e308::float8), (1e308)) v(x)$$);
SELECT expect_error($$SELECT ewma_time(x, at, interval '1 day') FROM (VALUES (1::float8, NULL::timestamptz)) v(x, at)$$);
SELECT expect_error($$SELECT decayed_sum(x, at, interval '1 day', now()) FROM (VALUES (1::float8, NULL::timestamptz)) v(x, at)$$);
-- A row without a value is skipped whatever its time.
SELECT ewma_time(x, at, interval '1 day') AS skipped, decayed_avg(x, at, interval '1 day', now()) AS no_events
FROM (VALUES (NULL::float8, NULL::timestamptz)) v(x, at);
SELECT expect_error($$SELECT 'v1:n=1,value=1,alpha=2'::ewma_state$$);
SELECT expect_error($$SELECT 'v1:n=2,exponent=0,sum=1,weight=3,half_life=60,as_of=0,as_of_set=1'::decay_state$$);
