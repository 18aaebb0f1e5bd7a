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

// What a caught exception said, in memory that needs no destructor.
struct CaughtError {
  int sqlstate;
  char message[512];
  char detail[512];
};

// Fills `out` from the exception being handled (call only inside catch).
void capture_current_exception(CaughtError& out, const char* function) noexcept;

// Raises `error` as a PostgreSQL ERROR; never returns.
[[noreturn]] void raise_error(const CaughtError& error);

template <typename Body>
inline Datum guard(const char* function, Body&& body) {
  CaughtError error;
  try {
    return body();
  } catch (...) {
    capture_current_exception(error, function);
  }
  raise_error(error);
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
