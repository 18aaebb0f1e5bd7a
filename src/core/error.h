// The one exception type the core throws for bad input. The binding layer maps
// each kind to a SQLSTATE; the message and detail are shown to the user as is.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <exception>
#include <string>

namespace hs {

enum class ErrorKind {
  out_of_range,       // a survey score outside its scale (22003)
  invalid_parameter,  // a bad weight, threshold, confidence... (22023)
  invalid_text,       // malformed text form of a type (22P02)
  array_mismatch,     // arrays of different lengths (2202E)
  invalid_binary,     // malformed binary form of a type (22P03)
};

class Error : public std::exception {
 public:
  Error(ErrorKind kind, std::string message, std::string detail = std::string());
  const char* what() const noexcept override { return message_.c_str(); }
  const char* detail() const noexcept { return detail_.c_str(); }
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
  std::string message_;
  std::string detail_;
};

// A number as users read it in messages: integers without a decimal point,
// others with up to 15 significant digits, NaN and Infinity spelled as in SQL.
std::string format_number(double value);

// "<what> <value> is out of range" with the given detail, of the given kind.
[[noreturn]] void throw_out_of_range(ErrorKind kind, const std::string& what, double value,
                                     const std::string& detail);

// "<fn> <parameter> must not be NULL" (invalid_parameter).
[[noreturn]] void throw_null_parameter(const char* fn, const char* parameter);

// Rejects NaN and +-Infinity in a float8 argument (SPEC section 0):
// "<fn> <what> NaN is not a finite number" (invalid_parameter).
void require_finite(const char* fn, const char* what, double value);

}  // namespace hs
