// Probability distributions used for intervals and tests. All of Boost.Math
// runs behind this header under one policy (distributions.cpp): every error
// condition throws, and is reported as an hs::Error in our own words (22003).
#pragma once
#include "core/pure.h"

namespace hs {

// Quantile of the standard normal distribution, p in (0, 1).
double normal_quantile(double p);

// Standard normal CDF.
double normal_cdf(double x);

// Two-sided p-value of a standard normal test statistic: 2 * (1 - CDF(|z|)),
// computed without cancellation for large |z|.
double normal_two_sided_p(double z);

// Quantile of Student's t distribution with df degrees of freedom, p in (0, 1).
double student_t_quantile(double df, double p);

// The two-sided critical value for a confidence level in (0, 1):
// the quantile at (1 + confidence) / 2.
double normal_critical(double confidence);
double student_t_critical(double df, double confidence);

// Upper tail P(X > x) of the chi-square distribution with df degrees of freedom.
double chi_squared_upper_p(double df, double x);

}  // namespace hs
