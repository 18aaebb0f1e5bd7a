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

@state_type band_state | 32 | v1:band=0,set=0,red_below=0,green_from=0,margin=0 | Transition state of band_hysteresis(): the current band and the limits and margin of the group

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

-- @since 0.2.0

CREATE FUNCTION band_hysteresis_step(previous health_band, score float8, red_below float8, green_from float8, margin float8)
    RETURNS health_band
    AS 'MODULE_PATHNAME', 'hs_band_hysteresis_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION band_hysteresis_step(health_band, float8, float8, float8, float8) IS
    'The band with hysteresis after one more score, judged by this row''s limits: a NULL previous band gives the plain band, a NULL score keeps the previous band';
CREATE FUNCTION band_hysteresis_step(previous health_band, score float8, red_below float8, green_from float8, margin float8, start health_band)
    RETURNS health_band
    AS 'MODULE_PATHNAME', 'hs_band_hysteresis_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION band_hysteresis_step(health_band, float8, float8, float8, float8, health_band) IS
    'Transition function of band_hysteresis(score, red_below, green_from, margin, start): band_hysteresis_step from the previous band, or from start before the first row';

-- Order-dependent, like the four-argument form; each row is judged by its own
-- limits (a scorecard version may change them), and a group continues from a
-- stored band instead of starting afresh.
CREATE AGGREGATE band_hysteresis(score float8, red_below float8, green_from float8, margin float8, start health_band) (
    SFUNC = band_hysteresis_step,
    STYPE = health_band,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE band_hysteresis(float8, float8, float8, float8, health_band) IS
    'Band with hysteresis that continues from start (e.g. the band stored for the day before), each row judged by its own limits: for OVER (PARTITION BY customer ORDER BY day) over days after a stored history';
