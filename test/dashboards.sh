#!/usr/bin/env bash
# Runs every query of the dashboards against a database with the demo data:
# the panels of dashboards/grafana/*.json (their rawSql) and the Metabase native
# questions of dashboards/metabase/*.sql. Dashboard macros and variables are
# replaced as the tools would for the demo year and every segment:
#   Grafana: $__timeFilter(col)          -> col BETWEEN '2026-01-01' AND '2026-12-31 23:59:59'
#            $__timeGroupAlias(col, 'I') -> date_trunc(unit of I, col) AS "time"
#            $segment, ${segment}        -> 'Enterprise', 'Mid-Market', 'SMB', 'Startup'
#   Metabase: [[ ... ]] optional clauses kept, {{segment}} -> 'Enterprise',
#            {{as_of}} -> '2026-12-31'
# Each query must run, return rows, and a time series (Grafana "time_series"
# format, a Metabase question that says "x = time") must have a "time" column.
#
# Usage: test/dashboards.sh DATABASE   (server from PGHOST, PGPORT, PGUSER)
# Prints "ok N - file: panel" or "not ok ..." per query, then
# "dashboards: N passed, M failed". Exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
psql_run() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

n=0
# Queries as files: query-N.sql, query-N.label, query-N.time (1 = a time series).
for dash in "$root"/dashboards/grafana/*.json; do
  [ -e "$dash" ] || continue
  psql_run -At -v dash="$(cat "$dash")" > "$work/grafana.tsv" <<'SQL' || { echo "not ok - $dash: not readable JSON"; exit 1; }
SELECT p ->> 'title', t ->> 'format', replace(t ->> 'rawSql', E'\n', ' ')
FROM jsonb_array_elements((:'dash')::jsonb -> 'panels') p,
     jsonb_array_elements(p -> 'targets') t
ORDER BY (p ->> 'id')::int, t ->> 'refId';
SQL
  while IFS='|' read -r title format sql; do
    n=$((n + 1))
    echo "$(basename "$dash"): $title" > "$work/query-$n.label"
    [ "$format" = "time_series" ] && echo 1 > "$work/query-$n.time"
    printf '%s\n' "$sql" |
      sed -E -e "s/\\\$__timeFilter\(([^)]+)\)/\1 BETWEEN '2026-01-01' AND '2026-12-31 23:59:59'/g" \
             -e "s/\\\$__timeGroupAlias\(([^,]+), *'1M'\)/date_trunc('month', \1) AS \"time\"/g" \
             -e "s/\\\$__timeGroupAlias\(([^,]+), *'1w'\)/date_trunc('week', \1) AS \"time\"/g" \
             -e "s/\\\$__timeGroupAlias\(([^,]+), *'[^']*'\)/date_trunc('day', \1) AS \"time\"/g" \
             -e "s/\\\$\{?segment\}?/'Enterprise', 'Mid-Market', 'SMB', 'Startup'/g" \
      > "$work/query-$n.sql"
  done < "$work/grafana.tsv"
done
for question in "$root"/dashboards/metabase/*.sql; do
  [ -e "$question" ] || continue
  n=$((n + 1))
  echo "metabase/$(basename "$question")" > "$work/query-$n.label"
  grep -q 'x = time' "$question" && echo 1 > "$work/query-$n.time"
  sed -E -e 's/\[\[|\]\]//g' -e "s/\{\{segment\}\}/'Enterprise'/g" -e "s/\{\{as_of\}\}/'2026-12-31'/g" \
    "$question" > "$work/query-$n.sql"
done

passed=0 failed=0
for ((i = 1; i <= n; i++)); do
  label=$(cat "$work/query-$i.label")
  wants_time=0
  [ -e "$work/query-$i.time" ] && wants_time=1
  # The query's rows into a temporary table, then its row count and whether it has "time".
  { echo "CREATE TEMP TABLE panel AS"; sed 's/;[[:space:]]*$//' "$work/query-$i.sql"; echo ";"
    echo "SELECT (SELECT count(*) FROM panel), EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'panel'::regclass AND attname = 'time' AND attnum > 0);"
  } > "$work/check-$i.sql"
  if ! result=$(psql_run -At -F ' ' -f "$work/check-$i.sql" 2> "$work/err"); then
    echo "not ok $i - $label"
    sed 's/^/    /' "$work/err"
    failed=$((failed + 1))
    continue
  fi
  read -r rows has_time <<<"$(tail -1 <<<"$result")"
  if [ "${rows:-0}" -eq 0 ]; then
    echo "not ok $i - $label: no rows"
    failed=$((failed + 1))
  elif [ "$wants_time" -eq 1 ] && [ "$has_time" != "t" ]; then
    echo "not ok $i - $label: a time series without a \"time\" column"
    failed=$((failed + 1))
  else
    echo "ok $i - $label ($rows rows)"
    passed=$((passed + 1))
  fi
done
[ "$n" -gt 0 ] || { echo "not ok - no dashboard query found"; failed=1; }
echo "dashboards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
