\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- The two-phase path of a distributed engine (Citus): each shard computes a
-- partial state, ships it as text through the state type's output function,
-- the coordinator reads it back through the input function, combines and
-- finalizes. Modelled here with the extension's own support functions.

-- Phase 1, per shard: the transition function without a final function.
CREATE AGGREGATE partial_nps(int) (SFUNC = nps_accum, STYPE = nps_state,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95');
CREATE AGGREGATE partial_csat(int) (SFUNC = csat_accum, STYPE = proportion_state,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5');
CREATE AGGREGATE partial_ces(int) (SFUNC = ces_accum, STYPE = ces_state,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0');
-- Phase 2, on the coordinator: combine function as transition, then finalize.
CREATE AGGREGATE combine_nps(nps_state) (SFUNC = nps_combine, STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95');
CREATE AGGREGATE combine_csat(proportion_state) (SFUNC = proportion_combine,
    STYPE = proportion_state, FINALFUNC = proportion_summary_final,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5');
CREATE AGGREGATE combine_ces(ces_state) (SFUNC = ces_combine, STYPE = ces_state,
    FINALFUNC = ces_summary_final,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0');

-- Eight "shards" by id; per group and shard, states as text.
CREATE TABLE shipped AS
SELECT grp, id % 8 AS shard,
       partial_nps(nps)::text AS nps, partial_csat(csat)::text AS csat,
       partial_ces(ces)::text AS ces
FROM survey GROUP BY grp, id % 8;

SELECT nps, csat, ces FROM shipped WHERE grp = 0 AND shard = 0;

WITH coordinator AS (
    SELECT grp, combine_nps(nps::nps_state) AS nps, combine_csat(csat::proportion_state) AS csat,
           combine_ces(ces::ces_state) AS ces
    FROM shipped GROUP BY grp
), single_node AS (
    SELECT grp, nps_summary(nps) AS nps, csat_summary(csat) AS csat, ces_summary(ces) AS ces
    FROM survey GROUP BY grp
)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE c.nps = s.nps) AS nps_identical,
       count(*) FILTER (WHERE c.csat = s.csat) AS csat_identical,
       count(*) FILTER (WHERE c.ces::text = s.ces::text) AS ces_identical
FROM coordinator c JOIN single_node s USING (grp);

-- Text round trips exactly (doubles written with enough digits).
SELECT count(*) FILTER (WHERE ces::ces_state::text = ces) AS ces_round_trips,
       count(*) FILTER (WHERE nps::nps_state::text = nps) AS nps_round_trips,
       count(*) AS states
FROM shipped;
SELECT 'v1:n=3,mean=0.1,m2=1e-300,confidence=0.9'::mean_state;

-- In-place updates inside an aggregate never leak into a value used elsewhere.
SELECT nps_accum(s, 10), s
FROM (VALUES ('v1:promoters=1,passives=0,detractors=0,confidence=0.95'::nps_state)) v(s);

-- Malformed text is an error (22P02), never a crash.
SELECT expect_error($$SELECT ''::nps_state$$);
SELECT expect_error($$SELECT 'v2:promoters=1,passives=0,detractors=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'promoters=1,passives=0,detractors=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=1,passives=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=1,passives=0,detractors=0,confidence=0.95,'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=-1,passives=0,detractors=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=x,passives=0,detractors=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=99999999999999999999,passives=0,detractors=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=9223372036854775807,passives=1,detractors=0,confidence=0.95'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=1,passives=0,detractors=0,confidence=1'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=1,passives=0,detractors=0,confidence=nan'::nps_state$$);
SELECT expect_error($$SELECT 'v1:responses=1,satisfied=2,confidence=0.95,satisfied_from=4,scale_max=5'::proportion_state$$);
SELECT expect_error($$SELECT 'v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=6,scale_max=5'::proportion_state$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=3,m2=-1,confidence=0.95'::mean_state$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=3,m2=inf,confidence=0.95'::mean_state$$);
SELECT expect_error($$SELECT 'v1:n=2,sum=3,sumsq=5,confidence=0.95,scale_max=1'::ces_state$$);

-- The binary form (COPY BINARY, binary protocol) round trips too; it starts with
-- the version byte, and malformed input is an error (22P03).
CREATE TABLE states_bin (n nps_state, p proportion_state, m ces_state);
INSERT INTO states_bin
SELECT nps::nps_state, csat::proportion_state, ces::ces_state FROM shipped;
SELECT nps_state_send(n) FROM states_bin ORDER BY n::text LIMIT 1;
COPY states_bin TO PROGRAM 'cat > healthscore_states.bin' WITH (FORMAT binary);
CREATE TABLE states_back (LIKE states_bin);
COPY states_back FROM 'healthscore_states.bin' WITH (FORMAT binary);
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (a.n::text, a.p::text, a.m::text) = (b.n::text, b.p::text, b.m::text))
           AS identical
FROM (SELECT *, row_number() OVER (ORDER BY n::text, p::text, m::text) AS i FROM states_bin) a
JOIN (SELECT *, row_number() OVER (ORDER BY n::text, p::text, m::text) AS i FROM states_back) b
USING (i);

-- Malformed binary input: raw bytes written as a bytea column of a binary COPY
-- file arrive unchanged at the state type's receive function.
CREATE TABLE raw_bytes (b bytea);
CREATE TABLE states_in (n nps_state);
CREATE FUNCTION copy_bytes_as_nps_state(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE raw_bytes;
    INSERT INTO raw_bytes VALUES (bytes);
    COPY raw_bytes TO PROGRAM 'cat > healthscore_raw.bin' WITH (FORMAT binary);
    RETURN expect_error($q$COPY states_in FROM 'healthscore_raw.bin' WITH (FORMAT binary)$q$);
END
$$;
-- The sent form of a valid state reads back.
SELECT copy_bytes_as_nps_state(nps_state_send('v1:promoters=3,passives=2,detractors=1,confidence=0.9'));
SELECT n FROM states_in;
-- Another version, a truncated state, trailing bytes, a negative count.
SELECT copy_bytes_as_nps_state('\x02' || substr(nps_state_send('v1:promoters=3,passives=2,detractors=1,confidence=0.9'), 2));
SELECT copy_bytes_as_nps_state(substr(nps_state_send('v1:promoters=3,passives=2,detractors=1,confidence=0.9'), 1, 20));
SELECT copy_bytes_as_nps_state(nps_state_send('v1:promoters=3,passives=2,detractors=1,confidence=0.9') || '\x00'::bytea);
SELECT copy_bytes_as_nps_state('\x01ffffffffffffffff' || substr(nps_state_send('v1:promoters=3,passives=2,detractors=1,confidence=0.9'), 10));

-- Fits travel the same way: partial fits per shard as text, merged on the coordinator.
CREATE AGGREGATE partial_minmax(float8) (SFUNC = minmax_fit_accum, STYPE = minmax_fit,
    INITCOND = 'v1:n=0,min=0,max=0');
CREATE AGGREGATE partial_zscore(float8) (SFUNC = zscore_fit_accum, STYPE = zscore_fit,
    INITCOND = 'v1:n=0,mean=0,m2=0');
CREATE AGGREGATE combine_minmax(minmax_fit) (SFUNC = minmax_fit_combine, STYPE = minmax_fit,
    FINALFUNC = minmax_fit_final, INITCOND = 'v1:n=0,min=0,max=0');
CREATE AGGREGATE combine_zscore(zscore_fit) (SFUNC = zscore_fit_combine, STYPE = zscore_fit,
    FINALFUNC = zscore_fit_final, INITCOND = 'v1:n=0,mean=0,m2=0');
WITH shipped_fits AS (
    SELECT grp, id % 8 AS shard, partial_minmax(nps / 3.0::float8)::text AS mm,
           partial_zscore(ces / 7.0::float8)::text AS z
    FROM survey GROUP BY grp, id % 8
), coordinator AS (
    SELECT grp, combine_minmax(mm::minmax_fit) AS mm, combine_zscore(z::zscore_fit) AS z
    FROM shipped_fits GROUP BY grp
), single_node AS (
    SELECT grp, minmax_fit(nps / 3.0::float8) AS mm, zscore_fit(ces / 7.0::float8) AS z
    FROM survey GROUP BY grp
)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE c.mm::text IS NOT DISTINCT FROM s.mm::text) AS minmax_identical,
       count(*) FILTER (WHERE zscore_apply(c.z, 0.5) IS NOT DISTINCT FROM zscore_apply(s.z, 0.5)
                          OR abs(zscore_apply(c.z, 0.5) - zscore_apply(s.z, 0.5)) < 1e-12) AS zscore_equal
FROM coordinator c JOIN single_node s USING (grp);

-- The binary COPY files above are in the server's data directory (where the
-- server runs programs and reads relative paths), not in a directory other
-- clusters' test runs share; remove them.
COPY (SELECT) TO PROGRAM 'rm -f healthscore_states.bin healthscore_raw.bin';
-- Error messages name the aggregate the user called, also when a distributed
-- engine runs it through wrapper aggregates of its own. Citus calls, on each
-- worker, a wrapper whose transition function runs the user's aggregate's
-- transition function and, on the coordinator, one whose transition function
-- runs its combine function; the user's aggregate is their first argument, a
-- constant oid (regprocedure on workers, oid on the coordinator), and our
-- functions run in the wrapper's Aggref. A stand-in for those wrappers, built
-- for the tests only (test/standin/wrapper_agg.c), does the same. The Makefile
-- builds it in the tree pg_regress reads the tests from (--inputdir), whatever
-- --outputdir a run gives.
\getenv abs_srcdir PG_ABS_SRCDIR
\getenv dlsuffix PG_DLSUFFIX
\set standin :abs_srcdir '/test/standin/wrapper_agg' :dlsuffix
CREATE SCHEMA standin;
CREATE FUNCTION standin.transition(nps_state, oid, int, float8) RETURNS nps_state
    AS :'standin', 'wrapper_transition' LANGUAGE C;
CREATE FUNCTION standin.combine(nps_state, oid, nps_state) RETURNS nps_state
    AS :'standin', 'wrapper_combine' LANGUAGE C;
CREATE AGGREGATE standin.partial_agg(oid, int, float8) (SFUNC = standin.transition,
    STYPE = nps_state, INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0');
CREATE AGGREGATE standin.combine_agg(oid, nps_state) (SFUNC = standin.combine,
    STYPE = nps_state, INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0');
-- The stand-in computes what the aggregate computes.
SELECT standin.partial_agg('nps_summary(int, float8)'::regprocedure, nps, 0.9)::text AS worker_state,
       (SELECT standin.combine_agg('nps_summary(int, float8)'::regprocedure::oid, s)::text
        FROM (VALUES ('v1:promoters=2,passives=0,detractors=1,confidence=0.9'::nps_state),
                     ('v1:promoters=1,passives=1,detractors=0,confidence=0.9')) v(s)) AS coordinator_state
FROM (VALUES (10), (9), (7), (3), (NULL)) v(nps);
-- A worker's transition error and a coordinator's combine error name nps_summary.
SELECT expect_error($$SELECT standin.partial_agg('nps_summary(int, float8)'::regprocedure, nps, 1.5)
                      FROM (VALUES (10), (9)) v(nps)$$);
SELECT expect_error($$SELECT standin.partial_agg('nps_summary(int, float8)'::regprocedure, nps, 0.9)
                      FROM (VALUES (10), (11)) v(nps)$$);
SELECT expect_error($$SELECT standin.combine_agg('nps_summary(int, float8)'::regprocedure::oid, s)
                      FROM (VALUES ('v1:promoters=1,passives=0,detractors=0,confidence=0.9'::nps_state),
                                   ('v1:promoters=1,passives=0,detractors=0,confidence=0.95')) v(s)$$);
-- Only a constant names the aggregate: an oid from a column leaves the wrapper's name.
CREATE TABLE standin.calls AS SELECT 'nps_summary(int, float8)'::regprocedure::oid AS a, 10 AS nps;
SELECT expect_error($$SELECT standin.partial_agg(a, nps, 1.5) FROM standin.calls$$);
-- Ordinary aggregates, the extension's and a user's own, name themselves.
SELECT expect_error($$SELECT nps_summary(nps, 1.5) FROM (VALUES (10)) v(nps)$$);
SELECT expect_error($$SELECT partial_nps(nps) FROM (VALUES (11)) v(nps)$$);
SELECT expect_error($$SELECT combine_nps(s)
                      FROM (VALUES ('v1:promoters=1,passives=0,detractors=0,confidence=0.9'::nps_state)) v(s)$$);
DROP SCHEMA standin CASCADE;
