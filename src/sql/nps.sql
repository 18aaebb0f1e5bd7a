-- Section 1: Net Promoter Score.

@state_type nps_state | 32 | v1:promoters=0,passives=0,detractors=0,confidence=0 | Transition state of nps() and nps_summary(): promoter, passive and detractor counts and the confidence level (0 until a row chooses one; 0.95 applies)

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
    'NPS of a group of responses with its counts, standard error and adjusted-Wald confidence interval; roll up with rollup(nps_summary)';

CREATE TYPE nps_change AS (
    delta float8,
    std_error float8,
    z float8,
    p_value float8,
    ci_low float8,
    ci_high float8
);
COMMENT ON TYPE nps_change IS
    'Change of NPS between two independent samples: delta (after - before) and its standard error, the pooled-variance z statistic and two-sided p-value, and the adjusted-Wald interval of the difference';

CREATE FUNCTION nps_accum(nps_state, int) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_accum(nps_state, int) IS 'Transition function of nps(score) and nps_summary(score): counts one 0-10 response';

CREATE FUNCTION nps_accum(nps_state, int, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_accum_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_accum(nps_state, int, float8) IS 'Transition function of nps_summary(score, confidence): checks the confidence on every row, counts one 0-10 response';

CREATE FUNCTION nps_combine(nps_state, nps_state) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_combine(nps_state, nps_state) IS 'Combine function of the NPS aggregates: adds two partial counts, checks their confidence levels';

CREATE FUNCTION nps_final(nps_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_final(nps_state) IS 'Final function of nps(): 100 * (promoters - detractors) / responses, NULL without responses';

CREATE FUNCTION nps_summary_final(nps_state) RETURNS nps_summary
    AS 'MODULE_PATHNAME', 'hs_nps_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_summary_final(nps_state) IS 'Final function of nps_summary() and rollup(nps_summary)';

@aggregate nps(score int) | nps_accum | nps_state | nps_final | nps_combine | Net Promoter Score of 0-10 responses: 100 * (promoters 9-10 - detractors 0-6) / responses, in -100..100; NULL without responses
@aggregate nps_summary(score int) | nps_accum | nps_state | nps_summary_final | nps_combine | NPS of 0-10 responses with counts, standard error and 95% adjusted-Wald confidence interval
@aggregate nps_summary(score int, confidence float8) | nps_accum | nps_state | nps_summary_final | nps_combine | NPS of 0-10 responses with counts, standard error and an adjusted-Wald confidence interval at the given level in (0, 1)

CREATE FUNCTION nps_rollup_accum(nps_state, nps_summary) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_rollup_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_rollup_accum(nps_state, nps_summary) IS 'Transition function of rollup(nps_summary): adds one summary''s counts';

CREATE FUNCTION nps_rollup_accum(nps_state, nps_summary, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'hs_nps_rollup_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_rollup_accum(nps_state, nps_summary, float8) IS 'Transition function of rollup(nps_summary, confidence): checks the confidence on every row, adds one summary''s counts';

@aggregate rollup(summary nps_summary) | nps_rollup_accum | nps_state | nps_summary_final | nps_combine | Exact nps_summary of the union of the responses behind several nps_summary values (95% interval)
@aggregate rollup(summary nps_summary, confidence float8) | nps_rollup_accum | nps_state | nps_summary_final | nps_combine | Exact nps_summary of the union of the responses behind several nps_summary values, interval at the given confidence

CREATE FUNCTION nps_category(score int) RETURNS text
    AS 'MODULE_PATHNAME', 'hs_nps_category' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_category(int) IS
    'NPS category of a 0-10 response: promoter (9-10), passive (7-8) or detractor (0-6)';

CREATE FUNCTION nps_change(before nps_summary, after nps_summary, confidence float8 DEFAULT 0.95)
    RETURNS nps_change
    AS 'MODULE_PATHNAME', 'hs_nps_change' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_change(nps_summary, nps_summary, float8) IS
    'Did NPS move between two independent samples? delta = after - before, std_error = sqrt(se1^2 + se2^2), z and two-sided p_value of the pooled-variance test, adjusted-Wald interval of the difference at the given confidence; NULL when a summary is NULL';

-- @since 0.2.0

@state_type nps_cluster_state | 104 | v1:clusters=0,promoters=0,passives=0,detractors=0,sum_n2=0,sum_y2=0,sum_yn_pos=0,sum_yn_neg=0,confidence=0 | Transition state of nps_clustered(): clusters, response counts, exact sums of n_i^2, y_i^2 and y_i n_i (positive and negative terms apart; n_i responses and y_i = promoters - detractors of cluster i) and the confidence (0 until a row chooses one; 0.95 applies)

CREATE FUNCTION nps_clustered_accum(nps_cluster_state, nps_summary) RETURNS nps_cluster_state
    AS 'MODULE_PATHNAME', 'hs_nps_clustered_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_clustered_accum(nps_cluster_state, nps_summary) IS 'Transition function of nps_clustered(summary): adds one cluster''s summary';

CREATE FUNCTION nps_clustered_accum(nps_cluster_state, nps_summary, float8) RETURNS nps_cluster_state
    AS 'MODULE_PATHNAME', 'hs_nps_clustered_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_clustered_accum(nps_cluster_state, nps_summary, float8) IS 'Transition function of nps_clustered(summary, confidence): checks the confidence on every row, adds one cluster''s summary';

CREATE FUNCTION nps_clustered_combine(nps_cluster_state, nps_cluster_state) RETURNS nps_cluster_state
    AS 'MODULE_PATHNAME', 'hs_nps_clustered_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_clustered_combine(nps_cluster_state, nps_cluster_state) IS 'Combine function of nps_clustered(): adds the clusters of two partial states, checks their confidence levels';

CREATE FUNCTION nps_clustered_final(nps_cluster_state) RETURNS nps_summary
    AS 'MODULE_PATHNAME', 'hs_nps_clustered_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_clustered_final(nps_cluster_state) IS 'Final function of nps_clustered(): the counts and NPS of rollup with the cluster-robust standard error and Student t interval, both NULL with fewer than 2 clusters';

@aggregate nps_clustered(s nps_summary) | nps_clustered_accum | nps_cluster_state | nps_clustered_final | nps_clustered_combine | NPS of repeated answers, one nps_summary per cluster (e.g. per customer): rollup''s counts and NPS with the ratio-estimator cluster-robust standard error and the 95% interval nps -/+ t(m-1) * std_error over m clusters; NULL std_error and interval with fewer than 2 clusters
@aggregate nps_clustered(s nps_summary, confidence float8) | nps_clustered_accum | nps_cluster_state | nps_clustered_final | nps_clustered_combine | NPS of repeated answers, one nps_summary per cluster: rollup''s counts and NPS with the cluster-robust standard error and the Student t interval at the given confidence in (0, 1)
