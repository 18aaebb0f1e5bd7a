\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Every function family under forced JIT inlining (CPP_PG_NOTES: C++ bitcode
-- once made LLVM's inliner abort the backend) gives the results it gives with
-- JIT off, and its errors stay SQL errors. Inputs come from a table, so no
-- call is folded at plan time and every one runs in JIT-compiled code.

CREATE TABLE jit_rows AS
SELECT id, grp % 10 AS g, nps, csat, ces,
       (id % 97) * 1.25::float8 AS x, 0.9::float8 AS conf
FROM survey WHERE id <= 4000;
ANALYZE jit_rows;

-- One query per family; its result as one text per group.
-- A scorecard over the same rows: the statements its runs build are compiled too.
CREATE VIEW jit_scorecard_source AS SELECT id, date '2026-01-01' + id % 3 AS day, g, x, nps FROM jit_rows;
INSERT INTO scorecard (name, source, account_column, day_column, cohort_column)
VALUES ('jit', 'jit_scorecard_source', 'id', 'day', 'g');
INSERT INTO scorecard_version (scorecard, valid_from) VALUES ('jit', '2026-01-01');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling, worst, best)
VALUES ('jit', '2026-01-01', 'x', 'x', 0.5, 'minmax', NULL, NULL),
       ('jit', '2026-01-01', 'nps', 'nps', 0.3, 'linear', 0, 10),
       ('jit', '2026-01-01', 'rank', 'x', 0.2, 'percentile', NULL, NULL);

CREATE FUNCTION jit_queries() RETURNS TABLE (family text, query text) LANGUAGE sql AS $$
VALUES
 ('survey aggregates', $q$SELECT g, row(nps(nps), nps_summary(nps), nps_summary(nps, conf),
        csat(csat), csat(csat, 5, 5), csat_summary(csat), csat_summary(csat, 4, 5, conf),
        ces(ces), ces(ces, 7), ces_summary(ces), ces_summary(ces, 7, conf))::text
        FROM jit_rows GROUP BY g$q$),
 ('rollups', $q$SELECT g % 2, row(rollup(n), rollup(n, 0.9::float8), rollup(c), rollup(c, 0.9::float8),
        rollup(e), rollup(e, 0.9::float8))::text
        FROM (SELECT g, id % 3 AS part, nps_summary(nps) AS n, csat_summary(csat) AS c, ces_summary(ces) AS e
              FROM jit_rows GROUP BY g, id % 3) s GROUP BY g % 2$q$),
 ('nps_category, nps_change', $q$SELECT g, row(string_agg(nps_category(nps), ',' ORDER BY id),
        nps_change(nps_summary(nps) FILTER (WHERE id % 2 = 0), nps_summary(nps) FILTER (WHERE id % 2 = 1)))::text
        FROM jit_rows GROUP BY g$q$),
 ('window scores', $q$SELECT g, string_agg(r, ';' ORDER BY id)
        FROM (SELECT g, id, row(minmax_score(x) OVER w, minmax_score(x, false, 0.1) OVER w,
                     zscore(x) OVER w, normal_score(x) OVER w, normal_score(x, false) OVER w,
                     percentile_score(x) OVER w, percentile_score(x, false) OVER w)::text AS r
              FROM jit_rows WINDOW w AS (PARTITION BY g)) s GROUP BY g$q$),
 ('fit and apply', $q$SELECT j.g, string_agg(row(minmax_apply(f.mm, j.x), minmax_apply(f.mm, j.x, false),
        zscore_apply(f.z, j.x), normal_apply(f.z, j.x), normal_apply(f.z, j.x, false), f.mm, f.z)::text, ';' ORDER BY j.id)
        FROM jit_rows j JOIN (SELECT g, minmax_fit(x) AS mm, zscore_fit(x) AS z FROM jit_rows GROUP BY g) f USING (g)
        GROUP BY j.g$q$),
 ('scaling', $q$SELECT g, string_agg(row(scale_linear(x, 10, 100), scale_linear(x, 100, 10),
        scale_log(x, 0, 120), scale_sigmoid(x, 50, 10), scale_sigmoid(x, 50, -10))::text, ';' ORDER BY id)
        FROM jit_rows GROUP BY g$q$),
 ('health scores and bands', $q$SELECT g, string_agg(row(
        health_score(ARRAY[x, nps * 10.0, csat * 20.0, NULL], ARRAY[0.4, 0.3, 0.2, 0.1]),
        health_score(ARRAY[x, nps * 10.0, csat * 20.0, NULL], ARRAY[0.4, 0.3, 0.2, 0.1], 'neutral', 0.5),
        health_score(ARRAY[minmax_apply('v1:n=2,min=0,max=90', x), nps * 10.0,
                           minmax_apply('v1:n=2,min=-5,max=80', x, false)], ARRAY[0.5, 0.3, 0.2], 'zero'),
        health_coverage(ARRAY[x, nps * 10.0, NULL], ARRAY[0.5, 0.3, 0.2]),
        health_score(jsonb_build_object('a', x, 'b', nps), '{"a": 2, "b": 1}'),
        health_drivers_json(ARRAY['a', 'b'], ARRAY[x, csat * 20.0], ARRAY[0.6, 0.4]),
        health_driver_names(ARRAY['a', 'b'], ARRAY[x, csat * 20.0], ARRAY[0.6, 0.4]),
        band_hysteresis_step(health_band(100 - x), x, 40, 70, 5),
        health_band(x), band(x, ARRAY[30, 60.0], ARRAY['low', 'mid', 'high']))::text, ';' ORDER BY id)
        || row(health_score_agg(x, 1 + id % 3), band_hysteresis(x, 40, 70, 5 ORDER BY id),
               band_hysteresis(x, 40, 60 + id % 2 * 10, 5, 'green' ORDER BY id))::text
        FROM jit_rows WHERE x <= 100 GROUP BY g$q$),
 ('scorecards', $q$SELECT account::int % 10, string_agg(row(day, score, band, steady_band, coverage, measures,
        drivers)::text, ';' ORDER BY account::int)
        FROM scorecard_preview('jit', '2026-01-02') GROUP BY 1$q$),
 ('time dynamics and calibration', $q$SELECT g, row(ewma(x, 0.3 ORDER BY id),
        ewma_time(x, timestamptz '2026-01-01' + id * interval '1 hour', interval '1 day' ORDER BY id),
        decayed_sum(x, timestamptz '2026-01-01' + id * interval '1 hour', interval '3 days', timestamptz '2026-04-01'),
        decayed_avg(x, timestamptz '2026-01-01' + id * interval '1 hour', interval '3 days', timestamptz '2026-04-01'),
        roc_auc(x, nps >= 9), roc_auc(ces, csat >= 4))::text
        FROM jit_rows GROUP BY g$q$),
 ('calibration part 2', $q$SELECT g, row(brier_score(x / 125, nps >= 9), calibration_bins(x / 125, nps >= 9, 8),
        logistic_fit(nps >= 9, ARRAY[x, csat]::float8[]),
        logistic_apply(logistic_fit(nps >= 9, ARRAY[x, csat]::float8[]), '{50,4}'),
        logistic_weights(logistic_fit(nps >= 9, ARRAY[x, csat]::float8[])),
        logistic_accum(NULL, true, '{1,2}')::text, calibration_bins_accum(NULL, 0.5, true, 4)::text)::text
        FROM jit_rows WHERE x <= 120 GROUP BY g$q$),
 ('survival', $q$SELECT g, row(km_survival(x, nps <= 6), logrank_test(x, nps <= 6, (id % 3)::text),
        logrank_test(ces::float8, csat <= 2, CASE WHEN id % 2 = 0 THEN 'even' END))::text
        FROM jit_rows GROUP BY g$q$),
 ('nps_clustered', $q$SELECT g % 2, row(nps_clustered(s), nps_clustered(s, 0.9::float8), rollup(s))::text
        FROM (SELECT g, id % 37 AS customer, nps_summary(nps) AS s FROM jit_rows GROUP BY g, id % 37) c
        GROUP BY g % 2$q$),
 ('state text I/O', $q$SELECT id, row(s.n::text::nps_state::text, s.p::text::proportion_state::text,
        s.m::text::ces_state::text, s.mm::text::minmax_fit::text, s.z::text::zscore_fit::text,
        nps_state_send(s.n::text::nps_state))::text
        FROM (SELECT id, nps_combine(nps_accum('v1:promoters=0,passives=0,detractors=0,confidence=0.95', nps),
                                    'v1:promoters=1,passives=2,detractors=3,confidence=0.95') AS n,
                     csat_accum('v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5', csat) AS p,
                     ces_accum('v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0', ces) AS m,
                     minmax_fit_accum('v1:n=0,min=0,max=0', x) AS mm,
                     zscore_fit_accum('v1:n=0,mean=0,m2=0', x) AS z
              FROM jit_rows WHERE nps IS NOT NULL AND csat IS NOT NULL AND ces IS NOT NULL) s$q$)
$$;

CREATE FUNCTION run_all() RETURNS TABLE (family text, g int, result text) LANGUAGE plpgsql AS $$
DECLARE
    q record;
BEGIN
    FOR q IN SELECT * FROM jit_queries() LOOP
        family := q.family;
        RETURN QUERY EXECUTE format('SELECT %L, k::int, r FROM (%s) t(k, r)', q.family, q.query);
    END LOOP;
END
$$;

SET jit = off;
CREATE TABLE without_jit AS SELECT * FROM run_all();
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
CREATE TABLE with_jit AS SELECT * FROM run_all();

-- The same results with and without JIT, family by family.
SELECT family, count(*) AS groups,
       count(*) FILTER (WHERE w.result IS NOT DISTINCT FROM o.result) AS identical
FROM without_jit o FULL JOIN with_jit w USING (family, g)
GROUP BY family ORDER BY family;

-- Errors under JIT are SQL errors with their SQLSTATE and message.
SELECT expect_error('SELECT nps(nps + 1) FROM jit_rows');
SELECT expect_error('SELECT csat(csat + 1) FROM jit_rows');
SELECT expect_error('SELECT ces(ces + 3) FROM jit_rows');
SELECT expect_error('SELECT nps_category(nps - 1) FROM jit_rows');
SELECT expect_error('SELECT nps_summary(nps, conf + 0.1) FROM jit_rows');
SELECT expect_error('SELECT ces_summary(ces, 7, conf - 0.9) FROM jit_rows');
SELECT expect_error('SELECT csat(csat, 6, 5 + 0 * id) FROM jit_rows');
SELECT expect_error('SELECT nps_summary(nps, CASE WHEN id = 3000 THEN 0.8 ELSE conf END) FROM jit_rows');
SELECT expect_error('SELECT minmax_score(x, true, conf) OVER () FROM jit_rows');
SELECT expect_error('SELECT minmax_fit(x * ''NaN''::float8) FROM jit_rows');
SELECT expect_error('SELECT scale_linear(x, conf, conf) FROM jit_rows');
SELECT expect_error('SELECT scale_sigmoid(x, 1, conf - 0.9) FROM jit_rows');
SELECT expect_error('SELECT (''v1:promoters=-'' || id || '',passives=0,detractors=0,confidence=0.95'')::nps_state FROM jit_rows');
SELECT expect_error('SELECT rollup(ROW(id, 1, 1, 1, 0, 0, 0, 0)::nps_summary) FROM jit_rows');
SELECT expect_error('SELECT brier_score(x, true) FROM jit_rows');
SELECT expect_error('SELECT calibration_bins(0.5, true, id::int % 3 + 1) FROM jit_rows');
SELECT expect_error('SELECT logistic_fit(true, CASE WHEN id = 9 THEN ARRAY[x] ELSE ARRAY[x, x] END) FROM jit_rows');
SELECT expect_error('SELECT km_survival(x - 50, true) FROM jit_rows');
SELECT expect_error('SELECT logrank_test(x * ''NaN''::float8, true, ''a'') FROM jit_rows');
SELECT expect_error('SELECT nps_clustered(ROW(id, 1, 1, 1, 0, 0, 0, 0)::nps_summary) FROM jit_rows');

-- The session is still usable.
SELECT nps(nps) IS NOT NULL AS usable FROM jit_rows;
RESET jit;
RESET jit_above_cost;
RESET jit_inline_above_cost;
RESET jit_optimize_above_cost;
DELETE FROM scorecard WHERE name = 'jit';
