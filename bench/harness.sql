-- Timing harness shared by the benchmark suites. Each query is run once to
-- warm up, then `runs` times, round-robin with the other queries of its batch
-- so that drift of the machine hits every query alike; durations go to
-- bench_results and the report prints medians and ratios.

CREATE TABLE IF NOT EXISTS bench_results (
    suite text, query text, mode text, run int, ms float8
);

-- mode 'serial' runs without parallel workers; 'parallel' forces a parallel
-- plan with 2 workers where the planner can make one.
CREATE OR REPLACE FUNCTION bench_mode(mode text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', CASE mode WHEN 'serial' THEN '0' ELSE '2' END, false);
    PERFORM set_config('parallel_setup_cost', CASE mode WHEN 'serial' THEN '1000' ELSE '0' END, false);
    PERFORM set_config('parallel_tuple_cost', CASE mode WHEN 'serial' THEN '0.1' ELSE '0' END, false);
    PERFORM set_config('min_parallel_table_scan_size', CASE mode WHEN 'serial' THEN '8MB' ELSE '0' END, false);
END
$$;

CREATE OR REPLACE FUNCTION bench_run(suite text, mode text, names text[], queries text[], runs int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    result text;
    i int;
    r int;
BEGIN
    PERFORM bench_mode(mode);
    FOR i IN 1 .. array_length(queries, 1) LOOP
        EXECUTE queries[i] INTO result;
    END LOOP;
    FOR r IN 1 .. runs LOOP
        FOR i IN 1 .. array_length(queries, 1) LOOP
            t0 := clock_timestamp();
            EXECUTE queries[i] INTO result;
            INSERT INTO bench_results
            VALUES (suite, names[i], mode, r, 1000 * extract(epoch FROM clock_timestamp() - t0));
        END LOOP;
    END LOOP;
END
$$;

CREATE OR REPLACE VIEW bench_medians AS
SELECT suite, query, mode, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       count(*) AS runs
FROM bench_results GROUP BY suite, query, mode;

-- Median of one query, for ratios.
CREATE OR REPLACE FUNCTION bench_median(s text, q text, m text) RETURNS float8
LANGUAGE sql STABLE AS $$
    SELECT median_ms FROM bench_medians WHERE suite = s AND query = q AND mode = m
$$;
