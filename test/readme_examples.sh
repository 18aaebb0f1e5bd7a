#!/usr/bin/env bash
# Runs every ```sql block of README.md, in order, as a reader following the
# README would: each block as printed, in its own psql session
# (psql -X -v ON_ERROR_STOP=1), against a fresh database where the extension is
# installed into the schema healthscore and the demo data (demo/sample_data.sql)
# is loaded, as the README's "Install" and "Getting started" tell readers to do. Blocks that create tables leave them
# for the later blocks, as they would in the reader's database.
#
# Usage: test/readme_examples.sh [README]
# The server is the one psql reaches by default: PGHOST, PGPORT, PGUSER (e.g.
# inside `pg_virtualenv -t -v 15`), with the installed extension. The database
# is named readme_examples_<pid> and dropped at the end.
#
# Prints a line when loading the demo data starts ("== ...") and ends ("   ..."),
# "ok N - README.md:LINE first line" or "not ok ..." with psql's error
# for each block, then "readme: N passed, M failed" (N + M = the number of
# blocks; setup errors count as one failure). Exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
readme=${1:-$root/README.md}
db=readme_examples_$$
work=$(mktemp -d)
cleanup() {
  dropdb --if-exists "$db" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

psql_run() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

setup_failed() {
  echo "not ok - setup: $1"
  [ -s "$work/setup.err" ] && sed 's/^/    /' "$work/setup.err"
  echo "readme: 0 passed, 1 failed"
  exit 1
}

[ -r "$readme" ] || setup_failed "cannot read $readme"

# Split the README into blocks: block-N.sql holds the body of the N-th ```sql
# fence, block-N.line the README line of its first statement line.
if ! awk -v dir="$work" '
  !inblock && /^```sql[ \t]*$/ { inblock = 1; n++; first = ""; file = dir "/block-" n ".sql"
                                  printf "" > file; next }
  inblock && /^```[ \t]*$/      { inblock = 0; close(file); next }
  inblock { print > file
            if (first == "" && $0 !~ /^[ \t]*$/) { first = NR; print NR > (dir "/block-" n ".line") } }
  END { if (inblock) { print "unterminated ```sql block starting before line " NR > "/dev/stderr"; exit 1 }
        print n + 0 > (dir "/count") }
' "$readme" 2> "$work/setup.err"; then
  setup_failed "cannot split $readme into blocks"
fi
blocks=$(cat "$work/count")
[ "$blocks" -gt 0 ] || setup_failed "no \`\`\`sql block in $readme"

# A fresh database with the extension in its own schema, on the database's
# search_path after public (README "Install"), and the demo data, as in Getting
# started. Loading takes a while on a loaded machine: a line when it starts and ends.
echo "== loading the demo data (demo/sample_data.sql)…"
started=$SECONDS
createdb "$db" 2> "$work/setup.err" || setup_failed "createdb $db"
search_path='"$user", public, healthscore'
psql_run -c 'CREATE SCHEMA healthscore' -c 'CREATE EXTENSION healthscore SCHEMA healthscore' \
  -c "ALTER DATABASE \"$db\" SET search_path = $search_path" \
  > /dev/null 2> "$work/setup.err" || setup_failed "CREATE EXTENSION healthscore SCHEMA healthscore"
psql_run -f "$root/demo/sample_data.sql" \
  > /dev/null 2> "$work/setup.err" || setup_failed "demo/sample_data.sql"
echo "   loaded in $((SECONDS - started)) s"

passed=0 failed=0
name=$(basename "$readme")
for ((i = 1; i <= blocks; i++)); do
  block=$work/block-$i.sql
  line=$(cat "$work/block-$i.line" 2>/dev/null || echo "?")
  first=$(grep -m1 -v '^[[:space:]]*$' "$block" || true)
  label="$i - $name:$line ${first:-(empty block)}"
  if [ -z "$first" ]; then
    echo "not ok $label"
    failed=$((failed + 1))
  elif psql_run -f "$block" > "$work/out" 2> "$work/err"; then
    echo "ok $label"
    passed=$((passed + 1))
  else
    echo "not ok $label"
    sed 's/^/    /' "$work/err"
    failed=$((failed + 1))
  fi
done

# The demo's scorecard as rows against the hand-written view, every account-day.
echo "== the demo scorecard against the hand-written view (test/scorecard_demo.sql)…"
if psql_run -f "$root/test/scorecard_demo.sql" > "$work/out" 2> "$work/err"; then
  echo "ok $((blocks + 1)) - test/scorecard_demo.sql: $(grep -o 'scorecard demo: .*' "$work/err")"
  passed=$((passed + 1))
else
  echo "not ok $((blocks + 1)) - test/scorecard_demo.sql"
  sed 's/^/    /' "$work/err"
  failed=$((failed + 1))
fi

# The README's Kaplan-Meier image: demo/km_plot.sh draws it again from the same
# database, and the file the README embeds is in the tree.
label="$((blocks + 2)) - $name demo/km_plot.sh regenerates demo/km_by_band.png"
if grep -q '(demo/km_by_band.png)' "$readme" && [ -s "$root/demo/km_by_band.png" ] &&
  PGDATABASE=$db bash "$root/demo/km_plot.sh" "$work/km.png" > /dev/null 2> "$work/err" &&
  [ "$(head -c 8 "$work/km.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  echo "ok $label"
  passed=$((passed + 1))
else
  echo "not ok $label"
  sed 's/^/    /' "$work/err"
  failed=$((failed + 1))
fi

echo "readme: $passed passed, $failed failed"

# The dashboards' queries, against the same demo database.
bash "$root/test/dashboards.sh" "$db"
dashboards_status=$?
[ "$failed" -eq 0 ] && [ "$dashboards_status" -eq 0 ]
