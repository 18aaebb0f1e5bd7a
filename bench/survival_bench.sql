-- Survival benchmark (README, Calibration): km_survival and logrank_test over
-- :rows accounts against a GROUP BY of the same rows' durations (the counts
-- the aggregates keep), and nps_clustered over per-customer summaries against
-- rollup(nps_summary); serial and with 2 parallel workers. psql variables:
-- :suite, :runs.
SELECT bench_run(:'suite', mode,
  ARRAY['GROUP BY duration', 'GROUP BY duration, band', 'km_survival', 'logrank_test',
        'rollup(nps_summary)', 'nps_clustered'],
  ARRAY[
    $q$SELECT count(*) FROM (SELECT duration, count(*) FILTER (WHERE event), count(*)
                             FROM bench_survival GROUP BY duration) t$q$,
    $q$SELECT count(*) FROM (SELECT duration, band, count(*) FILTER (WHERE event), count(*)
                             FROM bench_survival GROUP BY duration, band) t$q$,
    $q$SELECT jsonb_array_length(km_survival(duration, event)->'steps') FROM bench_survival$q$,
    $q$SELECT logrank_test(duration, event, band)::text FROM bench_survival$q$,
    $q$SELECT rollup(summary)::text FROM bench_clusters$q$,
    $q$SELECT nps_clustered(summary)::text FROM bench_clusters$q$
  ], :runs)
FROM (VALUES ('serial'), ('parallel')) v(mode);
