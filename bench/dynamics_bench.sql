-- Time-dynamics and calibration benchmark (README, Time dynamics and Calibration), on the data of
-- bench/generate_dynamics.sql.
-- decayed_sum (half-life 7 days, as of 2026-12-20), in total and per customer,
-- against the same sum in plain SQL with float8 arithmetic (the age in seconds from
-- date_part, which returns float8, and the later events left out by WHERE) and
-- against sum(value) over the same scan and grouping, serial and 2 workers; and
-- against the same sum with extract()::float8 epochs (serial, information).
-- roc_auc over 1,000 distinct scores and over all-distinct scores against the
-- Mann-Whitney formula from rank() with ties averaged, as an analyst writes it,
-- and against counts per score from GROUP BY with a running sum of the negatives
-- (information); serial and 2 workers. ewma(x, 0.3) over customer x day against
-- the running sum(x) that pays the same sort, and against the recursive CTE that
-- computes the same EWMA, timed once (it joins every day's rows to the whole table
-- again); serial only: ewma depends on row order and has no combine function.
-- Every query returns one row, so the whole result is computed. Before timing,
-- the extension's results are checked against the plain-SQL ones and the check
-- printed. psql variables: :suite (a label), :runs.

CREATE TEMP TABLE dynamics_queries (ord int, name text, modes text[], runs int, q text);
INSERT INTO dynamics_queries VALUES
(1, 'sum(value)', '{serial,parallel}', NULL, $q$
    SELECT sum(value) FROM bench_events$q$),
(2, 'decayed_sum', '{serial,parallel}', NULL, $q$
    SELECT decayed_sum(value, at, interval '7 days', timestamptz '2026-12-20') FROM bench_events$q$),
(3, 'decayed formula', '{serial,parallel}', NULL, $q$
    SELECT sum(value * 2 ^ (-date_part('epoch', timestamptz '2026-12-20' - at) / date_part('epoch', interval '7 days')))
    FROM bench_events WHERE at <= timestamptz '2026-12-20'$q$),
(4, 'decayed formula, extract()::float8', '{serial}', NULL, $q$
    SELECT sum(value * 2 ^ ((extract(epoch FROM at)::float8 - extract(epoch FROM timestamptz '2026-12-20')::float8)
                            / extract(epoch FROM interval '7 days')::float8))
    FROM bench_events WHERE at <= timestamptz '2026-12-20'$q$),
(5, 'sum(value) by customer', '{serial,parallel}', NULL, $q$
    SELECT sum(s) FROM (SELECT customer, sum(value) AS s FROM bench_events GROUP BY customer) t$q$),
(6, 'decayed_sum by customer', '{serial,parallel}', NULL, $q$
    SELECT sum(s) FROM (SELECT customer, decayed_sum(value, at, interval '7 days', timestamptz '2026-12-20') AS s
                        FROM bench_events GROUP BY customer) t$q$),
(7, 'decayed formula by customer', '{serial,parallel}', NULL, $q$
    SELECT sum(s) FROM (SELECT customer,
                               sum(value * 2 ^ (-date_part('epoch', timestamptz '2026-12-20' - at)
                                                / date_part('epoch', interval '7 days'))) AS s
                        FROM bench_events WHERE at <= timestamptz '2026-12-20' GROUP BY customer) t$q$),
-- AUC = (R+ - n+(n+ + 1)/2) / (n+ n-), R+ the sum of the positives' ranks, ties averaged.
(8, 'roc_auc, 1,000 scores', '{serial,parallel}', NULL, $q$
    SELECT roc_auc(score_1000, positive) FROM bench_scores$q$),
(9, 'rank() formula, 1,000 scores', '{serial,parallel}', NULL, $q$
    SELECT (r_pos - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)
    FROM (SELECT sum(r) FILTER (WHERE positive) AS r_pos, count(*) FILTER (WHERE positive) AS n_pos,
                 count(*) FILTER (WHERE NOT positive) AS n_neg
          FROM (SELECT positive,
                       rank() OVER (ORDER BY score_1000) + (count(*) OVER (PARTITION BY score_1000) - 1) / 2.0 AS r
                FROM bench_scores) t) s$q$),
(10, 'GROUP BY formula, 1,000 scores', '{serial,parallel}', NULL, $q$
    SELECT sum(pos * (neg_below + neg / 2.0)) / (sum(pos) * sum(neg))
    FROM (SELECT pos, neg, sum(neg) OVER (ORDER BY score_1000) - neg AS neg_below
          FROM (SELECT score_1000, count(*) FILTER (WHERE positive) AS pos, count(*) FILTER (WHERE NOT positive) AS neg
                FROM bench_scores GROUP BY score_1000) g) w$q$),
(11, 'roc_auc, distinct scores', '{serial,parallel}', NULL, $q$
    SELECT roc_auc(score, positive) FROM bench_scores$q$),
(12, 'rank() formula, distinct scores', '{serial,parallel}', NULL, $q$
    SELECT (r_pos - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)
    FROM (SELECT sum(r) FILTER (WHERE positive) AS r_pos, count(*) FILTER (WHERE positive) AS n_pos,
                 count(*) FILTER (WHERE NOT positive) AS n_neg
          FROM (SELECT positive,
                       rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2.0 AS r
                FROM bench_scores) t) s$q$),
(13, 'GROUP BY formula, distinct scores', '{serial,parallel}', NULL, $q$
    SELECT sum(pos * (neg_below + neg / 2.0)) / (sum(pos) * sum(neg))
    FROM (SELECT pos, neg, sum(neg) OVER (ORDER BY score) - neg AS neg_below
          FROM (SELECT score, count(*) FILTER (WHERE positive) AS pos, count(*) FILTER (WHERE NOT positive) AS neg
                FROM bench_scores GROUP BY score) g) w$q$),
(14, 'running sum(x) OVER', '{serial}', NULL, $q$
    SELECT sum(s) FROM (SELECT sum(x) OVER (PARTITION BY customer ORDER BY day) AS s FROM bench_series) t$q$),
(15, 'ewma', '{serial}', NULL, $q$
    SELECT sum(s) FROM (SELECT ewma(x, 0.3) OVER (PARTITION BY customer ORDER BY day) AS s FROM bench_series) t$q$),
-- Every customer has days 1-100; a NULL x keeps the previous value, as ewma skips it.
(16, 'recursive CTE', '{serial}', 1, $q$
    WITH RECURSIVE e AS (
        SELECT customer, day, x AS s FROM bench_series WHERE day = 1
        UNION ALL
        SELECT b.customer, b.day, CASE WHEN b.x IS NULL THEN e.s WHEN e.s IS NULL THEN b.x
                                       ELSE 0.3 * b.x + 0.7 * e.s END
        FROM e JOIN bench_series b ON b.customer = e.customer AND b.day = e.day + 1)
    SELECT sum(s) FROM e$q$);

-- The check, once, before timing (serial): the extension agrees with the plain-SQL
-- formulas in total, per customer and per row.
SELECT bench_mode('serial') \gset
CREATE FUNCTION pg_temp.result(n text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
    EXECUTE (SELECT q FROM dynamics_queries WHERE name = n) INTO v;
    RETURN v::float8;
END $$;
CREATE FUNCTION pg_temp.verdict(ok boolean, tolerance text) RETURNS text LANGUAGE sql
    AS $$ SELECT CASE WHEN ok THEN 'identical (within ' || tolerance || ')' ELSE 'DIFFERENT' END $$;
\pset footer off
SELECT 'decayed_sum vs float8 formulas, total' AS "check",
       pg_temp.verdict(abs(d - f) <= 1e-9 * abs(f) AND abs(d - x) <= 1e-9 * abs(x), '1e-9 relative') AS verdict,
       d AS decayed_sum, f AS formula, x AS "extract()::float8"
FROM (SELECT pg_temp.result('decayed_sum') AS d, pg_temp.result('decayed formula') AS f,
             pg_temp.result('decayed formula, extract()::float8') AS x) r;
SELECT 'decayed_sum vs float8 formula, per customer' AS "check",
       pg_temp.verdict(count(*) FILTER (WHERE d IS DISTINCT FROM f AND NOT coalesce(abs(d - f) <= 1e-9 * abs(f), false)) = 0,
                       '1e-9 relative') AS verdict,
       count(*) AS customers
FROM (SELECT customer, decayed_sum(value, at, interval '7 days', timestamptz '2026-12-20') AS d
      FROM bench_events GROUP BY customer) e
FULL JOIN (SELECT customer, sum(value * 2 ^ (-date_part('epoch', timestamptz '2026-12-20' - at)
                                              / date_part('epoch', interval '7 days'))) AS f
           FROM bench_events WHERE at <= timestamptz '2026-12-20' GROUP BY customer) p USING (customer);
SELECT 'roc_auc vs rank() and GROUP BY formulas, ' || scores AS "check",
       pg_temp.verdict(abs(a - r) <= 1e-12 AND abs(a - g) <= 1e-12, '1e-12') AS verdict,
       a AS roc_auc, r AS "rank() formula", g AS "GROUP BY formula"
FROM (VALUES ('1,000 scores'), ('distinct scores')) v(scores)
CROSS JOIN LATERAL (SELECT pg_temp.result('roc_auc, ' || scores) AS a, pg_temp.result('rank() formula, ' || scores) AS r,
                           pg_temp.result('GROUP BY formula, ' || scores) AS g) t;
-- ewma per row against the recursive CTE, on the first 100 customers.
CREATE TEMP TABLE series_check AS SELECT * FROM bench_series WHERE customer <= 100;
SELECT 'ewma vs recursive CTE, per row, customers 1-100' AS "check",
       pg_temp.verdict(count(*) FILTER (WHERE s IS DISTINCT FROM c AND NOT coalesce(abs(s - c) <= 1e-9 * abs(c), false)) = 0
                       AND count(*) = (SELECT count(*) FROM series_check), '1e-9 relative') AS verdict,
       count(*) AS "rows"
FROM (SELECT customer, day, ewma(x, 0.3) OVER (PARTITION BY customer ORDER BY day) AS s FROM series_check) w
FULL JOIN (WITH RECURSIVE e AS (
               SELECT customer, day, x AS c FROM series_check WHERE day = 1
               UNION ALL
               SELECT b.customer, b.day, CASE WHEN b.x IS NULL THEN e.c WHEN e.c IS NULL THEN b.x
                                              ELSE 0.3 * b.x + 0.7 * e.c END
               FROM e JOIN series_check b ON b.customer = e.customer AND b.day = e.day + 1)
           SELECT * FROM e) r USING (customer, day);

\o /dev/null
SELECT bench_run(:'suite', mode, array_agg(name ORDER BY ord), array_agg(q ORDER BY ord), coalesce(runs, :runs))
FROM dynamics_queries CROSS JOIN unnest(modes) AS mode
GROUP BY mode, runs ORDER BY mode DESC, runs NULLS FIRST;
\o
