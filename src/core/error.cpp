#include "core/error.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace hs {

Error::Error(ErrorKind kind, std::string message, std::string detail)
    : kind_(kind), message_(std::move(message)), detail_(std::move(detail)) {}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

void throw_out_of_range(ErrorKind kind, const std::string& what, double value,
                        const std::string& detail) {
  throw Error(kind, what + " " + format_number(value) + " is out of range", detail);
}

void throw_null_parameter(const char* fn, const char* parameter) {
  throw Error(ErrorKind::invalid_parameter,
              std::string(fn) + " " + parameter + " must not be NULL");
}

void require_finite(const char* fn, const char* what, double value) {
  if (!std::isfinite(value)) {
    throw Error(
        ErrorKind::invalid_parameter,
        std::string(fn) + " " + what + " " + format_number(value) + " is not a finite number",
        "NaN and Infinity are not accepted; use NULL for a missing value.");
  }
}

}  // namespace hs
