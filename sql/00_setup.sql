-- Shared fixtures of the regression suite (runs first).

-- Runs a query and reports its error as 'SQLSTATE message | detail', or 'no error'.
CREATE FUNCTION expect_error(query text) RETURNS text LANGUAGE plpgsql AS $$
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

-- 20,000 generated survey responses in 200 groups over a year, with NULLs,
-- one group whose scores are all NULL and one group with a single response.
SELECT setseed(0.42);
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

SELECT count(*) AS rows, count(DISTINCT grp) AS groups,
       count(nps) AS nps_responses, count(csat) AS csat_responses, count(ces) AS ces_responses
FROM survey;
