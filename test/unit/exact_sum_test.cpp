// Unit tests of the exact sum (src/core/exact_sum.h): hand-computed sums that a
// plain double sum gets wrong, rounding to nearest even with the sticky bits,
// the ends of the double range, a correctly rounded reference (math.fsum), and
// independence from the order of addition.
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

TEST(ExactSum, AgreesWithACorrectlyRoundedReference) {
  // Twelve values each, from eight exponent ranges (subnormal to near overflow);
  // the tenth undoes a plain sum of the first nine, so what is left is the
  // rounding those nine lost. The expected sums are Python's math.fsum, which
  // is correctly rounded.
  struct Case {
    std::vector<double> values;
    double sum;
  };
  const Case cases[] = {
      {{-0x1.f2a74de4d3c1ap-19, 0x1.0c5c7fc25165ep+23, 0x1.95319841db208p-14,
        -0x1.1600a34de06cep-56, -0x1.3d9c1722e71f0p-52, 0x1.d3ac94b218326p-53,
        0x1.a170b33413eedp-32, 0x1.95e60aecb19b4p+13, 0x1.0becd7b1d032ep-32, -0x1.0cc1f94518bf2p+23,
        -0x1.0000000000000p-29, 0x1.0000000000000p-90},
       -0x1.cd5ea58ab538fp-34},
      {{0x1.6b4cb2449dbcdp-1010, 0x1.4ef8aa31eda0ap-1005, 0x1.94e3bf92474e6p-1013,
        0x1.18f135d1871f6p-1009, 0x1.0f4205b3ceed3p-1005, -0x1.ae2eb15103da2p-1007,
        -0x1.506bf2eee635ep-1002, 0x1.4cbd87a7f31c4p-1009, 0x1.c7a2ea27cfa38p-1003,
        0x1.3edab61d28b08p-1005, 0x0.00000000a0000p-1022, 0x0.0000040000000p-1022},
       0x0.000004000dc00p-1022},
      {{-0x1.4cdd2050ce68ep+973, -0x1.babced2e5cd98p+943, 0x1.faecbd2257a96p+977,
        -0x1.6b0a18e5475eap+965, -0x1.eeeacbefa595fp+919, 0x1.f646e1f562064p+905,
        -0x1.8ede0d72563a8p+997, -0x1.b1fee08b34a94p+943, 0x1.cc011cce993bep+974,
        0x1.8eddeb79d0593p+997, 0x0.0p+0, 0x1.0000000000000p+870},
       -0x1.2e646f5074759p+943},
      {{-0x1.f1d69ec8a357bp-205, -0x1.0f88081765a84p-234, -0x1.fe3b8915ccb1ep+291,
        -0x1.b774eb4c58674p-9, -0x1.f0ce582ec6353p-277, -0x1.9c653923bf3fap-128,
        -0x1.37dc76f8955d6p-240, -0x1.bd0561e7ec75fp-168, -0x1.eab477dbe2b05p+100,
        0x1.fe3b8915ccb1ep+291, 0x0.0p+0, 0x1.0000000000000p-330},
       -0x1.eab477dbe2b05p+100},
      {{-0x1.2a96fb0e5fbe4p+5, 0x1.4720771c44ae2p+35, -0x1.6e36aabba5c2cp+52,
        -0x1.6a50df5f91236p+45, 0x1.e25a760c2c934p+43, 0x1.153e7c25a3936p+9, 0x1.a8948c87777d4p+14,
        0x1.d4c28c32da198p+31, 0x1.482c9ca02188ep+16, 0x1.70196d08f3999p+52, 0x0.0p+0,
        0x1.0000000000000p-30},
       -0x1.569d5c6284200p-2},
      {{-0x1.88daf40bd0ecep+6, 0x1.b0c4313b7e951p-12, -0x1.e647cb9bdf106p+9, 0x1.66237a0c9ca19p+5,
        0x1.a260cd0cd06d1p+10, 0x1.113db17f8265ap-8, -0x1.298cb3a384886p+8, 0x1.0d75984346b19p+18,
        0x1.26b94c712bfafp+16, -0x1.577b68d189d51p+18, 0x0.0p+0, 0x1.0000000000000p-50},
       -0x1.8ab710f000000p-36},
      {{0x1.9d1de2a0d0e74p+996, 0x1.9d33a00c0a122p+976, -0x1.f4998d6b1dd0ap+982,
        -0x1.1f7296a3b0f9ep+1010, -0x1.7afb2c6f7b92dp+1009, -0x1.24e4e243451efp+960,
        0x1.7a86f7ba85fbbp+983, -0x1.05e999e6911f0p+1016, 0x1.b0a844f161ab2p+968,
        0x1.0d5d40c7def40p+1016, 0x0.0p+0, 0x1.0000000000000p+920},
       -0x1.1ae91747de3fcp+962},
      {{0x1.4c4f9b1f4fe1dp-925, 0x1.84b5a80bbc013p-994, -0x1.c59db907211e4p-969,
        0x1.9cfc8659f7e66p-1003, 0x1.d17e448cd2680p-999, -0x1.8483f8afc4de6p-1009,
        -0x0.00000003faad5p-1022, -0x1.425940463256ep-940, -0x1.cefe2a1dfc13ep-946,
        -0x1.4c4d07f4dde82p-925, 0x0.0p+0, 0x0.0000000000001p-1022},
       0x1.961d2e56975afp-981},
  };
  for (const Case& c : cases) {
    hs::ExactSum s;
    for (double x : c.values) s.add(x);
    EXPECT_EQ(s.value(), c.sum) << std::hexfloat << c.sum;
  }
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
