// The one exception type the core throws for bad input. The binding layer maps
// each kind to a SQLSTATE; the message and detail are shown to the user as is.
//
// Most messages start with the SQL function the user called ("csat_summary
// score 6 is out of range"). The core does not know that name: it writes what
// follows it, and the binding layer's guard puts the name in front when the
// error is raised, so the name is resolved once, in one place.
#pragma once
#include "core/pure.h"

#include <cmath>
#include <cstdint>
#include <exception>
#include <string>

namespace hs {

enum class ErrorKind {
  out_of_range,       // a survey score outside its scale, a count past 2^63 - 1 (22003)
  invalid_parameter,  // a bad weight, threshold, confidence... (22023)
  invalid_text,       // malformed text form of a type (22P02)
  array_mismatch,     // arrays of different lengths (2202E)
  invalid_binary,     // malformed binary form of a type (22P03)
  wrong_context,      // a support function called outside its aggregate (0A000)
  program_limit,      // a state too large to pass between processes (54000)
};

class Error : public std::exception {
 public:
  // A complete message, which names no function ("invalid input syntax for type ...").
  Error(ErrorKind kind, std::string message, std::string detail = std::string());

  // A message that follows the name of the SQL function called: `rest` starts
  // with its separator, " score 6 is out of range" or ": inconsistent nps_summary".
  static Error after_function(ErrorKind kind, std::string rest, std::string detail = std::string());

  // The message without the function name, for logs and tests.
  const char* what() const noexcept override;
  const char* detail() const noexcept { return detail_.c_str(); }
  ErrorKind kind() const noexcept { return kind_; }
  bool names_function() const noexcept { return names_function_; }
  // What follows the function name (the whole message when it names none).
  const char* rest() const noexcept { return message_.c_str(); }
  // The message as the user sees it when `function` was called.
  std::string message_for(const char* function) const;

 private:
  ErrorKind kind_;
  std::string message_;
  std::string detail_;
  bool names_function_ = false;
};

// A number as users read it in messages: integers without a decimal point,
// others with 15 significant digits (17 where 15 would not tell the value
// apart), NaN and Infinity spelled as in SQL.
std::string format_number(double value);

// "<function> <what> <value> is out of range" with the given detail.
[[noreturn]] void throw_out_of_range(ErrorKind kind, const std::string& what, double value,
                                     const std::string& detail);

// "<function> <parameter> must not be NULL" (invalid_parameter).
[[noreturn]] void throw_null_parameter(const char* parameter);

// "<function> <what> NaN is not a finite number" (invalid_parameter).
[[noreturn]] void throw_not_finite(const char* what, double value);

// Rejects NaN and +-Infinity in a float8 argument (README, Reference). Inline:
// it runs on every value of a row.
inline void require_finite(const char* what, double value) {
  if (!std::isfinite(value)) throw_not_finite(what, value);
}

// A count that would pass 2^63 - 1 (out_of_range): "<function>: too many <what>".
[[noreturn]] void throw_count_overflow(const char* what);

// a + b for counts, or throw_count_overflow(what).
inline std::int64_t add_counts(std::int64_t a, std::int64_t b, const char* what) {
  std::int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) throw_count_overflow(what);
  return sum;
}

}  // namespace hs
