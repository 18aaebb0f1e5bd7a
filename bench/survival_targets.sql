-- Targets of the survival benchmark: measured / baseline <= target.
INSERT INTO bench_targets VALUES
    ('km_survival', 'serial', 'GROUP BY duration', 'serial', 1.5),
    ('logrank_test', 'serial', 'GROUP BY duration', 'serial', 1.5),
    ('km_survival', 'parallel', 'GROUP BY duration', 'parallel', 1.5),
    ('logrank_test', 'parallel', 'GROUP BY duration', 'parallel', 1.5),
    ('nps_clustered', 'serial', 'rollup(nps_summary)', 'serial', 1.2),
    ('nps_clustered', 'parallel', 'rollup(nps_summary)', 'parallel', 1.2),
    ('logrank_test', 'serial', 'GROUP BY duration, band', 'serial', NULL),
    ('km_survival', 'parallel', 'km_survival', 'serial', NULL);
