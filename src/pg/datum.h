// The one place where Datums become C++ values and back: fixed-size state
// and fit types (updated in place inside aggregates, text and binary forms),
// composite results and arguments described by RowTraits, parameters.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include "core/error.h"
#include "core/parameters.h"
#include "core/state_text.h"
#include "pg/guard.h"

extern "C" {
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "nodes/execnodes.h"
#include "utils/builtins.h"
}

namespace hs::pg {

// palloc in the current memory context, through call_pg.
void* allocate(Size size);

// A fixed-size state argument for a transition or combine function. Inside an
// aggregate (or a window aggregate) the state lives in the aggregate's memory
// context and is updated in place, as PostgreSQL's own int4_avg_accum does;
// elsewhere it is copied so that a caller's Datum is never modified. A NULL
// state (a user's own aggregate without INITCOND, a direct call) starts empty:
// no responses, no parameter chosen.
// (The context test is AggCheckCallContext's, inline: it runs once per row.)
template <typename State>
inline State* state_for_update(FunctionCallInfo fcinfo, int argno) {
  State* copy;
  if (PG_ARGISNULL(argno)) {
    copy = static_cast<State*>(allocate(sizeof(State)));
    *copy = State();
    return copy;
  }
  State* state = reinterpret_cast<State*>(PG_GETARG_POINTER(argno));
  if (fcinfo->context != nullptr &&
      (IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState)))
    return state;
  copy = static_cast<State*>(allocate(sizeof(State)));
  std::memcpy(copy, state, sizeof(State));
  return copy;
}

// A state argument of a strict function.
template <typename State>
inline const State& state_arg(FunctionCallInfo fcinfo, int argno) {
  return *reinterpret_cast<const State*>(PG_GETARG_POINTER(argno));
}

// A fit argument: fits are stored in tables, so their format word is checked.
[[noreturn]] void throw_unknown_format(const char* type_name, std::uint32_t format);

template <typename Fit>
inline const Fit& fit_arg(FunctionCallInfo fcinfo, int argno) {
  const Fit& fit = state_arg<Fit>(fcinfo, argno);
  if (fit.format != Fit().format || fit.reserved != 0)
    throw_unknown_format(StateTraits<Fit>::name, fit.format);
  return fit;
}

template <typename State>
inline Datum state_datum(const State& value) {
  auto* out = static_cast<State*>(allocate(sizeof(State)));
  std::memcpy(out, &value, sizeof(State));
  return PointerGetDatum(out);
}

// --- Text and binary forms of a state or fit type, from its StateTraits ---

template <typename State>
inline Datum state_in(FunctionCallInfo fcinfo) {
  return state_datum(hs::parse_state<State>(PG_GETARG_CSTRING(0)));
}

template <typename State>
inline Datum state_out(FunctionCallInfo fcinfo) {
  hs::StateTextWriter text = hs::format_state(state_arg<State>(fcinfo, 0));
  const char* chars = text.c_str();
  return CStringGetDatum(call_pg([chars] { return pstrdup(chars); }));
}

// Binary form (COPY BINARY, binary protocol): the format version as one
// byte, then the fields in order, in network byte order.
struct BinaryFieldSize {
  int bytes = 1;  // the version byte
  void operator()(const char*, std::int64_t&) { bytes += 8; }
  void operator()(const char*, std::int32_t&) { bytes += 4; }
  void operator()(const char*, double&) { bytes += 8; }
  void operator()(const char*, hs::Wide&) { bytes += 16; }
};

struct BinaryFieldSender {
  StringInfo buf;
  void operator()(const char*, std::int64_t& v) { pq_sendint64(buf, v); }
  void operator()(const char*, std::int32_t& v) { pq_sendint32(buf, v); }
  void operator()(const char*, double& v) { pq_sendfloat8(buf, v); }
  void operator()(const char*, hs::Wide& v) {
    pq_sendint64(buf, static_cast<std::int64_t>(v.hi));
    pq_sendint64(buf, static_cast<std::int64_t>(v.lo));
  }
};

// Reads fields whose total size was checked first, so no read can fail.
struct BinaryFieldReceiver {
  StringInfo buf;
  void operator()(const char*, std::int64_t& v) { v = pq_getmsgint64(buf); }
  void operator()(const char*, std::int32_t& v) {
    v = static_cast<std::int32_t>(pq_getmsgint(buf, 4));
  }
  void operator()(const char*, double& v) { v = pq_getmsgfloat8(buf); }
  void operator()(const char*, hs::Wide& v) {
    v.hi = static_cast<std::uint64_t>(pq_getmsgint64(buf));
    v.lo = static_cast<std::uint64_t>(pq_getmsgint64(buf));
  }
};

// Rejects a binary form (22P03) naming the type and why.
[[noreturn]] void reject_binary(const char* type_name, const char* why);

template <typename State>
inline Datum state_send(FunctionCallInfo fcinfo) {
  using Traits = hs::StateTraits<State>;
  State state = state_arg<State>(fcinfo, 0);
  return PointerGetDatum(call_pg([&state] {
    StringInfoData buf;
    pq_begintypsend(&buf);
    pq_sendbyte(&buf, Traits::version);
    Traits::fields(state, BinaryFieldSender{&buf});
    return pq_endtypsend(&buf);
  }));
}

template <typename State>
inline Datum state_recv(FunctionCallInfo fcinfo) {
  using Traits = hs::StateTraits<State>;
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  State state;
  BinaryFieldSize size;
  Traits::fields(state, size);
  int left = buf->len - buf->cursor;
  if (left < 1) reject_binary(Traits::name, "no data");
  if (static_cast<unsigned char>(buf->data[buf->cursor]) != Traits::version)
    reject_binary(Traits::name, "unsupported format version");
  if (left < size.bytes) reject_binary(Traits::name, "truncated value");
  if (left > size.bytes) reject_binary(Traits::name, "unexpected bytes after the last field");
  ++buf->cursor;
  Traits::fields(state, BinaryFieldReceiver{buf});
  if (const char* why = Traits::problem(state)) reject_binary(Traits::name, why);
  return state_datum(state);
}

// --- Composite values described by RowTraits ---

// Builds a value of the function's composite result type; the tuple
// descriptor is looked up once per call site.
Datum make_composite(FunctionCallInfo fcinfo, const Datum* values, const bool* nulls, int natts);

// The attributes of a composite argument, checked against the expected types.
void read_composite(FunctionCallInfo fcinfo, int argno, const char* type_name, const Oid* types,
                    int natts, Datum* values, bool* nulls);

constexpr int kMaxRowFields = 16;

struct RowWriter {
  Datum* values;
  bool* nulls;
  int n = 0;
  void operator()(const char*, std::int64_t& v) {
    values[n] = Int64GetDatum(v);
    nulls[n++] = false;
  }
  void operator()(const char*, std::optional<double>& v) {
    values[n] = Float8GetDatum(v.value_or(0.0));
    nulls[n++] = !v.has_value();
  }
};

struct RowTypes {
  Oid types[kMaxRowFields];
  int n = 0;
  void operator()(const char*, std::int64_t&) { types[n++] = INT8OID; }
  void operator()(const char*, std::optional<double>&) { types[n++] = FLOAT8OID; }
};

// Counts must not be NULL (22023 naming the field); figures may be.
struct RowReader {
  const Datum* values;
  const bool* nulls;
  int n = 0;
  void operator()(const char* name, std::int64_t& v) {
    if (nulls[n]) hs::throw_null_parameter(name);
    v = DatumGetInt64(values[n++]);
  }
  void operator()(const char*, std::optional<double>& v) {
    if (nulls[n]) {
      v.reset();
    } else {
      v = DatumGetFloat8(values[n]);
    }
    ++n;
  }
};

template <typename Row>
inline Datum row_datum(FunctionCallInfo fcinfo, Row row) {
  Datum values[kMaxRowFields];
  bool nulls[kMaxRowFields];
  RowWriter writer{values, nulls};
  hs::RowTraits<Row>::fields(row, writer);
  return make_composite(fcinfo, values, nulls, writer.n);
}

template <typename Row>
inline Row row_arg(FunctionCallInfo fcinfo, int argno) {
  Row row;
  RowTypes types;
  hs::RowTraits<Row>::fields(row, types);
  Datum values[kMaxRowFields];
  bool nulls[kMaxRowFields];
  read_composite(fcinfo, argno, hs::RowTraits<Row>::name, types.types, types.n, values, nulls);
  hs::RowTraits<Row>::fields(row, RowReader{values, nulls});
  return row;
}

// --- Arguments and results ---

// A parameter argument of a non-strict function: NULL is an error.
double required_float8_arg(FunctionCallInfo fcinfo, int argno, const char* parameter);
std::int32_t required_int32_arg(FunctionCallInfo fcinfo, int argno, const char* parameter);

// A text argument's bytes, read in place. Only a compressed or out-of-line
// value is detoasted (through call_pg); an inline one, as a per-row value
// nearly always is, cannot raise and costs no error frame.
struct TextArg {
  const char* data;
  std::size_t length;
};
inline TextArg text_arg(FunctionCallInfo fcinfo, int argno) {
  Datum d = PG_GETARG_DATUM(argno);
  auto* t = reinterpret_cast<text*>(DatumGetPointer(d));
  if (VARATT_IS_COMPRESSED(t) || VARATT_IS_EXTERNAL(t))
    t = static_cast<text*>(call_pg([d] { return static_cast<void*>(PG_DETOAST_DATUM_PACKED(d)); }));
  return TextArg{VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)};
}

inline Datum optional_float8(FunctionCallInfo fcinfo, std::optional<double> value) {
  if (!value) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(*value);
}

// --- Generic aggregate support functions ---

// Combine function: merges the partial state in argument 1 into argument 0.
template <typename State, void (*Merge)(State&, const State&)>
inline Datum combine(FunctionCallInfo fcinfo) {
  State* state = state_for_update<State>(fcinfo, 0);
  Merge(*state, state_arg<State>(fcinfo, 1));
  PG_RETURN_POINTER(state);
}

// Transition of rollup(summary [, confidence]): adds one summary to the
// state; the confidence is checked and adopted on every row, NULL summaries
// included.
template <typename State, typename Summary, void (*Add)(State&, const Summary&)>
inline Datum rollup_accum(FunctionCallInfo fcinfo) {
  State* state = state_for_update<State>(fcinfo, 0);
  if (PG_NARGS() > 2)
    hs::adopt_confidence(state->confidence, required_float8_arg(fcinfo, 2, "confidence"));
  if (!PG_ARGISNULL(1)) Add(*state, row_arg<Summary>(fcinfo, 1));
  PG_RETURN_POINTER(state);
}

// Final function returning the summary composite of a state.
template <typename State, typename Summary, Summary (*Summarize)(const State&)>
inline Datum summary_final(FunctionCallInfo fcinfo) {
  return row_datum(fcinfo, Summarize(state_arg<State>(fcinfo, 0)));
}

}  // namespace hs::pg

// Defines the four I/O functions of a fixed-size state or fit type described
// by hs::StateTraits<State>: prefix_in and prefix_out (the text form
// 'v1:field=value,...'), prefix_recv and prefix_send (a version byte, then the
// fields in network byte order); input rejects what the type's aggregates
// could never produce.
#define HS_STATE_TYPE_IO(prefix, State)                                    \
  HS_FUNCTION(prefix##_in) { return hs::pg::state_in<State>(fcinfo); }     \
  HS_FUNCTION(prefix##_out) { return hs::pg::state_out<State>(fcinfo); }   \
  HS_FUNCTION(prefix##_recv) { return hs::pg::state_recv<State>(fcinfo); } \
  HS_FUNCTION(prefix##_send) { return hs::pg::state_send<State>(fcinfo); }

namespace hs::pg {

// A one-dimensional array argument read in place (detoasted, never copied
// element by element): its length, its data and its NULL bitmap.
struct ArrayArg {
  ArrayType* array;
  std::int64_t length;
};

// The array in argument argno (through call_pg); more than one dimension is an
// error (2202E) naming `what`.
ArrayArg array_arg(FunctionCallInfo fcinfo, int argno, const char* what);

// The elements of a float8[] in order, NULL as nullopt: f(index, std::optional<double>).
template <typename F>
inline void each_float8(const ArrayArg& a, F&& f) {
  const char* data = ARR_DATA_PTR(a.array);
  const bits8* nulls = ARR_NULLBITMAP(a.array);
  for (std::int64_t i = 0; i < a.length; ++i) {
    if (nulls != nullptr && (nulls[i / 8] & (1 << (i % 8))) == 0) {
      f(i, std::optional<double>());
      continue;
    }
    double x;
    std::memcpy(&x, data, sizeof x);
    data += sizeof x;
    f(i, std::optional<double>(x));
  }
}

// The elements of a text[] as Datums pointing into the array (NULL marked).
void text_elements(const ArrayArg& a, Datum* values, bool* nulls);

// Element `index` (0-based, < length) of a text[], walking no further; NULL marked.
Datum text_element(const ArrayArg& a, std::int64_t index, bool* isnull);

// Whether argument argno of the call is a constant of the query (a Const):
// the same value on every call of this call site. A parameter is not: a
// PL/pgSQL variable is one, and a PL/pgSQL expression keeps its call sites
// while the variable changes.
bool arg_is_constant(FunctionCallInfo fcinfo, int argno);

// A float8[] argument that is a constant is read and checked once per call
// site and kept in fn_extra.
struct CachedFloat8s {
  std::int64_t length;
  double values[FLEXIBLE_ARRAY_MEMBER];
};
// The cached copy for argument argno, or nullptr when it may change per row.
// `check` validates the values (and throws) before they are cached.
CachedFloat8s* stable_float8s(FunctionCallInfo fcinfo, int argno, const char* what,
                              void (*check)(const double* values, std::int64_t length));

}  // namespace hs::pg
