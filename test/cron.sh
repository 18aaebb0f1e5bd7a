#!/usr/bin/env bash
# The daily run with a real scheduler: a throwaway PostgreSQL 15 cluster with
# pg_cron preloaded (Debian's postgresql-15-cron), the extension in schema
# healthscore, a small scorecard, and a pg_cron job that runs
# healthscore.scorecard_run for today, as README "Scorecards" schedules it.
# Waits (at most CRON_WAIT seconds, default 150: pg_cron 1.4 starts jobs on
# the minute) until the job has written the day, then checks the written rows
# against scorecard_preview and pg_cron's record of the run.
#
# Usage: test/cron.sh   (needs the extension installed; pg_virtualenv, as root
# or a user who may create clusters). Prints "ok N - ..." or "not ok N - ..."
# lines and "cron: N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
wait_max=${CRON_WAIT:-150}

# The cluster's server runs as postgres: the script it runs must be readable.
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

cat > "$work/inner.sh" <<'EOF'
set -uo pipefail
passed=0 failed=0 n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -s "${2:-}" ] && sed 's/^/    /' "$2"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

if sql > "$WORK/setup.err" 2>&1 <<'SQL'
CREATE EXTENSION pg_cron;
CREATE SCHEMA healthscore;
CREATE EXTENSION healthscore SCHEMA healthscore;
CREATE TABLE public.daily_metrics AS
SELECT a AS account, current_date - d AS day, (a * 7 + d) % 20 AS logins, (a * 13 + d) % 100 AS csat
FROM generate_series(1, 25) a, generate_series(0, 3) d;
INSERT INTO healthscore.scorecard (name, source, account_column, day_column)
VALUES ('daily', 'public.daily_metrics', 'account', 'day');
INSERT INTO healthscore.scorecard_version (scorecard, valid_from) VALUES ('daily', '-infinity');
INSERT INTO healthscore.scorecard_measure (scorecard, valid_from, measure, weight, scaling, worst, best)
VALUES ('daily', '-infinity', 'logins', 0.6, 'linear', 0, 20), ('daily', '-infinity', 'csat', 0.4, 'none', NULL, NULL);
-- the days before today, as earlier daily runs wrote them
SELECT healthscore.scorecard_backfill('daily', current_date - 3, current_date - 1);
SELECT cron.schedule('healthscore-daily', '* * * * *',
                     $$SELECT healthscore.scorecard_run('daily', current_date)$$);
SQL
then
  ok "pg_cron and healthscore installed, a scorecard defined, the job scheduled"
else
  not_ok "setup" "$WORK/setup.err"
  echo "cron: $passed passed, $((failed + 1)) failed"; exit 1
fi

echo "   waiting for pg_cron to run the job (at most $WAIT_MAX s)…"
started=$SECONDS written=0
while [ $((SECONDS - started)) -lt "$WAIT_MAX" ]; do
  written=$(sql -c "SELECT count(*) FROM healthscore.health_history WHERE scorecard = 'daily' AND day = current_date")
  status=$(sql -c "SELECT string_agg(status, ',') FROM cron.job_run_details")
  [ "$written" -gt 0 ] && [[ "$status" == *succeeded* ]] && break
  sleep 1
done
if [ "$written" -eq 25 ] && [[ "$status" == *succeeded* ]]; then
  ok "the job ran within $((SECONDS - started)) s and wrote today's 25 rows (job status: $status)"
else
  sql -c "SELECT jobid, status, return_message FROM cron.job_run_details" > "$WORK/run.err" 2>&1
  not_ok "the job wrote today's rows within $WAIT_MAX s (rows: $written, status: ${status:-none})" "$WORK/run.err"
fi
sql -c "SELECT cron.unschedule('healthscore-daily')" > /dev/null 2>&1

# What the job wrote is what a run writes now, its band continuing the stored days.
if sql > "$WORK/compare.out" 2>&1 <<'SQL'
SELECT count(*) FROM healthscore.health_history h
FULL JOIN healthscore.scorecard_preview('daily', current_date) p USING (account, day)
WHERE h.scorecard = 'daily' AND h.day = current_date
  AND (h.score, h.band, h.steady_band, h.measures) IS DISTINCT FROM (p.score, p.band, p.steady_band, p.measures);
SQL
then
  if [ "$(cat "$WORK/compare.out")" = 0 ]; then
    ok "the scheduled run's rows equal scorecard_preview for today"
  else
    not_ok "the scheduled run's rows equal scorecard_preview for today" "$WORK/compare.out"
  fi
else
  not_ok "comparing with scorecard_preview" "$WORK/compare.out"
fi
echo "cron: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
EOF

echo "== a cluster with pg_cron preloaded (pg_virtualenv)…"
WORK=$work WAIT_MAX=$wait_max pg_virtualenv -t -v 15 \
  -o shared_preload_libraries=pg_cron -o cron.database_name=postgres -o cron.use_background_workers=on \
  -o max_worker_processes=16 \
  bash -c 'PGDATABASE=postgres bash "$WORK/inner.sh"' 2>&1 | tee "$work/log"
line=$(grep -E '^cron: [0-9]+ passed, [0-9]+ failed$' "$work/log" | tail -1)
if [ -z "$line" ]; then
  echo "not ok - the cluster with pg_cron did not start"
  echo "cron: 0 passed, 1 failed"
  exit 1
fi
[[ "$line" == *" 0 failed" ]]
