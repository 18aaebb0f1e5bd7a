-- healthscore install script, assembled by the Makefile from src/sql/*.sql.
-- Every object carries a COMMENT ON, so \dx+ healthscore and \df+ document it.
\echo Use "CREATE EXTENSION healthscore" to load this file. \quit
-- Section 1: Net Promoter Score.

CREATE TYPE nps_state;
CREATE FUNCTION nps_state_in(cstring) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_out(nps_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_nps_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_recv(internal) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_send(nps_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_nps_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE nps_state (
    INPUT = nps_state_in,
    OUTPUT = nps_state_out,
    RECEIVE = nps_state_recv,
    SEND = nps_state_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE nps_state IS
    'Transition state of nps() and nps_summary(): promoter, passive and detractor counts and the confidence level (0 until a row chooses one; 0.95 applies); text form v1:promoters=0,passives=0,detractors=0,confidence=0';
COMMENT ON FUNCTION nps_state_in(cstring) IS 'Reads the text form of nps_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION nps_state_out(nps_state) IS 'Writes the text form of nps_state (format v1)';
COMMENT ON FUNCTION nps_state_recv(internal) IS 'Reads the binary form of nps_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION nps_state_send(nps_state) IS 'Writes the binary form of nps_state (a version byte, then the fields)';

CREATE TYPE nps_summary AS (
    responses bigint,
    promoters bigint,
    passives bigint,
    detractors bigint,
    nps float8,
    std_error float8,
    ci_low float8,
    ci_high float8
);
COMMENT ON TYPE nps_summary IS
    'NPS of a group of responses with its counts, standard error and adjusted-Wald confidence interval; roll up with rollup(nps_summary)';

CREATE TYPE nps_change AS (
    delta float8,
    std_error float8,
    z float8,
    p_value float8,
    ci_low float8,
    ci_high float8
);
COMMENT ON TYPE nps_change IS
    'Change of NPS between two independent samples: delta (after - before) and its standard error, the pooled-variance z statistic and two-sided p-value, and the adjusted-Wald interval of the difference';

CREATE FUNCTION nps_accum(nps_state, int) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_accum(nps_state, int) IS 'Transition function of nps(score) and nps_summary(score): counts one 0-10 response';

CREATE FUNCTION nps_accum(nps_state, int, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_accum_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_accum(nps_state, int, float8) IS 'Transition function of nps_summary(score, confidence): checks the confidence on every row, counts one 0-10 response';

CREATE FUNCTION nps_combine(nps_state, nps_state) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_combine(nps_state, nps_state) IS 'Combine function of the NPS aggregates: adds two partial counts, checks their confidence levels';

CREATE FUNCTION nps_final(nps_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_final(nps_state) IS 'Final function of nps(): 100 * (promoters - detractors) / responses, NULL without responses';

CREATE FUNCTION nps_summary_final(nps_state) RETURNS nps_summary
    AS 'MODULE_PATHNAME', 'hs_nps_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_summary_final(nps_state) IS 'Final function of nps_summary() and rollup(nps_summary)';

CREATE AGGREGATE nps(score int) (
    SFUNC = nps_accum,
    STYPE = nps_state,
    FINALFUNC = nps_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(int) IS
    'Net Promoter Score of 0-10 responses: 100 * (promoters 9-10 - detractors 0-6) / responses, in -100..100; NULL without responses';
CREATE AGGREGATE nps_summary(score int) (
    SFUNC = nps_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_summary(int) IS
    'NPS of 0-10 responses with counts, standard error and 95% adjusted-Wald confidence interval';
CREATE AGGREGATE nps_summary(score int, confidence float8) (
    SFUNC = nps_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_summary(int, float8) IS
    'NPS of 0-10 responses with counts, standard error and an adjusted-Wald confidence interval at the given level in (0, 1)';

CREATE FUNCTION nps_rollup_accum(nps_state, nps_summary) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_rollup_accum(nps_state, nps_summary) IS 'Transition function of rollup(nps_summary): adds one summary''s counts';

CREATE FUNCTION nps_rollup_accum(nps_state, nps_summary, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_rollup_accum(nps_state, nps_summary, float8) IS 'Transition function of rollup(nps_summary, confidence): checks the confidence on every row, adds one summary''s counts';

CREATE AGGREGATE rollup(summary nps_summary) (
    SFUNC = nps_rollup_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(nps_summary) IS
    'Exact nps_summary of the union of the responses behind several nps_summary values (95% interval)';
CREATE AGGREGATE rollup(summary nps_summary, confidence float8) (
    SFUNC = nps_rollup_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(nps_summary, float8) IS
    'Exact nps_summary of the union of the responses behind several nps_summary values, interval at the given confidence';

CREATE FUNCTION nps_category(score int) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_nps_category' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_category(int) IS
    'NPS category of a 0-10 response: promoter (9-10), passive (7-8) or detractor (0-6)';

CREATE FUNCTION nps_change(before nps_summary, after nps_summary, confidence float8 DEFAULT 0.95)
    RETURNS nps_change
    AS 'MODULE_PATHNAME', 'hs_nps_change' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_change(nps_summary, nps_summary, float8) IS
    'Did NPS move between two independent samples? delta = after - before, std_error = sqrt(se1^2 + se2^2), z and two-sided p_value of the pooled-variance test, adjusted-Wald interval of the difference at the given confidence; NULL when a summary is NULL';
-- Section 1: customer satisfaction (CSAT), a proportion with a Wilson interval.

CREATE TYPE proportion_state;
CREATE FUNCTION proportion_state_in(cstring) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_out(proportion_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_proportion_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_recv(internal) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION proportion_state_send(proportion_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_proportion_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE proportion_state (
    INPUT = proportion_state_in,
    OUTPUT = proportion_state_out,
    RECEIVE = proportion_state_recv,
    SEND = proportion_state_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE proportion_state IS
    'Transition state of csat() and csat_summary(): response and satisfied counts, confidence and scale (0 until a row chooses them; 0.95 and 4 of 1..5 apply); text form v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0';
COMMENT ON FUNCTION proportion_state_in(cstring) IS 'Reads the text form of proportion_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION proportion_state_out(proportion_state) IS 'Writes the text form of proportion_state (format v1)';
COMMENT ON FUNCTION proportion_state_recv(internal) IS 'Reads the binary form of proportion_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION proportion_state_send(proportion_state) IS 'Writes the binary form of proportion_state (a version byte, then the fields)';

CREATE TYPE proportion_summary AS (
    responses bigint,
    satisfied bigint,
    pct float8,
    ci_low float8,
    ci_high float8
);
COMMENT ON TYPE proportion_summary IS
    'Percentage of satisfied responses with its Wilson score interval, in percent; roll up with rollup(proportion_summary)';

CREATE FUNCTION csat_accum(proportion_state, int) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_csat_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_accum(proportion_state, int) IS 'Transition function of csat(score) and csat_summary(score): counts one 1-5 response';

CREATE FUNCTION csat_accum(proportion_state, int, int, int) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_csat_accum_scale' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION csat_accum(proportion_state, int, int, int) IS 'Transition function of csat(score, satisfied_from, scale_max): checks the scale on every row, counts one response';

CREATE FUNCTION csat_accum(proportion_state, int, int, int, float8) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_csat_accum_scale' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION csat_accum(proportion_state, int, int, int, float8) IS 'Transition function of csat_summary(score, satisfied_from, scale_max, confidence)';

CREATE FUNCTION proportion_combine(proportion_state, proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_combine(proportion_state, proportion_state) IS 'Combine function of the CSAT aggregates: adds two partial counts, checks their parameters';

CREATE FUNCTION csat_final(proportion_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_csat_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_final(proportion_state) IS 'Final function of csat(): percentage of satisfied responses, NULL without responses';

CREATE FUNCTION proportion_summary_final(proportion_state) RETURNS proportion_summary
    AS 'MODULE_PATHNAME', 'hs_proportion_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_summary_final(proportion_state) IS 'Final function of csat_summary() and rollup(proportion_summary)';

CREATE AGGREGATE csat(score int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = csat_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(int) IS
    'CSAT of 1-5 responses: percentage scoring 4 or 5 (top-2-box); NULL without responses';
CREATE AGGREGATE csat(score int, satisfied_from int, scale_max int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = csat_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(int, int, int) IS
    'CSAT of 1..scale_max responses: percentage scoring satisfied_from or more; NULL without responses';
CREATE AGGREGATE csat_summary(score int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_summary(int) IS
    'CSAT of 1-5 responses (top-2-box) with counts and 95% Wilson score interval';
CREATE AGGREGATE csat_summary(score int, satisfied_from int, scale_max int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_summary(int, int, int) IS
    'CSAT of 1..scale_max responses (satisfied from satisfied_from) with counts and 95% Wilson score interval';
CREATE AGGREGATE csat_summary(score int, satisfied_from int, scale_max int, confidence float8) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_summary(int, int, int, float8) IS
    'CSAT of 1..scale_max responses with counts and a Wilson score interval at the given confidence';

CREATE FUNCTION proportion_rollup_accum(proportion_state, proportion_summary) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_rollup_accum(proportion_state, proportion_summary) IS 'Transition function of rollup(proportion_summary): adds one summary''s counts';

CREATE FUNCTION proportion_rollup_accum(proportion_state, proportion_summary, float8) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_rollup_accum(proportion_state, proportion_summary, float8) IS 'Transition function of rollup(proportion_summary, confidence): checks the confidence on every row, adds one summary''s counts';

CREATE AGGREGATE rollup(summary proportion_summary) (
    SFUNC = proportion_rollup_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(proportion_summary) IS
    'Exact proportion_summary of the union of the responses behind several proportion_summary values (95% interval)';
CREATE AGGREGATE rollup(summary proportion_summary, confidence float8) (
    SFUNC = proportion_rollup_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(proportion_summary, float8) IS
    'Exact proportion_summary of the union of the responses behind several proportion_summary values, interval at the given confidence';
-- Section 1: customer effort score (CES), a mean with a Student t interval.
-- ces() and ces_summary() keep exact integer sums (ces_state); rollup of
-- mean_summary values merges means and deviations (mean_state, Chan).

CREATE TYPE ces_state;
CREATE FUNCTION ces_state_in(cstring) RETURNS ces_state
    AS 'MODULE_PATHNAME', 'hs_ces_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_state_out(ces_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_ces_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_state_recv(internal) RETURNS ces_state
    AS 'MODULE_PATHNAME', 'hs_ces_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_state_send(ces_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_ces_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ces_state (
    INPUT = ces_state_in,
    OUTPUT = ces_state_out,
    RECEIVE = ces_state_recv,
    SEND = ces_state_send,
    INTERNALLENGTH = 48,
    ALIGNMENT = double
);
COMMENT ON TYPE ces_state IS
    'Transition state of ces() and ces_summary(): count, exact sum and sum of squares of the scores, confidence and scale (0 until a row chooses them; 0.95 and 1..7 apply); text form v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0';
COMMENT ON FUNCTION ces_state_in(cstring) IS 'Reads the text form of ces_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION ces_state_out(ces_state) IS 'Writes the text form of ces_state (format v1)';
COMMENT ON FUNCTION ces_state_recv(internal) IS 'Reads the binary form of ces_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION ces_state_send(ces_state) IS 'Writes the binary form of ces_state (a version byte, then the fields)';

CREATE TYPE mean_state;
CREATE FUNCTION mean_state_in(cstring) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean_state_out(mean_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_mean_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean_state_recv(internal) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mean_state_send(mean_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_mean_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE mean_state (
    INPUT = mean_state_in,
    OUTPUT = mean_state_out,
    RECEIVE = mean_state_recv,
    SEND = mean_state_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE mean_state IS
    'Transition state of rollup(mean_summary): count, mean and sum of squared deviations (Chan''s merge), confidence (0 until a row chooses one; 0.95 applies); text form v1:n=0,mean=0,m2=0,confidence=0';
COMMENT ON FUNCTION mean_state_in(cstring) IS 'Reads the text form of mean_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION mean_state_out(mean_state) IS 'Writes the text form of mean_state (format v1)';
COMMENT ON FUNCTION mean_state_recv(internal) IS 'Reads the binary form of mean_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION mean_state_send(mean_state) IS 'Writes the binary form of mean_state (a version byte, then the fields)';

CREATE TYPE mean_summary AS (
    responses bigint,
    mean float8,
    stddev float8,
    ci_low float8,
    ci_high float8
);
COMMENT ON TYPE mean_summary IS
    'Mean score with sample standard deviation and Student t confidence interval; roll up with rollup(mean_summary)';

CREATE FUNCTION ces_accum(ces_state, int) RETURNS ces_state
    AS 'MODULE_PATHNAME', 'hs_ces_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_accum(ces_state, int) IS 'Transition function of ces(score) and ces_summary(score): adds one 1-7 response';

CREATE FUNCTION ces_accum(ces_state, int, int) RETURNS ces_state
    AS 'MODULE_PATHNAME', 'hs_ces_accum_scale' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ces_accum(ces_state, int, int) IS 'Transition function of ces(score, scale_max) and ces_summary(score, scale_max): checks the scale on every row';

CREATE FUNCTION ces_accum(ces_state, int, int, float8) RETURNS ces_state
    AS 'MODULE_PATHNAME', 'hs_ces_accum_scale' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ces_accum(ces_state, int, int, float8) IS 'Transition function of ces_summary(score, scale_max, confidence)';

CREATE FUNCTION ces_combine(ces_state, ces_state) RETURNS ces_state
    AS 'MODULE_PATHNAME', 'hs_ces_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_combine(ces_state, ces_state) IS 'Combine function of the CES aggregates: adds two partial exact sums, checks their parameters';

CREATE FUNCTION ces_final(ces_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_ces_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_final(ces_state) IS 'Final function of ces(): the mean score, correctly rounded; NULL without responses';

CREATE FUNCTION ces_summary_final(ces_state) RETURNS mean_summary
    AS 'MODULE_PATHNAME', 'hs_ces_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_summary_final(ces_state) IS 'Final function of ces_summary(): mean, sample standard deviation and Student t interval';

CREATE AGGREGATE ces(score int) (
    SFUNC = ces_accum,
    STYPE = ces_state,
    FINALFUNC = ces_final,
    COMBINEFUNC = ces_combine,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces(int) IS
    'CES of 1-7 responses: the mean effort score; NULL without responses';
CREATE AGGREGATE ces(score int, scale_max int) (
    SFUNC = ces_accum,
    STYPE = ces_state,
    FINALFUNC = ces_final,
    COMBINEFUNC = ces_combine,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces(int, int) IS
    'CES of 1..scale_max responses: the mean effort score; NULL without responses';
CREATE AGGREGATE ces_summary(score int) (
    SFUNC = ces_accum,
    STYPE = ces_state,
    FINALFUNC = ces_summary_final,
    COMBINEFUNC = ces_combine,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces_summary(int) IS
    'CES of 1-7 responses: mean, sample standard deviation and 95% Student t interval';
CREATE AGGREGATE ces_summary(score int, scale_max int) (
    SFUNC = ces_accum,
    STYPE = ces_state,
    FINALFUNC = ces_summary_final,
    COMBINEFUNC = ces_combine,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces_summary(int, int) IS
    'CES of 1..scale_max responses: mean, sample standard deviation and 95% Student t interval';
CREATE AGGREGATE ces_summary(score int, scale_max int, confidence float8) (
    SFUNC = ces_accum,
    STYPE = ces_state,
    FINALFUNC = ces_summary_final,
    COMBINEFUNC = ces_combine,
    INITCOND = 'v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces_summary(int, int, float8) IS
    'CES of 1..scale_max responses: mean, sample standard deviation and Student t interval at the given confidence';

CREATE FUNCTION mean_rollup_accum(mean_state, mean_summary) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_rollup_accum(mean_state, mean_summary) IS 'Transition function of rollup(mean_summary): merges one summary';

CREATE FUNCTION mean_rollup_accum(mean_state, mean_summary, float8) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mean_rollup_accum(mean_state, mean_summary, float8) IS 'Transition function of rollup(mean_summary, confidence): checks the confidence on every row, merges one summary';

CREATE FUNCTION mean_combine(mean_state, mean_state) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_combine(mean_state, mean_state) IS 'Combine function of rollup(mean_summary): merges two partial means (Chan)';

CREATE FUNCTION mean_summary_final(mean_state) RETURNS mean_summary
    AS 'MODULE_PATHNAME', 'hs_mean_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_summary_final(mean_state) IS 'Final function of rollup(mean_summary)';

CREATE AGGREGATE rollup(summary mean_summary) (
    SFUNC = mean_rollup_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(mean_summary) IS
    'mean_summary of the union of the responses behind several mean_summary values (95% interval); means and deviations merged by Chan''s formula';
CREATE AGGREGATE rollup(summary mean_summary, confidence float8) (
    SFUNC = mean_rollup_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(mean_summary, float8) IS
    'mean_summary of the union of the responses behind several mean_summary values, interval at the given confidence';
-- Section 2a: relative normalization over a window partition. Each function
-- reads the whole partition (ORDER BY and frame clauses do not change it) and
-- returns NULL for every row of a partition with fewer than two distinct values.

CREATE FUNCTION minmax_score(x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_minmax_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION minmax_score(x float8, higher_is_better boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_minmax_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION minmax_score(x float8, higher_is_better boolean, clip float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_minmax_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION minmax_score(float8) IS
    'Window function: 100 * (x - min) / (max - min) over the partition; NULL when it has fewer than two distinct values';
COMMENT ON FUNCTION minmax_score(float8, boolean) IS
    'Window function: min-max score over the partition, mirrored (100 - score) when higher_is_better is false';
COMMENT ON FUNCTION minmax_score(float8, boolean, float8) IS
    'Window function: min-max score over the partition after winsorizing at the clip and 1 - clip percentiles (clip in [0, 0.5))';

CREATE FUNCTION zscore(x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_zscore' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION zscore(float8) IS
    'Window function: (x - mean) / stddev_samp over the partition (unbounded); NULL when it has fewer than two distinct values';

CREATE FUNCTION normal_score(x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_normal_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION normal_score(x float8, higher_is_better boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_normal_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION normal_score(float8) IS
    'Window function: 100 * Phi(zscore) over the partition, Phi the standard normal CDF';
COMMENT ON FUNCTION normal_score(float8, boolean) IS
    'Window function: 100 * Phi(zscore) over the partition, mirrored when higher_is_better is false';

CREATE FUNCTION percentile_score(x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_percentile_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION percentile_score(x float8, higher_is_better boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_percentile_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION percentile_score(float8) IS
    'Window function: mid-rank percentile 100 * (L + (E - 1) / 2) / (n - 1) of x in the partition (L values below, E equal)';
COMMENT ON FUNCTION percentile_score(float8, boolean) IS
    'Window function: mid-rank percentile of x in the partition, mirrored when higher_is_better is false';
-- Section 2b: fit, then apply. Statistics fitted per group by a parallel
-- aggregate, stored or joined back, and applied by scalar functions.

CREATE TYPE minmax_fit;
CREATE FUNCTION minmax_fit_in(cstring) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION minmax_fit_out(minmax_fit) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION minmax_fit_recv(internal) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION minmax_fit_send(minmax_fit) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE minmax_fit (
    INPUT = minmax_fit_in,
    OUTPUT = minmax_fit_out,
    RECEIVE = minmax_fit_recv,
    SEND = minmax_fit_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE minmax_fit IS
    'Count, min and max of a metric''s non-NULL values, for minmax_apply(); text form v1:n=0,min=0,max=0';
COMMENT ON FUNCTION minmax_fit_in(cstring) IS 'Reads the text form of minmax_fit (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION minmax_fit_out(minmax_fit) IS 'Writes the text form of minmax_fit (format v1)';
COMMENT ON FUNCTION minmax_fit_recv(internal) IS 'Reads the binary form of minmax_fit (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION minmax_fit_send(minmax_fit) IS 'Writes the binary form of minmax_fit (a version byte, then the fields)';

CREATE FUNCTION minmax_fit_accum(minmax_fit, float8) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_fit_accum(minmax_fit, float8) IS 'Transition function of minmax_fit(x)';
CREATE FUNCTION minmax_fit_combine(minmax_fit, minmax_fit) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_fit_combine(minmax_fit, minmax_fit) IS 'Combine function of minmax_fit(x): min of mins, max of maxes, sum of counts';
CREATE FUNCTION minmax_fit_final(minmax_fit) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_fit_final(minmax_fit) IS 'Final function of minmax_fit(x): the fit, NULL without values';

CREATE AGGREGATE minmax_fit(x float8) (
    SFUNC = minmax_fit_accum,
    STYPE = minmax_fit,
    FINALFUNC = minmax_fit_final,
    COMBINEFUNC = minmax_fit_combine,
    INITCOND = 'v1:n=0,min=0,max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE minmax_fit(float8) IS
    'Fits min-max scaling: count, min and max of the non-NULL values; NULL without values';

CREATE FUNCTION minmax_apply(fit minmax_fit, x float8, higher_is_better boolean DEFAULT true)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_minmax_apply' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION minmax_apply(minmax_fit, float8, boolean) IS
    '100 * (x - min) / (max - min) for a fitted min and max, clamped to 0..100, mirrored when higher_is_better is false; NULL when the fit has fewer than two distinct values or fit or x is NULL';

CREATE TYPE zscore_fit;
CREATE FUNCTION zscore_fit_in(cstring) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION zscore_fit_out(zscore_fit) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION zscore_fit_recv(internal) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION zscore_fit_send(zscore_fit) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE zscore_fit (
    INPUT = zscore_fit_in,
    OUTPUT = zscore_fit_out,
    RECEIVE = zscore_fit_recv,
    SEND = zscore_fit_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE zscore_fit IS
    'Count, mean and sum of squared deviations (M2) of a metric''s non-NULL values, for zscore_apply() and normal_apply(); text form v1:n=0,mean=0,m2=0';
COMMENT ON FUNCTION zscore_fit_in(cstring) IS 'Reads the text form of zscore_fit (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION zscore_fit_out(zscore_fit) IS 'Writes the text form of zscore_fit (format v1)';
COMMENT ON FUNCTION zscore_fit_recv(internal) IS 'Reads the binary form of zscore_fit (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION zscore_fit_send(zscore_fit) IS 'Writes the binary form of zscore_fit (a version byte, then the fields)';

CREATE FUNCTION zscore_fit_accum(zscore_fit, float8) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_fit_accum(zscore_fit, float8) IS 'Transition function of zscore_fit(x): Welford''s update';
CREATE FUNCTION zscore_fit_combine(zscore_fit, zscore_fit) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_fit_combine(zscore_fit, zscore_fit) IS 'Combine function of zscore_fit(x): Chan''s merge';
CREATE FUNCTION zscore_fit_final(zscore_fit) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_fit_final(zscore_fit) IS 'Final function of zscore_fit(x): the fit, NULL without values';

CREATE AGGREGATE zscore_fit(x float8) (
    SFUNC = zscore_fit_accum,
    STYPE = zscore_fit,
    FINALFUNC = zscore_fit_final,
    COMBINEFUNC = zscore_fit_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE zscore_fit(float8) IS
    'Fits z-scores: count, mean and M2 of the non-NULL values (Welford, Chan merge); NULL without values';

CREATE FUNCTION zscore_apply(fit zscore_fit, x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_zscore_apply' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_apply(zscore_fit, float8) IS
    '(x - mean) / stddev_samp for a fitted mean and deviation; NULL when the fit has fewer than two distinct values';

CREATE FUNCTION normal_apply(fit zscore_fit, x float8, higher_is_better boolean DEFAULT true)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_normal_apply' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION normal_apply(zscore_fit, float8, boolean) IS
    '100 * Phi((x - mean) / stddev_samp) for a fitted mean and deviation, mirrored when higher_is_better is false';
-- Section 2c: absolute, target-based scaling onto 0..100.

CREATE FUNCTION scale_linear(x float8, worst float8, best float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_scale_linear' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION scale_linear(float8, float8, float8) IS
    '0 at worst, 100 at best, linear between, clamped to 0..100; worst > best means lower is better';

CREATE FUNCTION scale_log(x float8, worst float8, best float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_scale_log' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION scale_log(float8, float8, float8) IS
    'scale_linear on ln(1 + x): for metrics with a long tail (seats, logins, ARR); x, worst, best >= 0';

CREATE FUNCTION scale_sigmoid(x float8, midpoint float8, width float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_scale_sigmoid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION scale_sigmoid(float8, float8, float8) IS
    '100 / (1 + exp(-(x - midpoint) / width)): 50 at the midpoint; width < 0 means lower is better';
-- Section 3: weighted health scores.

-- health_score(ARRAY[e1, ..., en], constant weights ...) runs as
-- health_score_terms(health_score, weights, missing, min_coverage, e1, ..., en):
-- the same score of the same arguments, without building an array per row.
-- Both have the default cost, so the planner orders conditions the same way
-- whichever form a plan holds.
CREATE FUNCTION health_score_terms(called regprocedure, weights float8[], missing text,
                                   min_coverage float8, VARIADIC terms "any") RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score_terms' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION health_score_terms(regprocedure, float8[], text, float8, "any") IS
    'Weighted health score of separate float8 terms, as health_score(ARRAY[terms], weights, missing, min_coverage), its errors named after the function called: what the planner runs for health_score(ARRAY[...], constant weights)';

CREATE FUNCTION health_score_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hs_health_score_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_score_support(internal) IS
    'Planner support of health_score(): rewrites health_score(ARRAY[...], constant weights [, constant rule and coverage]) into health_score_terms(), which builds no array';

CREATE FUNCTION health_score(scores float8[], weights float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT health_score_support;
COMMENT ON FUNCTION health_score(float8[], float8[]) IS
    'Weighted health score: sum(w * s) / sum(w) over the components whose score is not NULL (the weights of missing scores are redistributed); NULL when none is present';

CREATE FUNCTION health_score(scores float8[], weights float8[], missing text,
                             min_coverage float8 DEFAULT 0) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score_rule' LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT health_score_support;
COMMENT ON FUNCTION health_score(float8[], float8[], text, float8) IS
    'Weighted health score with a missing-data rule: ''renormalize'', ''neutral'' (a missing score counts as 50) or ''zero''; NULL when the coverage is below min_coverage';

CREATE FUNCTION health_coverage(scores float8[], weights float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_coverage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_coverage(float8[], float8[]) IS
    'The share of the total weight whose score is present (0..1): how much data a health score rests on';

CREATE FUNCTION health_score(metrics jsonb, weights jsonb) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_score(jsonb, jsonb) IS
    'Weighted health score of named metrics: each key of weights looked up in metrics; a missing key or JSON null is a missing score';

CREATE TYPE health_state;
CREATE FUNCTION health_state_in(cstring) RETURNS health_state
    AS 'MODULE_PATHNAME', 'hs_health_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION health_state_out(health_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_health_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION health_state_recv(internal) RETURNS health_state
    AS 'MODULE_PATHNAME', 'hs_health_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION health_state_send(health_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_health_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE health_state (
    INPUT = health_state_in,
    OUTPUT = health_state_out,
    RECEIVE = health_state_recv,
    SEND = health_state_send,
    INTERNALLENGTH = 24,
    ALIGNMENT = double
);
COMMENT ON TYPE health_state IS
    'Transition state of health_score_agg(): rows with a score, their weights and the weighted sum; text form v1:n=0,weight=0,weighted=0';
COMMENT ON FUNCTION health_state_in(cstring) IS 'Reads the text form of health_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION health_state_out(health_state) IS 'Writes the text form of health_state (format v1)';
COMMENT ON FUNCTION health_state_recv(internal) IS 'Reads the binary form of health_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION health_state_send(health_state) IS 'Writes the binary form of health_state (a version byte, then the fields)';

CREATE FUNCTION health_accum(health_state, float8, float8) RETURNS health_state
    AS 'MODULE_PATHNAME', 'hs_health_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION health_accum(health_state, float8, float8) IS 'Transition function of health_score_agg(score, weight): checks the weight, adds a present score';
CREATE FUNCTION health_combine(health_state, health_state) RETURNS health_state
    AS 'MODULE_PATHNAME', 'hs_health_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_combine(health_state, health_state) IS 'Combine function of health_score_agg(): adds two partial sums';
CREATE FUNCTION health_final(health_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_final(health_state) IS 'Final function of health_score_agg(): sum(w * s) / sum(w), NULL without scores';

CREATE AGGREGATE health_score_agg(score float8, weight float8) (
    SFUNC = health_accum,
    STYPE = health_state,
    FINALFUNC = health_final,
    COMBINEFUNC = health_combine,
    INITCOND = 'v1:n=0,weight=0,weighted=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE health_score_agg(float8, float8) IS
    'Weighted health score over long-format rows (one row per measure): sum(w * s) / sum(w) over the rows with a score';

CREATE TYPE health_driver AS (
    measure text,
    score float8,
    weight float8,
    effective_weight float8,
    contribution float8,
    points_lost float8
);
COMMENT ON TYPE health_driver IS
    'One measure of a health score: its score and weight, its effective weight (w / sum of present weights), its contribution to the score and the points it costs';

CREATE FUNCTION health_drivers(names text[], scores float8[], weights float8[])
    RETURNS SETOF health_driver
    AS 'MODULE_PATHNAME', 'hs_health_drivers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION health_drivers(text[], float8[], float8[]) IS
    'Why is this account red? One row per measure, ordered by points_lost (effective weight * (100 - score)), the most first; missing measures last';

CREATE FUNCTION health_drivers_json(names text[], scores float8[], weights float8[]) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'hs_health_drivers_json' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_drivers_json(text[], float8[], float8[]) IS
    'The rows of health_drivers() as a jsonb array of objects, in the same order, for dashboards';
-- Section 4: bands.

CREATE TYPE health_band AS ENUM ('red', 'yellow', 'green');
COMMENT ON TYPE health_band IS 'Band of a health score, ordered red < yellow < green';

CREATE FUNCTION health_band(score float8) RETURNS health_band
    AS 'MODULE_PATHNAME', 'hs_health_band' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_band(float8) IS 'Band of a 0-100 score: red below 40, green from 70, yellow between';

CREATE FUNCTION health_band(score float8, red_below float8, green_from float8) RETURNS health_band
    AS 'MODULE_PATHNAME', 'hs_health_band_limits' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION health_band(float8, float8, float8) IS
    'Band of a score: red below red_below, green from green_from, yellow between; NULL score gives NULL';

CREATE FUNCTION band(score float8, thresholds float8[], labels text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_band' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION band(float8, float8[], text[]) IS
    'N-band classification: labels[1] below thresholds[1], labels[k + 1] from thresholds[k], the last label from the last threshold; thresholds strictly ascending';

CREATE TYPE band_state;
CREATE FUNCTION band_state_in(cstring) RETURNS band_state
    AS 'MODULE_PATHNAME', 'hs_band_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION band_state_out(band_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_band_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION band_state_recv(internal) RETURNS band_state
    AS 'MODULE_PATHNAME', 'hs_band_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION band_state_send(band_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_band_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE band_state (
    INPUT = band_state_in,
    OUTPUT = band_state_out,
    RECEIVE = band_state_recv,
    SEND = band_state_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE band_state IS
    'Transition state of band_hysteresis(): the current band and the limits and margin of the group; text form v1:band=0,set=0,red_below=0,green_from=0,margin=0';
COMMENT ON FUNCTION band_state_in(cstring) IS 'Reads the text form of band_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION band_state_out(band_state) IS 'Writes the text form of band_state (format v1)';
COMMENT ON FUNCTION band_state_recv(internal) IS 'Reads the binary form of band_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION band_state_send(band_state) IS 'Writes the binary form of band_state (a version byte, then the fields)';

CREATE FUNCTION band_hysteresis_accum(band_state, float8, float8, float8, float8) RETURNS band_state
    AS 'MODULE_PATHNAME', 'hs_band_hysteresis_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION band_hysteresis_accum(band_state, float8, float8, float8, float8) IS
    'Transition function of band_hysteresis(): moves the band only when the score crosses a boundary by the margin';
CREATE FUNCTION band_hysteresis_final(band_state) RETURNS health_band
    AS 'MODULE_PATHNAME', 'hs_band_hysteresis_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION band_hysteresis_final(band_state) IS 'Final function of band_hysteresis(): the current band, NULL before the first score';

-- Order-dependent: no combine function (its rows must arrive in order, as a
-- running window aggregate OVER (PARTITION BY customer ORDER BY day)).
CREATE AGGREGATE band_hysteresis(score float8, red_below float8, green_from float8, margin float8) (
    SFUNC = band_hysteresis_accum,
    STYPE = band_state,
    FINALFUNC = band_hysteresis_final,
    INITCOND = 'v1:band=0,set=0,red_below=0,green_from=0,margin=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE band_hysteresis(float8, float8, float8, float8) IS
    'Band with hysteresis, for OVER (PARTITION BY customer ORDER BY day): the first score gets its plain band, later ones change it only past a boundary by margin, so a score hovering at a threshold does not flap';
-- Section 5: time dynamics.

CREATE TYPE ewma_state;
CREATE FUNCTION ewma_state_in(cstring) RETURNS ewma_state
    AS 'MODULE_PATHNAME', 'hs_ewma_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ewma_state_out(ewma_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_ewma_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ewma_state_recv(internal) RETURNS ewma_state
    AS 'MODULE_PATHNAME', 'hs_ewma_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ewma_state_send(ewma_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_ewma_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ewma_state (
    INPUT = ewma_state_in,
    OUTPUT = ewma_state_out,
    RECEIVE = ewma_state_recv,
    SEND = ewma_state_send,
    INTERNALLENGTH = 24,
    ALIGNMENT = double
);
COMMENT ON TYPE ewma_state IS
    'Transition state of ewma(): values seen, the smoothed value and alpha (0 until a row sets it); text form v1:n=0,value=0,alpha=0';
COMMENT ON FUNCTION ewma_state_in(cstring) IS 'Reads the text form of ewma_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION ewma_state_out(ewma_state) IS 'Writes the text form of ewma_state (format v1)';
COMMENT ON FUNCTION ewma_state_recv(internal) IS 'Reads the binary form of ewma_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION ewma_state_send(ewma_state) IS 'Writes the binary form of ewma_state (a version byte, then the fields)';

CREATE FUNCTION ewma_accum(ewma_state, float8, float8) RETURNS ewma_state
    AS 'MODULE_PATHNAME', 'hs_ewma_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ewma_accum(ewma_state, float8, float8) IS 'Transition function of ewma(x, alpha): s = alpha x + (1 - alpha) s';
CREATE FUNCTION ewma_final(ewma_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_ewma_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ewma_final(ewma_state) IS 'Final function of ewma(): the smoothed value, NULL without values';

-- Order-dependent: no combine function; use OVER (PARTITION BY ... ORDER BY ...)
-- or ORDER BY inside the call.
CREATE AGGREGATE ewma(x float8, alpha float8) (
    SFUNC = ewma_accum,
    STYPE = ewma_state,
    FINALFUNC = ewma_final,
    INITCOND = 'v1:n=0,value=0,alpha=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ewma(float8, float8) IS
    'Exponentially weighted moving average of the rows in order: s1 = x1, sk = alpha xk + (1 - alpha) sk-1, NULLs skipped; alpha in (0, 1]';

CREATE TYPE ewma_time_state;
CREATE FUNCTION ewma_time_state_in(cstring) RETURNS ewma_time_state
    AS 'MODULE_PATHNAME', 'hs_ewma_time_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ewma_time_state_out(ewma_time_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_ewma_time_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ewma_time_state_recv(internal) RETURNS ewma_time_state
    AS 'MODULE_PATHNAME', 'hs_ewma_time_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ewma_time_state_send(ewma_time_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_ewma_time_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ewma_time_state (
    INPUT = ewma_time_state_in,
    OUTPUT = ewma_time_state_out,
    RECEIVE = ewma_time_state_recv,
    SEND = ewma_time_state_send,
    INTERNALLENGTH = 64,
    ALIGNMENT = double
);
COMMENT ON TYPE ewma_time_state IS
    'Transition state of ewma_time(): values seen, the smoothed value before the latest time and its decay to it, the latest time, the half-life in seconds, and the count and exact sum of the values at the latest time; text form v2:n=0,value=0,weight=0,last_at=0,half_life=0,tie_n=0,tie_sum=0,tie_low=0';
COMMENT ON FUNCTION ewma_time_state_in(cstring) IS 'Reads the text form of ewma_time_state (format v2), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION ewma_time_state_out(ewma_time_state) IS 'Writes the text form of ewma_time_state (format v2)';
COMMENT ON FUNCTION ewma_time_state_recv(internal) IS 'Reads the binary form of ewma_time_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION ewma_time_state_send(ewma_time_state) IS 'Writes the binary form of ewma_time_state (a version byte, then the fields)';

CREATE FUNCTION ewma_time_accum(ewma_time_state, float8, timestamptz, interval) RETURNS ewma_time_state
    AS 'MODULE_PATHNAME', 'hs_ewma_time_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ewma_time_accum(ewma_time_state, float8, timestamptz, interval) IS 'Transition function of ewma_time(x, at, half_life)';
CREATE FUNCTION ewma_time_final(ewma_time_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_ewma_time_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ewma_time_final(ewma_time_state) IS 'Final function of ewma_time(): the smoothed value, NULL without values';

CREATE AGGREGATE ewma_time(x float8, at timestamptz, half_life interval) (
    SFUNC = ewma_time_accum,
    STYPE = ewma_time_state,
    FINALFUNC = ewma_time_final,
    INITCOND = 'v2:n=0,value=0,weight=0,last_at=0,half_life=0,tie_n=0,tie_sum=0,tie_low=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ewma_time(float8, timestamptz, interval) IS
    'Moving average of irregularly spaced observations in time order: sk = w sk-1 + (1 - w) xk, w = 2^(-(atk - atk-1) / half_life); rows with the same at enter once, as their mean';

CREATE TYPE decay_state;
CREATE FUNCTION decay_state_in(cstring) RETURNS decay_state
    AS 'MODULE_PATHNAME', 'hs_decay_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION decay_state_out(decay_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_decay_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION decay_state_recv(internal) RETURNS decay_state
    AS 'MODULE_PATHNAME', 'hs_decay_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION decay_state_send(decay_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_decay_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE decay_state (
    INPUT = decay_state_in,
    OUTPUT = decay_state_out,
    RECEIVE = decay_state_recv,
    SEND = decay_state_send,
    INTERNALLENGTH = 56,
    ALIGNMENT = double
);
COMMENT ON TYPE decay_state IS
    'Transition state of decayed_sum() and decayed_avg(): events counted and their decayed sums, kept relative to the newest event; text form v1:n=0,exponent=0,sum=0,weight=0,half_life=0,as_of=0,as_of_set=0';
COMMENT ON FUNCTION decay_state_in(cstring) IS 'Reads the text form of decay_state (format v1), rejecting malformed text and values its aggregates could never produce';
COMMENT ON FUNCTION decay_state_out(decay_state) IS 'Writes the text form of decay_state (format v1)';
COMMENT ON FUNCTION decay_state_recv(internal) IS 'Reads the binary form of decay_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION decay_state_send(decay_state) IS 'Writes the binary form of decay_state (a version byte, then the fields)';

CREATE FUNCTION decay_accum(decay_state, float8, timestamptz, interval, timestamptz) RETURNS decay_state
    AS 'MODULE_PATHNAME', 'hs_decay_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION decay_accum(decay_state, float8, timestamptz, interval, timestamptz) IS 'Transition function of decayed_sum() and decayed_avg(): counts an event at or before as_of';
CREATE FUNCTION decay_combine(decay_state, decay_state) RETURNS decay_state
    AS 'MODULE_PATHNAME', 'hs_decay_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION decay_combine(decay_state, decay_state) IS 'Combine function of decayed_sum() and decayed_avg(): merges two partial decayed sums';
CREATE FUNCTION decayed_sum_final(decay_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_decayed_sum_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION decayed_sum_final(decay_state) IS 'Final function of decayed_sum(): sum of value * 2^(-(as_of - at) / half_life)';
CREATE FUNCTION decayed_avg_final(decay_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_decayed_avg_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION decayed_avg_final(decay_state) IS 'Final function of decayed_avg(): the decay-weighted mean';

CREATE AGGREGATE decayed_sum(value float8, at timestamptz, half_life interval, as_of timestamptz) (
    SFUNC = decay_accum,
    STYPE = decay_state,
    FINALFUNC = decayed_sum_final,
    COMBINEFUNC = decay_combine,
    INITCOND = 'v1:n=0,exponent=0,sum=0,weight=0,half_life=0,as_of=0,as_of_set=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE decayed_sum(float8, timestamptz, interval, timestamptz) IS
    'Engagement that fades: sum of value * 2^(-(as_of - at) / half_life) over the events at or before as_of';
CREATE AGGREGATE decayed_avg(value float8, at timestamptz, half_life interval, as_of timestamptz) (
    SFUNC = decay_accum,
    STYPE = decay_state,
    FINALFUNC = decayed_avg_final,
    COMBINEFUNC = decay_combine,
    INITCOND = 'v1:n=0,exponent=0,sum=0,weight=0,half_life=0,as_of=0,as_of_set=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE decayed_avg(float8, timestamptz, interval, timestamptz) IS
    'Decay-weighted mean of the values of the events at or before as_of (weights 2^(-(as_of - at) / half_life))';
-- Calibration: roc_auc (README, "Calibration").

-- roc_auc keeps every distinct score with its counts: a state that grows with
-- its input, so roc_auc_state is a varlena type, kept in memory as an expanded
-- object and flattened only to be stored or passed on (a parallel worker's
-- state, a distributed engine's text form). No serialization functions: a
-- real state type passes between parallel workers as it is.
CREATE TYPE roc_auc_state;
CREATE FUNCTION roc_auc_state_in(cstring) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_state_out(roc_auc_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_state_recv(internal) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_state_send(roc_auc_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE roc_auc_state (
    INPUT = roc_auc_state_in,
    OUTPUT = roc_auc_state_out,
    RECEIVE = roc_auc_state_recv,
    SEND = roc_auc_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended,
    ALIGNMENT = double
);
COMMENT ON TYPE roc_auc_state IS
    'Transition state of roc_auc(): every distinct score with its counts of positive and negative rows; text form v1:positives=0,negatives=0,scores=';
COMMENT ON FUNCTION roc_auc_state_in(cstring) IS 'Reads the text form of roc_auc_state (format v1: the totals, then score:positives:negatives in score order), rejecting malformed text and states roc_auc could never produce';
COMMENT ON FUNCTION roc_auc_state_out(roc_auc_state) IS 'Writes the text form of roc_auc_state (format v1: the totals, then score:positives:negatives in score order)';
COMMENT ON FUNCTION roc_auc_state_recv(internal) IS 'Reads the binary form of roc_auc_state (a version byte, the number of scores, then each score and its counts), rejecting malformed input';
COMMENT ON FUNCTION roc_auc_state_send(roc_auc_state) IS 'Writes the binary form of roc_auc_state (a version byte, the number of scores, then each score and its counts)';

CREATE FUNCTION roc_auc_accum(roc_auc_state, float8, boolean) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_accum(roc_auc_state, float8, boolean) IS 'Transition function of roc_auc(score, positive): counts a row under its score and class';
CREATE FUNCTION roc_auc_combine(roc_auc_state, roc_auc_state) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_combine(roc_auc_state, roc_auc_state) IS 'Combine function of roc_auc(): the rows of two partial states';
CREATE FUNCTION roc_auc_final(roc_auc_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_roc_auc_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_final(roc_auc_state) IS 'Final function of roc_auc(): Mann-Whitney U / (n+ n-), NULL when a class is empty';

CREATE AGGREGATE roc_auc(score float8, positive boolean) (
    SFUNC = roc_auc_accum,
    STYPE = roc_auc_state,
    FINALFUNC = roc_auc_final,
    COMBINEFUNC = roc_auc_combine,
    INITCOND = 'v1:positives=0,negatives=0,scores=',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE roc_auc(float8, boolean) IS
    'Area under the ROC curve: the probability that a random positive row scores higher than a random negative one, ties counting 1/2; NULL when a class is empty';
