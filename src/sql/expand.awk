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
# Fields are separated by " | "; comments are SQL string contents (quotes doubled).
# Every other line is copied as it is.

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
  print "CREATE TYPE " t ";"
  print "CREATE FUNCTION " t "_in(cstring) RETURNS " t
  print "    AS 'MODULE_PATHNAME', 'hs_" t "_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
  print "CREATE FUNCTION " t "_out(" t ") RETURNS cstring"
  print "    AS 'MODULE_PATHNAME', 'hs_" t "_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
  print "CREATE FUNCTION " t "_recv(internal) RETURNS " t
  print "    AS 'MODULE_PATHNAME', 'hs_" t "_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
  print "CREATE FUNCTION " t "_send(" t ") RETURNS bytea"
  print "    AS 'MODULE_PATHNAME', 'hs_" t "_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;"
  print "CREATE TYPE " t " ("
  print "    INPUT = " t "_in,"
  print "    OUTPUT = " t "_out,"
  print "    RECEIVE = " t "_recv,"
  print "    SEND = " t "_send,"
  print "    INTERNALLENGTH = " f[2] ","
  print "    ALIGNMENT = double"
  print ");"
  print "COMMENT ON TYPE " t " IS\n    '" f[4] "; text form " f[3] "';"
  print "COMMENT ON FUNCTION " t "_in(cstring) IS 'Reads the text form of " t " (format " format "), rejecting malformed text and values its aggregates could never produce';"
  print "COMMENT ON FUNCTION " t "_out(" t ") IS 'Writes the text form of " t " (format " format ")';"
  print "COMMENT ON FUNCTION " t "_recv(internal) IS 'Reads the binary form of " t " (a version byte, then the fields), rejecting malformed input';"
  print "COMMENT ON FUNCTION " t "_send(" t ") IS 'Writes the binary form of " t " (a version byte, then the fields)';"
  next
}

/^@aggregate / {
  sub(/^@aggregate /, "")
  if (fields($0, f) != 6) { print "bad @aggregate: " $0 > "/dev/stderr"; exit 1 }
  if (!(f[3] in initial)) { print "unknown state type " f[3] > "/dev/stderr"; exit 1 }
  print "CREATE AGGREGATE " f[1] " ("
  print "    SFUNC = " f[2] ","
  print "    STYPE = " f[3] ","
  print "    FINALFUNC = " f[4] ","
  print "    COMBINEFUNC = " f[5] ","
  print "    INITCOND = '" initial[f[3]] "',"
  print "    PARALLEL = SAFE"
  print ");"
  print "COMMENT ON AGGREGATE " signature(f[1]) " IS\n    '" f[6] "';"
  next
}

{ print }
