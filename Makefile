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
            src/sql/calibration.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(wildcard $(EXTENSION)--*--*.sql)
EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql

TESTS = $(sort $(wildcard sql/*.sql))
REGRESS = $(patsubst sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

PG_CONFIG ?= pg_config
PG_INCLUDE_SERVER := $(shell $(PG_CONFIG) --includedir-server)
WARNINGS = -Wall -Wextra $(if $(WERROR),-Werror)
# -isystem: warnings are about our code, not PostgreSQL's headers.
PG_CPPFLAGS = -I$(CURDIR)/src -isystem $(PG_INCLUDE_SERVER)
PG_CXXFLAGS = -std=c++17 $(WARNINGS)
SHLIB_LINK += -lstdc++

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

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
