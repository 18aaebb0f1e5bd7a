-- Targets of the health-score benchmark: measured / baseline <= target.
INSERT INTO bench_targets VALUES
    ('extension, fit + apply', 'serial', 'plain SQL, natural', 'serial', 0.25),
    ('extension, fit + apply', 'serial', 'plain SQL, hand-tuned', 'serial', 0.75),
    ('extension, fit + apply', 'parallel', 'extension, fit + apply', 'serial', 0.625),
    ('extension, window', 'serial', 'plain SQL, natural', 'serial', NULL),
    ('extension, fit + apply', 'parallel', 'plain SQL, hand-tuned', 'parallel', NULL),
    ('plain SQL, hand-tuned', 'parallel', 'plain SQL, hand-tuned', 'serial', NULL),
    ('plain SQL, hand-tuned', 'serial', 'plain SQL, natural', 'serial', NULL),
    ('extension, stored fits', 'serial', 'plain SQL, natural', 'serial', NULL),
    ('extension, stored fits', 'serial', 'plain SQL, stored stats', 'serial', NULL),
    ('extension, stored fits', 'parallel', 'extension, stored fits', 'serial', NULL),
    ('health_score', 'serial', 'inline formula, numeric weights', 'serial', NULL),
    ('health_score', 'serial', 'inline formula, float8 weights', 'serial', NULL),
    ('health_score', 'serial', 'floor sum(a + b + c + d)', 'serial', NULL),
    ('health_band', 'serial', 'CASE bands', 'serial', NULL),
    ('health_band', 'serial', 'floor count(h)', 'serial', NULL);
