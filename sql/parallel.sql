\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Parallel plans: every aggregate of section 1 runs as Partial Aggregate ->
-- Gather -> Finalize Aggregate and gives the serial plan's results.

CREATE TABLE big AS
SELECT s.* FROM survey s, generate_series(1, 10) copies;
ANALYZE big;

CREATE TABLE serial_results AS
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), nps_summary(nps, 0.8) AS nps_80,
       csat(csat), csat(csat, 5, 5) AS csat_5, csat_summary(csat),
       ces(ces), ces_summary(ces), ces_summary(ces, 7, 0.99) AS ces_99,
       minmax_fit(nps * 1.5::float8)::text AS mm, zscore_fit(ces * 0.1::float8) AS zf
FROM big GROUP BY grp % 7;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), csat_summary(csat), ces_summary(ces)
FROM big GROUP BY grp % 7;
EXPLAIN (COSTS OFF)
SELECT nps(nps), csat(csat), ces(ces) FROM big;
EXPLAIN (COSTS OFF)
SELECT minmax_fit(nps::float8), zscore_fit(ces::float8) FROM big;

CREATE TABLE parallel_results AS
SELECT grp % 7 AS g, nps(nps), nps_summary(nps), nps_summary(nps, 0.8) AS nps_80,
       csat(csat), csat(csat, 5, 5) AS csat_5, csat_summary(csat),
       ces(ces), ces_summary(ces), ces_summary(ces, 7, 0.99) AS ces_99,
       minmax_fit(nps * 1.5::float8)::text AS mm, zscore_fit(ces * 0.1::float8) AS zf
FROM big GROUP BY grp % 7;

-- Parameters still apply across workers: a confidence that changes is caught
-- when the partial states are combined, whichever worker saw which row.
SELECT expect_error($$
    SELECT nps_summary(nps, CASE WHEN id = 1 THEN 0.9 ELSE 0.95 END) FROM big
$$) LIKE '22023 nps_summary confidence changes within a group%' AS mixed_confidence_rejected;

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Counts and ratios are identical; means and deviations agree to 1e-12 relative.
SELECT count(*) AS groups,
       count(*) FILTER (WHERE s.nps = p.nps AND s.nps_summary = p.nps_summary
                          AND s.nps_80 = p.nps_80) AS nps_identical,
       count(*) FILTER (WHERE s.csat = p.csat AND s.csat_5 = p.csat_5
                          AND s.csat_summary = p.csat_summary) AS csat_identical,
       count(*) FILTER (WHERE abs(s.ces - p.ces) <= 1e-12 * s.ces
                          AND (s.ces_summary).responses = (p.ces_summary).responses
                          AND abs((s.ces_summary).stddev - (p.ces_summary).stddev)
                              <= 1e-12 * (s.ces_summary).stddev
                          AND abs((s.ces_99).ci_high - (p.ces_99).ci_high)
                              <= 1e-12 * (s.ces_99).ci_high) AS ces_equal,
       count(*) FILTER (WHERE s.mm = p.mm
                          AND abs(zscore_apply(s.zf, 1) - zscore_apply(p.zf, 1)) < 1e-12) AS fits_equal
FROM serial_results s JOIN parallel_results p USING (g);

