#!/usr/bin/env bash
# The dashboards' questions over the scorecard's history against the same
# questions over the hand-written views, on the demo data: every Metabase
# question of dashboards/metabase (variables unset, as test/dashboards.sh runs
# them), then the same text with customer_health and segment_health replaced by
# customer_health_by_hand and segment_health_by_hand. The two new questions
# (falling accounts, band transitions) read health_trend and
# health_transitions, which have no hand-written twin: their by-hand form is
# written out below. Prints the median of RUNS runs (default 5) of each and
# the ratio, as a markdown table.
#
#   bench/dashboards.sh DATABASE    (a database with demo/sample_data.sql loaded;
#                                    the server psql reaches by default)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/dashboards.sh DATABASE}
runs=${RUNS:-5}

# The median time in ms of a query, run $runs times after one warm-up.
median_ms() {
  local query=$1 times=()
  psql -X -q -d "$db" -o /dev/null -c "$query"
  for ((i = 0; i < runs; i++)); do
    times+=("$( (echo '\timing on'; echo "$query;") | psql -X -q -d "$db" -o /dev/null 2>&1 |
               sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

by_hand() {
  sed -e 's/\bcustomer_health\b/customer_health_by_hand/g' -e 's/\bsegment_health\b/segment_health_by_hand/g' \
      -e "s/FROM health_history WHERE scorecard = 'customer'/FROM customer_day_measures WHERE true/g"
}

falling_by_hand="SELECT c.name, c.segment, c.arr, round(p.health::numeric, 1), round(h.health::numeric, 1),
       round((h.health - p.health)::numeric, 1) AS change
FROM customer_health_by_hand h
JOIN customer_health_by_hand p ON p.customer_id = h.customer_id AND p.day = h.day - 30
JOIN customers c ON c.customer_id = h.customer_id
WHERE h.day = (SELECT max(day) FROM customer_day_measures) AND h.health - p.health <= -10
ORDER BY change, c.customer_id LIMIT 20"
transitions_by_hand="SELECT t.day, c.name, c.segment, c.arr, t.from_band, t.to_band
FROM (SELECT customer_id, day, lag(steady_band) OVER (PARTITION BY customer_id ORDER BY day)::text AS from_band,
             steady_band::text AS to_band FROM customer_health_by_hand) t
JOIN customers c USING (customer_id)
WHERE t.from_band <> t.to_band AND t.day > (SELECT max(day) FROM customer_day_measures) - 30
ORDER BY t.day DESC, c.arr DESC, c.customer_id LIMIT 50"

echo "| question | history (ms) | by hand (ms) | history / by hand |"
echo "|---|---:|---:|---:|"
for f in dashboards/metabase/*.sql; do
  q=$(grep -v '^--' "$f" | sed 's/\[\[[^]]*\]\]//g')
  # only the questions about health (NPS per month reads the survey answers)
  grep -q 'customer_health\|segment_health\|health_history' <<<"$q" || continue
  case $(basename "$f") in
    falling_accounts.sql) h=$falling_by_hand ;;
    band_transitions.sql) h=$transitions_by_hand ;;
    *) h=$(by_hand <<<"$q") ;;
  esac
  a=$(median_ms "$q")
  b=$(median_ms "$h")
  awk -v n="$(basename "$f" .sql)" -v a="$a" -v b="$b" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.3f |\n", n, a, b, a / b }'
done
