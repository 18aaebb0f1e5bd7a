#include "core/scaling.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "core/error.h"

namespace hs {
namespace {

void check_distinct(const char* fn, double worst, double best) {
  if (worst == best) {
    throw Error(ErrorKind::invalid_parameter,
                std::string(fn) + ": worst and best are both " + format_number(worst),
                "Worst and best must differ: worst scores 0 and best scores 100.");
  }
}

double linear(double x, double worst, double best) {
  double score = 100.0 * (x - worst) / (best - worst);
  return std::min(100.0, std::max(0.0, score));
}

}  // namespace

double scale_linear(double x, double worst, double best) {
  require_finite("scale_linear", "x", x);
  require_finite("scale_linear", "worst", worst);
  require_finite("scale_linear", "best", best);
  check_distinct("scale_linear", worst, best);
  return linear(x, worst, best);
}

double scale_log(double x, double worst, double best) {
  const char* fn = "scale_log";
  require_finite(fn, "x", x);
  require_finite(fn, "worst", worst);
  require_finite(fn, "best", best);
  for (auto [what, v] :
       {std::pair<const char*, double>{"x", x}, {"worst", worst}, {"best", best}}) {
    if (v < 0.0) {
      throw_out_of_range(ErrorKind::invalid_parameter, std::string(fn) + " " + what, v,
                         "scale_log takes values of at least 0: it scales ln(1 + x).");
    }
  }
  check_distinct(fn, worst, best);
  return linear(std::log1p(x), std::log1p(worst), std::log1p(best));
}

double scale_sigmoid(double x, double midpoint, double width) {
  const char* fn = "scale_sigmoid";
  require_finite(fn, "x", x);
  require_finite(fn, "midpoint", midpoint);
  require_finite(fn, "width", width);
  if (width == 0.0) {
    throw Error(ErrorKind::invalid_parameter, "scale_sigmoid width must not be 0",
                "The width sets how fast the score rises around the midpoint; a negative "
                "width means lower is better.");
  }
  return 100.0 / (1.0 + std::exp(-(x - midpoint) / width));
}

}  // namespace hs
