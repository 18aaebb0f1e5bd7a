// The one place where Datums become C++ values and back: fixed-size state
// types updated in place, composite results and arguments, optional floats.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include "core/state_text.h"
#include "pg/guard.h"

extern "C" {
#include "libpq/pqformat.h"
#include "nodes/execnodes.h"
#include "utils/builtins.h"
}

namespace hs::pg {

// A fixed-size state argument. Inside an aggregate (transition or combine
// function) the state lives in the aggregate's memory context and is updated
// in place, as PostgreSQL's own int4_avg_accum does; elsewhere it is copied
// so that a caller's Datum is never modified.
// (The test is AggCheckCallContext's, inline: it runs once per input row.)
template <typename State>
inline State* state_for_update(FunctionCallInfo fcinfo, int argno) {
  State* state = reinterpret_cast<State*>(PG_GETARG_POINTER(argno));
  if (fcinfo->context != nullptr &&
      (IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState)))
    return state;
  State* copy = static_cast<State*>(palloc(sizeof(State)));
  std::memcpy(copy, state, sizeof(State));
  return copy;
}

template <typename State>
inline const State& state_arg(FunctionCallInfo fcinfo, int argno) {
  return *reinterpret_cast<const State*>(PG_GETARG_POINTER(argno));
}

template <typename State>
inline Datum state_datum(const State& value) {
  State* out = static_cast<State*>(palloc(sizeof(State)));
  std::memcpy(out, &value, sizeof(State));
  return PointerGetDatum(out);
}

// Text input and output of a fixed-size state type, as its StateTraits
// describe it (core/state_text.h).
template <typename State>
inline Datum state_in(FunctionCallInfo fcinfo) {
  return state_datum(hs::parse_state<State>(PG_GETARG_CSTRING(0)));
}

template <typename State>
inline Datum state_out(FunctionCallInfo fcinfo) {
  hs::StateTextWriter text = hs::format_state(state_arg<State>(fcinfo, 0));
  PG_RETURN_CSTRING(pstrdup(text.c_str()));
}

// Binary form (COPY BINARY, binary protocol): the format version as one
// byte, then the fields in order, in network byte order.
struct BinaryFieldSender {
  StringInfo buf;
  void operator()(const char*, std::int64_t& v) { pq_sendint64(buf, v); }
  void operator()(const char*, std::int32_t& v) { pq_sendint32(buf, v); }
  void operator()(const char*, double& v) { pq_sendfloat8(buf, v); }
};

struct BinaryFieldReceiver {
  StringInfo buf;
  void operator()(const char*, std::int64_t& v) { v = pq_getmsgint64(buf); }
  void operator()(const char*, std::int32_t& v) { v = pq_getmsgint(buf, 4); }
  void operator()(const char*, double& v) { v = pq_getmsgfloat8(buf); }
};

// Rejects a binary form that is not of the expected version or whose values do not fit.
void reject_binary(const char* type_name, const char* why);

template <typename State>
inline Datum state_send(FunctionCallInfo fcinfo) {
  using Traits = hs::StateTraits<State>;
  State state = state_arg<State>(fcinfo, 0);
  StringInfoData buf;
  pq_begintypsend(&buf);
  pq_sendbyte(&buf, Traits::version);
  Traits::fields(state, BinaryFieldSender{&buf});
  PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

template <typename State>
inline Datum state_recv(FunctionCallInfo fcinfo) {
  using Traits = hs::StateTraits<State>;
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  if (pq_getmsgbyte(buf) != Traits::version)
    reject_binary(Traits::name, "unsupported format version");
  State state;
  Traits::fields(state, BinaryFieldReceiver{buf});
  if (buf->cursor != buf->len) reject_binary(Traits::name, "unexpected bytes after the last field");
  if (const char* why = Traits::problem(state)) reject_binary(Traits::name, why);
  return state_datum(state);
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
std::int64_t required_int64(const Datum* values, const bool* nulls, int index, const char* function,
                            const char* field);
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
