-- Section 1: customer satisfaction (CSAT), a proportion with a Wilson interval.

@state_type proportion_state | 32 | v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0 | Transition state of csat() and csat_summary(): response and satisfied counts, confidence and scale (0 until a row chooses them; 0.95 and 4 of 1..5 apply)

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

@aggregate csat(score int) | csat_accum | proportion_state | csat_final | proportion_combine | CSAT of 1-5 responses: percentage scoring 4 or 5 (top-2-box); NULL without responses
@aggregate csat(score int, satisfied_from int, scale_max int) | csat_accum | proportion_state | csat_final | proportion_combine | CSAT of 1..scale_max responses: percentage scoring satisfied_from or more; NULL without responses
@aggregate csat_summary(score int) | csat_accum | proportion_state | proportion_summary_final | proportion_combine | CSAT of 1-5 responses (top-2-box) with counts and 95% Wilson score interval
@aggregate csat_summary(score int, satisfied_from int, scale_max int) | csat_accum | proportion_state | proportion_summary_final | proportion_combine | CSAT of 1..scale_max responses (satisfied from satisfied_from) with counts and 95% Wilson score interval
@aggregate csat_summary(score int, satisfied_from int, scale_max int, confidence float8) | csat_accum | proportion_state | proportion_summary_final | proportion_combine | CSAT of 1..scale_max responses with counts and a Wilson score interval at the given confidence

CREATE FUNCTION proportion_rollup_accum(proportion_state, proportion_summary) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION proportion_rollup_accum(proportion_state, proportion_summary) IS 'Transition function of rollup(proportion_summary): adds one summary''s counts';

CREATE FUNCTION proportion_rollup_accum(proportion_state, proportion_summary, float8) RETURNS proportion_state
    AS 'MODULE_PATHNAME', 'hs_proportion_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION proportion_rollup_accum(proportion_state, proportion_summary, float8) IS 'Transition function of rollup(proportion_summary, confidence): checks the confidence on every row, adds one summary''s counts';

@aggregate rollup(summary proportion_summary) | proportion_rollup_accum | proportion_state | proportion_summary_final | proportion_combine | Exact proportion_summary of the union of the responses behind several proportion_summary values (95% interval)
@aggregate rollup(summary proportion_summary, confidence float8) | proportion_rollup_accum | proportion_state | proportion_summary_final | proportion_combine | Exact proportion_summary of the union of the responses behind several proportion_summary values, interval at the given confidence
