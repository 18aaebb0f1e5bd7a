\set ECHO none
\i sql/include/fixtures.sql
\set ECHO all
-- Aggregates as moving window aggregates (frame ROWS BETWEEN 5 PRECEDING AND
-- CURRENT ROW): PostgreSQL reuses one state across rows and calls the final
-- function on it again and again; every row must equal plain-SQL formulas over
-- the same frame (counts exactly, floats within 1e-12 relative).

CREATE TABLE mw AS
SELECT id, grp, nps, csat, ces, (id % 89) * 1.5::float8 AS x FROM survey WHERE id <= 3000;

SELECT count(*) AS rows,
       count(*) FILTER (WHERE a.n IS NOT DISTINCT FROM r.n_ref
                          OR abs(a.n - r.n_ref) <= 1e-12 * abs(r.n_ref)) AS nps_equal,
       count(*) FILTER (WHERE (a.ns).responses = r.n AND (a.ns).promoters = r.p
                          AND (a.ns).passives = r.pa AND (a.ns).detractors = r.d) AS nps_summary_counts_equal,
       count(*) FILTER (WHERE a.c IS NOT DISTINCT FROM r.c_ref
                          OR abs(a.c - r.c_ref) <= 1e-12 * abs(r.c_ref)) AS csat_equal,
       count(*) FILTER (WHERE (a.cs).responses = r.cn AND (a.cs).satisfied = r.ck) AS csat_summary_counts_equal,
       count(*) FILTER (WHERE a.e IS NOT DISTINCT FROM r.e_ref
                          OR abs(a.e - r.e_ref) <= 1e-12 * abs(r.e_ref)) AS ces_equal,
       count(*) FILTER (WHERE (a.es).responses = r.en
                          AND ((a.es).stddev IS NOT DISTINCT FROM r.e_sd
                               OR abs((a.es).stddev - r.e_sd) <= 1e-12 * r.e_sd)) AS ces_summary_equal
FROM (SELECT id, nps(nps) OVER w AS n, nps_summary(nps) OVER w AS ns,
             csat(csat) OVER w AS c, csat_summary(csat) OVER w AS cs,
             ces(ces) OVER w AS e, ces_summary(ces) OVER w AS es
      FROM mw WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)) a
JOIN (SELECT id, n, p, pa, d, 100.0 * (p - d) / nullif(n, 0) AS n_ref,
             cn, ck, 100.0 * ck / nullif(cn, 0) AS c_ref, en, e_ref, e_sd
      FROM (SELECT id, count(nps) OVER w AS n,
                   count(*) FILTER (WHERE nps >= 9) OVER w AS p,
                   count(*) FILTER (WHERE nps BETWEEN 7 AND 8) OVER w AS pa,
                   count(*) FILTER (WHERE nps <= 6) OVER w AS d,
                   count(csat) OVER w AS cn, count(*) FILTER (WHERE csat >= 4) OVER w AS ck,
                   count(ces) OVER w AS en, avg(ces) OVER w AS e_ref, stddev_samp(ces) OVER w AS e_sd
            FROM mw WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)) f) r
USING (id);

-- Fits over moving frames, applied to the current row, against min/max and avg/stddev_samp.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE mm IS NOT DISTINCT FROM mm_ref OR abs(mm - mm_ref) <= 1e-12 * 100) AS minmax_equal,
       count(*) FILTER (WHERE z IS NOT DISTINCT FROM z_ref OR abs(z - z_ref) <= 1e-12 * abs(z_ref)) AS zscore_equal
FROM (SELECT minmax_apply(minmax_fit(x) OVER w, x) AS mm,
             zscore_apply(zscore_fit(x) OVER w, x) AS z,
             CASE WHEN max(x) OVER w > min(x) OVER w      -- greatest() would turn NULL into 0
                  THEN least(100, greatest(0, 100 * (x - min(x) OVER w) / (max(x) OVER w - min(x) OVER w))) END AS mm_ref,
             (x - avg(x) OVER w) / nullif(stddev_samp(x) OVER w, 0) AS z_ref
      FROM mw WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)) t;

-- rollup over moving frames of per-group summaries equals the summary of the frame's raw rows.
WITH s AS (
    SELECT grp, nps_summary(nps) AS n, csat_summary(csat) AS c, ces_summary(ces) AS e,
           count(nps) AS nn, count(*) FILTER (WHERE nps >= 9) AS p, count(*) FILTER (WHERE nps <= 6) AS d,
           count(csat) AS cn, count(*) FILTER (WHERE csat >= 4) AS ck, count(ces) AS en
    FROM mw GROUP BY grp
)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (rn).responses = fn AND (rn).promoters = fp AND (rn).detractors = fd) AS nps_rollup_equal,
       count(*) FILTER (WHERE (rc).responses = fcn AND (rc).satisfied = fck) AS csat_rollup_equal,
       count(*) FILTER (WHERE (re).responses = fen) AS ces_rollup_equal
FROM (SELECT rollup(n) OVER w AS rn, rollup(c) OVER w AS rc, rollup(e) OVER w AS re,
             sum(nn) OVER w AS fn, sum(p) OVER w AS fp, sum(d) OVER w AS fd,
             sum(cn) OVER w AS fcn, sum(ck) OVER w AS fck, sum(en) OVER w AS fen
      FROM s WINDOW w AS (ORDER BY grp ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)) t;
