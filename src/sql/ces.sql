-- Section 1: customer effort score (CES), a mean with a Student t interval.
-- ces() and ces_summary() keep exact integer sums (ces_state); rollup of
-- mean_summary values merges means and deviations (mean_state, Chan).

@state_type ces_state | 48 | v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0 | Transition state of ces() and ces_summary(): count, exact sum and sum of squares of the scores, confidence and scale (0 until a row chooses them; 0.95 and 1..7 apply)

@state_type mean_state | 32 | v1:n=0,mean=0,m2=0,confidence=0 | Transition state of rollup(mean_summary): count, mean and sum of squared deviations (Chan''s merge), confidence (0 until a row chooses one; 0.95 applies)

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

@aggregate ces(score int) | ces_accum | ces_state | ces_final | ces_combine | CES of 1-7 responses: the mean effort score; NULL without responses
@aggregate ces(score int, scale_max int) | ces_accum | ces_state | ces_final | ces_combine | CES of 1..scale_max responses: the mean effort score; NULL without responses
@aggregate ces_summary(score int) | ces_accum | ces_state | ces_summary_final | ces_combine | CES of 1-7 responses: mean, sample standard deviation and 95% Student t interval
@aggregate ces_summary(score int, scale_max int) | ces_accum | ces_state | ces_summary_final | ces_combine | CES of 1..scale_max responses: mean, sample standard deviation and 95% Student t interval
@aggregate ces_summary(score int, scale_max int, confidence float8) | ces_accum | ces_state | ces_summary_final | ces_combine | CES of 1..scale_max responses: mean, sample standard deviation and Student t interval at the given confidence

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

@aggregate rollup(summary mean_summary) | mean_rollup_accum | mean_state | mean_summary_final | mean_combine | mean_summary of the union of the responses behind several mean_summary values (95% interval); means and deviations merged by Chan''s formula
@aggregate rollup(summary mean_summary, confidence float8) | mean_rollup_accum | mean_state | mean_summary_final | mean_combine | mean_summary of the union of the responses behind several mean_summary values, interval at the given confidence
