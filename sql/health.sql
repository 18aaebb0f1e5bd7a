\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Weighted health scores (README, Weighted health scores) against independent plain-SQL
-- formulas, a published example and hand-computed drivers.

-- The published group-score example: weights 20/15/22 on scores 47/59/21 -> 40.12.
SELECT round(health_score(ARRAY[47, 59, 21], ARRAY[20, 15, 22])::numeric, 2) AS group_score,
       round(((47 * 20 + 59 * 15 + 21 * 22) / 57.0)::numeric, 2) AS reference;

-- Generated accounts: four measures, some scores missing, some weights 0.
SELECT setseed(0.33);
-- Autovacuum off for this table: the plans printed below are always planned
-- without statistics, never with those autovacuum may gather mid-test (with
-- them, the parallel plan below loses its Partial Aggregate in the workers).
CREATE TABLE accounts WITH (autovacuum_enabled = off) AS
SELECT g AS id,
       CASE WHEN random() < 0.15 THEN NULL ELSE round((100 * random())::numeric, 2)::float8 END AS usage,
       CASE WHEN random() < 0.30 THEN NULL ELSE round((100 * random())::numeric, 2)::float8 END AS nps,
       CASE WHEN random() < 0.30 THEN NULL ELSE round((100 * random())::numeric, 2)::float8 END AS csat,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((100 * random())::numeric, 2)::float8 END AS tickets,
       CASE WHEN g % 50 = 0 THEN 0 ELSE 0.4 END AS w_usage
FROM generate_series(1, 5000) g;
UPDATE accounts SET usage = NULL, nps = NULL, csat = NULL, tickets = NULL WHERE id % 997 = 0;
-- The plain-SQL formulas: a CASE per measure, written out.
CREATE TABLE account_reference AS
SELECT id,
       w_usage * (usage IS NOT NULL)::int + 0.3 * (nps IS NOT NULL)::int
           + 0.2 * (csat IS NOT NULL)::int + 0.1 * (tickets IS NOT NULL)::int AS w_present,
       w_usage + 0.6 AS w_all,
       coalesce(w_usage * usage, 0) + coalesce(0.3 * nps, 0) + coalesce(0.2 * csat, 0)
           + coalesce(0.1 * tickets, 0) AS weighted,
       (usage IS NOT NULL OR nps IS NOT NULL OR csat IS NOT NULL OR tickets IS NOT NULL) AS any_present,
       w_usage * coalesce(usage, 50) + 0.3 * coalesce(nps, 50) + 0.2 * coalesce(csat, 50)
           + 0.1 * coalesce(tickets, 50) AS weighted_neutral
FROM accounts;
WITH ext AS (
    SELECT id,
           health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1]) AS renormalize,
           health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1], 'neutral') AS neutral,
           health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1], 'zero') AS zero,
           health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1], 'renormalize', 0.7) AS covered,
           health_coverage(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1]) AS coverage
    FROM accounts
), ref AS (
    SELECT id,
           CASE WHEN any_present AND w_present > 0 THEN weighted / w_present END AS renormalize,
           CASE WHEN any_present THEN weighted_neutral / w_all END AS neutral,
           CASE WHEN any_present THEN weighted / w_all END AS zero,
           CASE WHEN any_present AND w_present > 0 AND w_present / w_all >= 0.7 THEN weighted / w_present END AS covered,
           w_present / w_all AS coverage
    FROM account_reference
)
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE abs(e.renormalize - r.renormalize) < 1e-9
                          OR (e.renormalize IS NULL AND r.renormalize IS NULL)) AS renormalize_equal,
       count(*) FILTER (WHERE abs(e.neutral - r.neutral) < 1e-9
                          OR (e.neutral IS NULL AND r.neutral IS NULL)) AS neutral_equal,
       count(*) FILTER (WHERE abs(e.zero - r.zero) < 1e-9 OR (e.zero IS NULL AND r.zero IS NULL)) AS zero_equal,
       count(*) FILTER (WHERE abs(e.covered - r.covered) < 1e-9
                          OR (e.covered IS NULL AND r.covered IS NULL)) AS min_coverage_equal,
       count(*) FILTER (WHERE abs(e.coverage - r.coverage) < 1e-12) AS coverage_equal,
       count(*) FILTER (WHERE e.renormalize IS NULL) AS no_score,
       count(*) FILTER (WHERE e.covered IS NULL AND e.renormalize IS NOT NULL) AS below_coverage
FROM ext e JOIN ref r USING (id);

-- Edge cases: nothing present, weights of present scores all 0, empty arrays.
SELECT health_score(ARRAY[NULL, NULL]::float8[], ARRAY[1, 1]) AS none_present,
       health_score(ARRAY[NULL, NULL]::float8[], ARRAY[1, 1], 'neutral') AS none_present_neutral,
       health_score(ARRAY[80, NULL], ARRAY[0, 1]) AS present_weight_0,
       health_score(ARRAY[80, NULL], ARRAY[0, 1], 'zero') AS present_weight_0_zero,
       health_score('{}'::float8[], '{}'::float8[]) AS empty,
       health_coverage('{}'::float8[], '{}'::float8[]) AS empty_coverage,
       health_score(NULL, ARRAY[1]) AS null_scores,
       health_score(ARRAY[1], NULL, 'zero') AS null_weights;

-- jsonb: each key of the weights looked up in the metrics.
SELECT health_score('{"usage": 80, "nps": null, "csat": 60}'::jsonb,
                    '{"usage": 0.4, "nps": 0.3, "csat": 0.3, "tickets": 0.1}'::jsonb) AS jsonb_score,
       (80 * 0.4 + 60 * 0.3) / 0.7 AS reference;
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE health_score(jsonb_build_object('usage', usage, 'nps', nps, 'csat', csat, 'tickets', tickets),
                                           jsonb_build_object('usage', w_usage, 'nps', 0.3, 'csat', 0.2, 'tickets', 0.1))
                        - health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1])
                        BETWEEN -1e-9 AND 1e-9) AS same_as_arrays,
       count(*) FILTER (WHERE health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1]) IS NULL)
           AS both_null
FROM accounts;
-- (jsonb keys come in sorted order, so the sums add in another order: equal
-- within rounding; accounts without scores are NULL both ways.)
SELECT count(*) FILTER (WHERE health_score(jsonb_build_object('usage', usage, 'nps', nps, 'csat', csat, 'tickets', tickets),
                                           jsonb_build_object('usage', w_usage, 'nps', 0.3, 'csat', 0.2, 'tickets', 0.1)) IS NULL)
           AS jsonb_null
FROM accounts;

-- Drivers: contributions sum to the score, points lost to 100 minus it.
SELECT * FROM health_drivers(ARRAY['usage', 'nps', 'csat', 'tickets'], ARRAY[80, NULL, 30, 90],
                             ARRAY[0.4, 0.3, 0.2, 0.1]);
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE abs(c - s) < 1e-9) AS contributions_sum_to_score,
       count(*) FILTER (WHERE abs(l - (100 - s)) < 1e-9) AS points_lost_sum_to_the_rest
FROM (SELECT a.id, health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1]) AS s,
             (SELECT sum(contribution) FROM health_drivers(ARRAY['usage', 'nps', 'csat', 'tickets'],
                 ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1])) AS c,
             (SELECT sum(points_lost) FROM health_drivers(ARRAY['usage', 'nps', 'csat', 'tickets'],
                 ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1])) AS l
      FROM accounts a) t
WHERE s IS NOT NULL;
SELECT health_drivers_json(ARRAY['usage', 'n"ps', 'csat'], ARRAY[80, 20, NULL], ARRAY[1, 1, 2]);

-- health_score_agg over long-format rows equals health_score on arrays, and
-- serial equals parallel (float sums: within 1e-12 relative).
CREATE TABLE account_measures AS
SELECT id, m.name, m.score, m.weight
FROM accounts,
     LATERAL (VALUES ('usage', usage, w_usage), ('nps', nps, 0.3), ('csat', csat, 0.2),
                     ('tickets', tickets, 0.1)) m(name, score, weight);
ANALYZE account_measures;
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE abs(agg - arr) < 1e-9 OR (agg IS NULL AND arr IS NULL)) AS agg_equals_arrays
FROM (SELECT id, health_score_agg(score, weight) AS agg FROM account_measures GROUP BY id) a
JOIN (SELECT id, health_score(ARRAY[usage, nps, csat, tickets], ARRAY[w_usage, 0.3, 0.2, 0.1]) AS arr
      FROM accounts) b USING (id);
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_serial AS SELECT id % 7 AS g, health_score_agg(score, weight) AS s FROM account_measures GROUP BY 1;
:force_parallel
EXPLAIN (COSTS OFF) SELECT id % 7, health_score_agg(score, weight) FROM account_measures GROUP BY 1;
CREATE TABLE agg_parallel AS SELECT id % 7 AS g, health_score_agg(score, weight) AS s FROM account_measures GROUP BY 1;
:reset_parallel
SELECT count(*) AS groups, count(*) FILTER (WHERE abs(a.s - b.s) <= 1e-12 * abs(a.s)) AS parallel_equal
FROM agg_serial a JOIN agg_parallel b USING (g);
SELECT health_score_agg(s, w) AS no_scores FROM (VALUES (NULL::float8, 1::float8)) v(s, w);

-- Every error, with its SQLSTATE and message.
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1])$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, -1])$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, NULL])$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, 'Infinity'::float8])$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 'NaN'::float8], ARRAY[1, 1])$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, 1], 'optimistic')$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, 1], NULL)$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, 1], 'zero', 1.5)$$);
SELECT expect_error($$SELECT health_score(ARRAY[1, 2], ARRAY[1, 1], 'zero', NULL)$$);
SELECT expect_error($$SELECT health_coverage(ARRAY[[1, 2], [3, 4]], ARRAY[1, 1])$$);
SELECT expect_error($$SELECT health_score('{"usage": "high"}'::jsonb, '{"usage": 1}'::jsonb)$$);
SELECT expect_error($$SELECT health_score('{"usage": 1}'::jsonb, '{"usage": "heavy"}'::jsonb)$$);
SELECT expect_error($$SELECT health_score('[1, 2]'::jsonb, '{"usage": 1}'::jsonb)$$);
SELECT expect_error($$SELECT health_score('{"usage": 1}'::jsonb, '{"usage": -1}'::jsonb)$$);
SELECT expect_error($$SELECT health_score_agg(s, w) FROM (VALUES (1::float8, NULL::float8)) v(s, w)$$);
SELECT expect_error($$SELECT health_score_agg(s, w) FROM (VALUES (NULL::float8, -2::float8)) v(s, w)$$);
SELECT expect_error($$SELECT * FROM health_drivers(ARRAY['a'], ARRAY[1, 2], ARRAY[1, 2])$$);
SELECT expect_error($$SELECT health_drivers_json(ARRAY['a', 'b'], ARRAY[1, 2], ARRAY[1, -2])$$);
-- A weights array that is a constant is checked once per call site; a bad one
-- fails on the first row all the same.
SELECT expect_error($$SELECT health_score(ARRAY[usage], ARRAY[-1]) FROM accounts$$);

-- health_score(ARRAY[...], constant weights [, constant rule and coverage]) runs
-- as health_score_terms(): a planner support function passes the array's
-- elements as separate arguments, so that no array is built per row. The
-- plans show where it does and where it does not.
CREATE TABLE term_fits AS
SELECT minmax_fit(usage) AS f_usage, minmax_fit(tickets) AS f_tickets, min(usage) AS lo_usage,
       max(usage) AS hi_usage, min(tickets) AS lo_tickets, max(tickets) AS hi_tickets
FROM accounts;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT health_score(ARRAY[minmax_apply(f_usage, usage), nps, minmax_apply(f_tickets, tickets, false)],
                    ARRAY[0.5, 0.3, 0.2])
FROM accounts, term_fits;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT health_score(ARRAY[usage, nps], ARRAY[0.5, 0.5], 'neutral', 0.5) FROM accounts;
-- Weights the array form rejects are rewritten too: the same reader checks
-- them in both forms, with the same error.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT health_score(ARRAY[usage, nps], ARRAY[0.5, -1]) FROM accounts;
SELECT expect_error($$SELECT health_score(ARRAY[usage, nps], ARRAY[0.5, -1]) FROM accounts$$);
SELECT expect_error($$SELECT health_score(ARRAY[usage, nps], ARRAY[0.5, 0.5], 'optimistic') FROM accounts$$);
-- Not rewritten: weights that change per row, a scores array that is not
-- written out, a weights array of another length (the array form's error).
EXPLAIN (VERBOSE, COSTS OFF)
SELECT health_score(ARRAY[usage, nps], ARRAY[w_usage, 0.3]) FROM accounts;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT health_score(a, ARRAY[0.5, 0.5]) FROM (SELECT ARRAY[usage, nps] AS a FROM accounts OFFSET 0) s;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT health_score(ARRAY[usage, nps], ARRAY[0.5]) FROM accounts;

-- The rewritten calls against the plain-SQL formulas: min-max scores written
-- out (tickets: lower is better), each rule and a coverage cut-off.
WITH ext AS (
    SELECT id,
           health_score(ARRAY[minmax_apply(f_usage, usage), nps, csat, minmax_apply(f_tickets, tickets, false)],
                        ARRAY[0.4, 0.3, 0.2, 0.1]) AS renormalize,
           health_score(ARRAY[minmax_apply(f_usage, usage), nps, csat, minmax_apply(f_tickets, tickets, false)],
                        ARRAY[0.4, 0.3, 0.2, 0.1], 'neutral') AS neutral,
           health_score(ARRAY[minmax_apply(f_usage, usage), nps, csat, minmax_apply(f_tickets, tickets, false)],
                        ARRAY[0.4, 0.3, 0.2, 0.1], 'zero') AS zero,
           health_score(ARRAY[minmax_apply(f_usage, usage), nps, csat, minmax_apply(f_tickets, tickets, false)],
                        ARRAY[0.4, 0.3, 0.2, 0.1], 'renormalize', 0.7) AS covered
    FROM accounts, term_fits
), scores AS (
    SELECT id, 100 * (usage - lo_usage) / nullif(hi_usage - lo_usage, 0) AS u, nps AS n, csat AS c,
           100 - 100 * (tickets - lo_tickets) / nullif(hi_tickets - lo_tickets, 0) AS t
    FROM accounts, term_fits
), ref AS (
    SELECT id,
           coalesce(0.4 * u, 0) + coalesce(0.3 * n, 0) + coalesce(0.2 * c, 0) + coalesce(0.1 * t, 0) AS weighted,
           0.4 * (u IS NOT NULL)::int + 0.3 * (n IS NOT NULL)::int + 0.2 * (c IS NOT NULL)::int
               + 0.1 * (t IS NOT NULL)::int AS w_present,
           0.4 * coalesce(u, 50) + 0.3 * coalesce(n, 50) + 0.2 * coalesce(c, 50) + 0.1 * coalesce(t, 50) AS neutral
    FROM scores
)
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE abs(e.renormalize - r.weighted / nullif(r.w_present, 0)) < 1e-9
                          OR (e.renormalize IS NULL AND r.w_present = 0)) AS renormalize_equal,
       count(*) FILTER (WHERE abs(e.neutral - r.neutral) < 1e-9
                          OR (e.neutral IS NULL AND r.w_present = 0)) AS neutral_equal,
       count(*) FILTER (WHERE abs(e.zero - r.weighted) < 1e-9
                          OR (e.zero IS NULL AND r.w_present = 0)) AS zero_equal,
       count(*) FILTER (WHERE abs(e.covered - r.weighted / nullif(r.w_present, 0)) < 1e-9
                          OR (e.covered IS NULL AND r.w_present < 0.7)) AS min_coverage_equal,
       count(*) FILTER (WHERE e.renormalize IS NULL) AS no_score
FROM ext e JOIN ref r USING (id);

-- Bit for bit the array form's results: the same weights from a table are not
-- constant, so that query is not rewritten.
CREATE TABLE term_weights AS SELECT ARRAY[0.4, 0.3, 0.2, 0.1]::float8[] AS w;
SELECT count(*) AS accounts,
       count(*) FILTER (WHERE a.s IS NOT DISTINCT FROM b.s) AS identical
FROM (SELECT id, health_score(ARRAY[minmax_apply(f_usage, usage), nps, csat, minmax_apply(f_tickets, tickets, false)],
                              ARRAY[0.4, 0.3, 0.2, 0.1], 'neutral') AS s
      FROM accounts, term_fits) a
JOIN (SELECT id, health_score(ARRAY[minmax_apply(f_usage, usage), nps, csat, minmax_apply(f_tickets, tickets, false)],
                              w, 'neutral') AS s
      FROM accounts, term_fits, term_weights) b USING (id);

-- Serial equals parallel: the workers run the rewritten call (each plans its
-- own call site).
CREATE TABLE terms_serial AS
SELECT id % 7 AS g,
       sum(health_score(ARRAY[minmax_apply('v1:n=2,min=0,max=80'::minmax_fit, usage), nps, csat],
                        ARRAY[0.5, 0.3, 0.2])) AS s
FROM accounts GROUP BY 1;
:force_parallel
EXPLAIN (VERBOSE, COSTS OFF)
SELECT id % 7 AS g,
       sum(health_score(ARRAY[minmax_apply('v1:n=2,min=0,max=80'::minmax_fit, usage), nps, csat],
                        ARRAY[0.5, 0.3, 0.2])) AS s
FROM accounts GROUP BY 1;
CREATE TABLE terms_parallel AS
SELECT id % 7 AS g,
       sum(health_score(ARRAY[minmax_apply('v1:n=2,min=0,max=80'::minmax_fit, usage), nps, csat],
                        ARRAY[0.5, 0.3, 0.2])) AS s
FROM accounts GROUP BY 1;
:reset_parallel
SELECT count(*) AS groups, count(*) FILTER (WHERE abs(a.s - b.s) <= 1e-12 * abs(a.s)) AS parallel_equal
FROM terms_serial a JOIN terms_parallel b USING (g);

-- Errors of the rewritten calls are the array form's: the elements are
-- computed first, in order, then the score's checks run; a bad score names
-- health_score. Rows come from a table, so nothing is folded at plan time.
CREATE TABLE odd_terms (x float8, y float8, hib boolean);
INSERT INTO odd_terms VALUES (1, 2, true);
CREATE FUNCTION both_forms(scores text) RETURNS TABLE (rewritten text, array_form_agrees boolean)
LANGUAGE sql AS $$
    SELECT expect_error(format('SELECT health_score(ARRAY[%s], ARRAY[1, 1]) FROM odd_terms, term_fits', scores)),
           expect_error(format('SELECT health_score(ARRAY[%s], ARRAY[1, 1]) FROM odd_terms, term_fits', scores))
           = expect_error(format('SELECT health_score(ARRAY[%s], w[1:2]) FROM odd_terms, term_fits, term_weights', scores))
$$;
SELECT * FROM both_forms('x, y');
UPDATE odd_terms SET x = 'NaN';
SELECT * FROM both_forms('x, y');
SELECT * FROM both_forms('minmax_apply(f_usage, x), y');
UPDATE odd_terms SET x = 1, y = '-Infinity';
SELECT * FROM both_forms('minmax_apply(f_usage, x), y');
SELECT * FROM both_forms('y, minmax_apply(f_usage, x)');
UPDATE odd_terms SET x = 'NaN';
SELECT * FROM both_forms('y, minmax_apply(f_usage, x)');
UPDATE odd_terms SET x = 1, y = 2, hib = NULL;
SELECT * FROM both_forms('minmax_apply(f_usage, x, hib), y');
SELECT expect_error($$SELECT health_score(ARRAY[x, y], ARRAY[1e308, 1e308]) FROM odd_terms$$);

-- A prepared statement gives the same results and errors under a custom plan
-- (the weights are a constant: rewritten) and a generic one (a parameter: the
-- array form), calls the other functions of its query as often, and both
-- plans cost the score alike, so conditions run in the same order.
CREATE TABLE odd (id int, f minmax_fit, x float8, y float8, z float8) WITH (autovacuum_enabled = off);
INSERT INTO odd SELECT g, 'v1:n=2,min=0,max=100'::minmax_fit, g % 97, g % 89, g % 7 FROM generate_series(1, 1000) g;
CREATE SEQUENCE odd_calls;
CREATE FUNCTION plan_modes(weights float8[]) RETURNS TABLE (mode text, scored text, calls bigint, error text, score_cost text)
LANGUAGE plpgsql AS $$
DECLARE
    plan text;
BEGIN
    FOREACH mode IN ARRAY ARRAY['force_custom_plan', 'force_generic_plan'] LOOP
        DEALLOCATE ALL;
        PREPARE scored(float8[]) AS
        SELECT count(*) FROM odd WHERE health_score(ARRAY[minmax_apply(f, x), y], $1) > 50 AND nextval('odd_calls') > 0;
        PREPARE failing(float8[]) AS
        SELECT id FROM odd WHERE health_score(ARRAY[minmax_apply(f, x), y], $1) > 50 AND 1 / z > 0;
        PERFORM set_config('plan_cache_mode', mode, true);
        PERFORM setval('odd_calls', 1, false);
        BEGIN
            EXECUTE format('EXECUTE scored(%L)', weights) INTO scored;
        EXCEPTION WHEN others THEN
            scored := SQLSTATE || ' ' || SQLERRM;
        END;
        calls := currval('odd_calls');
        error := expect_error(format('EXECUTE failing(%L)', weights));
        EXECUTE format('EXPLAIN EXECUTE scored(%L)', weights) INTO plan;
        score_cost := substring(plan from 'cost=[0-9.]+\.\.([0-9.]+)');
        RETURN NEXT;
    END LOOP;
    DEALLOCATE ALL;
END
$$;
SELECT * FROM plan_modes(ARRAY[1, 1]);
UPDATE odd SET x = 'NaN' WHERE id = 500;
SELECT * FROM plan_modes(ARRAY[1, 1]);
UPDATE odd SET x = 1;
UPDATE odd SET z = 0 WHERE id = 3;
SELECT * FROM plan_modes(ARRAY[1, 1]);
SELECT * FROM plan_modes(ARRAY[1, -1]);
RESET plan_cache_mode;

-- health_score_terms called directly: the function it stands for, the
-- parameters, then float8 terms (or a domain over float8); any other type is
-- an error. Errors name the function of the first argument.
CREATE DOMAIN measure_score AS float8 CHECK (VALUE BETWEEN 0 AND 100);
SELECT health_score_terms('health_score(float8[], float8[])', ARRAY[2, 1], 'renormalize', 0, 80::float8, 20::float8) AS two_scores,
       health_score_terms(NULL, ARRAY[1, 1], 'neutral', 0, NULL::float8, 5::float8) AS one_present,
       health_score_terms(NULL, NULL, 'zero', 0, 1::float8) AS null_weights,
       health_score_terms(NULL, w[1:1], 'renormalize', 0, x) AS weights_per_row,
       health_score_terms(NULL, ARRAY[1], 'zero', 0, 42::measure_score) AS domain_term
FROM odd_terms, term_weights;
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], 'zero', 0, 80)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], 'zero', 0, 'v1:n=2,min=0,max=1'::minmax_fit)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1, 1], 'zero', 0, 1::float8, true)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], 'zero', 0, 1::float8, 2::float8)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[-1], 'zero', 0, 1::float8)$$);
SELECT expect_error($$SELECT health_score_terms('health_score(float8[], float8[])', ARRAY[-1], 'zero', 0, 1::float8)$$);
SELECT expect_error($$SELECT health_score_terms('nps(int)', ARRAY[1], 'zero', 0, 'NaN'::float8)$$);
SELECT expect_error($$SELECT health_score_terms(0, ARRAY[1], 'zero', 0, 'NaN'::float8)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], NULL, 0, 1::float8)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], 'zero', 2, 1::float8)$$);
SELECT expect_error($$SELECT health_score_terms(NULL, w, 'zero', 0, x) FROM odd_terms, term_weights$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], 'zero', 0, VARIADIC ARRAY[1::float8])$$);
SELECT expect_error($$SELECT health_score_terms(NULL, ARRAY[1], 'zero', 0, NULL)$$);
-- 96 terms (100 arguments, PostgreSQL's limit) run as terms; 97 stay an array.
CREATE FUNCTION plan_text(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        result := result || line || ' ';
    END LOOP;
    RETURN result;
END
$$;
SELECT n, plan_text(q) ~ 'health_score_terms' AS rewritten, expect_error(q) AS error
FROM (VALUES (96), (97)) v(n),
     LATERAL (SELECT format('SELECT health_score(ARRAY[%s], array_fill(1::float8, ARRAY[%s])) FROM odd_terms',
                            (SELECT string_agg('y', ', ') FROM generate_series(1, n)), n) AS q) t;

-- A PL/pgSQL variable is a parameter whose value changes between calls of one
-- call site: weights, rules and thresholds passed that way are read on every
-- call, never kept from the first.
DO $$
DECLARE
    w float8[];
    r text;
    t float8[];
BEGIN
    FOR i IN 1 .. 3 LOOP
        w := ARRAY[i, 1];
        r := (ARRAY['renormalize', 'zero', 'neutral'])[i];
        t := ARRAY[i * 20, 90];
        RAISE NOTICE 'weights %: health_score % health_score_terms %; rule %: %; thresholds %: band %', w,
            round(health_score(ARRAY[100, 0]::float8[], w)::numeric, 2),
            round(health_score_terms(NULL, w, 'renormalize', 0, 100::float8, 0::float8)::numeric, 2),
            r, health_score_terms(NULL, ARRAY[1, 1]::float8[], r, 0, 100::float8, NULL::float8),
            t, band(50, t, ARRAY['low', 'mid', 'high']);
    END LOOP;
END
$$;

-- Privileges: the rewrite needs no USAGE on the extension's schema (a view's
-- user may have none), and happens only when every role may execute both
-- functions, so a plan run by another role bypasses no EXECUTE check.
BEGIN;
CREATE ROLE regress_terms_user;
CREATE SCHEMA terms_views;
CREATE VIEW terms_views.scores AS
SELECT health_score(ARRAY[minmax_apply(f_usage, y), y], ARRAY[1, 1]) AS h FROM odd_terms, term_fits;
GRANT USAGE ON SCHEMA terms_views TO regress_terms_user;
GRANT SELECT ON terms_views.scores TO regress_terms_user;
REVOKE USAGE ON SCHEMA public, healthscore FROM PUBLIC;
SET ROLE regress_terms_user;
SELECT h FROM terms_views.scores;
RESET ROLE;
EXPLAIN (VERBOSE, COSTS OFF) SELECT h FROM terms_views.scores;
REVOKE EXECUTE ON FUNCTION health_score(float8[], float8[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION health_score(float8[], float8[]) TO regress_terms_user;
EXPLAIN (VERBOSE, COSTS OFF) SELECT h FROM terms_views.scores;
SET ROLE regress_terms_user;
SELECT h FROM terms_views.scores;
ROLLBACK;

-- Expressions PostgreSQL plans without a query (a generated column, a CHECK
-- constraint, an index expression: no PlannerInfo) are rewritten too. The
-- index expression and the query's condition are rewritten alike, so the
-- index still serves the query.
CREATE TABLE planned_alone (id int, x float8, y float8,
    h float8 GENERATED ALWAYS AS (health_score(ARRAY[x, y], ARRAY[3, 1])) STORED,
    CHECK (health_score(ARRAY[x, y], ARRAY[1, 1], 'zero') < 60));
CREATE INDEX planned_alone_h ON planned_alone (health_score(ARRAY[y, x], ARRAY[1, 1]));
INSERT INTO planned_alone VALUES (1, 80, 20), (2, NULL, 20), (3, 10, NULL), (4, 30, 50);
-- By hand: (3 * 80 + 20) / 4 = 65; the present score alone; 10; (90 + 50) / 4 = 35.
SELECT id, h FROM planned_alone ORDER BY id;
SELECT expect_error($$INSERT INTO planned_alone VALUES (5, 70, 60)$$);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM planned_alone WHERE health_score(ARRAY[y, x], ARRAY[1, 1]) = 40;
SELECT id FROM planned_alone WHERE health_score(ARRAY[y, x], ARRAY[1, 1]) = 40;
RESET enable_seqscan;

-- The planner support function takes internal: no SQL value reaches it.
SELECT expect_error($$SELECT health_score_support(NULL)$$);

-- health_coverage is the quotient of the exact sums of the weights, correctly
-- rounded: against exact numeric sums, on the review's example and on random
-- weights (the rounded float8 sums differ from it in some of them).
SELECT health_coverage(ARRAY[23, NULL, 28, NULL], ARRAY[0.81, 0.3, 0.09, 0]) AS coverage,
       health_score(ARRAY[23, NULL, 28, NULL], ARRAY[0.81, 0.3, 0.09, 0], 'renormalize', 0.75) AS score_kept;
CREATE FUNCTION exact_scaled(x float8) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    -- x times 2^200, exactly: a float8 is an integer m below 2^55 times 2^e
    -- (e is its binary exponent less 53, give or take one), and m converts
    -- exactly through bigint. Exact for x from 2^-140 up.
    SELECT CASE WHEN x = 0 THEN 0::numeric ELSE
        (x / 2::float8 ^ e)::bigint::numeric * power(2::numeric, e + 200) END
    FROM (SELECT floor(ln(abs(x)) / ln(2))::int - 53 AS e) t
$$;
SELECT setseed(0.5) \gset
CREATE TABLE coverage_cases AS
SELECT c, array_agg(CASE WHEN random() < 0.6 THEN 50::float8 END ORDER BY k) AS s,
       array_agg(random() * 10 ^ (floor(random() * 6) - 3) ORDER BY k) AS w
FROM generate_series(1, 2000) c, generate_series(1, 7) k GROUP BY c;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE health_coverage(s, w) = (
           -- 40 decimals: the quotient rounded once more, far below float8's.
           SELECT round(coalesce(sum(exact_scaled(w[k])) FILTER (WHERE s[k] IS NOT NULL), 0), 40)
                  / round(sum(exact_scaled(w[k])), 40)
           FROM generate_series(1, 7) k)::float8) AS exact,
       count(*) FILTER (WHERE health_coverage(s, w) <> (
           SELECT coalesce(sum(w[k]) FILTER (WHERE s[k] IS NOT NULL), 0) / sum(w[k])
           FROM generate_series(1, 7) k)) AS rounded_sums_differ
FROM coverage_cases;
