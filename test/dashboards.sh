#!/usr/bin/env bash
# Runs every query of the dashboards against a database with the demo data:
# the panels of dashboards/grafana/*.json (their rawSql) and the Metabase native
# questions of dashboards/metabase/*.sql, after replacing macros and variables
# the way each tool does.
#
# Grafana (its PostgreSQL data source), for the dashboard's own time range
# (its "time" field, from and to, written as RFC 3339 in UTC):
#   $__timeFilter(col)              -> col BETWEEN 'from' AND 'to'
#   $__timeFrom(), $__timeTo()      -> 'from', 'to'
#   $__time(col)                    -> col AS "time"
#   $__timeEpoch(col)               -> extract(epoch from col) as "time"
#   $__timeGroup(col, 'I')          -> floor(extract(epoch from col)/S)*S, S the
#                                      interval I in seconds (a month or a year
#                                      counted from now, as Grafana does), written
#                                      as Go prints a float (2.592e+06); followed
#                                      by a comma it gets the alias, as in Grafana
#   $__timeGroupAlias(col, 'I')     -> the same, AS "time"
#   any other $__name(...)          -> an error, as in Grafana
#   $segment, ${segment}, [[segment]] -> 'Enterprise','Mid-Market','SMB','Startup'
#                                      (the variable's "All")
# Metabase, twice: with every variable unset (each optional clause [[ ... ]]
# dropped), then with every variable set (the clauses kept without their
# brackets, {{segment}} -> 'Enterprise', {{as_of}} -> date '2026-12-31'). Metabase
# replaces {{name}} wherever it appears, comments included, so a {{name}} left
# after the optional clauses are dropped is a required variable: an error.
#
# Each query must run and return rows; a time series (Grafana "time_series"
# format, a Metabase question that says "x = time") must have a "time" column.
# Calendar buckets: every "time" of a panel whose title (Grafana) or header
# comment (Metabase) says "per month", "by month" or "each month" must be the
# first of a month at 00:00 UTC, and of one that says "weekly" a Monday at 00:00
# UTC (Grafana's own $__timeGroup buckets are fixed lengths counted from the
# epoch: they fail this check).
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

# Lengths of a month and of a year from now, in seconds, as Grafana's interval
# parser counts 'M' and 'y' (calendar arithmetic in UTC from the current time).
now=$(date -u '+%Y-%m-%d %H:%M:%S')
export GRAFANA_MONTH_SECONDS=$(($(date -u -d "$now UTC + 1 month" +%s) - $(date -u -d "$now UTC" +%s)))
export GRAFANA_YEAR_SECONDS=$(($(date -u -d "$now UTC + 1 year" +%s) - $(date -u -d "$now UTC" +%s)))

# grafana_expand FROM TO: stdin to stdout, Grafana's macros and the segment
# variable expanded; exits non-zero (printing why) on a macro Grafana rejects.
grafana_expand() {
  FROM=$1 TO=$2 perl -0777 -ne '
    use strict; use warnings;
    my $sql = $_; my $error;
    # Go prints a float64 with %v as the shortest %g, exponent form from 1e+06.
    sub go_float { my $s = shift;
      die "a fractional interval\n" if $s != int($s);
      my $digits = "$s"; (my $mant = $digits) =~ s/0+$//; my $exp = length($digits) - 1;
      return $digits if $exp < 6;
      my $m = substr($mant, 0, 1) . (length($mant) > 1 ? "." . substr($mant, 1) : "");
      return sprintf("%se+%02d", $m, $exp); }
    sub seconds { my $i = shift; $i =~ s/^\s+|\s+$//g; $i =~ s/^\x27|\x27$//g;
      my %unit = (s => 1, m => 60, h => 3600, d => 86400, w => 604800,
                  M => $ENV{GRAFANA_MONTH_SECONDS}, y => $ENV{GRAFANA_YEAR_SECONDS});
      $i =~ /^(\d+)([smhdwMy])$/ or die "error parsing interval $i\n";
      return $1 * $unit{$2}; }
    sub group { my @a = @_;
      die "needs time column and interval\n" if @a < 2;
      my $s = go_float(seconds($a[1]));
      return "floor(extract(epoch from $a[0])/$s)*$s"; }
    my $original = $sql;
    $sql =~ s{\$(\w+)\(([^)]*)\)}{
      my ($name, $args, $after) = ($1, $2, substr($original, index($original, $&) + length($&), 1));
      my @a = map { s/^\s+|\s+$//gr } split(/,/, $args, -1);
      my $r = eval {
        if ($name eq "__time") { "$a[0] AS \"time\"" }
        elsif ($name eq "__timeEpoch") { "extract(epoch from $a[0]) as \"time\"" }
        elsif ($name eq "__timeFilter") { "$a[0] BETWEEN \x27$ENV{FROM}\x27 AND \x27$ENV{TO}\x27" }
        elsif ($name eq "__timeFrom") { "\x27$ENV{FROM}\x27" }
        elsif ($name eq "__timeTo") { "\x27$ENV{TO}\x27" }
        elsif ($name eq "__timeGroup") { group(@a) . ($after eq "," ? " AS \"time\"" : "") }
        elsif ($name eq "__timeGroupAlias") { group(@a) . " AS \"time\"" }
        else { die "unknown macro \"$name\"\n" }
      };
      $error //= "\$$name($args): $@" unless defined $r;
      defined $r ? $r : "macro_error()";
    }ge;
    if (defined $error) { print STDERR $error; exit 1 }
    my $all = "\x27Enterprise\x27,\x27Mid-Market\x27,\x27SMB\x27,\x27Startup\x27";
    $sql =~ s/\$\{segment\}|\$segment\b|\[\[segment\]\]/$all/g;
    print $sql;'
}

# metabase_expand unset|set: stdin to stdout, Metabase's optional clauses and
# variables replaced; exits non-zero (printing why) on a required variable left.
metabase_expand() {
  MODE=$1 perl -0777 -ne '
    use strict; use warnings;
    my $sql = $_;
    my %value = (segment => "\x27Enterprise\x27", as_of => "date \x272026-12-31\x27");
    if ($ENV{MODE} eq "unset") { $sql =~ s/\[\[.*?\]\]//gs }
    else { $sql =~ s/\[\[(.*?)\]\]/$1/gs; $sql =~ s/\{\{\s*(\w+)\s*\}\}/$value{$1} \/\/ "{{$1}}"/ge }
    if ($sql =~ /\{\{\s*(\w+)\s*\}\}/) { print STDERR "required variable {{$1}} has no value\n"; exit 1 }
    print $sql;'
}

# Go's RFC 3339 form of a JSON time: UTC, no fraction when it is zero.
rfc3339() { sed -E -e 's/\.0+Z$/Z/' -e 's/(\.[0-9]*[1-9])0+Z$/\1Z/' <<<"$1"; }

n=0
# Queries as files: query-N.sql, query-N.label, query-N.time (1 = a time series),
# query-N.calendar ("month" or "week": the buckets its times must fall on).
for dash in "$root"/dashboards/grafana/*.json; do
  [ -e "$dash" ] || continue
  psql_run -At -v dash="$(cat "$dash")" > "$work/grafana.tsv" <<'SQL' || { echo "not ok - $dash: not readable JSON"; exit 1; }
SELECT (:'dash')::jsonb #>> '{time,from}', (:'dash')::jsonb #>> '{time,to}';
SELECT p ->> 'title', t ->> 'format', replace(t ->> 'rawSql', E'\n', ' ')
FROM jsonb_array_elements((:'dash')::jsonb -> 'panels') p,
     jsonb_array_elements(p -> 'targets') t
ORDER BY (p ->> 'id')::int, t ->> 'refId';
SQL
  { IFS='|' read -r from to
    from=$(rfc3339 "$from") to=$(rfc3339 "$to")
    while IFS='|' read -r title format sql; do
      n=$((n + 1))
      echo "$(basename "$dash"): $title" > "$work/query-$n.label"
      [ "$format" = "time_series" ] && echo 1 > "$work/query-$n.time"
      grep -q -i -E 'per month|by month|each month' <<<"$title" && echo month > "$work/query-$n.calendar"
      grep -q -i -E 'weekly' <<<"$title" && echo week > "$work/query-$n.calendar"
      printf '%s\n' "$sql" | grafana_expand "$from" "$to" > "$work/query-$n.sql" 2> "$work/query-$n.error"
    done
  } < "$work/grafana.tsv"
done
for question in "$root"/dashboards/metabase/*.sql; do
  [ -e "$question" ] || continue
  for mode in unset set; do
    n=$((n + 1))
    echo "metabase/$(basename "$question") (variables $mode)" > "$work/query-$n.label"
    header=$(sed -n '/^--/p; /^--/!q' "$question")
    grep -q 'x = time' <<<"$header" && echo 1 > "$work/query-$n.time"
    grep -q -i -E 'per month|by month|each month' <<<"$header" && echo month > "$work/query-$n.calendar"
    grep -q -i -E 'weekly' <<<"$header" && echo week > "$work/query-$n.calendar"
    metabase_expand "$mode" < "$question" > "$work/query-$n.sql" 2> "$work/query-$n.error"
  done
done

passed=0 failed=0
for ((i = 1; i <= n; i++)); do
  label=$(cat "$work/query-$i.label")
  wants_time=0 calendar=
  [ -e "$work/query-$i.time" ] && wants_time=1
  [ -e "$work/query-$i.calendar" ] && calendar=$(cat "$work/query-$i.calendar")
  if [ -s "$work/query-$i.error" ]; then
    echo "not ok $i - $label: $(cat "$work/query-$i.error")"
    failed=$((failed + 1))
    continue
  fi
  # The query's rows into a temporary table; then its row count, whether it has
  # "time", and how many of its times are not at the start of a calendar month
  # or week (UTC), with the first such time. A number is an epoch, as Grafana
  # reads it.
  { echo "SET TimeZone = 'UTC';"
    echo "CREATE TEMP TABLE panel AS"; sed 's/;[[:space:]]*$//' "$work/query-$i.sql"; echo ";"
    cat <<'SQL'
SELECT count(*) AS rows,
       EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'panel'::regclass AND attname = 'time'
                                           AND attnum > 0) AS has_time
FROM panel \gset
\if :has_time
SELECT count(*) FILTER (WHERE t <> date_trunc('month', t)) AS off_month,
       coalesce(min(t) FILTER (WHERE t <> date_trunc('month', t))::text, '-') AS first_off_month,
       count(*) FILTER (WHERE t <> date_trunc('week', t)) AS off_week,
       coalesce(min(t) FILTER (WHERE t <> date_trunc('week', t))::text, '-') AS first_off_week
FROM (SELECT CASE jsonb_typeof(to_jsonb("time"))
                 WHEN 'number' THEN to_timestamp(("time")::text::float8)
                 ELSE ("time")::text::timestamptz END AS t
      FROM panel) p \gset
\else
\set off_month 0
\set first_off_month -
\set off_week 0
\set first_off_week -
\endif
\echo :rows :has_time :off_month :off_week :first_off_month|:first_off_week
SQL
  } > "$work/check-$i.sql"
  if ! result=$(psql_run -At -f "$work/check-$i.sql" 2> "$work/err"); then
    echo "not ok $i - $label"
    sed 's/^/    /' "$work/err"
    failed=$((failed + 1))
    continue
  fi
  read -r rows has_time off_month off_week first_off <<<"$(tail -1 <<<"$result")"
  if [ "${rows:-0}" -eq 0 ]; then
    echo "not ok $i - $label: no rows"
    failed=$((failed + 1))
  elif [ "$wants_time" -eq 1 ] && [ "$has_time" != "t" ]; then
    echo "not ok $i - $label: a time series without a \"time\" column"
    failed=$((failed + 1))
  elif [ "$calendar" = month ] && [ "$off_month" -ne 0 ]; then
    echo "not ok $i - $label: $off_month of $rows times are not the first of a month at 00:00 UTC (first: ${first_off%%|*})"
    failed=$((failed + 1))
  elif [ "$calendar" = week ] && [ "$off_week" -ne 0 ]; then
    echo "not ok $i - $label: $off_week of $rows times are not a Monday at 00:00 UTC (first: ${first_off#*|})"
    failed=$((failed + 1))
  else
    [ "$has_time" = t ] || calendar=
    echo "ok $i - $label ($rows rows${calendar:+, calendar ${calendar}s})"
    passed=$((passed + 1))
  fi
done
[ "$n" -gt 0 ] || { echo "not ok - no dashboard query found"; failed=1; }
echo "dashboards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
