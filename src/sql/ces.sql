-- Section 1: customer effort score (CES), a mean with a Student t interval.

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
    INTERNALLENGTH = 40,
    ALIGNMENT = double
);
COMMENT ON TYPE mean_state IS
    'Transition state of ces() and ces_summary(): count, mean and sum of squared deviations (Welford), confidence and scale; text form v1:n=..,mean=..,m2=..,confidence=..,scale_max=..';
COMMENT ON FUNCTION mean_state_in(cstring) IS 'Reads the text form of mean_state (format v1), rejecting malformed text';
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

CREATE FUNCTION ces_accum(mean_state, int) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_ces_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_accum(mean_state, int) IS 'Transition function of ces(score) and ces_summary(score): adds one 1-7 response';

CREATE FUNCTION ces_accum(mean_state, int, int) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_ces_accum_scale' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ces_accum(mean_state, int, int) IS 'Transition function of ces(score, scale_max) and ces_summary(score, scale_max)';

CREATE FUNCTION ces_accum(mean_state, int, int, float8) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_ces_accum_scale_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ces_accum(mean_state, int, int, float8) IS 'Transition function of ces_summary(score, scale_max, confidence)';

CREATE FUNCTION mean_combine(mean_state, mean_state) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_combine(mean_state, mean_state) IS 'Combine function of the CES aggregates: merges two partial means (Chan)';

CREATE FUNCTION ces_final(mean_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_ces_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_final(mean_state) IS 'Final function of ces(): the mean score, NULL without responses';

CREATE FUNCTION mean_summary_final(mean_state) RETURNS mean_summary
    AS 'MODULE_PATHNAME', 'hs_mean_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_summary_final(mean_state) IS 'Final function of ces_summary() and rollup(mean_summary)';

CREATE AGGREGATE ces(score int) (
    SFUNC = ces_accum,
    STYPE = mean_state,
    FINALFUNC = ces_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces(int) IS 'CES of 1-7 responses: the mean effort score; NULL without responses';

CREATE AGGREGATE ces(score int, scale_max int) (
    SFUNC = ces_accum,
    STYPE = mean_state,
    FINALFUNC = ces_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces(int, int) IS 'CES of 1..scale_max responses: the mean effort score; NULL without responses';

CREATE AGGREGATE ces_summary(score int) (
    SFUNC = ces_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces_summary(int) IS
    'CES of 1-7 responses: mean, sample standard deviation and 95% Student t interval';

CREATE AGGREGATE ces_summary(score int, scale_max int) (
    SFUNC = ces_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces_summary(int, int) IS
    'CES of 1..scale_max responses: mean, sample standard deviation and 95% Student t interval';

CREATE AGGREGATE ces_summary(score int, scale_max int, confidence float8) (
    SFUNC = ces_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ces_summary(int, int, float8) IS
    'CES of 1..scale_max responses: mean, sample standard deviation and Student t interval at the given confidence';

CREATE FUNCTION mean_rollup_accum(mean_state, mean_summary) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mean_rollup_accum(mean_state, mean_summary) IS 'Transition function of rollup(mean_summary): merges one summary';

CREATE FUNCTION mean_rollup_accum(mean_state, mean_summary, float8) RETURNS mean_state
    AS 'MODULE_PATHNAME', 'hs_mean_rollup_accum_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mean_rollup_accum(mean_state, mean_summary, float8) IS 'Transition function of rollup(mean_summary, confidence)';

CREATE AGGREGATE rollup(summary mean_summary) (
    SFUNC = mean_rollup_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(mean_summary) IS
    'Exact mean_summary of the union of the responses behind several mean_summary values (95% interval)';

CREATE AGGREGATE rollup(summary mean_summary, confidence float8) (
    SFUNC = mean_rollup_accum,
    STYPE = mean_state,
    FINALFUNC = mean_summary_final,
    COMBINEFUNC = mean_combine,
    INITCOND = 'v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(mean_summary, float8) IS
    'Exact mean_summary of the union of the responses behind several mean_summary values, interval at the given confidence';
