\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- The extension is trusted (README, Reference): the owner of a database, without
-- superuser, installs it there and uses every family of functions. Runs in a
-- database of its own so that the shared fixtures stay untouched.
\set regression_db :DBNAME
CREATE ROLE healthscore_owner NOLOGIN NOSUPERUSER;
CREATE DATABASE healthscore_trusted OWNER healthscore_owner;
\c healthscore_trusted
SET ROLE healthscore_owner;
SELECT rolsuper FROM pg_roles WHERE rolname = current_user;
-- Into a schema of its own, as README "Install" recommends.
CREATE SCHEMA healthscore;
CREATE EXTENSION healthscore SCHEMA healthscore;
SET search_path = "$user", public, healthscore;
SELECT extnamespace::regnamespace AS schema, extowner::regrole AS owner, extversion FROM pg_extension WHERE extname = 'healthscore';

-- Survey aggregates, a summary rolled up, the scalar functions.
SELECT nps(s), round((csat_summary(c)).pct::numeric, 4) AS csat_pct, ces(e)
FROM (VALUES (10, 5, 2), (3, 4, 3), (8, 2, 1)) v(s, c, e);
SELECT responses, promoters, passives, detractors, nps, round(std_error::numeric, 5) AS std_error
FROM (SELECT (rollup(s)).* FROM (SELECT nps_summary(g % 11) AS s FROM generate_series(1, 20) g
                           GROUP BY g % 2) t) r;
SELECT nps_category(9), (nps_change(ROW(4, 2, 1, 1, NULL, NULL, NULL, NULL)::nps_summary,
                                    ROW(4, 3, 1, 0, NULL, NULL, NULL, NULL)::nps_summary)).delta;

-- Normalization: window scores, fit and apply, absolute scaling.
SELECT x, minmax_score(x) OVER (), percentile_score(x) OVER (),
       minmax_apply((SELECT minmax_fit(y) FROM generate_series(0, 10) y), x),
       round(normal_apply((SELECT zscore_fit(y) FROM generate_series(1, 3) y), x)::numeric, 4)
           AS normal_apply,
       scale_linear(x, 0, 4)
FROM (VALUES (1.0::float8), (2), (3)) v(x);

-- States as a distributed engine ships them: text out, text in, combined.
SELECT nps_combine(nps_accum('v1:promoters=0,passives=0,detractors=0,confidence=0.95', 10),
                   'v1:promoters=1,passives=2,detractors=3,confidence=0.95')::text AS state;

-- Scorecards: the tables belong to the bootstrap superuser, and the owner, to
-- whom the install granted them, defines a scorecard, runs it and reads it.
CREATE TABLE owner_metrics AS SELECT a AS account, date '2026-01-01' AS day, (a * 10)::float8 AS usage
FROM generate_series(1, 5) a;
INSERT INTO scorecard (name, source, account_column, day_column) VALUES ('owned', 'owner_metrics', 'account', 'day');
INSERT INTO scorecard_version (scorecard, valid_from) VALUES ('owned', '2026-01-01');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, weight) VALUES ('owned', '2026-01-01', 'usage', 1);
SELECT scorecard_run('owned', '2026-01-01') AS written;
SELECT count(*) AS stored, count(steady_band) AS banded FROM health_history WHERE scorecard = 'owned';
SELECT tablename, tableowner = current_user AS owned_by_me FROM pg_tables
WHERE tablename IN ('scorecard', 'health_history') ORDER BY 1;

-- The owner can drop it again.
DROP EXTENSION healthscore;
DROP SCHEMA healthscore;
RESET ROLE;
\c :regression_db
DROP DATABASE healthscore_trusted;
DROP ROLE healthscore_owner;
