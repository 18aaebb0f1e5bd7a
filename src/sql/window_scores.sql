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
