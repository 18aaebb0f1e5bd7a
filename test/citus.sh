#!/usr/bin/env bash
# The extension on a Citus cluster, measured (README "Running on Citus"):
# starts a coordinator and two workers (throwaway clusters of the PostgreSQL
# that $PG_CONFIG names, default pg_config, with Citus installed for it),
# creates the extension through the coordinator, and fills tables distributed
# by customer or account (4 shards) with local copies of the same rows. Then,
# for each function family, the query over the distributed table:
#   - returns what the same query returns over the local copy (exactly, or
#     rounded where the result is a floating-point sum, as noted), and
#   - is planned as the README says, read from EXPLAIN (VERBOSE): "partial"
#     (the workers run the aggregate's transition and ship their states as
#     text: worker_partial_agg), "whole" (the workers run the whole function,
#     the query being grouped or partitioned by the distribution column), or
#     "pulled" (the workers send their rows; the coordinator runs the
#     function); with the data the coordinator received.
# Then bad input (the same SQLSTATE and message as on one node) and the
# scorecard layer over a distributed source table. CITUS_KEEP=1 leaves the
# cluster running (its directory is printed first).
#
# Citus is not a Debian package: without citus.so the script says so and
# exits 0. Usage: test/citus.sh (as root it runs itself as postgres). Ports
# CITUS_PORT (default 9700) to CITUS_PORT + 2. Prints "ok N - ..." or
# "not ok N - ..." lines, a table of the plans, and "citus: N passed, M failed".
set -uo pipefail
pg_config=${PG_CONFIG:-pg_config}
if [ ! -f "$("$pg_config" --pkglibdir)/citus.so" ]; then
  echo "citus: skipped: Citus is not installed for $("$pg_config" --version)"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  self=$(mktemp -d)
  cp "$0" "$self/citus.sh"
  chmod -R a+rX "$self"
  runuser -u postgres -- env PG_CONFIG="$pg_config" CITUS_PORT="${CITUS_PORT:-9700}" \
    bash "$self/citus.sh"
  rc=$?
  rm -rf "$self"
  exit $rc
fi

bindir=$("$pg_config" --bindir)
base=${CITUS_PORT:-9700}
work=$(mktemp -d)
passed=0 failed=0 n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -s "${2:-}" ] && sed 's/^/    /' "$2"; }
stop_all() {
  for i in 0 1 2; do
    [ -f "$work/n$i/postmaster.pid" ] && "$bindir/pg_ctl" -D "$work/n$i" -m immediate stop > /dev/null 2>&1
  done
  rm -rf "$work"
}
[ -n "${CITUS_KEEP:-}" ] || trap stop_all EXIT
# sql NODE [psql options]: runs psql on node 0 (coordinator), 1 or 2, with
# the extension's schema on the search_path, as README "Install" sets it.
sql() {
  local node=$1; shift
  PGOPTIONS="-c search_path=public,healthscore" \
    psql -X -q -At -v ON_ERROR_STOP=1 -h "$work" -p $((base + node)) -d postgres "$@"
}

echo "== starting a coordinator (port $base) and two workers ($((base + 1)), $((base + 2))) in $work"
for i in 0 1 2; do
  if ! "$bindir/initdb" -D "$work/n$i" -A trust -U postgres --no-sync > "$work/initdb$i.log" 2>&1; then
    not_ok "initdb node $i" "$work/initdb$i.log"; echo "citus: $passed passed, $failed failed"; exit 1
  fi
  cat >> "$work/n$i/postgresql.conf" <<EOF
port = $((base + i))
listen_addresses = 'localhost'
unix_socket_directories = '$work'
shared_preload_libraries = 'citus'
fsync = off
EOF
  if ! "$bindir/pg_ctl" -D "$work/n$i" -l "$work/n$i.log" -w start > /dev/null 2>&1; then
    not_ok "start node $i" "$work/n$i.log"; echo "citus: $passed passed, $failed failed"; exit 1
  fi
  sql "$i" -c "CREATE EXTENSION citus" > "$work/citus$i.err" 2>&1 || not_ok "CREATE EXTENSION citus on node $i" "$work/citus$i.err"
done
citus_version=$(sql 0 -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'")

# The first release created with one worker, the second worker added after,
# then the update: every statement on the coordinator only.
first=$(ls "$("$pg_config" --sharedir)/extension/" | sed -n -E 's/^healthscore--([0-9.]+)\.sql$/\1/p' | sort -V | head -1)
if sql 0 > "$work/setup.err" 2>&1 <<EOF
SELECT citus_set_coordinator_host('localhost', $base);
SELECT citus_add_node('localhost', $((base + 1)));
CREATE SCHEMA healthscore;
CREATE EXTENSION healthscore SCHEMA healthscore VERSION '$first';
SELECT citus_add_node('localhost', $((base + 2)));
ALTER EXTENSION healthscore UPDATE;
EOF
then
  ok "Citus $citus_version: CREATE EXTENSION healthscore SCHEMA healthscore VERSION '$first' with one worker, a second worker added, ALTER EXTENSION healthscore UPDATE, all on the coordinator"
else
  not_ok "cluster set-up" "$work/setup.err"; echo "citus: $passed passed, $failed failed"; exit 1
fi
version() { sql "$1" -c "SELECT extversion FROM pg_extension WHERE extname = 'healthscore'"; }
default=$(sql 0 -c "SELECT default_version FROM pg_available_extensions WHERE name = 'healthscore'")
if [ "$(version 0) $(version 1) $(version 2)" = "$default $default $default" ]; then
  ok "the coordinator and both workers have healthscore $default"
else
  not_ok "healthscore $default on every node (found: $(version 0), $(version 1), $(version 2))"
fi

# Sample rows, deterministic: survey answers by customer, daily account rows.
if sql 0 > "$work/data.err" 2>&1 <<'EOF'
SET citus.shard_count = 4;
CREATE TABLE responses_local AS
SELECT i % 5000 AS customer, (ARRAY['smb', 'mid', 'ent'])[1 + (i % 5000) % 3] AS segment,
       (i * 7 + i / 13) % 11 AS nps, 1 + (i * 5 + i / 7) % 5 AS csat, 1 + (i * 3 + i / 11) % 7 AS ces,
       timestamptz '2026-01-01' + (i % 300) * interval '1 day' AS answered
FROM generate_series(1, 200000) i;
CREATE TABLE accounts_local AS
SELECT a AS account, (ARRAY['smb', 'mid', 'ent'])[1 + a % 3] AS segment,
       date '2026-06-01' + d AS day, ((a * 37 + d * 11) % 100)::float8 + 0.5 AS usage,
       ((a * 53 + d * 7) % 101)::float8 AS score, ((a * 31 + d) % 97) / 97.0 AS p,
       (a * 13 + d) % 7 = 0 AS churned, ((a * 17 + d) % 360)::float8 AS duration,
       (ARRAY['red', 'yellow', 'green'])[1 + (a + d) % 3] AS band
FROM generate_series(1, 2000) a, generate_series(0, 29) d;
CREATE TABLE responses (LIKE responses_local);
CREATE TABLE accounts (LIKE accounts_local);
SELECT create_distributed_table('responses', 'customer');
SELECT create_distributed_table('accounts', 'account');
INSERT INTO responses SELECT * FROM responses_local;
INSERT INTO accounts SELECT * FROM accounts_local;
EOF
then
  ok "200,000 survey answers and 60,000 account-days distributed over 4 shards"
else
  not_ok "sample data" "$work/data.err"; echo "citus: $passed passed, $failed failed"; exit 1
fi

# check PLAN FUNCTION TABLE QUERY: QUERY names its table as {t}; it is run
# over TABLE (distributed) and TABLE_local and must return the same; its plan
# over TABLE must be PLAN (partial, whole or pulled), FUNCTION being the
# function whose place is read from the worker query.
printf '%s\n' "| query | plan | data from the workers | same result |" "|---|---|---|---|" > "$work/table.md"
check() {
  local plan=$1 fn=$2 table=$3 query=$4
  local label=${5:-${query//\{t\}/$table}}
  local distributed=${query//\{t\}/$table} local_query=${query//\{t\}/${table}_local}
  if ! sql 0 -c "$local_query" > "$work/local.out" 2>&1; then
    not_ok "$label: over the local table" "$work/local.out"; return
  fi
  if ! sql 0 -c "$distributed" > "$work/dist.out" 2>&1; then
    not_ok "$label: over the distributed table" "$work/dist.out"
    echo "| \`$label\` | error | | |" >> "$work/table.md"; return
  fi
  sql 0 -c "EXPLAIN (VERBOSE) $distributed" > "$work/explain.out" 2>&1
  local found=pulled
  if grep -q "worker_partial_agg" "$work/explain.out"; then
    found=partial
  elif grep -E "^ *Query: " "$work/explain.out" | grep -q -E "(^|[^_a-z])$fn\("; then
    found=whole
  fi
  # The data the coordinator received, as EXPLAIN ANALYZE counts it. For a
  # partial aggregate EXPLAIN ANALYZE fails in Citus (its worker query returns
  # a cstring column), so the text of the states is measured instead: the
  # task's query run on every shard.
  local bytes=
  if [ "$found" = partial ]; then
    local task
    task=$(grep -m1 -E "^ *Query: " "$work/explain.out" | sed -E "s/^ *Query: //; s/%/%%/g; s/public\.${table}_[0-9]+/%s/g")
    bytes=$(sql 0 -c "SELECT sum(result::bigint) || ' bytes' FROM run_command_on_shards('$table',
                        \$q\$SELECT sum(octet_length(t::text)) FROM ($task) t\$q\$)" 2> /dev/null)
  elif sql 0 -c "EXPLAIN (ANALYZE, VERBOSE) $distributed" > "$work/analyze.out" 2>&1; then
    bytes=$(grep -m1 -o -E "Tuple data received from nodes: [0-9]+ [a-zA-Z]+" "$work/analyze.out" | sed 's/.*: //')
  fi
  local same=yes
  cmp -s "$work/local.out" "$work/dist.out" || same=no
  echo "| \`$label\` | $found | ${bytes:-n/a} | $same |" >> "$work/table.md"
  if [ "$same" = yes ] && [ "$found" = "$plan" ]; then
    ok "$label: $found, ${bytes:-n/a} from the workers, same result as the local table"
  else
    { echo "expected plan $plan, found $found"; diff "$work/local.out" "$work/dist.out" | head -20
      grep -E "Query:|Custom Scan|Tuple data" "$work/explain.out" | head -6; } > "$work/why.out"
    not_ok "$label: plan $found (expected $plan), same result: $same" "$work/why.out"
  fi
}

echo "== surveys"
check partial nps responses "SELECT nps(nps) FROM {t}"
check partial nps_summary responses "SELECT segment, nps_summary(nps)::text FROM {t} GROUP BY segment ORDER BY segment"
check partial csat_summary responses "SELECT csat_summary(csat)::text FROM {t}"
check partial ces_summary responses "SELECT ces_summary(ces, 7)::text FROM {t}"
check partial nps_summary responses \
  "SELECT rollup(s)::text FROM (SELECT customer, nps_summary(nps) AS s FROM {t} GROUP BY customer) c" \
  "SELECT rollup(s) FROM (SELECT customer, nps_summary(nps) AS s ... GROUP BY customer) c"
check partial nps_summary responses \
  "SELECT nps_clustered(s)::text FROM (SELECT customer, nps_summary(nps) AS s FROM {t} GROUP BY customer) c" \
  "SELECT nps_clustered(s) FROM (SELECT customer, nps_summary(nps) AS s ... GROUP BY customer) c"
check partial decayed_sum responses \
  "SELECT round(decayed_sum(nps, answered, '30 days', '2026-11-01')::numeric, 6) FROM {t}"

echo "== normalization and scores"
check partial zscore_fit accounts \
  "SELECT segment, round(zscore_apply(zscore_fit(usage), 75)::numeric, 9) FROM {t} GROUP BY segment ORDER BY segment" \
  "SELECT segment, zscore_apply(zscore_fit(usage), 75) ... GROUP BY segment"
check partial minmax_fit accounts "SELECT segment, minmax_fit(usage)::text FROM {t} GROUP BY segment ORDER BY segment"
check partial health_score_agg accounts "SELECT round(health_score_agg(score, 1 + account % 3)::numeric, 9) FROM {t}"
check pulled minmax_score accounts \
  "SELECT md5(string_agg(s::text, ',' ORDER BY account, day)) FROM (SELECT account, day, minmax_score(usage) OVER (PARTITION BY segment, day) AS s FROM {t}) w" \
  "minmax_score(usage) OVER (PARTITION BY segment, day)"
check whole percentile_score accounts \
  "SELECT md5(string_agg(s::text, ',' ORDER BY account, day)) FROM (SELECT account, day, percentile_score(usage) OVER (PARTITION BY account) AS s FROM {t}) w" \
  "percentile_score(usage) OVER (PARTITION BY account)"

echo "== time dynamics (order-dependent: no combine function)"
check pulled ewma accounts "SELECT round(ewma(usage, 0.3 ORDER BY day, account)::numeric, 9) FROM {t}"
check whole ewma accounts \
  "SELECT md5(string_agg(e::text, ',' ORDER BY account)) FROM (SELECT account, ewma(usage, 0.3 ORDER BY day) AS e FROM {t} GROUP BY account) g" \
  "SELECT account, ewma(usage, 0.3 ORDER BY day) ... GROUP BY account"
check whole band_hysteresis accounts \
  "SELECT md5(string_agg(b::text, ',' ORDER BY account)) FROM (SELECT account, band_hysteresis(score, 40, 70, 5 ORDER BY day) AS b FROM {t} GROUP BY account) g" \
  "SELECT account, band_hysteresis(score, 40, 70, 5 ORDER BY day) ... GROUP BY account"

echo "== calibration and survival"
check partial roc_auc accounts "SELECT roc_auc(score, churned) FROM {t}"
check partial brier_score accounts "SELECT brier_score(p, churned) FROM {t}"
check partial calibration_bins accounts "SELECT calibration_bins(p, churned, 10)::text FROM {t}"
check partial logistic_fit accounts \
  "SELECT round(c::numeric, 6) FROM (SELECT logistic_fit(churned, ARRAY[usage, score]) AS f FROM {t}) s, unnest((f).coefficients) c" \
  "SELECT logistic_fit(churned, ARRAY[usage, score])"
check partial km_survival accounts "SELECT km_survival(duration, churned)->'median' FROM {t}"
check partial logrank_test accounts "SELECT logrank_test(duration, churned, band)::text FROM {t}"

echo "== bad input: the same SQLSTATE and message as on one node"
# error QUERY: QUERY (naming {t}) fails over the distributed table with the
# first error line (SQLSTATE and message) it gives over the local copy.
error() {
  local query=$1 table=$2
  sql 0 -v VERBOSITY=verbose -c "${query//\{t\}/${table}_local}" 2>&1 | grep -m1 '^ERROR:' > "$work/local.err"
  sql 0 -v VERBOSITY=verbose -c "${query//\{t\}/$table}" 2>&1 | grep -m1 '^ERROR:' > "$work/dist.err"
  if [ -s "$work/local.err" ] && cmp -s "$work/local.err" "$work/dist.err"; then
    ok "${query//\{t\}/$table}: $(cat "$work/dist.err")"
  else
    { echo "one node:"; cat "$work/local.err"; echo "Citus:"; cat "$work/dist.err"; } > "$work/why.out"
    not_ok "${query//\{t\}/$table}: the same error" "$work/why.out"
  fi
}
error "SELECT nps(nps + 1) FROM {t}" responses
error "SELECT csat_summary(csat, 1, 5, 2) FROM {t}" responses
error "SELECT km_survival(CASE WHEN duration < 5 THEN -1 ELSE duration END, churned) FROM {t}" accounts
error "SELECT logistic_fit(churned, CASE WHEN account = 7 THEN ARRAY[usage] ELSE ARRAY[usage, score] END) FROM {t}" accounts

echo "== scorecards over a distributed source"
if sql 0 > "$work/scorecard.out" 2>&1 <<'EOF'
INSERT INTO scorecard (name, source, account_column, day_column)
VALUES ('citus', 'public.accounts', 'account', 'day'), ('local', 'public.accounts_local', 'account', 'day');
INSERT INTO scorecard_version (scorecard, valid_from)
VALUES ('citus', '-infinity'), ('local', '-infinity');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, weight, scaling, worst, best)
SELECT s, '-infinity', m, w, sc, lo, hi
FROM (VALUES ('citus'), ('local')) v(s),
     (VALUES ('usage', 0.5, 'linear', 0, 100), ('score', 0.3, 'none', NULL, NULL),
             ('p', 0.2, 'percentile', NULL, NULL)) m(m, w, sc, lo, hi);
SELECT scorecard_backfill('citus', '2026-06-01', '2026-06-30');
SELECT scorecard_backfill('local', '2026-06-01', '2026-06-30');
SELECT count(*) FROM health_history c FULL JOIN health_history l
  ON c.scorecard = 'citus' AND l.scorecard = 'local' AND (c.account, c.day) = (l.account, l.day)
WHERE (c.scorecard = 'citus' OR c.scorecard IS NULL) AND (l.scorecard = 'local' OR l.scorecard IS NULL)
  AND (c.score, c.band, c.steady_band) IS DISTINCT FROM (l.score, l.band, l.steady_band);
EOF
then
  differences=$(tail -1 "$work/scorecard.out")
  if [ "$differences" = 0 ]; then
    ok "scorecard_backfill over the distributed table writes what it writes over the local copy (60,000 account-days)"
  else
    not_ok "scorecard over a distributed source: $differences account-days differ" "$work/scorecard.out"
  fi
else
  not_ok "scorecard_backfill over a distributed source" "$work/scorecard.out"
fi

echo
echo "Plans on Citus $citus_version ($("$pg_config" --version), 2 workers, 4 shards):"
cat "$work/table.md"
echo "citus: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
