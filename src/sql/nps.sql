-- Section 1: Net Promoter Score.

CREATE TYPE nps_state;

CREATE FUNCTION nps_state_in(cstring) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_out(nps_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_nps_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_recv(internal) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_send(nps_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_nps_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE nps_state (
    INPUT = nps_state_in,
    OUTPUT = nps_state_out,
    RECEIVE = nps_state_recv,
    SEND = nps_state_send,
    INTERNALLENGTH = 32,
    ALIGNMENT = double
);
COMMENT ON TYPE nps_state IS
    'Transition state of nps() and nps_summary(): promoter, passive and detractor counts and the confidence level; text form v1:promoters=..,passives=..,detractors=..,confidence=..';
COMMENT ON FUNCTION nps_state_in(cstring) IS 'Reads the text form of nps_state (format v1), rejecting malformed text';
COMMENT ON FUNCTION nps_state_out(nps_state) IS 'Writes the text form of nps_state (format v1)';
COMMENT ON FUNCTION nps_state_recv(internal) IS 'Reads the binary form of nps_state (a version byte, then the fields), rejecting malformed input';
COMMENT ON FUNCTION nps_state_send(nps_state) IS 'Writes the binary form of nps_state (a version byte, then the fields)';

CREATE TYPE nps_summary AS (
    responses bigint,
    promoters bigint,
    passives bigint,
    detractors bigint,
    nps float8,
    std_error float8,
    ci_low float8,
    ci_high float8
);
COMMENT ON TYPE nps_summary IS
    'NPS of a group of responses with its counts, standard error and confidence interval; roll up with rollup(nps_summary)';

CREATE TYPE nps_change AS (
    delta float8,
    std_error float8,
    z float8,
    p_value float8
);
COMMENT ON TYPE nps_change IS
    'Change of NPS between two independent samples: delta (after - before), its standard error, z statistic and two-sided p-value';

CREATE FUNCTION nps_accum(nps_state, int) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_accum(nps_state, int) IS 'Transition function of nps(score) and nps_summary(score): counts one 0-10 response';

CREATE FUNCTION nps_accum(nps_state, int, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_accum_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_accum(nps_state, int, float8) IS 'Transition function of nps_summary(score, confidence)';

CREATE FUNCTION nps_combine(nps_state, nps_state) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_combine(nps_state, nps_state) IS 'Combine function of the NPS aggregates: adds two partial counts';

CREATE FUNCTION nps_final(nps_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_final(nps_state) IS 'Final function of nps(): 100 * (promoters - detractors) / responses, NULL without responses';

CREATE FUNCTION nps_summary_final(nps_state) RETURNS nps_summary
    AS 'MODULE_PATHNAME', 'hs_nps_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_summary_final(nps_state) IS 'Final function of nps_summary() and rollup(nps_summary)';

CREATE AGGREGATE nps(score int) (
    SFUNC = nps_accum,
    STYPE = nps_state,
    FINALFUNC = nps_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps(int) IS
    'Net Promoter Score of 0-10 responses: 100 * (promoters 9-10 - detractors 0-6) / responses, in -100..100; NULL without responses';

CREATE AGGREGATE nps_summary(score int) (
    SFUNC = nps_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_summary(int) IS
    'NPS of 0-10 responses with counts, standard error and 95% confidence interval';

CREATE AGGREGATE nps_summary(score int, confidence float8) (
    SFUNC = nps_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE nps_summary(int, float8) IS
    'NPS of 0-10 responses with counts, standard error and a confidence interval at the given level in (0, 1)';

CREATE FUNCTION nps_rollup_accum(nps_state, nps_summary) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_rollup_accum(nps_state, nps_summary) IS 'Transition function of rollup(nps_summary): adds one summary''s counts';

CREATE FUNCTION nps_rollup_accum(nps_state, nps_summary, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_rollup_accum_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_rollup_accum(nps_state, nps_summary, float8) IS 'Transition function of rollup(nps_summary, confidence)';

CREATE AGGREGATE rollup(summary nps_summary) (
    SFUNC = nps_rollup_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(nps_summary) IS
    'Exact nps_summary of the union of the responses behind several nps_summary values (95% interval)';

CREATE AGGREGATE rollup(summary nps_summary, confidence float8) (
    SFUNC = nps_rollup_accum,
    STYPE = nps_state,
    FINALFUNC = nps_summary_final,
    COMBINEFUNC = nps_combine,
    INITCOND = 'v1:promoters=0,passives=0,detractors=0,confidence=0.95',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(nps_summary, float8) IS
    'Exact nps_summary of the union of the responses behind several nps_summary values, interval at the given confidence';

CREATE FUNCTION nps_category(score int) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_nps_category' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_category(int) IS
    'NPS category of a 0-10 response: promoter (9-10), passive (7-8) or detractor (0-6)';

CREATE FUNCTION nps_change(before nps_summary, after nps_summary) RETURNS nps_change
    AS 'MODULE_PATHNAME', 'hs_nps_change' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_change(nps_summary, nps_summary) IS
    'Two-sided z test that NPS moved between two independent samples: delta, std_error = sqrt(se1^2 + se2^2), z, p_value';
