-- Reads back the values samples.sql stored and computes with them: one line
-- "type | what | result" per computation. test/upgrade.sh runs it in the
-- database updated from an earlier release (values stored by that release)
-- and in a fresh install (values computed now): every line of the first must
-- be in the second. Every stored type gets its text form, the text form read
-- back and its binary form; sample_uses adds what its functions do with it:
-- final functions on states, apply functions on fits, rollup() of summaries.
-- An expression uses v (the stored value of one row) or, with agg = true, is
-- an aggregate over the rows.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
CREATE TEMP TABLE sample_uses (type text, agg boolean, expr text);
INSERT INTO sample_uses VALUES
('nps_state', false, 'nps_final(v)'), ('nps_state', false, 'nps_summary_final(v)'),
('nps_state', false, 'nps_summary_final(nps_combine(v, v))'),
('nps_state', false, 'nps_final(nps_accum(v, 10, 0.9))'),
('proportion_state', false, 'csat_final(v)'), ('proportion_state', false, 'proportion_summary_final(v)'),
('proportion_state', false, 'proportion_summary_final(proportion_combine(v, v))'),
('ces_state', false, 'ces_final(v)'), ('ces_state', false, 'ces_summary_final(v)'),
('ces_state', false, 'ces_summary_final(ces_combine(v, v))'),
('mean_state', false, 'mean_summary_final(v)'), ('mean_state', false, 'mean_summary_final(mean_combine(v, v))'),
('health_state', false, 'health_final(v)'), ('health_state', false, 'health_final(health_combine(v, v))'),
('band_state', false, 'band_hysteresis_final(v)'),
('band_state', false, 'band_hysteresis_final(band_hysteresis_accum(v, 71, 40, 70, 5))'),
('ewma_state', false, 'ewma_final(v)'), ('ewma_state', false, 'ewma_final(ewma_accum(v, 50, 0.3))'),
('ewma_time_state', false, 'ewma_time_final(v)'),
('ewma_time_state', false, 'ewma_time_final(ewma_time_accum(v, 50, timestamptz ''2026-03-01 00:00:00+00'', interval ''7 days''))'),
('decay_state', false, 'decayed_sum_final(v)'), ('decay_state', false, 'decayed_avg_final(v)'),
('decay_state', false, 'decayed_sum_final(decay_combine(v, v))'),
('roc_auc_state', false, 'roc_auc_final(v)'), ('roc_auc_state', false, 'roc_auc_final(roc_auc_combine(v, v))'),
('roc_auc_state', false, 'roc_auc_final(roc_auc_accum(v, 50, true))'),
('brier_state', false, 'brier_final(v)'), ('brier_state', false, 'brier_final(brier_combine(v, v))'),
('brier_state', false, 'brier_final(brier_accum(v, 0.25, true))'),
('calibration_bins_state', false, 'calibration_bins_final(v)'),
('calibration_bins_state', false, 'calibration_bins_final(calibration_bins_combine(v, v))'),
('calibration_bins_state', false, 'calibration_bins_final(calibration_bins_accum(v, 0.95, true, 5))'),
('logistic_fit_state', false, 'logistic_final(v)'), ('logistic_fit_state', false, 'logistic_final(logistic_combine(v, v))'),
('logistic_fit_state', false, 'logistic_final(logistic_accum(v, true, ''{50,3}''))'),
('logistic_fit', false, 'logistic_apply(v, ''{50,3}'')'), ('logistic_fit', false, 'logistic_weights(v)'),
('survival_state', false, 'km_survival_final(v)'), ('survival_state', false, 'logrank_final(v)'),
('survival_state', false, 'logrank_final(survival_combine(v, v))'),
('survival_state', false, 'km_survival_final(km_survival_accum(v, 50, true))'),
('nps_cluster_state', false, 'nps_clustered_final(v)'),
('nps_cluster_state', false, 'nps_clustered_final(nps_clustered_combine(v, v))'),
('nps_cluster_state', false, 'nps_clustered_final(nps_clustered_accum(v, ROW(3, 2, 0, 1, NULL, NULL, NULL, NULL)::nps_summary, 0.9))'),
('minmax_fit', false, 'minmax_apply(v, 33)'), ('minmax_fit', false, 'minmax_apply(v, 33, false)'),
('minmax_fit', false, 'minmax_fit_final(minmax_fit_combine(v, v))'),
('minmax_fit', false, 'health_score(ARRAY[minmax_apply(v, 33), 50], ARRAY[2, 1])'),
('minmax_fit', true, 'minmax_fit_combine(min(v::text)::minmax_fit, max(v::text)::minmax_fit)'),
('zscore_fit', false, 'zscore_apply(v, 33)'), ('zscore_fit', false, 'normal_apply(v, 33)'),
('zscore_fit', false, 'normal_apply(v, 33, false)'),
('zscore_fit', false, 'zscore_fit_final(zscore_fit_combine(v, v))'),
('nps_summary', true, 'rollup(v)'), ('nps_summary', true, 'rollup(v, 0.9)'),
('nps_summary', false, 'nps_change(v, v)'),
('proportion_summary', true, 'rollup(v)'), ('proportion_summary', true, 'rollup(v, 0.9)'),
('mean_summary', true, 'rollup(v)'), ('mean_summary', true, 'rollup(v, 0.9)'),
('nps_change', false, '(v).p_value'),
('logrank_result', false, '(v).p_value'),
('health_driver', false, '(v).points_lost'),
('health_band', false, 'v < ''green'''), ('health_band', true, 'max(v)');

DO $$
DECLARE
    t record;
    u record;
    result text;
BEGIN
    CREATE TEMP TABLE use_results (line text);
    FOR t IN SELECT e.type, ty.typsend::regproc AS send
             FROM sample_exprs e JOIN pg_type ty ON ty.oid = to_regtype(e.type)
             WHERE to_regclass('stored_' || e.type) IS NOT NULL ORDER BY e.type LOOP
        FOR u IN SELECT false AS agg, 'v::text' AS expr
                 UNION ALL SELECT false, format('v::text::%s::text', t.type)
                 UNION ALL SELECT false, format('%s(v)', t.send)
                 UNION ALL SELECT agg, expr FROM sample_uses WHERE type = t.type LOOP
            BEGIN
                IF u.agg THEN
                    EXECUTE format('SELECT (%s)::text FROM %I', u.expr, 'stored_' || t.type) INTO result;
                ELSE
                    EXECUTE format('SELECT string_agg(id || '': '' || coalesce((%s)::text, ''NULL''), ''; '' ORDER BY id) FROM %I',
                                   u.expr, 'stored_' || t.type) INTO result;
                END IF;
            EXCEPTION WHEN OTHERS THEN
                result := 'ERROR ' || SQLSTATE || ' ' || SQLERRM;
            END;
            INSERT INTO use_results VALUES (t.type || ' | ' || u.expr || ' | ' || coalesce(result, 'NULL'));
        END LOOP;
    END LOOP;
END
$$;
SELECT line FROM use_results ORDER BY line;
-- Every stored type has a use beyond its text and binary forms.
SELECT 'no use of stored type ' || e.type FROM sample_exprs e
WHERE to_regclass('stored_' || e.type) IS NOT NULL
  AND NOT EXISTS (SELECT FROM sample_uses u WHERE u.type = e.type)
ORDER BY 1;
