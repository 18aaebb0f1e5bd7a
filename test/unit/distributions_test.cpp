// Unit tests of the distributions behind the intervals (src/core/distributions.h),
// against published table values.
#include "core/distributions.h"

#include <gtest/gtest.h>

#include <exception>

namespace {

TEST(Distributions, NormalTableValues) {
  EXPECT_NEAR(hs::normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(hs::normal_quantile(0.95), 1.6448536269514722, 1e-12);
  EXPECT_DOUBLE_EQ(hs::normal_cdf(0.0), 0.5);
  EXPECT_NEAR(hs::normal_cdf(1.0), 0.8413447460685429, 1e-15);
  EXPECT_NEAR(hs::normal_two_sided_p(1.959963984540054), 0.05, 1e-12);
  // 2 * (1 - Phi(8)) = 1.2442e-15: computed without cancellation.
  EXPECT_NEAR(hs::normal_two_sided_p(8.0) / 1.2441921148543639e-15, 1.0, 1e-9);
  EXPECT_NEAR(hs::normal_critical(0.95), 1.959963984540054, 1e-12);
}

TEST(Distributions, StudentTableValues) {
  EXPECT_NEAR(hs::student_t_quantile(10, 0.975), 2.2281388519649385, 1e-9);
  EXPECT_NEAR(hs::student_t_quantile(4, 0.975), 2.7764451051977987, 1e-9);
  EXPECT_NEAR(hs::student_t_critical(1, 0.95), 12.706204736174694, 1e-8);
}

TEST(Distributions, DomainErrorsThrow) {
  EXPECT_THROW(hs::normal_quantile(2.0), std::exception);
  EXPECT_THROW(hs::normal_quantile(-0.5), std::exception);
  EXPECT_THROW(hs::student_t_quantile(0, 0.9), std::exception);
}

}  // namespace
