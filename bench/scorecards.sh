#!/usr/bin/env bash
# Scorecard benchmarks (bench/run, suite "scorecards"), against the server psql
# reaches by default, in a database of their own (dropped at the end):
#   1. scorecard_run for one day of ACCOUNTS accounts (default 100000) against a
#      hand-written INSERT ... SELECT into a copy of health_history that
#      computes the same rows with the extension's functions (the previous
#      day stored in both);
#   2. scorecard_backfill of the demo's year (demo/sample_data.sql, an empty
#      history before each run) against CREATE TABLE ... AS SELECT * FROM the
#      hand-written view customer_health_by_hand;
#   3. every dashboard question over the history against the same question
#      over the hand-written views (bench/dashboards.sh).
# Medians of RUNS runs (default 5); each timed statement starts from the same
# state (the rows it writes deleted, and the table vacuumed, untimed).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
accounts=${ACCOUNTS:-100000}
db=scorecard_bench_$$
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
psql_db -c 'CREATE SCHEMA healthscore' -c 'CREATE EXTENSION healthscore SCHEMA healthscore' \
  -c "ALTER DATABASE \"$db\" SET search_path = \"\$user\", public, healthscore"

# The time in ms of the last statement of a script run with \timing.
timed() { psql_db -o /dev/null -c '\timing on' "$@" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1; }
median() { sort -g | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
# row DATA QUERY BASELINE QUERY_MS BASELINE_MS TARGET (the largest ratio that meets it)
row() { awk -v w="$1" -v q="$2" -v b="$3" -v a="$4" -v c="$5" -v t="$6" \
  'BEGIN { r = a / c; printf "| %s | %s | %s | %.0f | %.0f | %.2f | ≤ %s %s |\n", w, q, b, a, c, r, t, (r <= t + 0 ? "met" : "**missed**") }'; }

echo "== Scorecards: one day of $accounts accounts (4 segments, 5 measures), the previous day stored"
psql_db > /dev/null <<SQL
CREATE TABLE bench_day AS
SELECT a AS account, date '2026-03-01' + d AS day, (ARRAY['A', 'B', 'C', 'D'])[1 + a % 4] AS segment,
       ((a * 37 + d * 11) % 500)::float8 AS logins, ((a * 53 + d * 7) % 100)::float8 AS seats,
       CASE WHEN a % 5 = 0 THEN NULL ELSE ((a * 29 + d) % 201 - 100)::float8 END AS nps,
       CASE WHEN a % 3 = 0 THEN NULL ELSE ((a * 17 + d * 3) % 101)::float8 END AS csat,
       ((a * 13 + d * 5) % 40)::float8 AS tickets
FROM generate_series(1, $accounts) a, generate_series(0, 1) d;
ALTER TABLE bench_day ADD PRIMARY KEY (account, day);
ANALYZE bench_day;
INSERT INTO scorecard (name, source, account_column, day_column, cohort_column)
VALUES ('bench', 'bench_day', 'account', 'day', 'segment');
INSERT INTO scorecard_version (scorecard, valid_from) VALUES ('bench', '2026-01-01');
INSERT INTO scorecard_measure (scorecard, valid_from, measure, source_column, weight, scaling, worst, best, higher_is_better)
VALUES ('bench', '2026-01-01', 'usage', 'logins', 0.3, 'minmax', NULL, NULL, true),
       ('bench', '2026-01-01', 'seats', 'seats', 0.2, 'minmax', NULL, NULL, true),
       ('bench', '2026-01-01', 'nps', 'nps', 0.2, 'linear', -100, 100, true),
       ('bench', '2026-01-01', 'csat', 'csat', 0.1, 'none', NULL, NULL, true),
       ('bench', '2026-01-01', 'support', 'tickets', 0.2, 'minmax', NULL, NULL, false);
SELECT scorecard_run('bench', '2026-03-01');
CREATE TABLE hand_history (LIKE health_history INCLUDING ALL);
INSERT INTO hand_history SELECT * FROM health_history WHERE scorecard = 'bench';
VACUUM ANALYZE health_history;
VACUUM ANALYZE hand_history;
SQL
hand_insert="INSERT INTO hand_history
WITH day_rows AS (SELECT * FROM bench_day WHERE day = '2026-03-02'),
fits AS (SELECT segment, minmax_fit(logins) AS f_usage, minmax_fit(seats) AS f_seats, minmax_fit(tickets) AS f_support
         FROM day_rows GROUP BY segment),
scored AS (
    SELECT d.account, d.day, s.sc, health_score(s.sc, ARRAY[0.1, 0.2, 0.2, 0.2, 0.3], 'renormalize', 0.5) AS score,
           health_coverage(s.sc, ARRAY[0.1, 0.2, 0.2, 0.2, 0.3]) AS coverage
    FROM day_rows d JOIN fits f USING (segment)
    CROSS JOIN LATERAL (SELECT ARRAY[d.csat, scale_linear(d.nps, -100, 100), minmax_apply(f.f_seats, d.seats),
                                     minmax_apply(f.f_support, d.tickets, false), minmax_apply(f.f_usage, d.logins)] AS sc) s
)
SELECT 'bench', s.account::text, s.day, date '2026-01-01', s.score, health_band(s.score, 40, 70),
       band_hysteresis_step(p.steady_band, s.score, 40, 70, 5), s.coverage,
       jsonb_build_object('csat', s.sc[1], 'nps', s.sc[2], 'seats', s.sc[3], 'support', s.sc[4], 'usage', s.sc[5]),
       '{}', CASE WHEN s.score IS NOT NULL
                  THEN health_driver_names(ARRAY['csat', 'nps', 'seats', 'support', 'usage'], s.sc, ARRAY[0.1, 0.2, 0.2, 0.2, 0.3]) END,
       false
FROM scored s
LEFT JOIN LATERAL (SELECT h.steady_band FROM hand_history h
                   WHERE h.scorecard = 'bench' AND h.account = s.account::text AND h.day < s.day
                   ORDER BY h.day DESC LIMIT 1) p ON true"
run_ms=() hand_ms=()
for ((i = 0; i <= runs; i++)); do
  a=$(timed -c "DELETE FROM health_history WHERE scorecard = 'bench' AND day = '2026-03-02'" -c 'VACUUM health_history' \
        -c "SELECT scorecard_run('bench', '2026-03-02')")
  b=$(timed -c "DELETE FROM hand_history WHERE day = '2026-03-02'" -c 'VACUUM hand_history' -c "$hand_insert")
  [ "$i" -eq 0 ] && continue  # warm-up
  run_ms+=("$a") hand_ms+=("$b")
done
# The two wrote the same rows.
differing=$(psql_db -At -c "SELECT count(*)
    FROM (SELECT * FROM health_history WHERE scorecard = 'bench' AND day = '2026-03-02') h
    FULL JOIN (SELECT * FROM hand_history WHERE day = '2026-03-02') x USING (account)
    WHERE (h.score, h.band, h.steady_band, h.coverage, h.measures, h.drivers)
          IS DISTINCT FROM (x.score, x.band, x.steady_band, x.coverage, x.measures, x.drivers)")
echo "   rows differing between scorecard_run and the hand-written INSERT: $differing"
run=$(printf '%s\n' "${run_ms[@]}" | median) hand=$(printf '%s\n' "${hand_ms[@]}" | median)

echo "== Scorecards: the demo year, 4,000 accounts (loading demo/sample_data.sql)"
psql_db -f demo/sample_data.sql > /dev/null
backfill_ms=() ctas_ms=()
for ((i = 0; i <= runs; i++)); do
  a=$(timed -c "DELETE FROM health_history WHERE scorecard = 'customer'" -c 'VACUUM health_history' -c 'CHECKPOINT' \
        -c "SELECT scorecard_backfill('customer', '2026-01-01', '2026-12-31')")
  b=$(timed -c 'DROP TABLE IF EXISTS by_hand_copy' -c 'CHECKPOINT' \
        -c 'CREATE TABLE by_hand_copy AS SELECT * FROM customer_health_by_hand')
  [ "$i" -eq 0 ] && continue
  backfill_ms+=("$a") ctas_ms+=("$b")
done
backfill=$(printf '%s\n' "${backfill_ms[@]}" | median) ctas=$(printf '%s\n' "${ctas_ms[@]}" | median)
# The demo's own history again (its re-weighted fourth quarter), alone, for the dashboards.
psql_db -c "DELETE FROM health_history WHERE scorecard = 'bench'" \
  -c "SELECT scorecard_backfill('customer', '2026-10-01', '2026-12-31')" -c 'VACUUM ANALYZE health_history' > /dev/null

echo
echo "| data | query | baseline | query ms | baseline ms | ratio | target |"
echo "|---|---|---|---:|---:|---:|---|"
row "$accounts accounts, one day" "scorecard_run" "hand-written INSERT ... SELECT" "$run" "$hand" 1.25
row "demo year, 4,000 accounts" "scorecard_backfill" "CREATE TABLE AS customer_health_by_hand" "$backfill" "$ctas" 1.0
echo
echo "== Dashboards: each question over the history against the same over the hand-written views (target ≤ 0.05)"
RUNS=$runs bench/dashboards.sh "$db"
