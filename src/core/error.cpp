#include "core/error.h"

#include <cmath>
#include <utility>

#include "core/state_text.h"

namespace hs {

Error::Error(ErrorKind kind, std::string message, std::string detail)
    : kind_(kind), message_(std::move(message)), detail_(std::move(detail)) {}

Error Error::after_function(ErrorKind kind, std::string rest, std::string detail) {
  Error e(kind, std::move(rest), std::move(detail));
  e.names_function_ = true;
  return e;
}

const char* Error::what() const noexcept {
  const char* m = message_.c_str();
  if (names_function_) {
    while (*m == ' ' || *m == ':') ++m;
  }
  return m;
}

std::string Error::message_for(const char* function) const {
  if (!names_function_) return message_;
  return std::string(function) + message_;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buf[kDoubleTextMax];
  write_double(buf, value);
  return buf;
}

void throw_out_of_range(ErrorKind kind, const std::string& what, double value,
                        const std::string& detail) {
  throw Error::after_function(kind, " " + what + " " + format_number(value) + " is out of range",
                              detail);
}

void throw_null_parameter(const char* parameter) {
  throw Error::after_function(ErrorKind::invalid_parameter,
                              std::string(" ") + parameter + " must not be NULL");
}

void throw_not_finite(const char* what, double value) {
  throw Error::after_function(
      ErrorKind::invalid_parameter,
      std::string(" ") + what + " " + format_number(value) + " is not a finite number",
      "NaN and Infinity are not accepted; use NULL for a missing value.");
}

void throw_count_overflow(const char* what) {
  throw Error::after_function(ErrorKind::out_of_range, std::string(": too many ") + what,
                              "A count would pass 9223372036854775807 (2^63 - 1).");
}

}  // namespace hs
