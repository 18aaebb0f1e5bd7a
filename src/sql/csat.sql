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
    'Transition state of csat() and csat_summary(): response and satisfied counts, confidence and scale; text form v1:responses=..,satisfied=..,confidence=..,satisfied_from=..,scale_max=..';
COMMENT ON FUNCTION proportion_state_in(cstring) IS 'Reads the text form of proportion_state (format v1), rejecting malformed text';
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
COMMENT ON FUNCTION csat_accum(proportion_state, int, int, int) IS 'Transition function of csat(score, satisfied_from, scale_max)';

CREATE FUNCTION csat_accum(proportion_state, int, int, int, float8) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_csat_accum_scale_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION csat_accum(proportion_state, int, int, int, float8) IS 'Transition function of csat_summary(score, satisfied_from, scale_max, confidence)';

CREATE FUNCTION proportion_combine(proportion_state, proportion_state) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_combine(proportion_state, proportion_state) IS 'Combine function of the CSAT aggregates: adds two partial counts';

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
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(int) IS
    'CSAT of 1-5 responses: percentage scoring 4 or 5 (top-2-box); NULL without responses';

CREATE AGGREGATE csat(score int, satisfied_from int, scale_max int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = csat_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat(int, int, int) IS
    'CSAT of 1..scale_max responses: percentage scoring satisfied_from or more; NULL without responses';

CREATE AGGREGATE csat_summary(score int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_summary(int) IS
    'CSAT of 1-5 responses (top-2-box) with counts and 95% Wilson score interval';

CREATE AGGREGATE csat_summary(score int, satisfied_from int, scale_max int) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_summary(int, int, int) IS
    'CSAT of 1..scale_max responses (satisfied from satisfied_from) with counts and 95% Wilson score interval';

CREATE AGGREGATE csat_summary(score int, satisfied_from int, scale_max int, confidence float8) (
    SFUNC = csat_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE csat_summary(int, int, int, float8) IS
    'CSAT of 1..scale_max responses with counts and a Wilson score interval at the given confidence';

CREATE FUNCTION proportion_rollup_accum(proportion_state, proportion_summary) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_rollup_accum(proportion_state, proportion_summary) IS 'Transition function of rollup(proportion_summary): adds one summary''s counts';

CREATE FUNCTION proportion_rollup_accum(proportion_state, proportion_summary, float8) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_rollup_accum_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_rollup_accum(proportion_state, proportion_summary, float8) IS 'Transition function of rollup(proportion_summary, confidence)';

CREATE AGGREGATE rollup(summary proportion_summary) (
    SFUNC = proportion_rollup_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(proportion_summary) IS
    'Exact proportion_summary of the union of the responses behind several proportion_summary values (95% interval)';

CREATE AGGREGATE rollup(summary proportion_summary, confidence float8) (
    SFUNC = proportion_rollup_accum,
    STYPE = proportion_state,
    FINALFUNC = proportion_summary_final,
    COMBINEFUNC = proportion_combine,
    INITCOND = 'v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(proportion_summary, float8) IS
    'Exact proportion_summary of the union of the responses behind several proportion_summary values, interval at the given confidence';
