// Unit tests of absolute scaling (src/core/scaling.h) against hand-computed values.
#include "core/scaling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.h"

namespace {

bool rejects(double (*f)(double, double, double), double a, double b, double c) {
  try {
    f(a, b, c);
  } catch (const hs::Error& e) {
    return e.kind() == hs::ErrorKind::invalid_parameter;
  }
  return false;
}

TEST(ScaleLinear, HigherAndLowerIsBetter) {
  EXPECT_DOUBLE_EQ(hs::scale_linear(30, 10, 50), 50.0);  // 100 * 20 / 40
  EXPECT_DOUBLE_EQ(hs::scale_linear(20, 10, 50), 25.0);
  EXPECT_DOUBLE_EQ(hs::scale_linear(20, 50, 10), 75.0);  // worst > best: lower is better
  EXPECT_EQ(hs::scale_linear(80, 10, 50), 100.0);        // clamped
  EXPECT_EQ(hs::scale_linear(0, 10, 50), 0.0);
}

TEST(ScaleLinear, TheWholeDoubleRange) {
  double max = std::numeric_limits<double>::max();
  // best - worst overflows a double: 100 * 1e308 / 2e308 = 50.
  EXPECT_EQ(hs::scale_linear(0, -1e308, 1e308), 50.0);
  EXPECT_EQ(hs::scale_linear(0, 1e308, -1e308), 50.0);
  EXPECT_EQ(hs::scale_linear(-max, -max, max), 0.0);
  EXPECT_EQ(hs::scale_linear(max, -max, max), 100.0);
  EXPECT_EQ(hs::scale_linear(0, -max, max), 50.0);
  EXPECT_EQ(hs::scale_linear(max, max, -max), 0.0);
  // 100 * (0.5e308 + 1e308) / 2e308 = 75.
  EXPECT_DOUBLE_EQ(hs::scale_linear(0.5e308, -1e308, 1e308), 75.0);
  EXPECT_EQ(hs::scale_linear(1.7e308, -1e308, 1e308), 100.0);  // clamped
  EXPECT_EQ(hs::scale_linear(-1.7e308, -1e308, 1e308), 0.0);
  // x - worst overflows, best - worst does not: clamped to 100, never NaN.
  EXPECT_EQ(hs::scale_linear(1.7e308, -1.7e308, -1.6e308), 100.0);
  EXPECT_EQ(hs::scale_linear(-1.7e308, 1.7e308, 1.6e308), 100.0);
  // Subnormal ranges.
  double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(hs::scale_linear(0, 0, tiny), 0.0);
  EXPECT_EQ(hs::scale_linear(tiny, 0, tiny), 100.0);
  EXPECT_EQ(hs::scale_linear(0, -tiny, tiny), 50.0);
  EXPECT_EQ(hs::scale_linear(tiny, tiny, 0), 0.0);
  EXPECT_EQ(hs::scale_linear(1.0, 0, tiny), 100.0);
}

TEST(ScaleLog, LinearOnLogOnePlusX) {
  // ln(1 + 9) / ln(1 + 99) = 1 / 2.
  EXPECT_NEAR(hs::scale_log(9, 0, 99), 50.0, 1e-12);
  EXPECT_NEAR(hs::scale_log(9, 99, 0), 50.0, 1e-12);
  // ln(50) / ln(100) = 0.849485002168...
  EXPECT_NEAR(hs::scale_log(49, 0, 99), 84.9485002168009, 1e-10);
  EXPECT_EQ(hs::scale_log(1000, 0, 99), 100.0);
}

TEST(ScaleSigmoid, CentredOnTheMidpoint) {
  EXPECT_DOUBLE_EQ(hs::scale_sigmoid(10, 10, 2), 50.0);
  // 100 / (1 + e^-1) = 73.10585786300049.
  EXPECT_NEAR(hs::scale_sigmoid(12, 10, 2), 73.10585786300049, 1e-12);
  EXPECT_NEAR(hs::scale_sigmoid(12, 10, -2), 26.894142136999512, 1e-12);
  EXPECT_EQ(hs::scale_sigmoid(1e6, 0, 1), 100.0);
  EXPECT_EQ(hs::scale_sigmoid(-1e6, 0, 1), 0.0);
  EXPECT_EQ(hs::scale_sigmoid(1.7e308, -1.7e308, 1), 100.0);
  EXPECT_EQ(hs::scale_sigmoid(-1.7e308, 1.7e308, 1), 0.0);
}

TEST(Scaling, BadInputIsAnError) {
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(rejects(hs::scale_linear, 1, 3, 3));
  EXPECT_TRUE(rejects(hs::scale_linear, std::nan(""), 0, 1));
  EXPECT_TRUE(rejects(hs::scale_linear, 1, -inf, 1));
  EXPECT_TRUE(rejects(hs::scale_log, -1, 0, 10));
  EXPECT_TRUE(rejects(hs::scale_log, 1, 0, -10));
  EXPECT_TRUE(rejects(hs::scale_log, 1, 5, 5));
  EXPECT_TRUE(rejects(hs::scale_sigmoid, 1, 0, 0));
  EXPECT_TRUE(rejects(hs::scale_sigmoid, 1, inf, 1));
}

TEST(Scaling, MessagesFollowTheFunctionName) {
  try {
    hs::scale_linear(std::nan(""), 0, 1);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_STREQ(e.what(), "x NaN is not a finite number");
    EXPECT_EQ(e.message_for("scale_linear"), "scale_linear x NaN is not a finite number");
  }
  try {
    hs::scale_linear(1, 3, 3);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.message_for("scale_linear"), "scale_linear: worst and best are both 3");
  }
  try {
    hs::scale_sigmoid(1, 0, 0);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.message_for("scale_sigmoid"), "scale_sigmoid width must not be 0");
  }
}

}  // namespace
