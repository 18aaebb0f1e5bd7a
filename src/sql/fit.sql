-- Section 2b: fit, then apply. Statistics fitted per group by a parallel
-- aggregate, stored or joined back, and applied by scalar functions.

@state_type minmax_fit | 32 | v1:n=0,min=0,max=0 | Count, min and max of a metric''s non-NULL values, for minmax_apply()

CREATE FUNCTION minmax_fit_accum(minmax_fit, float8) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_fit_accum(minmax_fit, float8) IS 'Transition function of minmax_fit(x)';
CREATE FUNCTION minmax_fit_combine(minmax_fit, minmax_fit) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_fit_combine(minmax_fit, minmax_fit) IS 'Combine function of minmax_fit(x): min of mins, max of maxes, sum of counts';
CREATE FUNCTION minmax_fit_final(minmax_fit) RETURNS minmax_fit
    AS 'MODULE_PATHNAME', 'hs_minmax_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_fit_final(minmax_fit) IS 'Final function of minmax_fit(x): the fit, NULL without values';

@aggregate minmax_fit(x float8) | minmax_fit_accum | minmax_fit | minmax_fit_final | minmax_fit_combine | Fits min-max scaling: count, min and max of the non-NULL values; NULL without values

CREATE FUNCTION minmax_apply(fit minmax_fit, x float8, higher_is_better boolean DEFAULT true)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_minmax_apply' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION minmax_apply(minmax_fit, float8, boolean) IS
    '100 * (x - min) / (max - min) for a fitted min and max, clamped to 0..100, mirrored when higher_is_better is false; NULL when the fit has fewer than two distinct values or fit or x is NULL';

@state_type zscore_fit | 32 | v1:n=0,mean=0,m2=0 | Count, mean and sum of squared deviations (M2) of a metric''s non-NULL values, for zscore_apply() and normal_apply()

CREATE FUNCTION zscore_fit_accum(zscore_fit, float8) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_fit_accum(zscore_fit, float8) IS 'Transition function of zscore_fit(x): Welford''s update';
CREATE FUNCTION zscore_fit_combine(zscore_fit, zscore_fit) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_fit_combine(zscore_fit, zscore_fit) IS 'Combine function of zscore_fit(x): Chan''s merge';
CREATE FUNCTION zscore_fit_final(zscore_fit) RETURNS zscore_fit
    AS 'MODULE_PATHNAME', 'hs_zscore_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_fit_final(zscore_fit) IS 'Final function of zscore_fit(x): the fit, NULL without values';

@aggregate zscore_fit(x float8) | zscore_fit_accum | zscore_fit | zscore_fit_final | zscore_fit_combine | Fits z-scores: count, mean and M2 of the non-NULL values (Welford, Chan merge); NULL without values

CREATE FUNCTION zscore_apply(fit zscore_fit, x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_zscore_apply' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zscore_apply(zscore_fit, float8) IS
    '(x - mean) / stddev_samp for a fitted mean and deviation; NULL when the fit has fewer than two distinct values';

CREATE FUNCTION normal_apply(fit zscore_fit, x float8, higher_is_better boolean DEFAULT true)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_normal_apply' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION normal_apply(zscore_fit, float8, boolean) IS
    '100 * Phi((x - mean) / stddev_samp) for a fitted mean and deviation, mirrored when higher_is_better is false';
