\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- The shared fixtures (sql/include/fixtures.sql), as every test sees them.

-- survey: 20,000 generated responses in 200 groups, with NULLs, one all-NULL
-- group and one single-response group.
SELECT count(*) AS rows, count(DISTINCT grp) AS groups,
       count(nps) AS nps_responses, count(csat) AS csat_responses, count(ces) AS ces_responses
FROM survey;
SELECT grp, count(*) AS rows, count(nps) AS nps, count(csat) AS csat, count(ces) AS ces
FROM survey WHERE grp IN (199, 200) GROUP BY grp ORDER BY grp;
SELECT expect_error('SELECT 1 / 0') AS expect_error_works,
       expect_error('SELECT 1') AS no_error;
