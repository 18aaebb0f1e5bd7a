\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Every state and fit type rejects on input, text (22P02) and binary (22P03),
-- what its aggregates could never produce (README, Reference).

-- ces_state: exact sums of scores in 1..scale_max.
SELECT 'v1:n=3,sum=6,sumsq=14,confidence=0,scale_max=0'::ces_state;
SELECT 'v1:n=2,sum=14,sumsq=98,confidence=0.9,scale_max=7'::ces_state;
SELECT 'v1:n=3,sum=6442450941,sumsq=13835058042397261827,confidence=0,scale_max=2147483647'::ces_state;
SELECT expect_error($$SELECT 'v1:n=3,sum=2,sumsq=2,confidence=0,scale_max=0'::ces_state$$);   -- mean below 1
SELECT expect_error($$SELECT 'v1:n=1,sum=8,sumsq=64,confidence=0,scale_max=0'::ces_state$$);  -- mean above 7
SELECT expect_error($$SELECT 'v1:n=1,sum=3,sumsq=10,confidence=0,scale_max=0'::ces_state$$);  -- one score, a deviation
SELECT expect_error($$SELECT 'v1:n=2,sum=6,sumsq=43,confidence=0,scale_max=0'::ces_state$$);  -- sumsq beyond 7 * sum
SELECT expect_error($$SELECT 'v1:n=3,sum=9,sumsq=26,confidence=0,scale_max=0'::ces_state$$);  -- sumsq below sum^2 / n
SELECT expect_error($$SELECT 'v1:n=0,sum=1,sumsq=1,confidence=0,scale_max=0'::ces_state$$);
SELECT expect_error($$SELECT 'v1:n=1,sum=1,sumsq=1,confidence=0,scale_max=1'::ces_state$$);
SELECT expect_error($$SELECT 'v1:n=1,sum=1,sumsq=-1,confidence=0,scale_max=0'::ces_state$$);
SELECT expect_error($$SELECT 'v1:n=1,sum=1,sumsq=340282366920938463463374607431768211456,confidence=0,scale_max=0'::ces_state$$);
SELECT expect_error($$SELECT 'v1:n=-1,sum=1,sumsq=1,confidence=0,scale_max=0'::ces_state$$);
-- mean_state, zscore_fit: n, mean, m2 as Welford and Chan leave them.
SELECT 'v1:n=2,mean=3.5,m2=0.5,confidence=0'::mean_state, 'v1:n=2,mean=3.5,m2=0.5'::zscore_fit;
SELECT expect_error($$SELECT 'v1:n=1,mean=3,m2=1,confidence=0'::mean_state$$);
SELECT expect_error($$SELECT 'v1:n=1,mean=3,m2=1'::zscore_fit$$);
SELECT expect_error($$SELECT 'v1:n=0,mean=3,m2=0'::zscore_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=3,m2=-0.5'::zscore_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=Infinity,m2=0'::zscore_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=-inf,m2=0,confidence=0'::mean_state$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=1,m2=NaN,confidence=0'::mean_state$$);
SELECT expect_error($$SELECT 'v1:n=2,mean=1,m2=1,confidence=1'::mean_state$$);
-- minmax_fit: min <= max, one value has min = max, finite.
SELECT expect_error($$SELECT 'v1:n=2,min=5,max=3'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=1,min=3,max=5'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=2,min=-Infinity,max=5'::minmax_fit$$);
SELECT expect_error($$SELECT 'v1:n=0,min=1,max=1'::minmax_fit$$);
-- proportion_state and nps_state: counts that add up, scales that fit.
SELECT expect_error($$SELECT 'v1:responses=1,satisfied=2,confidence=0,satisfied_from=0,scale_max=0'::proportion_state$$);
SELECT expect_error($$SELECT 'v1:responses=1,satisfied=1,confidence=0,satisfied_from=6,scale_max=5'::proportion_state$$);
SELECT expect_error($$SELECT 'v1:responses=1,satisfied=1,confidence=0,satisfied_from=0,scale_max=5'::proportion_state$$);
SELECT expect_error($$SELECT 'v1:promoters=9223372036854775807,passives=1,detractors=0,confidence=0'::nps_state$$);
SELECT expect_error($$SELECT 'v1:promoters=1,passives=0,detractors=0,confidence=-0.5'::nps_state$$);
-- Malformed text.
SELECT expect_error($$SELECT 'v1:n=1,sum=1,sumsq=1,confidence=0'::ces_state$$);
SELECT expect_error($$SELECT 'v1:n=1,sum=1,sumsq=x,confidence=0,scale_max=0'::ces_state$$);
SELECT expect_error($$SELECT 'v9:n=1,mean=1,m2=0'::zscore_fit$$);
SELECT expect_error($$SELECT repeat('v1:', 1000)::minmax_fit$$);
-- The message shows at most 100 bytes of the text, never half a character.
SELECT expect_error($$SELECT ('v1:' || repeat('é', 60))::nps_state$$);

-- Binary: every type round trips through send and receive (COPY BINARY).
CREATE TABLE typed (c ces_state, m mean_state, mm minmax_fit, z zscore_fit, n nps_state, p proportion_state);
INSERT INTO typed
SELECT ces_accum('v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0', 5),
       mean_rollup_accum('v1:n=0,mean=0,m2=0,confidence=0', ROW(3, 2.5, 0.5, NULL, NULL)::mean_summary, 0.9),
       (SELECT minmax_fit(ces::float8) FROM survey), (SELECT zscore_fit(ces::float8) FROM survey),
       nps_accum('v1:promoters=0,passives=0,detractors=0,confidence=0', 9),
       csat_accum('v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0', 4);
COPY typed TO PROGRAM 'cat > healthscore_typed.bin' WITH (FORMAT binary);
CREATE TABLE typed_back (LIKE typed);
COPY typed_back FROM 'healthscore_typed.bin' WITH (FORMAT binary);
SELECT a.c::text = b.c::text AND a.m::text = b.m::text AND a.mm::text = b.mm::text
       AND a.z::text = b.z::text AND a.n::text = b.n::text AND a.p::text = b.p::text AS round_trip,
       b.c, b.mm
FROM typed a, typed_back b;

-- Binary input rejects bad bytes with 22P03: another version, truncated,
-- trailing bytes, values no aggregate produces.
CREATE TABLE input_bytes (b bytea);
CREATE TABLE ces_in (c ces_state);
CREATE TABLE fit_in (f minmax_fit);
CREATE FUNCTION copy_bytes_into(target text, bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE input_bytes;
    INSERT INTO input_bytes VALUES (bytes);
    COPY input_bytes TO PROGRAM 'cat > healthscore_state_input.bin' WITH (FORMAT binary);
    RETURN expect_error(format($q$COPY %I FROM 'healthscore_state_input.bin' WITH (FORMAT binary)$q$, target));
END
$$;
SELECT ces_state_send('v1:n=2,sum=3,sumsq=5,confidence=0.9,scale_max=5') AS sent;
SELECT copy_bytes_into('ces_in', ces_state_send('v1:n=2,sum=3,sumsq=5,confidence=0.9,scale_max=5'));
SELECT c FROM ces_in;
SELECT copy_bytes_into('ces_in', '\x02' || substr(ces_state_send('v1:n=2,sum=3,sumsq=5,confidence=0.9,scale_max=5'), 2));
SELECT copy_bytes_into('ces_in', substr(ces_state_send('v1:n=2,sum=3,sumsq=5,confidence=0.9,scale_max=5'), 1, 30));
SELECT copy_bytes_into('ces_in', '\x01'::bytea);
SELECT copy_bytes_into('ces_in', ''::bytea);
SELECT copy_bytes_into('ces_in', ces_state_send('v1:n=2,sum=3,sumsq=5,confidence=0.9,scale_max=5') || '\x00'::bytea);
-- n = 2, sum = 3, sumsq = 16: no two scores of 1..5 summing to 3 have squares summing to 16.
SELECT copy_bytes_into('ces_in', overlay(ces_state_send('v1:n=2,sum=3,sumsq=5,confidence=0.9,scale_max=5')
                                         placing '\x10'::bytea from 33 for 1));
SELECT copy_bytes_into('fit_in', minmax_fit_send('v1:n=2,min=1,max=3'));
SELECT copy_bytes_into('fit_in', overlay(minmax_fit_send('v1:n=2,min=1,max=3')
                                         placing float8send('NaN') from 10 for 8));
SELECT copy_bytes_into('fit_in', overlay(minmax_fit_send('v1:n=2,min=1,max=3')
                                         placing float8send(5) from 10 for 8));
SELECT f FROM fit_in;

-- The binary COPY files above are in the server's data directory (where the
-- server runs programs and reads relative paths), not in a directory other
-- clusters' test runs share; remove them.
COPY (SELECT) TO PROGRAM 'rm -f healthscore_typed.bin healthscore_state_input.bin';
