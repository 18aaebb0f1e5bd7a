-- Targets of the calibration part 2 benchmark: measured / baseline <= target
-- (logistic_fit's per-iteration target is printed by logistic_bench.sql).
INSERT INTO bench_targets VALUES
    ('brier_score', 'serial', 'avg((p - outcome)^2)', 'serial', 1.0),
    ('brier_score', 'parallel', 'avg((p - outcome)^2)', 'parallel', 1.0),
    ('logistic_fit', 'serial', 'ten sums', 'serial', NULL),
    ('logistic_fit', 'parallel', 'logistic_fit', 'serial', NULL),
    ('calibration_bins', 'serial', 'calibration GROUP BY', 'serial', NULL);
