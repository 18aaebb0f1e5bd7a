// Unit tests of the exact sum (src/core/exact_sum.h): hand-computed sums that a
// plain double sum gets wrong, rounding to nearest even with the sticky bits,
// the ends of the double range, and independence from the order of addition.
#include "core/exact_sum.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

double exact(std::initializer_list<double> xs, int scale = 0) {
  hs::ExactSum s;
  for (double x : xs) s.add(x);
  return s.value(scale);
}

TEST(ExactSum, EmptyAndZeroSums) {
  EXPECT_EQ(hs::ExactSum().value(), 0.0);
  EXPECT_EQ(exact({2.5, -2.5}), 0.0);
  EXPECT_EQ(exact({0.0, -0.0}), 0.0);
}

TEST(ExactSum, WherePlainSumsLoseDigits) {
  // 1e300 + 1 - 1e300 + 1: plainly 1 (the first 1 is lost); exactly 2.
  EXPECT_EQ(exact({1e300, 1.0, -1e300, 1.0}), 2.0);
  // Ten times the double nearest 0.1 is 1 + 5.55e-17, which rounds to 1;
  // a plain sum gives 0.9999999999999999.
  EXPECT_EQ(exact({0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}), 1.0);
  // 2^53 + 1 + 1: plainly 2^53 (each 1 rounds away); exactly 2^53 + 2.
  EXPECT_EQ(exact({9007199254740992.0, 1.0, 1.0}), 9007199254740994.0);
  EXPECT_EQ(exact({-3.0, 1.0, 0.5}), -1.5);
}

TEST(ExactSum, RoundsToNearestEvenWithStickyBits) {
  // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2: ties go to the even 2^53.
  EXPECT_EQ(exact({9007199254740992.0, 1.0}), 9007199254740992.0);
  // Anything below the halfway bit breaks the tie upwards, however small.
  EXPECT_EQ(exact({9007199254740992.0, 1.0, std::ldexp(1.0, -1074)}), 9007199254740994.0);
  EXPECT_EQ(exact({9007199254740992.0, 1.0, -std::ldexp(1.0, -1074)}), 9007199254740992.0);
  // 1 - the smallest subnormal is 1 to the nearest double.
  EXPECT_EQ(exact({1.0, -std::ldexp(1.0, -1074)}), 1.0);
}

TEST(ExactSum, EndsOfTheDoubleRange) {
  double max = std::numeric_limits<double>::max();
  double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(exact({max, max}), std::numeric_limits<double>::infinity());
  EXPECT_EQ(exact({-max, -max}), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(exact({max, max}, -1), max);  // halved, the same sum fits
  EXPECT_EQ(exact({max, max, -max}), max);
  EXPECT_EQ(exact({tiny, tiny, tiny}), 3 * tiny);
  EXPECT_EQ(exact({3.0}, -1), 1.5);
  EXPECT_EQ(exact({max, tiny, -max}), tiny);
}

TEST(ExactSum, PairsThatCancelLeaveTheRestExactly) {
  // Property: values spread over the whole exponent range, each added with its
  // negation, cancel to the bit, in any order.
  std::mt19937_64 gen(11);
  std::uniform_int_distribution<int> exponent(-1070, 1000);
  std::uniform_real_distribution<double> fraction(1.0, 2.0);
  std::vector<double> xs;
  for (int i = 0; i < 2000; ++i) {
    double x = std::ldexp(fraction(gen), exponent(gen));
    xs.push_back(x);
    xs.push_back(-x);
  }
  xs.push_back(0.375);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(xs.begin(), xs.end(), gen);
    hs::ExactSum s;
    for (double x : xs) s.add(x);
    EXPECT_EQ(s.value(), 0.375);
  }
}

TEST(ExactSum, TheSameSumInAnyOrder) {
  std::mt19937_64 gen(3);
  std::lognormal_distribution<double> dist(0.0, 8.0);
  std::vector<double> xs(10000);
  for (double& x : xs) x = (gen() & 1 ? 1 : -1) * dist(gen);
  hs::ExactSum first;
  for (double x : xs) first.add(x);
  long double reference = 0;
  std::vector<double> by_magnitude = xs;
  std::sort(by_magnitude.begin(), by_magnitude.end(),
            [](double a, double b) { return std::fabs(a) < std::fabs(b); });
  for (double x : by_magnitude) reference += x;
  EXPECT_NEAR(first.value(), static_cast<double>(reference), 1e-9 * std::fabs(first.value()));
  for (int round = 0; round < 3; ++round) {
    std::shuffle(xs.begin(), xs.end(), gen);
    hs::ExactSum again;
    for (double x : xs) again.add(x);
    EXPECT_EQ(again.value(), first.value());
  }
}

}  // namespace
