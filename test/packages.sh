#!/usr/bin/env bash
# Builds the two packages a DBA installs, and installs and checks each on this
# machine, as a DBA would:
#   1. the PGXN archive (make dist): META.json checked against the PGXN META
#      spec 1.0.0 and healthscore.control, the archive installed with
#      `pgxn install`, CREATE EXTENSION in a throwaway cluster gives
#      default_version, then `pgxn uninstall`;
#   2. the Debian package, built as apt.postgresql.org builds extensions
#      (dpkg-buildpackage, pg_buildext) in a copy made with git archive:
#      installed with apt-get, every installed file owned by the package
#      (dpkg -S), the regression suite passing against it in a throwaway
#      cluster (debian/tests/installcheck, the package's autopkgtest), then
#      removed with dpkg -r.
# Both package what is committed (HEAD), not uncommitted changes.
#
# The extension's files installed system-wide beforehand (by make install)
# are set aside first and put back at the end, whatever happens; an installed
# postgresql-NN-healthscore package is an error (remove it first).
# Needs root or sudo, the Debian packages of scripts/deps and two builds of
# the extension (several minutes).
# Prints each step as it starts, then "packages: N passed, N failed"; exits
# non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# pg_virtualenv's clusters need a locale that exists, and the regression
# output is written for C.UTF-8's ordering.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
jobs=$(nproc)
ext=healthscore
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$ext.control")
pgversion=$(pg_buildext supported-versions | tail -1)
pg_config=/usr/lib/postgresql/$pgversion/bin/pg_config
package=postgresql-$pgversion-$ext
work=$(mktemp -d)
# pg_buildext installcheck runs its throwaway cluster as postgres, and the
# regression suite has that server load a library it builds in the tree
# (test/standin): the server must be able to enter the work directory.
chmod 755 "$work"
passed=0 failed=0 n=0
touched=0 # 1 once the files found installed are set aside

# The extension's files installed for this PostgreSQL version, one a line.
installed_files() {
  local lib share
  lib=$("$pg_config" --pkglibdir) share=$("$pg_config" --sharedir)/extension
  {
    find "$lib" -maxdepth 1 -name "$ext.so"
    [ -d "$lib/bitcode" ] && find "$lib/bitcode" -path "$lib/bitcode/$ext*" \( -type f -o -type l \)
    find "$share" -maxdepth 1 \( -name "$ext.control" -o -name "$ext--*.sql" \)
  } | sort
}

remove_installed() {
  installed_files | xargs -r "${sudo[@]}" rm -f
  "${sudo[@]}" rm -rf "$("$pg_config" --pkglibdir)/bitcode/$ext"
}

# The package removed, the files found installed put back.
restore() {
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    "${sudo[@]}" dpkg -r "$package" > /dev/null
  fi
  remove_installed
  [ ! -s "$work/saved.tar" ] || "${sudo[@]}" tar -C / -xpf "$work/saved.tar"
}
cleanup() {
  [ "$touched" -eq 0 ] || restore
  "${sudo[@]}" rm -rf "$work"
}
trap cleanup EXIT

# step DESCRIPTION COMMAND...: runs one checked step, its output in a log that
# is shown when it fails. Returns the command's status.
step() {
  local title=$1 start=$SECONDS; shift
  n=$((n + 1))
  echo "-- [$n] $title"
  if "$@" > "$work/step-$n.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok $n - $title ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "not ok $n - $title ($((SECONDS - start)) s)"
    tail -n 60 "$work/step-$n.log" | sed 's/^/    /'
    return 1
  fi
}

# check_create_extension: in a throwaway cluster, CREATE EXTENSION, one call of a
# C function, and the installed version, which must be default_version.
check_create_extension() {
  local out
  # psql -o: pg_virtualenv writes its own lines to standard output.
  pg_virtualenv -t -v "$pgversion" psql -X -q -At -v ON_ERROR_STOP=1 -o "$work/extversion" -c "
    CREATE EXTENSION $ext;
    SELECT extversion || ' ' || (SELECT round(nps(s))::int FROM unnest('{10,9,0}'::int[]) s)
    FROM pg_extension WHERE extname = '$ext';" || return 1
  out=$(cat "$work/extversion")
  echo "extversion and nps(10, 9, 0): $out"
  [ "$out" = "$version 33" ] || { echo "expected: $version 33"; return 1; }
}

# META.json (in the archive): the PGXN META spec 1.0.0's required fields, and
# the versions of healthscore.control (in the archive).
check_meta() {
  python3 - "$1" "$ext" "$version" <<'PY'
import json, re, sys, zipfile
path, ext, version = sys.argv[1:]
top = f"{ext}-{version}/"
z = zipfile.ZipFile(path)
names = set(z.namelist())
problems = [f"{n} is not under {top}" for n in sorted(names) if not n.startswith(top)]
for f in ("META.json", f"{ext}.control", "Makefile"):
    if top + f not in names:
        problems.append(f"{top}{f} is missing")
try:
    meta = json.loads(z.read(top + "META.json"))
except (KeyError, ValueError) as e:
    sys.exit(f"META.json: not readable JSON: {e}")
semver = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+)?$")
licenses = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd",
            "freebsd", "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1",
            "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5",
            "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source",
            "restricted", "unrestricted", "unknown"}
def nonempty_str(v):
    return isinstance(v, str) and v.strip() != ""
for field in ("name", "abstract", "version", "maintainer", "license", "provides", "meta-spec"):
    if field not in meta:
        problems.append(f"required field {field} is missing")
if meta.get("name") != ext:
    problems.append(f"name is {meta.get('name')!r}, not {ext!r}")
if "abstract" in meta and not nonempty_str(meta["abstract"]):
    problems.append("abstract is not a non-empty string")
if not semver.match(str(meta.get("version", ""))):
    problems.append(f"version {meta.get('version')!r} is not a semantic version")
if meta.get("version") != version:
    problems.append(f"version is {meta.get('version')!r}, healthscore.control says {version!r}")
m = meta.get("maintainer")
if not (nonempty_str(m) or (isinstance(m, list) and m and all(map(nonempty_str, m)))):
    problems.append("maintainer is not a string or a non-empty list of strings")
lic = meta.get("license")
if isinstance(lic, str):
    if lic not in licenses:
        problems.append(f"license {lic!r} is not one of the spec's license strings")
elif isinstance(lic, list):
    if not lic or any(l not in licenses for l in lic):
        problems.append(f"license {lic!r}: not a list of the spec's license strings")
elif lic is not None and not (isinstance(lic, dict) and lic):
    problems.append("license is not a string, a list or an object")
spec = meta.get("meta-spec")
if not (isinstance(spec, dict) and spec.get("version") == "1.0.0"):
    problems.append("meta-spec.version is not 1.0.0")
provides = meta.get("provides")
if not (isinstance(provides, dict) and provides):
    problems.append("provides is not a non-empty object")
    provides = {}
for name, p in provides.items():
    if not isinstance(p, dict):
        problems.append(f"provides.{name} is not an object")
        continue
    if not nonempty_str(p.get("file")):
        problems.append(f"provides.{name}.file is missing")
    elif top + p["file"] not in names:
        problems.append(f"provides.{name}.file {p['file']} is not in the archive")
    if not semver.match(str(p.get("version", ""))):
        problems.append(f"provides.{name}.version {p.get('version')!r} is not a semantic version")
    if "docfile" in p and top + str(p["docfile"]) not in names:
        problems.append(f"provides.{name}.docfile {p['docfile']} is not in the archive")
if provides.get(ext, {}).get("version") != version:
    problems.append(f"provides.{ext}.version is not {version!r} (healthscore.control)")
if meta.get("release_status", "stable") not in ("stable", "testing", "unstable"):
    problems.append(f"release_status {meta['release_status']!r} is not stable, testing or unstable")
for p in problems:
    print("META.json:", p)
if problems:
    sys.exit(1)
print(f"{path}: {len(names)} entries under {top}; META.json valid, version {version}")
PY
}

# none_installed: no file of the extension is installed.
none_installed() {
  local left
  left=$(installed_files)
  [ -z "$left" ] || { echo "still installed:"; echo "$left"; return 1; }
}

pgxn_uninstall() {
  pgxn uninstall "$@" && none_installed
}

pgxn_phase() {
  local zip=$work/$ext-$version.zip pgxn_opts=(--pg_config "$pg_config")
  [ ${#sudo[@]} -eq 0 ] || pgxn_opts+=(--sudo)
  step "make dist: the PGXN archive $ext-$version.zip of HEAD" \
    make -s dist DIST="$zip" || return
  step "META.json: PGXN META spec 1.0.0, versions of $ext.control, files in the archive" \
    check_meta "$zip" || return
  # pgxn wants a path with a slash for a local file: ./name.zip or a full path.
  step "pgxn install $ext-$version.zip into PostgreSQL $pgversion" \
    env MAKEFLAGS="-j$jobs" pgxn install "${pgxn_opts[@]}" "$zip" || return
  step "CREATE EXTENSION $ext from the PGXN install: extversion $version" \
    check_create_extension || return
  step "pgxn uninstall removes every file it installed" \
    pgxn_uninstall "${pgxn_opts[@]}" "$zip"
}

# The package's upstream version is the extension's default_version.
check_changelog() {
  local v
  v=$(dpkg-parsechangelog -l debian/changelog -S Version) || return
  echo "debian/changelog: $v"
  [ "${v%-*}" = "$version" ] || {
    echo "the package's version ${v%-*} is not default_version $version: add a debian/changelog entry"
    return 1
  }
}

# In a copy made with git archive, so the work tree gets no build products.
build_deb() (
  set -e
  mkdir -p "$work/deb/$ext-$version"
  git archive HEAD | tar -x -C "$work/deb/$ext-$version"
  cd "$work/deb/$ext-$version"
  # nocheck: the regression suite runs below, against the installed package.
  DEB_BUILD_OPTIONS="nocheck parallel=$jobs" \
    dpkg-buildpackage -us -uc -b --build-profiles=nocheck -j"$jobs"
  ls -l "$deb"
)

# The library, its JIT bitcode, the control file, the install script of
# default_version and every script in git (upgrades, frozen versions); it
# depends on the server.
check_deb_contents() {
  local lib share f missing=0
  lib=$("$pg_config" --pkglibdir) share=$("$pg_config" --sharedir)/extension
  dpkg-deb -c "$deb" | awk '{ print substr($NF, 2) }' > "$work/deb-files" || return
  for f in "$lib/$ext.so" "$lib/bitcode/$ext.index.bc" "$share/$ext.control" \
           "$share/$ext--$version.sql" $(git ls-files "$ext--*.sql" | sed "s|^|$share/|"); do
    grep -qxF "$f" "$work/deb-files" || { echo "missing from the package: $f"; missing=1; }
  done
  grep -q "^$lib/bitcode/$ext/.*\.bc\$" "$work/deb-files" || { echo "no bitcode in the package"; missing=1; }
  dpkg-deb -f "$deb" Depends | tee /dev/stderr | grep -q "postgresql-$pgversion\b" ||
    { echo "Depends does not name postgresql-$pgversion"; missing=1; }
  [ "$missing" -eq 0 ] && echo "$(wc -l < "$work/deb-files") entries"
}

# apt-get installs the .deb; every installed file of the extension is the
# package's.
install_deb() {
  local f files n=0
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" || return
  files=$(installed_files)
  [ -n "$files" ] || { echo "no file installed"; return 1; }
  for f in $files; do
    n=$((n + 1))
    dpkg -S "$f" 2>&1 | grep -qxF "$package: $f" || { echo "not from $package: $f"; return 1; }
  done
  echo "$n files installed, all from $package (dpkg -S)"
}

installcheck_deb() (
  cd "$work/deb/$ext-$version" && debian/tests/installcheck
)

remove_deb() {
  "${sudo[@]}" dpkg -r "$package" && none_installed
}

deb_phase() {
  local debversion
  step "debian/changelog: the package is version $version" check_changelog || return
  debversion=$(dpkg-parsechangelog -l debian/changelog -S Version)
  deb=$work/deb/${package}_${debversion}_$(dpkg --print-architecture).deb
  step "dpkg-buildpackage -b: $package with pg_buildext, from git archive HEAD" \
    build_deb || return
  step "the .deb holds the library, its bitcode, the control file and the scripts" \
    check_deb_contents || return
  step "apt-get install $(basename "$deb"); dpkg -S: the package owns every file" \
    install_deb || return
  step "regression suite against the installed package (debian/tests/installcheck)" \
    installcheck_deb
  grep -E 'All [0-9]+ tests passed|tests failed' "$work/step-$n.log" | sed 's/^/    /'
  step "dpkg -r $package removes its files" remove_deb
}

set_aside() {
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    echo "$package is installed: remove it first (dpkg -r $package)"
    return 1
  fi
  touched=1
  installed_files | sed 's|^/||' > "$work/saved.list"
  if [ -s "$work/saved.list" ]; then
    "${sudo[@]}" tar -C / -cpf "$work/saved.tar" -T "$work/saved.list" || return
    remove_installed
  fi
  echo "$(wc -l < "$work/saved.list") files set aside, put back at the end"
  none_installed
}

start=$SECONDS
echo "== packages: $ext $version for PostgreSQL $pgversion, PGXN archive and Debian package"
if step "set aside the extension's files installed before" set_aside; then
  pgxn_phase
  deb_phase
fi
echo "packages: took $((SECONDS - start)) s"
echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
