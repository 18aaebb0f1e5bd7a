-- Data of the logistic benchmark: :rows rows of 10 features (scores 0-100),
-- an outcome drawn from a logistic model of them, and a predicted probability p.
DROP TABLE IF EXISTS bench_logistic;
SELECT setseed(0.17);
CREATE TABLE bench_logistic AS
SELECT i, x, random() < 1 / (1 + exp(-(-0.5 + 0.02 * (x[1] - 50) - 0.015 * (x[2] - 50) + 0.01 * (x[3] - 50)
                                         + 0.005 * (x[7] - 50)))) AS y,
       random() AS p
FROM (SELECT i, ARRAY[100 * random(), 100 * random(), 100 * random(), 100 * random(), 100 * random(),
                      100 * random(), 100 * random(), 100 * random(), 100 * random(), 100 * random()] AS x
      FROM generate_series(1, :rows) i) s;
VACUUM ANALYZE bench_logistic;
