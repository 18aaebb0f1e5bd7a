// Unit tests of the distributions behind the intervals (src/core/distributions.h),
// against published table values and closed forms.
#include "core/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <exception>
#include <string>

#include "core/error.h"

namespace {

const double kPi = 3.141592653589793;

TEST(Distributions, NormalTableValues) {
  EXPECT_NEAR(hs::normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(hs::normal_quantile(0.95), 1.6448536269514722, 1e-12);
  EXPECT_DOUBLE_EQ(hs::normal_cdf(0.0), 0.5);
  EXPECT_NEAR(hs::normal_cdf(1.0), 0.8413447460685429, 1e-15);
  EXPECT_NEAR(hs::normal_two_sided_p(1.959963984540054), 0.05, 1e-12);
  // 2 * (1 - Phi(8)) = 1.2442e-15: computed without cancellation.
  EXPECT_NEAR(hs::normal_two_sided_p(8.0) / 1.2441921148543639e-15, 1.0, 1e-9);
  EXPECT_NEAR(hs::normal_critical(0.95), 1.959963984540054, 1e-12);
  EXPECT_NEAR(hs::normal_critical(0.90), 1.6448536269514722, 1e-12);
  EXPECT_NEAR(hs::normal_critical(0.99), 2.5758293035489004, 1e-12);
}

TEST(Distributions, StudentTableValues) {
  EXPECT_NEAR(hs::student_t_quantile(10, 0.975), 2.2281388519649385, 1e-9);
  EXPECT_NEAR(hs::student_t_quantile(4, 0.975), 2.7764451051977987, 1e-9);
  EXPECT_NEAR(hs::student_t_critical(1, 0.95), 12.706204736174694, 1e-8);
  EXPECT_NEAR(hs::student_t_critical(4, 0.95), 2.7764451051977987, 1e-9);
  // df = 1 is the Cauchy distribution: the upper-tail-p quantile is cot(pi p).
  EXPECT_NEAR(hs::student_t_critical(1, 0.95) / (1.0 / std::tan(kPi * 0.025)), 1.0, 1e-12);
}

TEST(Distributions, CriticalValuesForConfidencesNextToOne) {
  // 1 - 2^-53 is the largest double below 1; (1 + c) / 2 rounds to 1 there,
  // the upper tail (1 - c) / 2 = 2^-54 does not.
  const double c = 0.9999999999999999;
  ASSERT_EQ(c, 1.0 - std::ldexp(1.0, -53));
  double z = hs::normal_critical(c);
  ASSERT_TRUE(std::isfinite(z));
  // The two-sided p-value of z is 1 - c = 2^-53 (an independent path: erfc).
  EXPECT_NEAR(hs::normal_two_sided_p(z) / std::ldexp(1.0, -53), 1.0, 1e-9);
  EXPECT_GT(z, hs::normal_critical(0.999999));
  EXPECT_GT(z, 8.0);
  EXPECT_LT(z, 9.0);
  double t = hs::student_t_critical(1, c);
  ASSERT_TRUE(std::isfinite(t));
  // cot(pi 2^-54) = 2^54 / pi (1 - O(2^-108)).
  EXPECT_NEAR(t / (std::ldexp(1.0, 54) / kPi), 1.0, 1e-9);
  EXPECT_TRUE(std::isfinite(hs::student_t_critical(2, c)));
  EXPECT_TRUE(std::isfinite(hs::student_t_critical(1e6, c)));
  // Every confidence of the form 1 - 2^-k stays finite and grows with k.
  double previous = 0.0;
  for (int k = 1; k <= 53; ++k) {
    double level = 1.0 - std::ldexp(1.0, -k);
    double zk = hs::normal_critical(level);
    double tk = hs::student_t_critical(3, level);
    ASSERT_TRUE(std::isfinite(zk) && std::isfinite(tk)) << k;
    EXPECT_GT(zk, previous) << k;
    previous = zk;
  }
  // A confidence next to 0: the critical value is next to 0.
  EXPECT_NEAR(hs::normal_critical(std::ldexp(1.0, -40)), 0.0, 1e-11);
}

void expect_own_wording(void (*f)()) {
  try {
    f();
    ADD_FAILURE() << "no error";
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    std::string message = e.message_for("f");
    EXPECT_EQ(message.find("boost"), std::string::npos) << message;
    EXPECT_EQ(message.find("Error in function"), std::string::npos) << message;
    EXPECT_EQ(std::string(e.detail()).find("boost"), std::string::npos) << e.detail();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an hs::Error: " << e.what();
  }
}

TEST(Distributions, DomainErrorsThrowInOurWords) {
  EXPECT_THROW(hs::normal_quantile(2.0), std::exception);
  EXPECT_THROW(hs::normal_quantile(-0.5), std::exception);
  EXPECT_THROW(hs::student_t_quantile(0, 0.9), std::exception);
  expect_own_wording([] { hs::normal_quantile(2.0); });
  expect_own_wording([] { hs::normal_quantile(-0.5); });
  expect_own_wording([] { hs::normal_quantile(0.0); });
  expect_own_wording([] { hs::student_t_quantile(0, 0.9); });
  expect_own_wording([] { hs::student_t_quantile(3, 1.5); });
  expect_own_wording([] { hs::normal_critical(1.0); });
  expect_own_wording([] { hs::student_t_critical(-1, 0.95); });
  try {
    hs::normal_quantile(2.0);
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.message_for("nps_summary"),
              "nps_summary: cannot evaluate the normal quantile at 2");
  }
}

}  // namespace
