-- Calibration: roc_auc (README, "Calibration").

-- roc_auc keeps every distinct score with its counts: a state that grows with
-- its input, so roc_auc_state is a varlena type, kept in memory as an expanded
-- object and flattened only to be stored or passed on (a parallel worker's
-- state, a distributed engine's text form). No serialization functions: a
-- real state type passes between parallel workers as it is.
CREATE TYPE roc_auc_state;
CREATE FUNCTION roc_auc_state_in(cstring) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_state_out(roc_auc_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_state_recv(internal) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION roc_auc_state_send(roc_auc_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'hs_roc_auc_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE roc_auc_state (
    INPUT = roc_auc_state_in,
    OUTPUT = roc_auc_state_out,
    RECEIVE = roc_auc_state_recv,
    SEND = roc_auc_state_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended,
    ALIGNMENT = double
);
COMMENT ON TYPE roc_auc_state IS
    'Transition state of roc_auc(): every distinct score with its counts of positive and negative rows; text form v1:positives=0,negatives=0,scores=';
COMMENT ON FUNCTION roc_auc_state_in(cstring) IS 'Reads the text form of roc_auc_state (format v1: the totals, then score:positives:negatives in score order), rejecting malformed text and states roc_auc could never produce';
COMMENT ON FUNCTION roc_auc_state_out(roc_auc_state) IS 'Writes the text form of roc_auc_state (format v1: the totals, then score:positives:negatives in score order)';
COMMENT ON FUNCTION roc_auc_state_recv(internal) IS 'Reads the binary form of roc_auc_state (a version byte, the number of scores, then each score and its counts), rejecting malformed input';
COMMENT ON FUNCTION roc_auc_state_send(roc_auc_state) IS 'Writes the binary form of roc_auc_state (a version byte, the number of scores, then each score and its counts)';

CREATE FUNCTION roc_auc_accum(roc_auc_state, float8, boolean) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_accum(roc_auc_state, float8, boolean) IS 'Transition function of roc_auc(score, positive): counts a row under its score and class';
CREATE FUNCTION roc_auc_combine(roc_auc_state, roc_auc_state) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_combine(roc_auc_state, roc_auc_state) IS 'Combine function of roc_auc(): the rows of two partial states';
CREATE FUNCTION roc_auc_final(roc_auc_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_roc_auc_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_final(roc_auc_state) IS 'Final function of roc_auc(): Mann-Whitney U / (n+ n-), NULL when a class is empty';

CREATE AGGREGATE roc_auc(score float8, positive boolean) (
    SFUNC = roc_auc_accum,
    STYPE = roc_auc_state,
    FINALFUNC = roc_auc_final,
    COMBINEFUNC = roc_auc_combine,
    INITCOND = 'v1:positives=0,negatives=0,scores=',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE roc_auc(float8, boolean) IS
    'Area under the ROC curve: the probability that a random positive row scores higher than a random negative one, ties counting 1/2; NULL when a class is empty';
