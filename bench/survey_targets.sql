-- Targets of the survey-metrics benchmark: measured / baseline <= target.
INSERT INTO bench_targets VALUES
    ('nps', 'serial', 'nps formula', 'serial', 0.8),
    ('nps', 'serial', 'sum(int)', 'serial', 1.15),
    ('nps_summary', 'serial', 'nps_summary formula', 'serial', 0.9),
    ('nps', 'parallel', 'nps', 'serial', 0.625),
    ('nps_summary', 'parallel', 'nps_summary', 'serial', 0.625),
    ('csat', 'parallel', 'csat', 'serial', 0.625),
    ('csat_summary', 'parallel', 'csat_summary', 'serial', 0.625),
    ('ces', 'parallel', 'ces', 'serial', 0.625),
    ('ces_summary', 'parallel', 'ces_summary', 'serial', 0.625),
    ('nps_summary by segment', 'parallel', 'nps_summary by segment', 'serial', 0.625),
    ('csat', 'serial', 'csat formula', 'serial', NULL),
    ('csat_summary', 'serial', 'csat_summary formula', 'serial', NULL),
    ('ces', 'serial', 'ces formula', 'serial', NULL),
    ('ces_summary', 'serial', 'ces_summary formula', 'serial', NULL),
    ('nps_summary by segment', 'serial', 'nps_summary formula by segment', 'serial', NULL),
    ('nps', 'serial', 'count(*)', 'serial', NULL),
    ('sum(int)', 'parallel', 'sum(int)', 'serial', NULL);
