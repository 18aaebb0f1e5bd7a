\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Bands (README, Bands): health_band, band() and band_hysteresis, against
-- CASE formulas and hand-made series.

-- Edges exactly at the thresholds: red below 40, green from 70.
SELECT x, health_band(x), health_band(x, 50, 80)
FROM (VALUES (-1e308::float8), (0), (39.999999999999), (40), (69.99999999999), (70), (100), (NULL)) v(x);
SELECT 'red'::health_band < 'yellow' AND 'yellow'::health_band < 'green' AS ordered;
SELECT health_band(55, 60, 60) AS equal_limits;
-- Against the CASE formula on generated scores.
SELECT count(*) AS scores,
       count(*) FILTER (WHERE health_band(x)::text = CASE WHEN x < 40 THEN 'red' WHEN x >= 70 THEN 'green'
                                                         ELSE 'yellow' END) AS equal
FROM (SELECT round((100 * random())::numeric, 1)::float8 AS x FROM generate_series(1, 10000)) v;

-- band(): N bands by strictly ascending thresholds.
SELECT x, band(x, ARRAY[20, 40, 70, 90], ARRAY['critical', 'poor', 'fair', 'good', 'excellent'])
FROM (VALUES (-5::float8), (20), (39.9), (40), (70), (89.99), (90), (1e300)) v(x);
SELECT band(10, ARRAY[]::float8[], ARRAY['all']) AS one_band,
       band(10, ARRAY[5], ARRAY['low', NULL]) AS null_label;

-- band_hysteresis as a running window aggregate, on hand-made series.
CREATE TABLE series (customer text, day int, score float8);
INSERT INTO series VALUES
    -- a score oscillating around 40 +/- 2 with margin 5: never flaps
    ('hover', 1, 41), ('hover', 2, 38), ('hover', 3, 42), ('hover', 4, 39), ('hover', 5, 40),
    ('hover', 6, 38), ('hover', 7, 42),
    -- a real drop changes the band; leaving red needs red_below + margin (45)
    ('drop', 1, 60), ('drop', 2, 50), ('drop', 3, 30), ('drop', 4, 44), ('drop', 5, 45),
    -- around green_from 70: in at 75, out below 65
    ('green', 1, 72), ('green', 2, 66), ('green', 3, 64), ('green', 4, 74), ('green', 5, 75),
    -- NULL scores keep the band; the first score gets its plain band
    ('gaps', 1, NULL), ('gaps', 2, 20), ('gaps', 3, NULL), ('gaps', 4, 90);
SELECT customer, day, score, health_band(score) AS plain,
       band_hysteresis(score, 40, 70, 5) OVER (PARTITION BY customer ORDER BY day) AS steady
FROM series ORDER BY customer, day;
-- With margin 0 the hysteresis band is the plain band.
SELECT count(*) AS rows, count(*) FILTER (WHERE h IS NOT DISTINCT FROM health_band(score)) AS equal
FROM (SELECT score, band_hysteresis(score, 40, 70, 0) OVER (PARTITION BY customer ORDER BY day) AS h
      FROM series) t
WHERE score IS NOT NULL;
-- As a plain aggregate with ORDER BY inside: the band after the last row.
SELECT customer, band_hysteresis(score, 40, 70, 5 ORDER BY day) FROM series GROUP BY customer ORDER BY customer;

-- Errors.
SELECT expect_error($$SELECT health_band(50, 80, 60)$$);
SELECT expect_error($$SELECT health_band(50, NULL, 60)$$);
SELECT expect_error($$SELECT health_band('NaN'::float8)$$);
SELECT expect_error($$SELECT health_band(50, 'Infinity', 60)$$);
SELECT expect_error($$SELECT band(5, ARRAY[10, 10], ARRAY['a', 'b', 'c'])$$);
SELECT expect_error($$SELECT band(5, ARRAY[20, 10], ARRAY['a', 'b', 'c'])$$);
SELECT expect_error($$SELECT band(5, ARRAY[10, 20], ARRAY['a', 'b'])$$);
SELECT expect_error($$SELECT band(5, ARRAY[10, NULL], ARRAY['a', 'b', 'c'])$$);
SELECT expect_error($$SELECT band('Infinity', ARRAY[10], ARRAY['a', 'b'])$$);
SELECT expect_error($$SELECT band_hysteresis(s, 40, 70, -1) FROM (VALUES (50::float8)) v(s)$$);
SELECT expect_error($$SELECT band_hysteresis(s, 80, 70, 5) FROM (VALUES (50::float8)) v(s)$$);
SELECT expect_error($$SELECT band_hysteresis(s, 40, 70, m) FROM (VALUES (50::float8, 5::float8), (NULL, 6)) v(s, m)$$);
SELECT expect_error($$SELECT band_hysteresis(s, 40, 70, NULL) FROM (VALUES (50::float8)) v(s)$$);
SELECT expect_error($$SELECT 'v1:band=4,set=1,red_below=40,green_from=70,margin=5'::band_state$$);
SELECT expect_error($$SELECT 'v1:band=1,set=1,red_below=80,green_from=70,margin=5'::band_state$$);
