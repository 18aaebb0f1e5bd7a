-- Section 5: time dynamics.

@state_type ewma_state | 24 | v1:n=0,value=0,alpha=0 | Transition state of ewma(): values seen, the smoothed value and alpha (0 until a row sets it)

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

@state_type ewma_time_state | 64 | v2:n=0,value=0,weight=0,last_at=0,half_life=0,tie_n=0,tie_sum=0,tie_low=0 | Transition state of ewma_time(): values seen, the smoothed value before the latest time and its decay to it, the latest time, the half-life in seconds, and the count and exact sum of the values at the latest time

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

@state_type decay_state | 56 | v1:n=0,exponent=0,sum=0,weight=0,half_life=0,as_of=0,as_of_set=0 | Transition state of decayed_sum() and decayed_avg(): events counted and their decayed sums, kept relative to the newest event

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

@aggregate decayed_sum(value float8, at timestamptz, half_life interval, as_of timestamptz) | decay_accum | decay_state | decayed_sum_final | decay_combine | Engagement that fades: sum of value * 2^(-(as_of - at) / half_life) over the events at or before as_of
@aggregate decayed_avg(value float8, at timestamptz, half_life interval, as_of timestamptz) | decay_accum | decay_state | decayed_avg_final | decay_combine | Decay-weighted mean of the values of the events at or before as_of (weights 2^(-(as_of - at) / half_life))
