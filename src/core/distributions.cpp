#include "core/distributions.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <string>

#include "core/error.h"

namespace hs {
namespace {

// The one policy of the project: every error condition throws, and doubles
// are computed as doubles (no promotion to long double: same accuracy class,
// several times faster per call).
using Policy = boost::math::policies::policy<
    boost::math::policies::promote_double<false>,
    boost::math::policies::domain_error<boost::math::policies::throw_on_error>,
    boost::math::policies::pole_error<boost::math::policies::throw_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::throw_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::throw_on_error>,
    boost::math::policies::rounding_error<boost::math::policies::throw_on_error>>;

using Normal = boost::math::normal_distribution<double, Policy>;
using StudentT = boost::math::students_t_distribution<double, Policy>;
using ChiSquared = boost::math::chi_squared_distribution<double, Policy>;

// Boost's own wording ("Error in function boost::math::...") never reaches a
// user: the guard would show it as is, so every call is translated here.
template <typename F>
double evaluate(const char* what, double at, F&& f) {
  try {
    return f();
  } catch (const std::exception&) {
    throw Error::after_function(ErrorKind::out_of_range, std::string(": cannot evaluate the ") +
                                                             what + " at " + format_number(at));
  }
}

}  // namespace

double normal_quantile(double p) {
  return evaluate("normal quantile", p, [p] { return boost::math::quantile(Normal(), p); });
}

double normal_cdf(double x) {
  return evaluate("normal CDF", x, [x] { return boost::math::cdf(Normal(), x); });
}

double normal_two_sided_p(double z) {
  return evaluate("normal p-value", z,
                  [z] { return boost::math::erfc(std::fabs(z) / std::sqrt(2.0), Policy()); });
}

double student_t_quantile(double df, double p) {
  return evaluate("Student t quantile", p,
                  [df, p] { return boost::math::quantile(StudentT(df), p); });
}

// The upper tail (1 - confidence) / 2 is exact and positive for every
// confidence below 1, where (1 + confidence) / 2 rounds to 1 (and the quantile
// overflows) from confidence = 1 - 2^-53 on.
double normal_critical(double confidence) {
  double tail = (1.0 - confidence) / 2.0;
  return evaluate("normal quantile", confidence, [tail] {
    return boost::math::quantile(boost::math::complement(Normal(), tail));
  });
}

double student_t_critical(double df, double confidence) {
  double tail = (1.0 - confidence) / 2.0;
  return evaluate("Student t quantile", confidence, [df, tail] {
    return boost::math::quantile(boost::math::complement(StudentT(df), tail));
  });
}

double chi_squared_upper_p(double df, double x) {
  return evaluate("chi-square p-value", x,
                  [df, x] { return boost::math::cdf(boost::math::complement(ChiSquared(df), x)); });
}

}  // namespace hs
