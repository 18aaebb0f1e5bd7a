// The one place where Datums become C++ values and back: fixed-size state
// types updated in place, composite results and arguments, optional floats.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include "pg/guard.h"

extern "C" {
#include "utils/builtins.h"
}

namespace hs::pg {

// A fixed-size state argument. Inside an aggregate (transition or combine
// function) the state lives in the aggregate's memory context and is updated
// in place, as PostgreSQL's own int4_avg_accum does; elsewhere it is copied
// so that a caller's Datum is never modified.
template <typename State>
inline State* state_for_update(FunctionCallInfo fcinfo, int argno) {
  State* state = reinterpret_cast<State*>(PG_GETARG_POINTER(argno));
  if (AggCheckCallContext(fcinfo, nullptr)) return state;
  State* copy = static_cast<State*>(palloc(sizeof(State)));
  std::memcpy(copy, state, sizeof(State));
  return copy;
}

template <typename State>
inline const State& state_arg(FunctionCallInfo fcinfo, int argno) {
  return *reinterpret_cast<const State*>(PG_GETARG_POINTER(argno));
}

// Text input and output of a fixed-size state type: parse(const char*) and
// to_text(const State&) come from the core.
template <typename State, State (*parse)(const char*)>
inline Datum state_in(FunctionCallInfo fcinfo) {
  State parsed = parse(PG_GETARG_CSTRING(0));
  State* out = static_cast<State*>(palloc(sizeof(State)));
  std::memcpy(out, &parsed, sizeof(State));
  PG_RETURN_POINTER(out);
}

template <typename State, typename Writer, Writer (*to_text)(const State&)>
inline Datum state_out(FunctionCallInfo fcinfo) {
  Writer text = to_text(state_arg<State>(fcinfo, 0));
  PG_RETURN_CSTRING(pstrdup(text.c_str()));
}

inline Datum optional_float8(FunctionCallInfo fcinfo, std::optional<double> value) {
  if (!value) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(*value);
}

// Builds a value of the function's composite result type from the given
// fields; the tuple descriptor is looked up once per call site.
Datum make_composite(FunctionCallInfo fcinfo, const Datum* values, const bool* nulls);

// The fields of a composite argument, NULL fields marked in nulls.
void read_composite(FunctionCallInfo fcinfo, int argno, int natts, Datum* values, bool* nulls);

// A field of a composite read as int8 (NULL -> error) or float8 (NULL -> nullopt).
std::int64_t required_int64(const Datum* values, const bool* nulls, int index,
                            const char* function, const char* field);
std::optional<double> optional_double(const Datum* values, const bool* nulls, int index);

// A parameter argument of a non-strict function: NULL is an error.
double required_float8_arg(FunctionCallInfo fcinfo, int argno, const char* function,
                           const char* parameter);
std::int32_t required_int32_arg(FunctionCallInfo fcinfo, int argno, const char* function,
                                const char* parameter);

inline Datum float8_or_null(std::optional<double> value, bool* isnull) {
  *isnull = !value.has_value();
  return Float8GetDatum(value.value_or(0.0));
}

}  // namespace hs::pg
