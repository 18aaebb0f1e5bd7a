# healthscore: PGXS build of the extension.
#   make && make install      build healthscore.so and install it with its SQL script
#   make installcheck         run the pg_regress suite (sql/*.sql against expected/*.out)
# Set WERROR=1 to turn warnings into errors (the test command and CI do).

EXTENSION = healthscore
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = healthscore
CORE_OBJS = $(patsubst %.cpp,%.o,$(sort $(wildcard src/core/*.cpp)))
PG_OBJS = $(patsubst %.cpp,%.o,$(sort $(wildcard src/pg/*.cpp)))
OBJS = $(CORE_OBJS) $(PG_OBJS)

# The install script is assembled from one file per function family, in this order.
SQL_PARTS = src/sql/prelude.sql src/sql/nps.sql src/sql/csat.sql src/sql/ces.sql \
            src/sql/window_scores.sql src/sql/fit.sql src/sql/scaling.sql \
            src/sql/health.sql src/sql/bands.sql src/sql/dynamics.sql \
            src/sql/calibration.sql src/sql/survival.sql src/sql/scorecards.sql
# Both scripts of the version being developed are generated from these parts (not
# in git): its install script, from every line, and the update script from the
# previous release, from the lines after each part's "-- @since <version>" marker.
# Released versions' install and update scripts are frozen in git (README
# "Upgrading", DEVELOPERS.md "Releasing").
PREVIOUS_VERSION = 0.1.0
UPDATE_SCRIPT = $(EXTENSION)--$(PREVIOUS_VERSION)--$(EXTVERSION).sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPDATE_SCRIPT)
DATA = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))
EXTRA_CLEAN = $(DATA_built)

TESTS = $(sort $(wildcard sql/*.sql))
REGRESS = $(patsubst sql/%.sql,%,$(TESTS))
# No --load-extension: sql/include/fixtures.sql installs the extension into its
# own schema, healthscore, as README "Install" recommends.
REGRESS_OPTS = --inputdir=.

PG_CONFIG ?= pg_config
PG_INCLUDE_SERVER := $(shell $(PG_CONFIG) --includedir-server)
WARNINGS = -Wall -Wextra $(if $(WERROR),-Werror)
# -isystem: warnings are about our code, not PostgreSQL's headers.
PG_CPPFLAGS = -I$(CURDIR)/src -isystem $(PG_INCLUDE_SERVER)
PG_CXXFLAGS = -std=c++17 $(WARNINGS)
SHLIB_LINK += -lstdc++

# Built before the regression tests, never installed: a stand-in for a
# distributed engine's wrapper aggregates (test/standin/wrapper_agg.c).
REGRESS_PREP = regress-standin

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

STANDIN = test/standin/wrapper_agg$(DLSUFFIX)
regress-standin: $(STANDIN)
$(STANDIN): test/standin/wrapper_agg.c
	$(CC) $(CFLAGS) $(CFLAGS_SL) $(WARNINGS) -isystem $(PG_INCLUDE_SERVER) $(LDFLAGS) $(LDFLAGS_SL) -shared -o $@ $<
EXTRA_CLEAN += $(STANDIN)
.PHONY: regress-standin

# PostgreSQL's bitcode rule (JIT inlining, with_llvm = yes) ignores PG_CXXFLAGS.
COMPILE.cxx.bc += $(PG_CXXFLAGS)
# clang emits C++ constructor/destructor aliases (C1 = alias C2) in bitcode;
# PostgreSQL 15's JIT inliner (LLVM 14) asserts on them and the backend aborts
# (SIGABRT) once a query passes jit_inline_above_cost. Emit real functions.
COMPILE.cxx.bc += -Xclang -mno-constructor-aliases
# clang contracts a*b+c into fused multiply-adds by default, g++ in ISO C++
# mode does not: inlined bitcode would round differently from the shared
# library, and results would depend on whether a query was JIT-compiled.
COMPILE.cxx.bc += -ffp-contract=off

# The core never sees PostgreSQL: it is compiled without the server include
# directory, so an #include of postgres.h in src/core fails to compile.
CORE_CPPFLAGS = -I$(CURDIR)/src
$(CORE_OBJS) $(CORE_OBJS:.o=.bc): override CPPFLAGS := $(CORE_CPPFLAGS)

$(OBJS) $(OBJS:.o=.bc): $(wildcard src/core/*.h src/pg/*.h)

# Objects depend on the flags they were compiled with: .build-flags holds the
# compile commands and is rewritten only when they change, so `make WERROR=1`
# after a plain `make` (or the reverse) recompiles instead of finding the
# objects up to date.
# (:= expands now, before target-specific CPPFLAGS of the core can leak in.)
BUILD_FLAGS := $(strip $(CXX) $(CXXFLAGS) $(CPPFLAGS) | $(COMPILE.cxx.bc) | $(CORE_CPPFLAGS))
.build-flags: FORCE
	@if [ "$$(cat $@ 2>/dev/null)" != '$(BUILD_FLAGS)' ]; then \
	  echo '$(BUILD_FLAGS)' > $@; fi
$(OBJS) $(OBJS:.o=.bc): .build-flags
EXTRA_CLEAN += .build-flags
.PHONY: FORCE

# The flags of every src/core object (without include directories: the core
# sees none but src/). CMakeLists.txt reads them, so the unit tests run the
# core compiled exactly as it ships. `make -s print-core-cxxflags [WERROR=1]`
print-core-cxx print-core-cxxflags: need-pgxs
print-core-cxx:
	@echo '$(CXX)'
print-core-cxxflags:
	@echo '$(strip $(CXXFLAGS))'
need-pgxs:
	@$(if $(PGXS),true,echo 'PGXS not found: is pg_config ($(PG_CONFIG)) installed?' >&2; false)
.PHONY: print-core-cxx print-core-cxxflags need-pgxs

# Table-driven lines (@state_type, @aggregate) expand into plain SQL.
$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) src/sql/expand.awk $(EXTENSION).control
	awk -f src/sql/expand.awk $(SQL_PARTS) > $@
$(UPDATE_SCRIPT): $(SQL_PARTS) src/sql/expand.awk $(EXTENSION).control Makefile
	awk -v since=$(EXTVERSION) -f src/sql/expand.awk $(SQL_PARTS) > $@

# make freeze: run once, when the current version is released (DEVELOPERS.md
# "Releasing"): records the checksum of its install script in frozen.sha256,
# which test/upgrade.sh checks; the two generated scripts are then committed.
freeze: $(DATA_built)
	sha256sum $(sort $(filter-out $(wildcard $(EXTENSION)--*--*.sql),$(DATA) $(EXTENSION)--$(EXTVERSION).sql)) > frozen.sha256
	@echo 'froze $(EXTENSION)--$(EXTVERSION).sql:'; cat frozen.sha256
	@echo 'now: git add -f $(DATA_built) frozen.sha256, then start the next version'
.PHONY: freeze

# The PGXN distribution: healthscore-VERSION.zip of the committed tree (HEAD),
# every file under one directory healthscore-VERSION/. META.json must announce
# the version of healthscore.control, or there is no archive.
DIST = $(EXTENSION)-$(EXTVERSION).zip
dist:
	@for v in $$(sed '/"meta-spec"/,/}/d' META.json | sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p'); do \
	  [ "$$v" = '$(EXTVERSION)' ] || { \
	    echo "META.json announces version $$v, healthscore.control $(EXTVERSION)" >&2; exit 1; }; done
	git archive --format zip --prefix $(EXTENSION)-$(EXTVERSION)/ -o $(DIST) HEAD
EXTRA_CLEAN += $(DIST)
.PHONY: dist
