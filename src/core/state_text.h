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

namespace hs {

// Longest text form of any fixed-size state, terminating NUL included.
constexpr std::size_t kStateTextMax = 256;

class StateTextWriter {
 public:
  explicit StateTextWriter(int version);
  StateTextWriter& field(const char* name, std::int64_t value);
  StateTextWriter& field(const char* name, double value);
  const char* c_str() const { return buf_; }

 private:
  void append(const char* s);
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
  // Reads a count: an integer of at least 0.
  std::int64_t count_field(const char* name);
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

}  // namespace hs
