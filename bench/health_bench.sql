-- Health-score benchmark (README, Weighted health scores): band counts per segment of a health
-- score that min-max normalizes four usage metrics per (segment, day) and weighs
-- them 0.4/0.3/0.2/0.1, renormalizing missing metrics, banded red < 40 <= yellow
-- < 70 <= green. The extension's two shapes (window scores; fit + apply) against
-- the same logic in plain SQL written naturally (window min/max, numeric weight
-- literals, CASE bands) and hand-tuned (GROUP BY stats + hash join, float8
-- weights, each score and the health score computed once behind OFFSET 0, CASE
-- bands); and both join shapes again with the statistics stored in a table
-- beforehand. Then health_score on arrays against the inline weighted formula, and
-- health_band against CASE, over precomputed scores (bench_health_scores).
-- Every query returns one row: the band counts per segment as one string (or a
-- sum), so the whole result is computed. Before timing, the band counts of all
-- six shapes are compared and the check printed.
-- psql variables: :suite (a label), :runs.

\i bench/health_queries.sql

-- The check, once, before timing: every shape gives the same band counts, and
-- health_score and health_band agree with their formulas.
CREATE TEMP TABLE health_check AS SELECT name, NULL::text AS result FROM health_queries WHERE ord <= 6;
DO $$
DECLARE r record; v text;
BEGIN
    PERFORM bench_mode('serial');
    FOR r IN SELECT * FROM health_queries WHERE ord <= 6 LOOP
        EXECUTE r.q INTO v;
        UPDATE health_check SET result = v WHERE name = r.name;
    END LOOP;
END $$;
\pset footer off
SELECT 'band counts of the six shapes' AS "check",
       CASE WHEN count(DISTINCT result) = 1 AND count(result) = 6 THEN 'identical'
            ELSE 'DIFFERENT: ' || string_agg(name || ': ' || coalesce(result, 'NULL'), '; ') END AS verdict,
       min(result) AS "segment/band=count"
FROM health_check;
SELECT 'health_score vs inline formula; health_band vs CASE' AS "check",
       CASE WHEN count(*) FILTER (WHERE s IS DISTINCT FROM f AND abs(s - f) > 1e-9 * abs(f)) = 0
                 AND count(*) FILTER (WHERE health_band(h)::text IS DISTINCT FROM
                       CASE WHEN h < 40 THEN 'red' WHEN h < 70 THEN 'yellow' WHEN h >= 70 THEN 'green' END) = 0
            THEN 'identical (scores within 1e-9 relative)' ELSE 'DIFFERENT' END AS verdict
FROM (SELECT h, health_score(ARRAY[a, b, c, d], ARRAY[0.4, 0.3, 0.2, 0.1]) AS s,
             (coalesce(float8 '0.4' * a, 0) + coalesce(float8 '0.3' * b, 0)
              + coalesce(float8 '0.2' * c, 0) + coalesce(float8 '0.1' * d, 0))
             / nullif(CASE WHEN a IS NULL THEN float8 '0' ELSE float8 '0.4' END
                      + CASE WHEN b IS NULL THEN float8 '0' ELSE float8 '0.3' END
                      + CASE WHEN c IS NULL THEN float8 '0' ELSE float8 '0.2' END
                      + CASE WHEN d IS NULL THEN float8 '0' ELSE float8 '0.1' END, 0) AS f
      FROM bench_health_scores) t;

\o /dev/null
SELECT bench_run(:'suite', mode, array_agg(name ORDER BY ord), array_agg(q ORDER BY ord), :runs)
FROM health_queries CROSS JOIN unnest(modes) AS mode
GROUP BY mode ORDER BY mode DESC;
\o
