-- Shared fixtures of the regression suite, included by every test.
--
-- Convention: each file in sql/ starts with these three lines
--
--     \set ECHO none
--     \i sql/include/fixtures.sql
--     \set ECHO all
--
-- (pg_regress runs psql in the repository top, so the path is relative to it).
-- Every test then runs alone (make installcheck REGRESS=fit) and in any order:
-- a test may use what this file makes, never objects made by another test.
-- Everything here is idempotent (CREATE OR REPLACE, created only when missing,
-- no NOTICE), prints nothing (\o /dev/null) and is not echoed (ECHO none above),
-- so it adds only the line "\set ECHO none" to a test's expected output.
-- Fixtures shared by several tests belong here; a fixture used by one test
-- stays in that test.
\o /dev/null

-- The extension, installed as README "Install" recommends: into its own schema
-- healthscore (made here when the database has no healthscore yet; a database
-- where it is installed already, e.g. at 0.1.0 and then updated, keeps it),
-- that schema on the search_path after public, so that the tests' own tables go
-- into public and the extension's names print unqualified.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'healthscore') THEN
        IF to_regnamespace('healthscore') IS NULL THEN
            CREATE SCHEMA healthscore;
        END IF;
        CREATE EXTENSION healthscore SCHEMA healthscore;
    END IF;
END
$$;
SELECT set_config('search_path', '"$user", public, ' || quote_ident(n.nspname), false)
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'healthscore';

-- Runs a query and reports its error as 'SQLSTATE message | detail', or 'no error'.
CREATE OR REPLACE FUNCTION expect_error(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    msg text;
    detail text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
    RETURN state || ' ' || msg || CASE WHEN detail <> '' THEN ' | ' || detail ELSE '' END;
END
$$;

-- survey: 20,000 generated survey responses in 200 groups over a year, with
-- NULLs, one group (199) whose scores are all NULL and one group (200) with a
-- single response. Generated from a fixed seed: the same rows in every test.
DO $$
BEGIN
    IF to_regclass('survey') IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM setseed(0.42);
    CREATE TABLE survey AS
    SELECT g AS id,
           g % 200 AS grp,
           date '2026-01-01' + (g * 7919) % 365 AS day,
           CASE WHEN random() < 0.05 THEN NULL
                ELSE least(10, floor(11 * power(random(), 0.6)))::int END AS nps,
           CASE WHEN random() < 0.05 THEN NULL
                ELSE least(5, 1 + floor(5 * power(random(), 0.5)))::int END AS csat,
           CASE WHEN random() < 0.05 THEN NULL
                ELSE least(7, 1 + floor(7 * power(random(), 1.5)))::int END AS ces
    FROM generate_series(1, 20000) g;
    UPDATE survey SET nps = NULL, csat = NULL, ces = NULL WHERE grp = 199;
    INSERT INTO survey VALUES (20001, 200, date '2026-06-01', 9, 5, 2);
    ANALYZE survey;
END
$$;

-- Forcing parallel plans: the line ":force_parallel" makes every scan worth
-- two workers (Partial Aggregate plans wherever the planner can make one);
-- ":reset_parallel" undoes it.
\set force_parallel 'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;'
\set reset_parallel 'RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;'

\o
