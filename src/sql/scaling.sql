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
