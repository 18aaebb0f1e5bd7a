// The boundary between C++ and PostgreSQL. Every SQL-callable function of the
// extension is defined with HS_FUNCTION, which runs its body inside one guard:
// a C++ exception is caught, its message copied into a plain buffer, and the
// PostgreSQL error raised only after the catch block has ended, so no
// exception escapes into PostgreSQL and no C++ frame is unwound by longjmp.
//
// Bodies must not keep an object with a non-trivial destructor alive across a
// call that can raise a PostgreSQL error (palloc, detoasting, ereport...).
#pragma once

extern "C" {
#include "postgres.h"

#include "fmgr.h"
}

#include <exception>

namespace hs::pg {

// Records the exception being handled (call only inside catch) in the one
// buffer of the backend: plain memory, so nothing needs destroying when the
// error is raised. Backends are single-threaded and the error is raised right
// after the catch block, so the buffer is never shared.
void capture_current_exception(const char* function) noexcept;

// Raises the recorded exception as a PostgreSQL ERROR; never returns.
[[noreturn]] void raise_captured_error();

// The body's frame holds no buffer: the common path stays a plain call.
template <typename Body>
inline Datum guard(const char* function, Body&& body) {
  try {
    return body();
  } catch (...) {
    capture_current_exception(function);
  }
  raise_captured_error();
}

}  // namespace hs::pg

// Defines the SQL-callable function `name` (V1 calling convention); the block
// that follows is its body, run inside the guard, with `fcinfo` in scope.
#define HS_FUNCTION(name)                                                             \
  extern "C" {                                                                        \
  PG_FUNCTION_INFO_V1(name);                                                          \
  }                                                                                   \
  static Datum name##_body(FunctionCallInfo fcinfo);                                  \
  extern "C" Datum name(PG_FUNCTION_ARGS) {                                           \
    return hs::pg::guard(#name, [fcinfo]() -> Datum { return name##_body(fcinfo); }); \
  }                                                                                   \
  static Datum name##_body(FunctionCallInfo fcinfo)
