-- Calibration: roc_auc (README, "Calibration").

-- roc_auc keeps every distinct score with its counts: a state that grows with
-- its input, so roc_auc_state is a varlena type, kept in memory as an expanded
-- object and flattened only to be stored or passed on (a parallel worker's
-- state, a distributed engine's text form). No serialization functions: a
-- real state type passes between parallel workers as it is.
@varlena_type roc_auc_state | v1:positives=0,negatives=0,scores= | the totals, then score:positives:negatives in score order | the number of scores, then each score and its counts | roc_auc | Transition state of roc_auc(): every distinct score with its counts of positive and negative rows

CREATE FUNCTION roc_auc_accum(roc_auc_state, float8, boolean) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_accum(roc_auc_state, float8, boolean) IS 'Transition function of roc_auc(score, positive): counts a row under its score and class';
CREATE FUNCTION roc_auc_combine(roc_auc_state, roc_auc_state) RETURNS roc_auc_state
    AS 'MODULE_PATHNAME', 'hs_roc_auc_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_combine(roc_auc_state, roc_auc_state) IS 'Combine function of roc_auc(): the rows of two partial states';
CREATE FUNCTION roc_auc_final(roc_auc_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_roc_auc_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION roc_auc_final(roc_auc_state) IS 'Final function of roc_auc(): Mann-Whitney U / (n+ n-), NULL when a class is empty';

@aggregate roc_auc(score float8, positive boolean) | roc_auc_accum | roc_auc_state | roc_auc_final | roc_auc_combine | Area under the ROC curve: the probability that a random positive row scores higher than a random negative one, ties counting 1/2; NULL when a class is empty

-- @since 0.2.0

-- brier_score: the mean squared error of predicted probabilities, from an
-- exact integer sum (each squared error in units of 2^-64).
@state_type brier_state | 24 | v1:n=0,squared_errors=0 | Transition state of brier_score(): rows counted and the exact sum of their squared errors in units of 2^-64

CREATE FUNCTION brier_accum(brier_state, float8, boolean) RETURNS brier_state
    AS 'MODULE_PATHNAME', 'hs_brier_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION brier_accum(brier_state, float8, boolean) IS 'Transition function of brier_score(p, outcome): checks p (0 to 1) and adds (p - outcome)^2';
CREATE FUNCTION brier_combine(brier_state, brier_state) RETURNS brier_state
    AS 'MODULE_PATHNAME', 'hs_brier_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION brier_combine(brier_state, brier_state) IS 'Combine function of brier_score(): adds the counts and exact sums of two partial states';
CREATE FUNCTION brier_final(brier_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_brier_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION brier_final(brier_state) IS 'Final function of brier_score(): the mean squared error, NULL without rows';

@aggregate brier_score(p float8, outcome boolean) | brier_accum | brier_state | brier_final | brier_combine | Brier score: the mean of (p - outcome)^2 over the rows, p a predicted probability from 0 to 1; NULL without rows

-- calibration_bins: per equal-width bin of p, the rows, their mean p and the
-- share of true outcomes. Its state is a varlena of one 32-byte cell per bin
-- (at most 1000 bins), updated in place inside an aggregate.
@varlena_type calibration_bins_state | v1:bins=0,cells= | the number of bins, then bin:n:positives:sum for each non-empty bin | the number of bins, then each bin''s counts and sum | calibration_bins | Transition state of calibration_bins(): the number of bins and, per bin, the rows, the positives and the exact sum of p in units of 2^-64

CREATE FUNCTION calibration_bins_accum(calibration_bins_state, float8, boolean, int) RETURNS calibration_bins_state
    AS 'MODULE_PATHNAME', 'hs_calibration_bins_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_bins_accum(calibration_bins_state, float8, boolean, int) IS 'Transition function of calibration_bins(p, outcome, bins): checks bins on every row and counts the row into its bin';
CREATE FUNCTION calibration_bins_combine(calibration_bins_state, calibration_bins_state) RETURNS calibration_bins_state
    AS 'MODULE_PATHNAME', 'hs_calibration_bins_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION calibration_bins_combine(calibration_bins_state, calibration_bins_state) IS 'Combine function of calibration_bins(): adds the bins of two partial states with the same number of bins';
CREATE FUNCTION calibration_bins_final(calibration_bins_state) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'hs_calibration_bins_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION calibration_bins_final(calibration_bins_state) IS 'Final function of calibration_bins(): one object per non-empty bin, NULL without rows';

@aggregate calibration_bins(p float8, outcome boolean, bins int) | calibration_bins_accum | calibration_bins_state | calibration_bins_final | calibration_bins_combine | Calibration curve: a jsonb array with one object {"bin", "n", "mean_predicted", "observed_rate"} per non-empty equal-width bin of p (bin k holds (k-1)/bins <= p < k/bins, p = 1 in the last); NULL without rows

-- logistic_fit: maximum-likelihood logistic regression. Newton's method reads
-- the rows once per iteration, so the state buffers them: a varlena type kept
-- in memory as an expanded object, like roc_auc_state.
CREATE TYPE logistic_fit AS (
    coefficients float8[],
    std_errors float8[],
    z float8[],
    p_values float8[],
    n bigint,
    log_likelihood float8,
    iterations int,
    converged boolean
);
COMMENT ON TYPE logistic_fit IS
    'A logistic regression fit: coefficients (the intercept first, then one per feature), their standard errors, z statistics and two-sided p-values (NULL when not converged), rows used, log-likelihood, iterations, converged';

@varlena_type logistic_fit_state | v1:features=-1,rows=0,data= | the number of features and of rows, then outcome:feature:... per row | the numbers of features and rows, then the values | - | Transition state of logistic_fit(): the number of features and every row (outcome, features)

CREATE FUNCTION logistic_accum(logistic_fit_state, boolean, float8[]) RETURNS logistic_fit_state
    AS 'MODULE_PATHNAME', 'hs_logistic_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logistic_accum(logistic_fit_state, boolean, float8[]) IS 'Transition function of logistic_fit(outcome, features): checks the number of features and keeps the row (skipped when the outcome or a feature is NULL)';
CREATE FUNCTION logistic_combine(logistic_fit_state, logistic_fit_state) RETURNS logistic_fit_state
    AS 'MODULE_PATHNAME', 'hs_logistic_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logistic_combine(logistic_fit_state, logistic_fit_state) IS 'Combine function of logistic_fit(): the rows of two partial states';
CREATE FUNCTION logistic_final(logistic_fit_state) RETURNS logistic_fit
    AS 'MODULE_PATHNAME', 'hs_logistic_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION logistic_final(logistic_fit_state) IS 'Final function of logistic_fit(): maximum likelihood by Newton''s method (IRLS), NULL without rows';

@aggregate logistic_fit(outcome boolean, features float8[]) | logistic_accum | logistic_fit_state | logistic_final | logistic_combine | Logistic regression of P(outcome) on the features with an intercept (coefficients[1]), by maximum likelihood; rows with a NULL outcome or feature are skipped; NULL without rows

CREATE FUNCTION logistic_apply(fit logistic_fit, features float8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'hs_logistic_apply' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION logistic_apply(logistic_fit, float8[]) IS
    'Fitted probability of a logistic_fit for one row of features: 1 / (1 + exp(-(b0 + b . features))); NULL when a feature is NULL';
CREATE FUNCTION logistic_weights(fit logistic_fit) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'hs_logistic_weights' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION logistic_weights(logistic_fit) IS
    'Suggested scorecard weights from a logistic_fit: the positive coefficients of features with p < 0.05 normalized to sum 1, every other feature 0; NULL when none qualifies';
