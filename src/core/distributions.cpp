#include "core/distributions.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>

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

}  // namespace

double normal_quantile(double p) { return boost::math::quantile(Normal(), p); }

double normal_cdf(double x) { return boost::math::cdf(Normal(), x); }

double normal_two_sided_p(double z) {
  return boost::math::erfc(std::fabs(z) / std::sqrt(2.0), Policy());
}

double student_t_quantile(double df, double p) { return boost::math::quantile(StudentT(df), p); }

double normal_critical(double confidence) { return normal_quantile((1.0 + confidence) / 2.0); }

double student_t_critical(double df, double confidence) {
  return student_t_quantile(df, (1.0 + confidence) / 2.0);
}

}  // namespace hs
