-- The queries of the health-score benchmark (bench/health_bench.sql) as a temp
-- table health_queries(ord, name, modes, q): the modes it is timed in and its text.
-- bench/health_explain.sql reads it too.

CREATE TEMP TABLE health_queries (ord int, name text, modes text[], q text);

-- "segment/band=count ..." for rows (segment, band) of the inner query (segments
-- 0-4; band red, yellow, green or NULL): the same counting step for every shape,
-- 20 counts with FILTER in one plain aggregate, so the band is computed once per
-- row and the count costs the same in every plan. (GROUP BY segment, band sorts
-- 3M rows, externally at work_mem = 4MB, in the join shapes: PostgreSQL
-- estimates the join with the 150 fits at 1/750 of its rows, finds sorting as
-- cheap as hashing, and keeps the sorted path; bench/README.md.)
CREATE FUNCTION pg_temp.band_counts(inner_query text) RETURNS text LANGUAGE sql AS $f$
    SELECT format('SELECT concat_ws('' '', %s) FROM (%s OFFSET 0) s',
                  string_agg(format('%L || count(*) FILTER (WHERE segment = %s AND band %s)',
                                    seg || '/' || coalesce(b, 'none') || '=', seg,
                                    coalesce('= ' || quote_literal(b), 'IS NULL')),
                             ', ' ORDER BY seg, o),
                  inner_query)
    FROM generate_series(0, 4) seg,
         unnest(ARRAY['red', 'yellow', 'green', NULL]) WITH ORDINALITY AS v(b, o)
$f$;

INSERT INTO health_queries VALUES
(1, 'extension, window', '{serial}', pg_temp.band_counts($q$
    SELECT segment, health_band(health_score(ARRAY[s1, s2, s3, s4], ARRAY[0.4, 0.3, 0.2, 0.1])) AS band
    FROM (SELECT segment, minmax_score(logins) OVER w AS s1, minmax_score(seats_used_pct) OVER w AS s2,
                 minmax_score(features_used) OVER w AS s3, minmax_score(api_calls) OVER w AS s4
          FROM bench_health WINDOW w AS (PARTITION BY segment, day)) t$q$)),
(2, 'extension, fit + apply', '{serial,parallel}', pg_temp.band_counts($q$
    SELECT b.segment,
           health_band(health_score(ARRAY[minmax_apply(f.f1, b.logins), minmax_apply(f.f2, b.seats_used_pct),
                                          minmax_apply(f.f3, b.features_used), minmax_apply(f.f4, b.api_calls)],
                                    ARRAY[0.4, 0.3, 0.2, 0.1])) AS band
    FROM bench_health b
    JOIN (SELECT segment, day, minmax_fit(logins) AS f1, minmax_fit(seats_used_pct) AS f2,
                 minmax_fit(features_used) AS f3, minmax_fit(api_calls) AS f4
          FROM bench_health GROUP BY segment, day) f USING (segment, day)$q$)),
(3, 'plain SQL, natural', '{serial}', pg_temp.band_counts($q$
    SELECT segment, CASE WHEN h < 40 THEN 'red' WHEN h < 70 THEN 'yellow' WHEN h >= 70 THEN 'green' END AS band
    FROM (SELECT segment,
                 (coalesce(0.4 * s1, 0) + coalesce(0.3 * s2, 0) + coalesce(0.2 * s3, 0) + coalesce(0.1 * s4, 0))
                 / nullif(CASE WHEN s1 IS NULL THEN 0 ELSE 0.4 END + CASE WHEN s2 IS NULL THEN 0 ELSE 0.3 END
                          + CASE WHEN s3 IS NULL THEN 0 ELSE 0.2 END + CASE WHEN s4 IS NULL THEN 0 ELSE 0.1 END, 0) AS h
          FROM (SELECT segment,
                       100 * (logins - min(logins) OVER w) / nullif(max(logins) OVER w - min(logins) OVER w, 0) AS s1,
                       100 * (seats_used_pct - min(seats_used_pct) OVER w)
                           / nullif(max(seats_used_pct) OVER w - min(seats_used_pct) OVER w, 0) AS s2,
                       100 * (features_used - min(features_used) OVER w)
                           / nullif(max(features_used) OVER w - min(features_used) OVER w, 0) AS s3,
                       100 * (api_calls - min(api_calls) OVER w) / nullif(max(api_calls) OVER w - min(api_calls) OVER w, 0) AS s4
                FROM bench_health WINDOW w AS (PARTITION BY segment, day)) t) u$q$)),
(4, 'plain SQL, hand-tuned', '{serial,parallel}', pg_temp.band_counts($q$
    SELECT segment, CASE WHEN h < 40 THEN 'red' WHEN h < 70 THEN 'yellow' WHEN h >= 70 THEN 'green' END AS band
    FROM (SELECT segment,
                 (coalesce(float8 '0.4' * s1, 0) + coalesce(float8 '0.3' * s2, 0)
                  + coalesce(float8 '0.2' * s3, 0) + coalesce(float8 '0.1' * s4, 0))
                 / nullif(CASE WHEN s1 IS NULL THEN float8 '0' ELSE float8 '0.4' END
                          + CASE WHEN s2 IS NULL THEN float8 '0' ELSE float8 '0.3' END
                          + CASE WHEN s3 IS NULL THEN float8 '0' ELSE float8 '0.2' END
                          + CASE WHEN s4 IS NULL THEN float8 '0' ELSE float8 '0.1' END, 0) AS h
          FROM (SELECT b.segment,
                       100 * (b.logins - f.lo1) / nullif(f.hi1 - f.lo1, 0) AS s1,
                       100 * (b.seats_used_pct - f.lo2) / nullif(f.hi2 - f.lo2, 0) AS s2,
                       100 * (b.features_used - f.lo3) / nullif(f.hi3 - f.lo3, 0) AS s3,
                       100 * (b.api_calls - f.lo4) / nullif(f.hi4 - f.lo4, 0) AS s4
                FROM bench_health b
                JOIN (SELECT segment, day, min(logins) AS lo1, max(logins) AS hi1,
                             min(seats_used_pct) AS lo2, max(seats_used_pct) AS hi2,
                             min(features_used) AS lo3, max(features_used) AS hi3,
                             min(api_calls) AS lo4, max(api_calls) AS hi4
                      FROM bench_health GROUP BY segment, day) f USING (segment, day)
                OFFSET 0) t
          OFFSET 0) u$q$)),
-- Over precomputed 0-100 scores: the weighted score, and the band of a score.
(7, 'health_score', '{serial}', $q$
    SELECT sum(health_score(ARRAY[a, b, c, d], ARRAY[0.4, 0.3, 0.2, 0.1])) FROM bench_health_scores$q$),
(8, 'inline formula, numeric weights', '{serial}', $q$
    SELECT sum((coalesce(0.4 * a, 0) + coalesce(0.3 * b, 0) + coalesce(0.2 * c, 0) + coalesce(0.1 * d, 0))
               / nullif(CASE WHEN a IS NULL THEN 0 ELSE 0.4 END + CASE WHEN b IS NULL THEN 0 ELSE 0.3 END
                        + CASE WHEN c IS NULL THEN 0 ELSE 0.2 END + CASE WHEN d IS NULL THEN 0 ELSE 0.1 END, 0))
    FROM bench_health_scores$q$),
(9, 'inline formula, float8 weights', '{serial}', $q$
    SELECT sum((coalesce(float8 '0.4' * a, 0) + coalesce(float8 '0.3' * b, 0)
                + coalesce(float8 '0.2' * c, 0) + coalesce(float8 '0.1' * d, 0))
               / nullif(CASE WHEN a IS NULL THEN float8 '0' ELSE float8 '0.4' END
                        + CASE WHEN b IS NULL THEN float8 '0' ELSE float8 '0.3' END
                        + CASE WHEN c IS NULL THEN float8 '0' ELSE float8 '0.2' END
                        + CASE WHEN d IS NULL THEN float8 '0' ELSE float8 '0.1' END, 0))
    FROM bench_health_scores$q$),
(10, 'floor sum(a + b + c + d)', '{serial}', $q$
    SELECT sum(a + b + c + d) FROM bench_health_scores$q$),
(11, 'health_band', '{serial}', $q$
    SELECT count(health_band(h)) FROM bench_health_scores$q$),
(12, 'CASE bands', '{serial}', $q$
    SELECT count(CASE WHEN h < 40 THEN 'red' WHEN h < 70 THEN 'yellow' WHEN h >= 70 THEN 'green' END)
    FROM bench_health_scores$q$),
(13, 'floor count(h)', '{serial}', $q$
    SELECT count(h) FROM bench_health_scores$q$);

-- Both join shapes again with the statistics stored beforehand (bench_health_fits,
-- bench_health_stats: one row per segment and day), as a dashboard that scores
-- new rows against fits computed once would run them: the same text, with the
-- GROUP BY subquery replaced by the table.
INSERT INTO health_queries
SELECT v.stored_ord, v.name, q.modes, replaced
FROM (SELECT 2 AS ord, 5 AS stored_ord, 'extension, stored fits' AS name, 'bench_health_fits' AS source
      UNION ALL SELECT 4, 6, 'plain SQL, stored stats', 'bench_health_stats') v
JOIN health_queries q USING (ord),
LATERAL (SELECT regexp_replace(q.q, 'JOIN \(SELECT segment, day, .*? GROUP BY segment, day\) f', 'JOIN ' || v.source || ' f') AS replaced) r;
DO $$
BEGIN
    IF (SELECT count(*) FROM health_queries WHERE ord IN (5, 6) AND q ~ 'GROUP BY') <> 0
       OR (SELECT count(*) FROM health_queries WHERE ord IN (5, 6)) <> 2 THEN
        RAISE EXCEPTION 'the stored shapes still compute their statistics';
    END IF;
END $$;
