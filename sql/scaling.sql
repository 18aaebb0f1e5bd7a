\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Absolute scaling (README, Normalizing raw metrics), against hand-computed values.

-- scale_linear: 0 at worst, 100 at best, clamped; worst > best means lower is better.
SELECT x, scale_linear(x, 10, 50) AS higher_better, scale_linear(x, 50, 10) AS lower_better
FROM (VALUES (0.0), (10), (20), (30), (50), (80)) v(x);

-- scale_log: linear on ln(1 + x). With worst 0 and best 99: ln(1 + 9) / ln(100) = 50.
SELECT x, round(scale_log(x, 0, 99)::numeric, 10) AS score,
       round((100 * ln(1 + x) / ln(100))::numeric, 10) AS reference
FROM (VALUES (0.0), (9), (49), (99), (1000)) v(x);
SELECT round(scale_log(9, 99, 0)::numeric, 10) AS lower_better;

-- scale_sigmoid: 50 at the midpoint; 100 / (1 + e^-1) = 73.1058578630 one width above.
SELECT x, round(scale_sigmoid(x, 10, 2)::numeric, 10) AS rising,
       round(scale_sigmoid(x, 10, -2)::numeric, 10) AS falling,
       round((100 / (1 + exp(-(x - 10) / 2.0)))::numeric, 10) AS reference
FROM (VALUES (4.0), (8), (10), (12), (16)) v(x);
SELECT scale_sigmoid(1e6, 0, 1) AS saturated_high, scale_sigmoid(-1e6, 0, 1) AS saturated_low;

SELECT scale_linear(NULL, 0, 1) AS null_x, scale_log(1, NULL, 2) AS null_worst,
       scale_sigmoid(1, 0, NULL) AS null_width;

-- Bad input.
SELECT expect_error('SELECT scale_linear(5, 3, 3)');
SELECT expect_error($$SELECT scale_linear('NaN', 0, 1)$$);
SELECT expect_error($$SELECT scale_linear(1, '-Infinity', 1)$$);
SELECT expect_error('SELECT scale_log(-1, 0, 10)');
SELECT expect_error('SELECT scale_log(1, -2, 10)');
SELECT expect_error('SELECT scale_log(1, 5, 5)');
SELECT expect_error('SELECT scale_sigmoid(1, 0, 0)');
SELECT expect_error($$SELECT scale_sigmoid(1, 'Infinity', 1)$$);
