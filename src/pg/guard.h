// The boundary between C++ and PostgreSQL, in both directions.
//
// C++ to PostgreSQL: every SQL-callable function of the extension is defined
// with HS_FUNCTION, which runs its body inside one guard: a C++ exception is
// caught, what it says is copied into plain memory, and the PostgreSQL error
// is raised only after the catch block has ended, so no exception escapes into
// PostgreSQL and no C++ frame is unwound by longjmp. The guard also names the
// SQL function the user called in messages that start with it.
//
// PostgreSQL to C++: code that may raise a PostgreSQL error (palloc, catalog
// lookups, detoasting, arrays, jsonb, SPI, the window API) runs through
// call_pg, which catches the error and rethrows it as a C++ exception (PgError),
// so that C++ frames unwind normally; the guard raises the original error
// again, SQLSTATE and message intact. Query cancel reaches long C++ loops the
// same way (hs::check_interrupts, installed in module.cpp).
#pragma once

extern "C" {
#include "postgres.h"

#include "fmgr.h"
#include "utils/elog.h"
}

#include <exception>
#include <type_traits>
#include <utility>

namespace hs::pg {

// A PostgreSQL error caught by call_pg, carried through C++ frames.
class PgError final : public std::exception {
 public:
  explicit PgError(ErrorData* data) : data_(data) {}
  const char* what() const noexcept override {
    return data_->message != nullptr ? data_->message : "PostgreSQL error";
  }
  ErrorData* data() const { return data_; }

 private:
  ErrorData* data_;  // in the memory context that was current at the call
};

// Records the exception being handled (call only inside catch) in the one
// buffer of the backend: plain memory, so nothing needs destroying when the
// error is raised. Backends are single-threaded and the error is raised right
// after the catch block, so the buffer is never shared.
void capture_current_exception() noexcept;

// Raises the recorded exception as a PostgreSQL ERROR; never returns.
// `symbol` names the C entry point, used only if the SQL name cannot be found.
[[noreturn]] void raise_captured_error(FunctionCallInfo fcinfo, const char* symbol);

// Raises a NOTICE whose message is the SQL function's name followed by
// `rest` (as hs::Error::after_function writes it), with `detail`.
void raise_notice(FunctionCallInfo fcinfo, const char* symbol, const char* rest,
                  const char* detail);

// The body's frame holds no buffer: the common path stays a plain call.
template <typename Body>
inline Datum guard(FunctionCallInfo fcinfo, const char* symbol, Body&& body) {
  try {
    return body();
  } catch (...) {
    capture_current_exception();
  }
  raise_captured_error(fcinfo, symbol);
}

// Runs fn(arg) inside PG_TRY; a PostgreSQL error becomes a PgError thrown
// after the try block has ended. A C++ exception thrown by fn is carried out
// of the try block and rethrown too.
void call_pg_impl(void (*fn)(void*), void* arg);

// Runs `f` (PostgreSQL calls; it must keep no C++ object with a destructor
// alive in its own frames) and returns its result; PostgreSQL errors raised
// inside become PgError.
template <typename F>
inline decltype(auto) call_pg(F&& f) {
  using Result = std::invoke_result_t<F&>;
  if constexpr (std::is_void_v<Result>) {
    call_pg_impl([](void* p) { (*static_cast<std::remove_reference_t<F>*>(p))(); },
                 const_cast<void*>(static_cast<const void*>(&f)));
  } else {
    Result result{};
    auto run = [&f, &result] { result = f(); };
    call_pg_impl([](void* p) { (*static_cast<decltype(run)*>(p))(); }, &run);
    return result;
  }
}

}  // namespace hs::pg

// Defines the SQL-callable function `name` (V1 calling convention); the block
// that follows is its body, run inside the guard, with `fcinfo` in scope.
#define HS_FUNCTION(name)                                                                     \
  extern "C" {                                                                                \
  PG_FUNCTION_INFO_V1(name);                                                                  \
  }                                                                                           \
  static Datum name##_body(FunctionCallInfo fcinfo);                                          \
  extern "C" Datum name(PG_FUNCTION_ARGS) {                                                   \
    return hs::pg::guard(fcinfo, #name, [fcinfo]() -> Datum { return name##_body(fcinfo); }); \
  }                                                                                           \
  static Datum name##_body(FunctionCallInfo fcinfo)
