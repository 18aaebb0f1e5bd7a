-- Section 3: weighted health scores.

-- health_score(ARRAY[e1, ..., en], constant weights ...) runs as
-- health_score_terms(health_score, weights, missing, min_coverage, e1, ..., en):
-- the same score of the same arguments, without building an array per row.
-- Both have the default cost, so the planner orders conditions the same way
-- whichever form a plan holds.
CREATE FUNCTION health_score_terms(called regprocedure, weights float8[], missing text,
                                   min_coverage float8, VARIADIC terms "any") RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score_terms' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION health_score_terms(regprocedure, float8[], text, float8, "any") IS
    'Weighted health score of separate float8 terms, as health_score(ARRAY[terms], weights, missing, min_coverage), its errors named after the function called: what the planner runs for health_score(ARRAY[...], constant weights)';

CREATE FUNCTION health_score_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hs_health_score_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_score_support(internal) IS
    'Planner support of health_score(): rewrites health_score(ARRAY[...], constant weights [, constant rule and coverage]) into health_score_terms(), which builds no array';

CREATE FUNCTION health_score(scores float8[], weights float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT health_score_support;
COMMENT ON FUNCTION health_score(float8[], float8[]) IS
    'Weighted health score: sum(w * s) / sum(w) over the components whose score is not NULL (the weights of missing scores are redistributed); NULL when none is present';

CREATE FUNCTION health_score(scores float8[], weights float8[], missing text,
                             min_coverage float8 DEFAULT 0) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score_rule' LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT health_score_support;
COMMENT ON FUNCTION health_score(float8[], float8[], text, float8) IS
    'Weighted health score with a missing-data rule: ''renormalize'', ''neutral'' (a missing score counts as 50) or ''zero''; NULL when the coverage is below min_coverage';

CREATE FUNCTION health_coverage(scores float8[], weights float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_coverage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_coverage(float8[], float8[]) IS
    'The share of the total weight whose score is present (0..1): how much data a health score rests on';

CREATE FUNCTION health_score(metrics jsonb, weights jsonb) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_score_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_score(jsonb, jsonb) IS
    'Weighted health score of named metrics: each key of weights looked up in metrics; a missing key or JSON null is a missing score';

@state_type health_state | 24 | v1:n=0,weight=0,weighted=0 | Transition state of health_score_agg(): rows with a score, their weights and the weighted sum

CREATE FUNCTION health_accum(health_state, float8, float8) RETURNS health_state
    AS 'MODULE_PATHNAME', 'hs_health_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION health_accum(health_state, float8, float8) IS 'Transition function of health_score_agg(score, weight): checks the weight, adds a present score';
CREATE FUNCTION health_combine(health_state, health_state) RETURNS health_state
    AS 'MODULE_PATHNAME', 'hs_health_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_combine(health_state, health_state) IS 'Combine function of health_score_agg(): adds two partial sums';
CREATE FUNCTION health_final(health_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_health_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_final(health_state) IS 'Final function of health_score_agg(): sum(w * s) / sum(w), NULL without scores';

@aggregate health_score_agg(score float8, weight float8) | health_accum | health_state | health_final | health_combine | Weighted health score over long-format rows (one row per measure): sum(w * s) / sum(w) over the rows with a score

CREATE TYPE health_driver AS (
    measure text,
    score float8,
    weight float8,
    effective_weight float8,
    contribution float8,
    points_lost float8
);
COMMENT ON TYPE health_driver IS
    'One measure of a health score: its score and weight, its effective weight (w / sum of present weights), its contribution to the score and the points it costs';

CREATE FUNCTION health_drivers(names text[], scores float8[], weights float8[])
    RETURNS SETOF health_driver
    AS 'MODULE_PATHNAME', 'hs_health_drivers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION health_drivers(text[], float8[], float8[]) IS
    'Why is this account red? One row per measure, ordered by points_lost (effective weight * (100 - score)), the most first; missing measures last';

CREATE FUNCTION health_drivers_json(names text[], scores float8[], weights float8[]) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'hs_health_drivers_json' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_drivers_json(text[], float8[], float8[]) IS
    'The rows of health_drivers() as a jsonb array of objects, in the same order, for dashboards';

-- @since 0.2.0

CREATE FUNCTION health_driver_names(names text[], scores float8[], weights float8[]) RETURNS text[]
    AS 'MODULE_PATHNAME', 'hs_health_driver_names' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION health_driver_names(text[], float8[], float8[]) IS
    'The names of the present measures in the order of health_drivers: the most points lost first (the drivers column of health_history)';
