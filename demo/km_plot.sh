#!/usr/bin/env bash
# Draws the Kaplan-Meier curves of the demo accounts per band of their first
# health score of 2026 (km_survival over the days from that score to churn,
# censored at the end of 2026), with their 95% intervals, into a PNG.
#
# Usage: demo/km_plot.sh [OUT.png]    (default: demo/km_by_band.png)
# psql must reach a database holding the demo data (demo/sample_data.sql, which
# loads demo/health_views.sql) and the extension on its search_path: PGHOST,
# PGPORT, PGUSER, PGDATABASE, as scripts/demo and test/readme_examples.sh set them.
# Needs gnuplot (Debian: gnuplot-nox, in scripts/deps).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/demo/km_by_band.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One data file per band: time, survival, ci_low, ci_high (a step at time 0 first).
for band in red yellow green; do
  psql -X -q -v ON_ERROR_STOP=1 -At -F ' ' -v band="$band" >"$work/$band.dat" <<'SQL'
WITH first_score AS (
    SELECT DISTINCT ON (customer_id) customer_id, day, band
    FROM customer_health
    WHERE day >= date '2026-01-01' AND health IS NOT NULL
    ORDER BY customer_id, day)
SELECT 0, 1, 1, 1
UNION ALL
SELECT (s->>'time')::float8, (s->>'survival')::float8,
       coalesce((s->>'ci_low')::float8, 0), coalesce((s->>'ci_high')::float8, 0)
FROM (SELECT km_survival(coalesce(c.churned_at, date '2027-01-01') - f.day, c.churned) AS k
      FROM first_score f JOIN customers c USING (customer_id)
      WHERE f.band::text = :'band') x,
     jsonb_array_elements(k->'steps') s;
SQL
done

gnuplot <<EOF_PLOT
set terminal pngcairo size 900,560 noenhanced
set output '$out'
set title 'Accounts still customers, by band of their first health score of 2026 (Kaplan-Meier, 95% interval)'
set xlabel 'days since the first score'
set ylabel 'share still a customer'
set yrange [0.7:1.005]
set style fill transparent solid 0.25 noborder
set xrange [0:370]
set key bottom left
set grid
plot '$work/red.dat' using 1:3:4 with filledcurves lc rgb '#f4c2c2' notitle, \
     '$work/yellow.dat' using 1:3:4 with filledcurves lc rgb '#f7e7a6' notitle, \
     '$work/green.dat' using 1:3:4 with filledcurves lc rgb '#c5e8c5' notitle, \
     '$work/red.dat' using 1:2 with steps lw 2 lc rgb '#c0392b' title 'red', \
     '$work/yellow.dat' using 1:2 with steps lw 2 lc rgb '#b7950b' title 'yellow', \
     '$work/green.dat' using 1:2 with steps lw 2 lc rgb '#1e8449' title 'green'
EOF_PLOT
echo "wrote $out"
