# Expands the table-driven lines of the install script sources (src/sql/*.sql)
# into plain SQL, so that the installed healthscore--X.Y.Z.sql is ordinary
# CREATE statements and every family writes only what is its own.
#
#   @state_type NAME | LENGTH | INITIAL TEXT | COMMENT
#       a fixed-size state or fit type with its four I/O functions (C symbols
#       hs_NAME_in, _out, _recv, _send) and their comments; INITIAL TEXT is the
#       empty state, the INITCOND of every aggregate over the type.
#   @aggregate NAME(ARGS) | SFUNC | STYPE | FINALFUNC | COMBINEFUNC | COMMENT
#       a parallel-safe aggregate over a state type declared above.
#
#   -- @since VERSION
#       the lines that follow, to the end of the part, were added in VERSION.
#
# Fields are separated by " | "; comments are SQL string contents (quotes doubled).
# Every other line is copied as it is. With -v since=VERSION only the lines after
# a part's "-- @since VERSION" marker are written, under the update script's
# header: the update script from the previous release (every part is still read,
# so an aggregate may use a state type declared before the marker).

BEGIN {
  if (since != "")
    print "-- healthscore: update to " since " (generated from the src/sql parts)\n" \
          "\\echo Use \"ALTER EXTENSION healthscore UPDATE TO '" since "'\" to load this file. \\quit"
}
FNR == 1 { active = (since == "") }
/^-- @since / && since != "" { active = ($3 == since); next }

# Lines are written only when active (always, without -v since).
function emit(s) { if (active) print s }

function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }

function fields(line, out,    n, i) {
  n = split(line, out, / \| /)
  for (i = 1; i <= n; i++) out[i] = trim(out[i])
  return n
}

# "nps(score int, confidence double precision)" -> "nps(int, double precision)":
# every argument is "name type", the type one or more words (no typmods).
function signature(decl,    name, args, n, parts, i, out, type) {
  name = substr(decl, 1, index(decl, "(") - 1)
  args = substr(decl, index(decl, "(") + 1)
  sub(/\)[ \t]*$/, "", args)
  n = split(args, parts, /,/)
  out = ""
  for (i = 1; i <= n; i++) {
    type = trim(parts[i])
    if (type !~ /[ \t]/) { print "@aggregate arguments need names: " decl > "/dev/stderr"; exit 1 }
    sub(/^[^ \t]+[ \t]+/, "", type)
    out = out (i > 1 ? ", " : "") type
  }
  return name "(" out ")"
}

/^@state_type / {
  sub(/^@state_type /, "")
  if (fields($0, f) != 4) { print "bad @state_type: " $0 > "/dev/stderr"; exit 1 }
  t = f[1]; initial[t] = f[3]
  format = f[3]; sub(/:.*/, "", format)  # the format version its empty state is written in
  emit("CREATE TYPE " t ";")
  emit("CREATE FUNCTION " t "_in(cstring) RETURNS " t)
  emit("    AS 'MODULE_PATHNAME', 'hs_" t "_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;")
  emit("CREATE FUNCTION " t "_out(" t ") RETURNS cstring")
  emit("    AS 'MODULE_PATHNAME', 'hs_" t "_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;")
  emit("CREATE FUNCTION " t "_recv(internal) RETURNS " t)
  emit("    AS 'MODULE_PATHNAME', 'hs_" t "_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;")
  emit("CREATE FUNCTION " t "_send(" t ") RETURNS bytea")
  emit("    AS 'MODULE_PATHNAME', 'hs_" t "_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;")
  emit("CREATE TYPE " t " (")
  emit("    INPUT = " t "_in,")
  emit("    OUTPUT = " t "_out,")
  emit("    RECEIVE = " t "_recv,")
  emit("    SEND = " t "_send,")
  emit("    INTERNALLENGTH = " f[2] ",")
  emit("    ALIGNMENT = double")
  emit(");")
  emit("COMMENT ON TYPE " t " IS\n    '" f[4] "; text form " f[3] "';")
  emit("COMMENT ON FUNCTION " t "_in(cstring) IS 'Reads the text form of " t " (format " format "), rejecting malformed text and values its aggregates could never produce';")
  emit("COMMENT ON FUNCTION " t "_out(" t ") IS 'Writes the text form of " t " (format " format ")';")
  emit("COMMENT ON FUNCTION " t "_recv(internal) IS 'Reads the binary form of " t " (a version byte, then the fields), rejecting malformed input';")
  emit("COMMENT ON FUNCTION " t "_send(" t ") IS 'Writes the binary form of " t " (a version byte, then the fields)';")
  next
}

/^@aggregate / {
  sub(/^@aggregate /, "")
  if (fields($0, f) != 6) { print "bad @aggregate: " $0 > "/dev/stderr"; exit 1 }
  if (!(f[3] in initial)) { print "unknown state type " f[3] > "/dev/stderr"; exit 1 }
  emit("CREATE AGGREGATE " f[1] " (")
  emit("    SFUNC = " f[2] ",")
  emit("    STYPE = " f[3] ",")
  emit("    FINALFUNC = " f[4] ",")
  emit("    COMBINEFUNC = " f[5] ",")
  emit("    INITCOND = '" initial[f[3]] "',")
  emit("    PARALLEL = SAFE")
  emit(");")
  emit("COMMENT ON AGGREGATE " signature(f[1]) " IS\n    '" f[6] "';")
  next
}

{ emit($0) }
