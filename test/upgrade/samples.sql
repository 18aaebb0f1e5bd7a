-- Values of every type of the extension, stored in tables: test/upgrade.sh runs
-- this in a database at an earlier release (before ALTER EXTENSION UPDATE) and
-- in a fresh install, then reads them back with uses.sql.
--
-- sample_exprs holds, for each type, a query of (id, value) over the rows of
-- sample_rows (and optionally statements that make helper aggregates over the
-- extension's transition functions, starting from the empty state as the
-- extension's own aggregates do); every type of the extension must have
-- one: a type without a sample is reported by the last query, so a new type
-- cannot be forgotten. Types a release does not have yet are skipped.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE TABLE sample_rows AS
SELECT g AS id, i,
       (i * 7 + g * 3) % 11 AS nps,
       1 + (i * 3 + g) % 5 AS csat,
       1 + (i * 5 + g) % 7 AS ces,
       ((i * 37 + g * 11) % 101)::float8 AS x,
       1 + (i + g) % 3 AS weight,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 day 3 hours' AS at
FROM generate_series(1, 3) g, generate_series(1, 40) i;

CREATE TABLE sample_exprs (type text PRIMARY KEY, setup text, query text NOT NULL);
INSERT INTO sample_exprs VALUES
('nps_state', 'CREATE AGGREGATE sample_nps_state(int, float8) (SFUNC = nps_accum, STYPE = nps_state, INITCOND = ''v1:promoters=0,passives=0,detractors=0,confidence=0'')',
 'SELECT id, sample_nps_state(nps, 0.9) FROM sample_rows GROUP BY id'),
('proportion_state', 'CREATE AGGREGATE sample_proportion_state(int, int, int) (SFUNC = csat_accum, STYPE = proportion_state, INITCOND = ''v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0'')',
 'SELECT id, sample_proportion_state(csat, 3, 5) FROM sample_rows GROUP BY id'),
('ces_state', 'CREATE AGGREGATE sample_ces_state(int, int) (SFUNC = ces_accum, STYPE = ces_state, INITCOND = ''v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0'')',
 'SELECT id, sample_ces_state(ces, 7) FROM sample_rows GROUP BY id'),
('mean_state', 'CREATE AGGREGATE sample_mean_state(mean_summary) (SFUNC = mean_rollup_accum, STYPE = mean_state, INITCOND = ''v1:n=0,mean=0,m2=0,confidence=0'')',
 'SELECT id, sample_mean_state(s) FROM (SELECT id, ces_summary(ces) AS s FROM sample_rows GROUP BY id, i % 4) t GROUP BY id'),
('health_state', 'CREATE AGGREGATE sample_health_state(float8, float8) (SFUNC = health_accum, STYPE = health_state, INITCOND = ''v1:n=0,weight=0,weighted=0'')',
 'SELECT id, sample_health_state(x, weight) FROM sample_rows GROUP BY id'),
('band_state', 'CREATE AGGREGATE sample_band_state(float8, float8, float8, float8) (SFUNC = band_hysteresis_accum, STYPE = band_state, INITCOND = ''v1:band=0,set=0,red_below=0,green_from=0,margin=0'')',
 'SELECT id, sample_band_state(x, 40, 70, 5 ORDER BY i) FROM sample_rows GROUP BY id'),
('ewma_state', 'CREATE AGGREGATE sample_ewma_state(float8, float8) (SFUNC = ewma_accum, STYPE = ewma_state, INITCOND = ''v1:n=0,value=0,alpha=0'')',
 'SELECT id, sample_ewma_state(x, 0.3 ORDER BY i) FROM sample_rows GROUP BY id'),
('ewma_time_state', 'CREATE AGGREGATE sample_ewma_time_state(float8, timestamptz, interval) (SFUNC = ewma_time_accum, STYPE = ewma_time_state, INITCOND = ''v2:n=0,value=0,weight=0,last_at=0,half_life=0,tie_n=0,tie_sum=0,tie_low=0'')',
 'SELECT id, sample_ewma_time_state(x, at, interval ''7 days'' ORDER BY at) FROM sample_rows GROUP BY id'),
('decay_state', 'CREATE AGGREGATE sample_decay_state(float8, timestamptz, interval, timestamptz) (SFUNC = decay_accum, STYPE = decay_state, INITCOND = ''v1:n=0,exponent=0,sum=0,weight=0,half_life=0,as_of=0,as_of_set=0'')',
 'SELECT id, sample_decay_state(x, at, interval ''30 days'', timestamptz ''2026-03-01 00:00:00+00'') FROM sample_rows GROUP BY id'),
('roc_auc_state', 'CREATE AGGREGATE sample_roc_auc_state(float8, boolean) (SFUNC = roc_auc_accum, STYPE = roc_auc_state, INITCOND = ''v1:positives=0,negatives=0,scores='')',
 'SELECT id, sample_roc_auc_state(x, nps >= 9) FROM sample_rows GROUP BY id'),
('survival_state', 'CREATE AGGREGATE sample_survival_state(float8, boolean, text) (SFUNC = logrank_accum, STYPE = survival_state, INITCOND = ''v1:rows=0,events=0,groups=[],times='')',
 'SELECT id, sample_survival_state(x, nps <= 6, ''band '' || (i % 3)) FROM sample_rows GROUP BY id'),
('nps_cluster_state', 'CREATE AGGREGATE sample_nps_cluster_state(nps_summary, float8) (SFUNC = nps_clustered_accum, STYPE = nps_cluster_state, INITCOND = ''v1:clusters=0,promoters=0,passives=0,detractors=0,sum_n2=0,sum_y2=0,sum_yn_pos=0,sum_yn_neg=0,confidence=0'')',
 'SELECT id, sample_nps_cluster_state(s, 0.9) FROM (SELECT id, nps_summary(nps) AS s FROM sample_rows GROUP BY id, i % 4) t GROUP BY id'),
('logrank_result', NULL, 'SELECT id, logrank_test(x, nps <= 6, ''band '' || (i % 3)) FROM sample_rows GROUP BY id'),
('minmax_fit', NULL, 'SELECT id, minmax_fit(x) FROM sample_rows GROUP BY id'),
('zscore_fit', NULL, 'SELECT id, zscore_fit(x) FROM sample_rows GROUP BY id'),
('nps_summary', NULL, 'SELECT id, nps_summary(nps) FROM sample_rows GROUP BY id'),
('proportion_summary', NULL, 'SELECT id, csat_summary(csat) FROM sample_rows GROUP BY id'),
('mean_summary', NULL, 'SELECT id, ces_summary(ces) FROM sample_rows GROUP BY id'),
('nps_change', NULL,
 'SELECT id, nps_change(nps_summary(nps) FILTER (WHERE i <= 20), nps_summary(nps) FILTER (WHERE i > 20)) FROM sample_rows GROUP BY id'),
('health_driver', NULL,
 'SELECT id, (SELECT d FROM health_drivers(ARRAY[''usage'', ''support'', ''nps''], ARRAY[min(x), max(x), NULL], ARRAY[3, 2, 1]) d LIMIT 1) FROM sample_rows GROUP BY id'),
('health_band', NULL, 'SELECT id, health_band(avg(x)) FROM sample_rows GROUP BY id'),
('brier_state', 'CREATE AGGREGATE sample_brier_state(float8, boolean) (SFUNC = brier_accum, STYPE = brier_state, INITCOND = ''v1:n=0,squared_errors=0'')',
 'SELECT id, sample_brier_state(x / 100, nps >= 7) FROM sample_rows GROUP BY id'),
('calibration_bins_state', 'CREATE AGGREGATE sample_calibration_bins_state(float8, boolean, int) (SFUNC = calibration_bins_accum, STYPE = calibration_bins_state, INITCOND = ''v1:bins=0,cells='')',
 'SELECT id, sample_calibration_bins_state(x / 100, nps >= 7, 5) FROM sample_rows GROUP BY id'),
('logistic_fit_state', 'CREATE AGGREGATE sample_logistic_fit_state(boolean, float8[]) (SFUNC = logistic_accum, STYPE = logistic_fit_state, INITCOND = ''v1:features=-1,rows=0,data='')',
 'SELECT id, sample_logistic_fit_state(nps >= 7, ARRAY[x, ces]) FROM sample_rows GROUP BY id'),
('logistic_fit', NULL, 'SELECT id, logistic_fit(nps >= 7, ARRAY[x, ces]) FROM sample_rows GROUP BY id');

-- stored_TYPE(id int, v TYPE) for every type this release has.
DO $$
DECLARE
    s record;
    n bigint;
BEGIN
    FOR s IN SELECT * FROM sample_exprs WHERE to_regtype(type) IS NOT NULL ORDER BY type LOOP
        IF s.setup IS NOT NULL THEN
            EXECUTE s.setup;
        END IF;
        EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY, v %s)', 'stored_' || s.type, s.type);
        EXECUTE format('INSERT INTO %I %s', 'stored_' || s.type, s.query);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 0 THEN
            RAISE EXCEPTION 'the sample query of % returned no row', s.type;
        END IF;
    END LOOP;
END
$$;

-- Every type of the extension has stored values: prints the types without.
SELECT 'no stored sample of type ' || format_type(t.oid, NULL)
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
JOIN pg_type t ON t.oid = d.objid
WHERE d.classid = 'pg_type'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND (to_regclass('stored_' || t.typname) IS NULL
       OR NOT EXISTS (SELECT FROM pg_attribute a
                      WHERE a.attrelid = to_regclass('stored_' || t.typname) AND a.attname = 'v'
                        AND a.atttypid = t.oid))
ORDER BY 1;
