\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Query cancel and statement_timeout reach the extension's long loops (README,
-- Reference): reading and ranking one big window partition is cancelled with
-- PostgreSQL's own error (57014), and the session goes on.
-- (WHEN OTHERS does not catch a cancel: it is caught by name.)
CREATE FUNCTION expect_cancel(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'not cancelled';
EXCEPTION WHEN query_canceled THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END
$$;
SET statement_timeout = '100ms';
SELECT expect_cancel($$SELECT count(p) FROM (SELECT percentile_score(x) OVER () AS p
                                               FROM generate_series(1, 3000000) x) t$$);
SELECT expect_cancel($$SELECT count(z) FROM (SELECT zscore(x) OVER () AS z
                                               FROM generate_series(1, 3000000) x) t$$);
SELECT expect_cancel($$SELECT count(s) FROM (SELECT minmax_score(x, true, 0.05) OVER () AS s
                                               FROM generate_series(1, 3000000) x) t$$);
RESET statement_timeout;
-- The session is usable, and so are the functions.
SELECT percentile_score(x) OVER (), zscore(x) OVER () FROM generate_series(1, 3) x;

-- roc_auc over 3 million distinct scores is cancelled, and its memory goes
-- with the query. (That its sorts and merges check for cancel is shown by the
-- unit test RocAuc.SortingAndMergingCheckForCancel: here the timeout may land
-- in the executor's own check between rows.)
SET statement_timeout = '100ms';
SELECT expect_cancel($$SELECT roc_auc(x * 0.5, x % 3 = 0) FROM generate_series(1, 3000000) x$$);
RESET statement_timeout;
SELECT roc_auc(x, x % 2 = 0) FROM generate_series(1, 4) x;

-- logistic_fit's Newton iterations check for cancel: a stored state of 1
-- million separated rows (the fit runs up to 100 passes over them) is fitted
-- by the final function alone, so only the extension's own loops run when the
-- timeout lands.
CREATE AGGREGATE logistic_rows(boolean, float8[]) (
    SFUNC = logistic_accum, STYPE = logistic_fit_state, INITCOND = 'v1:features=-1,rows=0,data=');
CREATE TABLE logistic_stored AS
SELECT logistic_rows(x % 1000 > 500, ARRAY[x % 1000, x % 7]::float8[]) AS s FROM generate_series(1, 1000000) x;
SET statement_timeout = '100ms';
SELECT expect_cancel($$SELECT logistic_final(s) FROM logistic_stored$$);
RESET statement_timeout;
SELECT (logistic_fit(x % 3 = 0, ARRAY[x]::float8[])).converged FROM generate_series(1, 9) x;
