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
    INTERNALLENGTH = 24,
    ALIGNMENT = double
);
COMMENT ON TYPE minmax_fit IS
    'Count, min and max of a metric''s non-NULL values, for minmax_apply(); text form v1:n=..,min=..,max=..';
COMMENT ON FUNCTION minmax_fit_in(cstring) IS 'Reads the text form of minmax_fit (format v1), rejecting malformed text';
COMMENT ON FUNCTION minmax_fit_out(minmax_fit) IS 'Writes the text form of minmax_fit (format v1)';
COMMENT ON FUNCTION minmax_fit_recv(internal) IS 'Reads the binary form of minmax_fit (a version byte, then the fields)';
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
    AS 'MODULE_PATHNAME', 'hs_minmax_apply' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION minmax_apply(minmax_fit, float8, boolean) IS
    '100 * (x - min) / (max - min) for a fitted min and max, clamped to 0..100, mirrored when higher_is_better is false; NULL when the fit has fewer than two distinct values';

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
    INTERNALLENGTH = 24,
    ALIGNMENT = double
);
COMMENT ON TYPE zscore_fit IS
    'Count, mean and sum of squared deviations (M2) of a metric''s non-NULL values, for zscore_apply() and normal_apply(); text form v1:n=..,mean=..,m2=..';
COMMENT ON FUNCTION zscore_fit_in(cstring) IS 'Reads the text form of zscore_fit (format v1), rejecting malformed text';
COMMENT ON FUNCTION zscore_fit_out(zscore_fit) IS 'Writes the text form of zscore_fit (format v1)';
COMMENT ON FUNCTION zscore_fit_recv(internal) IS 'Reads the binary form of zscore_fit (a version byte, then the fields)';
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
    AS 'MODULE_PATHNAME', 'hs_normal_apply' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION normal_apply(zscore_fit, float8, boolean) IS
    '100 * Phi((x - mean) / stddev_samp) for a fitted mean and deviation, mirrored when higher_is_better is false';
