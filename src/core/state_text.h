// The text form shared by every state and fit type of the extension:
//
//   v1:promoters=110,passives=50,detractors=40,confidence=0.95
//
// A format version first, then the fields in a fixed order with their names,
// so that the form is readable when stored in a table and strictly checked
// when read back (a distributed engine ships partial states as text).
#pragma once
#include "core/pure.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace hs {

// An unsigned 128-bit count held as two words: SQL types are aligned to 8
// bytes, so a state never holds an __int128 member (which wants 16).
struct Wide {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  unsigned __int128 get() const { return (static_cast<unsigned __int128>(hi) << 64) | lo; }
  void set(unsigned __int128 v) {
    lo = static_cast<std::uint64_t>(v);
    hi = static_cast<std::uint64_t>(v >> 64);
  }
};

// Longest text form of any fixed-size state, terminating NUL included.
constexpr std::size_t kStateTextMax = 256;

// A double as text that reads back to the same double: the shorter of 15 or
// 17 significant digits (finite values; NaN and Infinity as printf spells them).
constexpr std::size_t kDoubleTextMax = 40;
void write_double(char (&out)[kDoubleTextMax], double value);

class StateTextWriter {
 public:
  explicit StateTextWriter(int version);
  StateTextWriter& field(const char* name, std::int64_t value);
  StateTextWriter& field(const char* name, double value);
  StateTextWriter& field(const char* name, const Wide& value);
  const char* c_str() const { return buf_; }

 private:
  void append(const char* s);
  StateTextWriter& put(const char* name, const char* value);
  char buf_[kStateTextMax];
  std::size_t len_ = 0;
  bool first_ = true;
};

// Reads a text form written by StateTextWriter. Every method throws hs::Error
// (invalid_text) naming the type on anything malformed: wrong version, missing
// or misnamed field, bad number, non-finite double, trailing characters.
class StateTextReader {
 public:
  StateTextReader(const char* text, const char* type_name, int version);
  std::int64_t int64_field(const char* name);
  double double_field(const char* name);
  std::int32_t int32_field(const char* name);
  Wide wide_field(const char* name);
  void finish();
  // Rejects the text for a reason found after reading its fields.
  [[noreturn]] void reject(const char* why) const;

 private:
  const char* field_value(const char* name);
  const char* text_;
  const char* pos_;
  const char* type_name_;
  bool first_ = true;
};

// Pieces of the longer text forms (the runs of a growing state), each reading
// at p and advancing it; false when malformed. An unsigned decimal count of at
// most `max`:
bool read_count(const char*& p, std::uint64_t max, std::uint64_t* out);
// A finite double as write_double writes it (no NaN, Infinity or spaces):
bool read_finite(const char*& p, double* out);

// Each state type describes itself once, in a specialization of StateTraits:
//   static constexpr const char* name;     its SQL type name
//   static constexpr int version;          the format version of its text and binary forms
//   template <class F> static void fields(State&, F&& f);  calls f(name, member) in order
//   static const char* problem(const State&);  why the values do not fit together, or nullptr
// The text form, the binary form and their validation all follow from it.
template <typename State>
struct StateTraits;

// A composite SQL type (a summary) describes its attributes the same way, in
// the order of the SQL type: counts as std::int64_t (never NULL), figures as
// std::optional<double> (NULL when absent).
//   static constexpr const char* name;     its SQL type name
//   template <class F> static void fields(Row&, F&& f);
template <typename Row>
struct RowTraits;

namespace detail {

struct FieldFormatter {
  StateTextWriter& out;
  void operator()(const char* name, std::int64_t& v) { out.field(name, v); }
  void operator()(const char* name, std::int32_t& v) {
    out.field(name, static_cast<std::int64_t>(v));
  }
  void operator()(const char* name, double& v) { out.field(name, v); }
  void operator()(const char* name, Wide& v) { out.field(name, v); }
};

struct FieldParser {
  StateTextReader& in;
  void operator()(const char* name, std::int64_t& v) { v = in.int64_field(name); }
  void operator()(const char* name, std::int32_t& v) { v = in.int32_field(name); }
  void operator()(const char* name, double& v) { v = in.double_field(name); }
  void operator()(const char* name, Wide& v) { v = in.wide_field(name); }
};

}  // namespace detail

template <typename State>
StateTextWriter format_state(const State& state) {
  using Traits = StateTraits<State>;
  StateTextWriter out(Traits::version);
  State copy = state;
  Traits::fields(copy, detail::FieldFormatter{out});
  return out;
}

template <typename State>
State parse_state(const char* text) {
  using Traits = StateTraits<State>;
  StateTextReader in(text, Traits::name, Traits::version);
  State state;
  Traits::fields(state, detail::FieldParser{in});
  in.finish();
  if (const char* why = Traits::problem(state)) in.reject(why);
  return state;
}

}  // namespace hs
