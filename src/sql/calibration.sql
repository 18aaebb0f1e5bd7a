-- Section 6: calibration.

-- roc_auc keeps every distinct score with its counts: a state that grows with
-- its input, so it is internal (README, Calibration: the one exception), and
-- parallel workers pass it on through serialize and deserialize.
CREATE FUNCTION roc_auc_accum(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'hs_roc_auc_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_accum(internal, float8, boolean) IS 'Transition function of roc_auc(score, positive): counts a row under its score and class';
CREATE FUNCTION roc_auc_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hs_roc_auc_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_combine(internal, internal) IS 'Combine function of roc_auc(): merges two partial states';
CREATE FUNCTION roc_auc_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_roc_auc_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_serialize(internal) IS 'Serialization function of roc_auc(): the distinct scores with their counts, for a parallel leader';
CREATE FUNCTION roc_auc_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hs_roc_auc_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_deserialize(bytea, internal) IS 'Deserialization function of roc_auc(): a parallel worker''s state, checked';
CREATE FUNCTION roc_auc_final(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_roc_auc_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_final(internal) IS 'Final function of roc_auc(): Mann-Whitney U / (n+ n-)';

CREATE AGGREGATE roc_auc(score float8, positive boolean) (
    SFUNC = roc_auc_accum,
    STYPE = internal,
    FINALFUNC = roc_auc_final,
    COMBINEFUNC = roc_auc_combine,
    SERIALFUNC = roc_auc_serialize,
    DESERIALFUNC = roc_auc_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE roc_auc(float8, boolean) IS
    'Area under the ROC curve: the probability that a random positive row scores higher than a random negative one, ties counting 1/2; NULL when a class is empty';
