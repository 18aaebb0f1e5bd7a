#!/usr/bin/env bash
# The release tests (README "Upgrading", DEVELOPERS.md "Releasing"), against
# the server psql reaches by default (PGHOST, PGPORT, PGUSER, e.g. inside
# `pg_virtualenv -t -v 15`) with the extension installed (make install):
#
#   frozen   the install scripts of released versions are unchanged
#            (their checksums in frozen.sha256);
#   for every released version V, up to default_version of healthscore.control:
#   members  V installed, then ALTER EXTENSION UPDATE: the same extension
#            members with the same definitions as a fresh install
#            (test/upgrade/members.sql, one line per member and property);
#   stored   values of every type of the extension stored at V read back,
#            roll up, apply and finish as the same values computed fresh
#            (test/upgrade/samples.sql, test/upgrade/uses.sql);
#   regress  the pg_regress suite passes on a database updated from V;
#   dump     pg_dump and a restore into a new database (the extension in the
#            schema healthscore, a generated column, expression indexes,
#            materialized views and a view over its functions, stored states
#            and fits): no error, the same answers (test/upgrade/dump_*.sql);
#   search_path  every LANGUAGE sql function of the extension resolves the
#            names in its body with an empty search_path, as in a restore.
#
# Usage: test/upgrade.sh   (from anywhere; databases upgrade_*_<pid> are
# dropped at the end). Prints "== step" as each starts, "ok N - ..." or
# "not ok N - ..." with the difference for each check, then
# "upgrade: N passed, M failed". Exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
dbs=()
cleanup() {
  for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0 n=0
ok() { n=$((n + 1)) passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {  # not_ok LABEL [FILE WITH DETAILS]
  n=$((n + 1)) failed=$((failed + 1))
  echo "not ok $n - $1"
  if [ -n "${2:-}" ] && [ -s "$2" ]; then head -60 "$2" | sed 's/^/    /'; fi
}
step() { echo "== $*"; }
psql_db() { local db=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
new_db() { dbs+=("$1"); createdb "$1"; }
# install DB [VERSION]: the extension into the schema healthscore (README "Install").
install() {
  psql_db "$1" -c 'CREATE SCHEMA healthscore' \
    -c "CREATE EXTENSION healthscore SCHEMA healthscore${2:+ VERSION '$2'}"
}
# The search_path of an analyst (README "Install").
export PGOPTIONS="${PGOPTIONS:-} -c search_path=public,healthscore"

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" healthscore.control)

step "frozen: the install scripts of released versions are unchanged"
if [ ! -s frozen.sha256 ]; then
  not_ok "frozen.sha256 lists the released install scripts"
else
  while read -r _ file; do
    version=${file#healthscore--}; version=${version%.sql}
    if sha256sum --status -c <(grep -F "  $file" frozen.sha256) 2>/dev/null; then
      ok "$file is as released"
    else
      echo "$version is frozen: put SQL changes after a \"-- @since $current\" line of the" \
           "src/sql parts, see DEVELOPERS.md \"Releasing\"" > "$work/frozen.err"
      not_ok "$file changed since its release" "$work/frozen.err"
    fi
  done < frozen.sha256
fi
released=$(sed -E 's/^[0-9a-f]+  healthscore--(.*)\.sql$/\1/' frozen.sha256 2>/dev/null | grep -v -x -F "$current")

fresh=upgrade_fresh_$$
step "fresh install of $current (database $fresh)"
if new_db "$fresh" && install "$fresh" > "$work/fresh.err" 2>&1 \
   && psql_db "$fresh" -f test/upgrade/members.sql > "$work/members-fresh.txt" 2>> "$work/fresh.err" \
   && psql_db "$fresh" -At -f test/upgrade/samples.sql > "$work/samples-fresh.txt" 2>> "$work/fresh.err" \
   && psql_db "$fresh" -f test/upgrade/uses.sql > "$work/uses-fresh.txt" 2>> "$work/fresh.err"; then
  ok "CREATE EXTENSION healthscore SCHEMA healthscore, values of every type stored and read"
  fresh_ok=1
else
  not_ok "fresh install of $current" "$work/fresh.err"
  fresh_ok=0
  touch "$work/members-fresh.txt" "$work/uses-fresh.txt"
fi
# A check on the fresh database too: a type added in this release needs a sample.
if [ "$fresh_ok" -eq 0 ]; then
  :  # counted above
elif grep -q . "$work/samples-fresh.txt"; then
  not_ok "every type of $current has a stored sample (test/upgrade/samples.sql)" "$work/samples-fresh.txt"
else
  ok "every type of $current has a stored sample"
fi
grep -E '^no use of stored type|\| ERROR ' "$work/uses-fresh.txt" > "$work/uses-fresh.err"
if [ "$fresh_ok" -eq 0 ]; then
  :
elif [ -s "$work/uses-fresh.err" ]; then
  not_ok "every stored type has a use, and every use runs (test/upgrade/uses.sql)" "$work/uses-fresh.err"
else
  ok "every stored type has a use, and every use runs ($(wc -l < "$work/uses-fresh.txt") results)"
fi

for from in $released; do
  db=upgrade_from_${from//./_}_$$
  step "$from, then ALTER EXTENSION healthscore UPDATE (database $db)"
  if ! { new_db "$db" && install "$db" "$from" \
         && psql_db "$db" -At -f test/upgrade/samples.sql > "$work/samples-$from.txt"; } 2> "$work/install-$from.err"; then
    not_ok "CREATE EXTENSION healthscore VERSION '$from' and stored samples" "$work/install-$from.err"
    continue
  fi
  if grep -q . "$work/samples-$from.txt"; then
    not_ok "every type of $from has a stored sample (test/upgrade/samples.sql)" "$work/samples-$from.txt"
  else
    ok "$from installed, values of every type stored"
  fi
  if psql_db "$db" -c 'ALTER EXTENSION healthscore UPDATE' > "$work/update-$from.err" 2>&1 \
     && version=$(psql_db "$db" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'healthscore'") \
     && [ "$version" = "$current" ]; then
    ok "ALTER EXTENSION healthscore UPDATE: $from -> $current"
  else
    echo "extversion: ${version:-?}" >> "$work/update-$from.err"
    not_ok "ALTER EXTENSION healthscore UPDATE: $from -> $current" "$work/update-$from.err"
    continue
  fi

  step "members: $from updated vs fresh $current"
  if psql_db "$db" -f test/upgrade/members.sql > "$work/members-$from.txt" 2> "$work/members-$from.err"; then
    if diff -u --label "updated from $from" --label "fresh $current" \
         "$work/members-$from.txt" "$work/members-fresh.txt" > "$work/members-$from.diff"; then
      ok "the same members and definitions as a fresh install ($(grep -c ' | member | ' "$work/members-fresh.txt") members, $(wc -l < "$work/members-fresh.txt") properties)"
    else
      not_ok "members or definitions differ from a fresh install (- updated, + fresh)" "$work/members-$from.diff"
    fi
  else
    not_ok "members of the updated database" "$work/members-$from.err"
  fi

  step "stored: values stored by $from, read and used at $current, vs computed fresh"
  if psql_db "$db" -f test/upgrade/uses.sql > "$work/uses-$from.txt" 2> "$work/uses-$from.err"; then
    # Every result on the values stored by the old release, as computed fresh.
    grep -v -x -F -f "$work/uses-fresh.txt" "$work/uses-$from.txt" > "$work/uses-$from.diff"
    if [ -s "$work/uses-$from.diff" ] || [ ! -s "$work/uses-$from.txt" ]; then
      {
        echo "results on values stored by $from that differ from the fresh ones:"
        cat "$work/uses-$from.diff"
        echo "the fresh ones:"
        grep -F -f <(cut -d'|' -f1,2 "$work/uses-$from.diff") "$work/uses-fresh.txt"
      } > "$work/uses-$from.report"
      not_ok "values stored by $from read and compute as fresh ones" "$work/uses-$from.report"
    else
      ok "values stored by $from read and compute as fresh ones ($(wc -l < "$work/uses-$from.txt") results)"
    fi
  else
    not_ok "values stored by $from read" "$work/uses-$from.err"
  fi

  step "regress: the pg_regress suite on a database updated from $from"
  rdb=upgrade_regress_${from//./_}_$$
  # The database settings pg_regress gives the databases it creates itself.
  if new_db "$rdb" && install "$rdb" "$from" > "$work/regress-$from.log" 2>&1 \
     && psql_db "$rdb" -c 'ALTER EXTENSION healthscore UPDATE' \
          -c "ALTER DATABASE \"$rdb\" SET lc_messages TO 'C'" \
          -c "ALTER DATABASE \"$rdb\" SET lc_monetary TO 'C'" \
          -c "ALTER DATABASE \"$rdb\" SET lc_numeric TO 'C'" \
          -c "ALTER DATABASE \"$rdb\" SET lc_time TO 'C'" \
          -c "ALTER DATABASE \"$rdb\" SET bytea_output TO 'hex'" \
          -c "ALTER DATABASE \"$rdb\" SET timezone_abbreviations TO 'Default'" \
          >> "$work/regress-$from.log" 2>&1; then
    mkdir -p "$work/regress-$from"
    make -s installcheck REGRESS_OPTS="--inputdir=. --outputdir=$work/regress-$from --use-existing --dbname=$rdb" \
      >> "$work/regress-$from.log" 2>&1
    if line=$(grep -o -E 'All [0-9]+ tests passed' "$work/regress-$from.log"); then
      ok "pg_regress on a database updated from $from: $line"
    else
      { grep -E 'FAILED|failed|tests' "$work/regress-$from.log"
        cat "$work/regress-$from/regression.diffs" 2>/dev/null; } > "$work/regress-$from.report"
      [ -s "$work/regress-$from.report" ] || cp "$work/regress-$from.log" "$work/regress-$from.report"
      not_ok "pg_regress on a database updated from $from" "$work/regress-$from.report"
    fi
  else
    not_ok "a database updated from $from for pg_regress" "$work/regress-$from.log"
  fi
done
[ -n "$released" ] || echo "(no released version before $current in frozen.sha256)"

step "search_path: the extension's SQL functions with an empty search_path"
# fmgr_sql_validator parses and analyses a LANGUAGE sql body as CREATE
# FUNCTION does, under the session's search_path: an unqualified call to
# another function of the extension fails here, as it would in an index, a
# generated column or a materialized view restored by pg_dump.
if psql_db "$fresh" -At > "$work/sqlfuncs.txt" 2> "$work/sqlfuncs.err" <<'SQL'
SET search_path = '';
SET check_function_bodies = on;
DO $$
DECLARE
    f regprocedure;
    n int := 0;
BEGIN
    FOR f IN SELECT p.oid
             FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'healthscore'
             JOIN pg_catalog.pg_proc p ON p.oid = d.objid
             JOIN pg_catalog.pg_language l ON l.oid = p.prolang AND l.lanname = 'sql'
             WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.deptype = 'e' LOOP
        PERFORM pg_catalog.fmgr_sql_validator(f);
        n := n + 1;
    END LOOP;
    RAISE NOTICE '% LANGUAGE sql functions', n;
END
$$;
SQL
then
  ok "every LANGUAGE sql function resolves its names with search_path = '' ($(grep -o '[0-9]* LANGUAGE sql' "$work/sqlfuncs.err" | cut -d' ' -f1) functions)"
else
  not_ok "a LANGUAGE sql function of the extension needs the search_path (qualify with @extschema@)" "$work/sqlfuncs.err"
fi

src=upgrade_dump_$$ dst=upgrade_restored_$$
step "dump: pg_dump of $src, restored into $dst"
if new_db "$src" && install "$src" > "$work/dump-setup.err" 2>&1 \
   && psql_db "$src" -f test/upgrade/dump_setup.sql >> "$work/dump-setup.err" 2>&1 \
   && psql_db "$src" -f test/upgrade/dump_queries.sql > "$work/dump-before.txt" 2>> "$work/dump-setup.err"; then
  ok "a database with the extension in schema healthscore and objects that use it"
  if pg_dump -d "$src" -f "$work/dump.sql" 2> "$work/dump.err" \
     && new_db "$dst" 2>> "$work/dump.err" \
     && PGOPTIONS= psql -X -q -v ON_ERROR_STOP=1 -d "$dst" -f "$work/dump.sql" > /dev/null 2>> "$work/dump.err"; then
    ok "pg_dump, then psql -v ON_ERROR_STOP=1 into a new database: no error"
    if psql_db "$dst" -f test/upgrade/dump_queries.sql > "$work/dump-after.txt" 2> "$work/dump-after.err"; then
      if diff -u --label before --label restored "$work/dump-before.txt" "$work/dump-after.txt" > "$work/dump.diff"; then
        ok "the restored database gives the same answers ($(wc -l < "$work/dump-after.txt") lines, index scans included)"
      else
        not_ok "the restored database gives other answers" "$work/dump.diff"
      fi
    else
      not_ok "queries on the restored database" "$work/dump-after.err"
    fi
    if grep -q 'Index Scan using accounts_health' "$work/dump-after.txt" \
       && grep -q 'Index.* Scan using accounts_scaled' "$work/dump-after.txt"; then
      ok "the restored expression indexes answer the queries"
    else
      echo "no index scan on accounts_health and accounts_scaled:" > "$work/dump-index.err"
      grep -A3 -i 'explain\|scan' "$work/dump-after.txt" >> "$work/dump-index.err"
      not_ok "the restored expression indexes answer the queries" "$work/dump-index.err"
    fi
  else
    not_ok "pg_dump and restore" "$work/dump.err"
  fi
else
  not_ok "setup of the database to dump" "$work/dump-setup.err"
fi

echo "upgrade: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
