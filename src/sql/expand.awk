# Expands the table-driven lines of the install script sources (src/sql/*.sql)
# into plain SQL, so that the installed healthscore--X.Y.Z.sql is ordinary
# CREATE statements and every family writes only what is its own.
#
#   @state_type NAME | LENGTH | INITIAL TEXT | COMMENT
#       a fixed-size state or fit type with its four I/O functions (C symbols
#       hs_NAME_in, _out, _recv, _send) and their comments; INITIAL TEXT is the
#       empty state, the INITCOND of every aggregate over the type.
#   @varlena_type NAME | INITIAL TEXT | TEXT LAYOUT | BINARY LAYOUT | MAKER | COMMENT
#       a state type that grows with its input (a varlena kept in memory as an
#       expanded object), with its four I/O functions and their comments: the
#       layouts describe the forms after the format version, MAKER names what
#       input checks states against ("-": any rows are valid).
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

# The shell type, its four I/O functions (C symbols hs_NAME_in, ...) and the
# type, SIZE bytes long or VARIABLE.
function io_type(t, size) {
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
  emit("    INTERNALLENGTH = " size ",")
  if (size == "VARIABLE") emit("    STORAGE = extended,")
  emit("    ALIGNMENT = double")
  emit(");")
}

# The comments of a type and its I/O functions; `text` and `binary` describe
# the forms, `rejects` what input rejects besides malformed binary input.
function io_comments(t, comment, initial, text, binary, rejects) {
  emit("COMMENT ON TYPE " t " IS\n    '" comment "; text form " initial "';")
  emit("COMMENT ON FUNCTION " t "_in(cstring) IS 'Reads the text form of " t " (" text "), rejecting " rejects "';")
  emit("COMMENT ON FUNCTION " t "_out(" t ") IS 'Writes the text form of " t " (" text ")';")
  emit("COMMENT ON FUNCTION " t "_recv(internal) IS 'Reads the binary form of " t " (" binary "), rejecting malformed input';")
  emit("COMMENT ON FUNCTION " t "_send(" t ") IS 'Writes the binary form of " t " (" binary ")';")
}

/^@state_type / {
  sub(/^@state_type /, "")
  if (fields($0, f) != 4) { print "bad @state_type: " $0 > "/dev/stderr"; exit 1 }
  t = f[1]; initial[t] = f[3]
  format = f[3]; sub(/:.*/, "", format)  # the format version its empty state is written in
  io_type(t, f[2])
  io_comments(t, f[4], f[3], "format " format, "a version byte, then the fields",
              "malformed text and values its aggregates could never produce")
  next
}

/^@varlena_type / {
  sub(/^@varlena_type /, "")
  if (fields($0, f) != 6) { print "bad @varlena_type: " $0 > "/dev/stderr"; exit 1 }
  t = f[1]; initial[t] = f[2]
  format = f[2]; sub(/:.*/, "", format)
  io_type(t, "VARIABLE")
  io_comments(t, f[6], f[2], "format " format ": " f[3], "a version byte, " f[4],
              f[5] == "-" ? "malformed text" : "malformed text and states " f[5] " could never produce")
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
