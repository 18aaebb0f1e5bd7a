-- EXPLAIN ANALYZE of the health-score benchmark's queries, to see where the time
-- goes: psql -v mode=serial|parallel [-v names='{...}'] -f bench/health_explain.sql
-- (names: a text array of query names, all of the mode's queries by default), on
-- the data of bench/generate_health.sql, with bench/harness.sql loaded.
\i bench/health_queries.sql
\if :{?names}
\else
\set names '{}'
\endif
CREATE FUNCTION pg_temp.explain(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ' || q LOOP
        RETURN NEXT line;
    END LOOP;
END $$;
SELECT bench_mode(:'mode') \gset
\pset footer off
SELECT name, e.line AS "QUERY PLAN"
FROM health_queries CROSS JOIN LATERAL pg_temp.explain(q) WITH ORDINALITY e(line, n)
WHERE :'mode' = ANY (modes) AND (:'names' = '{}' OR name = ANY (:'names'::text[]))
ORDER BY ord, n;
