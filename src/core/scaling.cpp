#include "core/scaling.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/fit.h"

namespace hs {
namespace {

void check_distinct(double worst, double best) {
  if (worst == best) {
    throw Error::after_function(ErrorKind::invalid_parameter,
                                ": worst and best are both " + format_number(worst),
                                "Worst and best must differ: worst scores 0 and best scores 100.");
  }
}

double linear(double x, double worst, double best) {
  double score = 100.0 * linear_fraction(x, worst, best);
  return std::min(100.0, std::max(0.0, score));
}

}  // namespace

double scale_linear(double x, double worst, double best) {
  require_finite("x", x);
  require_finite("worst", worst);
  require_finite("best", best);
  check_distinct(worst, best);
  return linear(x, worst, best);
}

double scale_log(double x, double worst, double best) {
  require_finite("x", x);
  require_finite("worst", worst);
  require_finite("best", best);
  for (auto [what, v] :
       {std::pair<const char*, double>{"x", x}, {"worst", worst}, {"best", best}}) {
    if (v < 0.0) {
      throw_out_of_range(ErrorKind::invalid_parameter, what, v,
                         "scale_log takes values of at least 0: it scales ln(1 + x).");
    }
  }
  check_distinct(worst, best);
  return linear(std::log1p(x), std::log1p(worst), std::log1p(best));
}

double scale_sigmoid(double x, double midpoint, double width) {
  require_finite("x", x);
  require_finite("midpoint", midpoint);
  require_finite("width", width);
  if (width == 0.0) {
    throw Error::after_function(
        ErrorKind::invalid_parameter, " width must not be 0",
        "The width sets how fast the score rises around the midpoint; a negative "
        "width means lower is better.");
  }
  // A difference beyond the double range is +-Infinity, and exp saturates to
  // 0 or Infinity: the score is then 100 or 0, as it should be.
  return 100.0 / (1.0 + std::exp(-(x - midpoint) / width));
}

}  // namespace hs
