-- Coverage of nps_clustered's interval against rollup's when answers are
-- correlated within customers (README, "How good are the intervals?").
-- Seeded simulation: each sample has m customers; each customer is a fan
-- (80% promoters, 5% detractors), neutral (40/20) or unhappy (10/60), one
-- third each, and gives 1 to 8 answers (uniform) drawn from its own mix. The
-- true NPS is 100 * (0.75 + 0.20 - 0.50) / 3 = 15. 2,000 samples per m; the
-- share of samples whose 95% interval holds 15, in percent.
-- Run: psql -X -f bench/clustered_coverage.sql (a database with the extension).
SELECT setseed(0.2026);
CREATE TEMP TABLE clustered_sim AS
WITH customers AS (
    SELECT m, s, c, floor(random() * 3)::int AS kind, 1 + floor(random() * 8)::int AS answers
    FROM (VALUES (5), (10), (30), (100)) p(m), generate_series(1, 2000) s, generate_series(1, m) c),
answers AS (
    SELECT m, s, c, kind, random() AS u FROM customers, generate_series(1, answers))
SELECT m, s, c,
       nps_summary(CASE WHEN u < t.p THEN 10 WHEN u < t.p + t.d THEN 3 ELSE 8 END) AS summary
FROM answers JOIN (VALUES (0, 0.8, 0.05), (1, 0.4, 0.2), (2, 0.1, 0.6)) t(kind, p, d) USING (kind)
GROUP BY m, s, c;
SELECT m AS customers,
       round(avg(((r).ci_low <= 15 AND 15 <= (r).ci_high)::int) * 100, 1) AS independent_answers_pct,
       round(avg(((c).ci_low <= 15 AND 15 <= (c).ci_high)::int) * 100, 1) AS clustered_pct,
       round(avg((c).std_error / (r).std_error)::numeric, 2) AS mean_se_ratio
FROM (SELECT m, s, rollup(summary) AS r, nps_clustered(summary) AS c
      FROM clustered_sim GROUP BY m, s) t
GROUP BY m ORDER BY m;
