#include <boost/math/policies/error_handling.hpp>
#include <cstdio>
#include <new>
#include <stdexcept>

#include "core/error.h"
#include "pg/guard.h"

extern "C" {
#include "utils/elog.h"
}

namespace hs::pg {
namespace {

// What a caught exception said, in memory that needs no destructor.
struct CaughtError {
  int sqlstate;
  char message[512];
  char detail[512];
};

CaughtError caught;

int sqlstate_of(hs::ErrorKind kind) {
  switch (kind) {
    case hs::ErrorKind::out_of_range:
      return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
    case hs::ErrorKind::invalid_parameter:
      return ERRCODE_INVALID_PARAMETER_VALUE;
    case hs::ErrorKind::invalid_text:
      return ERRCODE_INVALID_TEXT_REPRESENTATION;
    case hs::ErrorKind::array_mismatch:
      return ERRCODE_ARRAY_SUBSCRIPT_ERROR;
    case hs::ErrorKind::invalid_binary:
      return ERRCODE_INVALID_BINARY_REPRESENTATION;
  }
  return ERRCODE_INTERNAL_ERROR;
}

void set(CaughtError& out, int sqlstate, const char* message, const char* detail) {
  out.sqlstate = sqlstate;
  snprintf(out.message, sizeof out.message, "%s", message);
  snprintf(out.detail, sizeof out.detail, "%s", detail);
}

}  // namespace

void capture_current_exception(const char* function) noexcept {
  CaughtError& out = caught;
  char buf[sizeof out.message];
  try {
    throw;
  } catch (const hs::Error& e) {
    set(out, sqlstate_of(e.kind()), e.what(), e.detail());
  } catch (const std::bad_alloc&) {
    snprintf(buf, sizeof buf, "%s: out of memory", function);
    set(out, ERRCODE_OUT_OF_MEMORY, buf, "");
  } catch (const boost::math::evaluation_error& e) {
    snprintf(buf, sizeof buf, "%s: numerical evaluation failed: %s", function, e.what());
    set(out, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, buf, "");
  } catch (const std::domain_error& e) {
    snprintf(buf, sizeof buf, "%s: %s", function, e.what());
    set(out, ERRCODE_INVALID_PARAMETER_VALUE, buf, "");
  } catch (const std::invalid_argument& e) {
    snprintf(buf, sizeof buf, "%s: %s", function, e.what());
    set(out, ERRCODE_INVALID_PARAMETER_VALUE, buf, "");
  } catch (const std::out_of_range& e) {
    snprintf(buf, sizeof buf, "%s: %s", function, e.what());
    set(out, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, buf, "");
  } catch (const std::overflow_error& e) {
    snprintf(buf, sizeof buf, "%s: %s", function, e.what());
    set(out, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, buf, "");
  } catch (const std::exception& e) {
    snprintf(buf, sizeof buf, "healthscore: internal error in %s: %s", function, e.what());
    set(out, ERRCODE_INTERNAL_ERROR, buf, "");
  } catch (...) {
    snprintf(buf, sizeof buf, "healthscore: internal error in %s: unknown exception", function);
    set(out, ERRCODE_INTERNAL_ERROR, buf, "");
  }
}

void raise_captured_error() {
  const CaughtError& error = caught;
  if (error.detail[0] != '\0') {
    ereport(ERROR,
            (errcode(error.sqlstate), errmsg("%s", error.message), errdetail("%s", error.detail)));
  }
  ereport(ERROR, (errcode(error.sqlstate), errmsg("%s", error.message)));
  pg_unreachable();
}

}  // namespace hs::pg
