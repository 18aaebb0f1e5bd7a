-- Survey-metrics benchmark (README, Survey metrics): each aggregate against its
-- plain-SQL equivalent and against sum(int) and count(*), on the same scan,
-- serial and with 2 parallel workers. psql variables: :suite, :runs.
SELECT bench_run(:'suite', mode,
  ARRAY['count(*)', 'sum(int)',
        'nps', 'nps formula', 'nps_summary', 'nps_summary formula',
        'csat', 'csat formula', 'csat_summary', 'csat_summary formula',
        'ces', 'ces formula', 'ces_summary', 'ces_summary formula',
        'nps_summary by segment', 'nps_summary formula by segment'],
  ARRAY[
    $q$SELECT count(*) FROM bench_survey$q$,
    $q$SELECT sum(nps) FROM bench_survey$q$,
    $q$SELECT nps(nps) FROM bench_survey$q$,
    $q$SELECT 100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(nps)
       FROM bench_survey$q$,
    $q$SELECT nps_summary(nps)::text FROM bench_survey$q$,
    $q$SELECT row(n, p, pa, d, v, se, v - 1.959963984540054 * se, v + 1.959963984540054 * se)::text
       FROM (SELECT *, 100.0 * (p - d) / n AS v,
                    100 * sqrt((p::float8 / n + d::float8 / n - ((p - d)::float8 / n) ^ 2) / n) AS se
             FROM (SELECT count(nps) AS n, count(*) FILTER (WHERE nps >= 9) AS p,
                          count(*) FILTER (WHERE nps BETWEEN 7 AND 8) AS pa,
                          count(*) FILTER (WHERE nps <= 6) AS d
                   FROM bench_survey) c) t$q$,
    $q$SELECT csat(csat) FROM bench_survey$q$,
    $q$SELECT 100.0 * count(*) FILTER (WHERE csat >= 4) / count(csat) FROM bench_survey$q$,
    $q$SELECT csat_summary(csat)::text FROM bench_survey$q$,
    $q$SELECT row(n, k, 100.0 * k / n, 100 * (c - h), 100 * (c + h))::text
       FROM (SELECT *, (k::float8 / n + 3.841458820694124 / (2 * n)) / (1 + 3.841458820694124 / n) AS c,
                    1.959963984540054 * sqrt(k::float8 / n * (1 - k::float8 / n) / n + 3.841458820694124 / (4.0 * n * n))
                        / (1 + 3.841458820694124 / n) AS h
             FROM (SELECT count(csat) AS n, count(*) FILTER (WHERE csat >= 4) AS k FROM bench_survey) c) t$q$,
    $q$SELECT ces(ces) FROM bench_survey$q$,
    $q$SELECT avg(ces) FROM bench_survey$q$,
    $q$SELECT ces_summary(ces)::text FROM bench_survey$q$,
    $q$SELECT row(n, m, s, m - 1.959963984540054 * s / sqrt(n), m + 1.959963984540054 * s / sqrt(n))::text
       FROM (SELECT count(ces) AS n, avg(ces) AS m, stddev_samp(ces) AS s FROM bench_survey) c$q$,
    $q$SELECT string_agg(s::text, ',') FROM (SELECT segment, nps_summary(nps) AS s FROM bench_survey GROUP BY segment) t$q$,
    $q$SELECT string_agg(row(segment, n, p, d, 100.0 * (p - d) / n,
                             100 * sqrt((p::float8 / n + d::float8 / n - ((p - d)::float8 / n) ^ 2) / n))::text, ',')
       FROM (SELECT segment, count(nps) AS n, count(*) FILTER (WHERE nps >= 9) AS p,
                    count(*) FILTER (WHERE nps <= 6) AS d
             FROM bench_survey GROUP BY segment) c$q$
  ], :runs)
FROM (VALUES ('serial'), ('parallel')) v(mode);
