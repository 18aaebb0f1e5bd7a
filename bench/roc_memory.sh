#!/usr/bin/env bash
# Peak memory of roc_auc (README, Calibration) on bench_scores (bench/generate_dynamics.sql),
# printed as one line: for the 1,000-score column and the all-distinct column, how much
# more memory roc_auc's backend reached than one that counts the same rows, in kB, in
# bytes per distinct score and in bytes per row.
#
#   bench/roc_memory.sh [measurements]      default 3; the median is printed
#
# Each measurement is a fresh connection, serial and without JIT (a worker's memory is
# not its backend's; JIT would add LLVM's), with log_executor_stats on: the LOG after
# the query gives the backend's "max resident size" (getrusage), its peak since it
# started. Both connections first call roc_auc on one row, which loads the extension's
# library (several MB); the baseline, SELECT count(*) over the same table, then touches
# the same shared buffers, so the difference is the memory the aggregate allocated.
# Needs a superuser connection (log_executor_stats), from the PG* environment.
set -euo pipefail
measurements=${1:-3}
psql="psql -X -q -v ON_ERROR_STOP=1"

# max resident size, in kB, of a fresh backend that ran the query $1
peak_kb() {
  $psql -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
      -c "SELECT roc_auc(0.5, true)" -c "SET client_min_messages = log" \
      -c "SET log_executor_stats = on" -c "$1" 2>&1 >/dev/null |
    sed -n 's/^![[:space:]]*\([0-9][0-9]*\) kB max resident size.*/\1/p' | tail -n 1
}

median_kb() {
  local i
  for i in $(seq "$measurements"); do peak_kb "$1"; done |
    sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print v[int((NR + 1) / 2)] }'
}

read -r rows distinct_1000 distinct_all <<<"$($psql -Atc "SELECT count(*), count(DISTINCT score_1000),
                                                                 count(DISTINCT score) FROM bench_scores" | tr '|' ' ')"
base=$(median_kb "SELECT count(*) FROM bench_scores")
line="roc_auc peak memory over SELECT count(*) (serial, median of $measurements fresh backends):"
sep=""
for column in "score_1000 $distinct_1000" "score $distinct_all"; do
  set -- $column
  kb=$(( $(median_kb "SELECT roc_auc($1, positive) FROM bench_scores") - base ))
  line+="$sep $2 scores: $kb kB, $(awk -v kb="$kb" -v d="$2" -v n="$rows" \
      'BEGIN { printf "%.1f bytes per distinct score, %.2f per row", 1024 * kb / d, 1024 * kb / n }')"
  sep=";"
done
echo "$line"
