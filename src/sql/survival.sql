-- @since 0.2.0
-- Survival: km_survival and logrank_test (README, "Calibration").

-- Both aggregates keep every distinct (duration, group) with its counts of
-- events and censored rows: a state that grows with its input, so
-- survival_state is a varlena type, kept in memory as an expanded object and
-- flattened only to be stored or passed on, as roc_auc_state is.
@varlena_type survival_state | v1:rows=0,events=0,groups=[],times= | the totals, the quoted group names, then duration:group:events:censored in order | the group names, the number of durations, then each duration with its group and counts | its aggregates | Transition state of km_survival() and logrank_test(): every distinct duration of each group with its counts of events and censored rows

CREATE TYPE logrank_result AS (
    chi2 float8,
    df int,
    p_value float8
);
COMMENT ON TYPE logrank_result IS
    'Result of logrank_test(): the log-rank chi-square statistic, its degrees of freedom (groups - 1) and p-value';

CREATE FUNCTION km_survival_accum(survival_state, float8, boolean) RETURNS survival_state
    AS 'MODULE_PATHNAME', 'hs_km_survival_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_survival_accum(survival_state, float8, boolean) IS 'Transition function of km_survival(duration, event): counts a row under its duration, as an event or censored';
CREATE FUNCTION logrank_accum(survival_state, float8, boolean, text) RETURNS survival_state
    AS 'MODULE_PATHNAME', 'hs_logrank_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_accum(survival_state, float8, boolean, text) IS 'Transition function of logrank_test(duration, event, grp): counts a row under its group and duration, as an event or censored';
CREATE FUNCTION survival_combine(survival_state, survival_state) RETURNS survival_state
    AS 'MODULE_PATHNAME', 'hs_survival_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION survival_combine(survival_state, survival_state) IS 'Combine function of km_survival() and logrank_test(): the rows of two partial states';
CREATE FUNCTION km_survival_final(survival_state) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'hs_km_survival_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION km_survival_final(survival_state) IS 'Final function of km_survival(): the Kaplan-Meier curve as jsonb, NULL without rows';
CREATE FUNCTION logrank_final(survival_state) RETURNS logrank_result
    AS 'MODULE_PATHNAME', 'hs_logrank_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION logrank_final(survival_state) IS 'Final function of logrank_test(): chi2, df and p-value, NULL when fewer than two groups are at risk at an event time or there is no event';

@aggregate km_survival(duration float8, event boolean) | km_survival_accum | survival_state | km_survival_final | survival_combine | Kaplan-Meier survival curve as jsonb: n, events, median (first duration where survival <= 0.5, null if never) and one step per distinct duration with at_risk, events, censored, survival and a 95% interval from Greenwood''s variance on the log(-log S) scale; event false is censored; NULL without rows

@aggregate logrank_test(duration float8, event boolean, grp text) | logrank_accum | survival_state | logrank_final | survival_combine | Log-rank test of equal survival across the groups: chi2, df = groups - 1 and p-value (chi-square); NULL when fewer than two groups are at risk at an event time or there is no event
