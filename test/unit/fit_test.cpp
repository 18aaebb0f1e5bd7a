// Unit tests of the fits (src/core/fit.h): min-max, z-score and normal fits
// and their scores, against hand-computed values and long double references.
#include "core/fit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "core/error.h"
#include "support.h"

namespace {

using hs::ErrorKind;
using hs::test::kind_of;

hs::MinMaxFit minmax_fit(std::int64_t n, double min, double max) {
  hs::MinMaxFit fit;
  fit.n = n;
  fit.min = min;
  fit.max = max;
  return fit;
}

hs::ZscoreFit zscore_fit(std::int64_t n, double mean, double m2) {
  hs::ZscoreFit fit;
  fit.n = n;
  fit.mean = mean;
  fit.m2 = m2;
  return fit;
}

TEST(MinMaxFit, ScoresAgainstHandComputedValues) {
  hs::MinMaxFit fit;
  for (double x : {4.0, 10.0, 2.0, 6.0}) hs::minmax_add(fit, x);
  EXPECT_EQ(fit.n, 4);
  EXPECT_EQ(fit.min, 2.0);
  EXPECT_EQ(fit.max, 10.0);
  // 100 * (6 - 2) / (10 - 2) = 50; mirrored 100 - 50.
  EXPECT_DOUBLE_EQ(*hs::minmax_apply(fit, 6.0, true), 50.0);
  EXPECT_DOUBLE_EQ(*hs::minmax_apply(fit, 4.0, false), 75.0);
  // Outside the fitted range: clamped.
  EXPECT_EQ(*hs::minmax_apply(fit, 11.0, true), 100.0);
  EXPECT_EQ(*hs::minmax_apply(fit, -3.0, true), 0.0);
}

TEST(MinMaxFit, FewerThanTwoDistinctValuesScoreNothing) {
  hs::MinMaxFit fit;
  EXPECT_FALSE(hs::minmax_apply(fit, 1.0, true));
  hs::minmax_add(fit, 3.0);
  EXPECT_FALSE(hs::minmax_apply(fit, 3.0, true));
  hs::minmax_add(fit, 3.0);
  EXPECT_FALSE(hs::minmax_apply(fit, 3.0, true));
  hs::minmax_add(fit, 4.0);
  EXPECT_TRUE(hs::minmax_apply(fit, 3.0, true));
}

TEST(MinMaxFit, MergeInAnyOrderEqualsOnePass) {
  std::mt19937 gen(11);
  std::uniform_real_distribution<double> dist(-50.0, 50.0);
  std::vector<double> xs(1000);
  for (double& x : xs) x = dist(gen);
  hs::MinMaxFit whole;
  for (double x : xs) hs::minmax_add(whole, x);
  for (std::size_t split : {0u, 1u, 500u, 999u, 1000u}) {
    hs::MinMaxFit a, b;
    for (std::size_t i = 0; i < xs.size(); ++i) hs::minmax_add(i < split ? a : b, xs[i]);
    hs::MinMaxFit ab = a, ba = b;
    hs::minmax_merge(ab, b);
    hs::minmax_merge(ba, a);
    for (const hs::MinMaxFit& m : {ab, ba}) {
      EXPECT_EQ(m.n, whole.n);
      EXPECT_EQ(m.min, whole.min);
      EXPECT_EQ(m.max, whole.max);
    }
  }
}

TEST(ZscoreFit, MomentsAgainstHandComputedValues) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32,
  // stddev_samp = sqrt(32 / 7) = 2.138089935299395.
  hs::ZscoreFit fit;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) hs::zscore_add(fit, x);
  EXPECT_DOUBLE_EQ(fit.mean, 5.0);
  EXPECT_NEAR(fit.m2, 32.0, 1e-12);
  EXPECT_NEAR(hs::zscore_scale(fit)->sd, 2.138089935299395, 1e-15);
  EXPECT_NEAR(*hs::zscore_apply(fit, 9.0), 4.0 / 2.138089935299395, 1e-15);
  // Phi(0) = 1/2; Phi(1) = 0.8413447460685429 (standard normal table).
  EXPECT_DOUBLE_EQ(*hs::normal_apply(fit, 5.0, true), 50.0);
  EXPECT_NEAR(*hs::normal_apply(fit, 5.0 + 2.138089935299395, true), 84.13447460685429, 1e-10);
  EXPECT_NEAR(*hs::normal_apply(fit, 5.0 + 2.138089935299395, false), 15.86552539314571, 1e-10);
}

TEST(ZscoreFit, ExactTwoPassEqualsWelfordAndIgnoresOrder) {
  std::mt19937 gen(5);
  std::lognormal_distribution<double> dist(3.0, 1.0);
  std::vector<double> xs(5000);
  for (double& x : xs) x = dist(gen);
  hs::ZscoreFit welford;
  for (double x : xs) hs::zscore_add(welford, x);
  hs::ZscoreFit two_pass = hs::zscore_fit_exact(xs.data(), xs.size());
  EXPECT_EQ(two_pass.n, welford.n);
  EXPECT_NEAR(two_pass.mean, welford.mean, 1e-12 * welford.mean);
  EXPECT_NEAR(two_pass.m2, welford.m2, 1e-10 * welford.m2);
  // Bit for bit the same in any order.
  for (int round = 0; round < 5; ++round) {
    std::shuffle(xs.begin(), xs.end(), gen);
    hs::ZscoreFit again = hs::zscore_fit_exact(xs.data(), xs.size());
    EXPECT_EQ(again.mean, two_pass.mean);
    EXPECT_EQ(again.m2, two_pass.m2);
  }
}

TEST(ZscoreFit, ExactMeanWhereAPlainSumLosesEverything) {
  // A plain left-to-right sum gives 1 here (the first 1 is lost); the mean is 0.5.
  double v[] = {1e150, 1.0, -1e150, 1.0};
  EXPECT_EQ(hs::zscore_fit_exact(v, 4).mean, 0.5);
  // Values whose plain sum overflows still have their mean (and no deviation).
  double max = std::numeric_limits<double>::max();
  double big[] = {max, max, max};
  hs::ZscoreFit fit = hs::zscore_fit_exact(big, 3);
  EXPECT_EQ(fit.mean, max);
  EXPECT_EQ(fit.m2, 0.0);
}

TEST(ZscoreFit, RepeatedValuesHaveThemselvesAsMeanAndNoDeviation) {
  // The mean of the exact sum is corrected once, so that n copies of x have
  // mean x to the bit: otherwise 0.1 three times has a mean one ulp off, a
  // tiny deviation, and every row would get a z-score instead of NULL (or,
  // above 1e170, an overflow error).
  double tenths[] = {0.1, 0.1, 0.1};
  EXPECT_EQ(hs::zscore_fit_exact(tenths, 3).mean, 0.1);
  EXPECT_EQ(hs::zscore_fit_exact(tenths, 3).m2, 0.0);
  std::mt19937_64 gen(23);
  std::uniform_int_distribution<int> exponent(-1000, 1020);
  std::uniform_real_distribution<double> fraction(1.0, 2.0);
  for (int i = 0; i < 20000; ++i) {
    double x = std::ldexp(fraction(gen), exponent(gen)) * (i % 2 ? -1 : 1);
    if (!std::isfinite(x)) continue;
    std::vector<double> v(static_cast<std::size_t>(2 + i % 49), x);
    hs::ZscoreFit fit = hs::zscore_fit_exact(v.data(), v.size());
    ASSERT_EQ(fit.mean, x) << "n=" << v.size();
    ASSERT_EQ(fit.m2, 0.0) << "n=" << v.size();
    EXPECT_FALSE(hs::zscore_scale(fit));
  }
  double big[] = {1.2e308, 1.2e308, 1.2e308};  // the sum overflows, the mean does not
  EXPECT_EQ(hs::zscore_fit_exact(big, 3).mean, 1.2e308);
  EXPECT_EQ(hs::zscore_fit_exact(big, 3).m2, 0.0);
}

TEST(ZscoreFit, ADeviationTooSmallForADoubleIsNoInformation) {
  // m2 / (n - 1) underflows to 0: no scale (NULL), never a division by zero.
  std::vector<double> v(1001, 0.0);
  v[0] = 1e-161;
  hs::ZscoreFit fit = hs::zscore_fit_exact(v.data(), v.size());
  EXPECT_GT(fit.m2, 0.0);
  EXPECT_FALSE(hs::zscore_scale(fit));
}

TEST(ZscoreFit, MergeOverflowsOnlyWhenTheResultDoes) {
  // Two one-value fits 1.4e154 apart: m2 = 1.4e154^2 / 2, about 9.8e307, fits.
  hs::ZscoreFit a, b;
  hs::zscore_add(a, 0.0);
  hs::zscore_add(b, 1.4e154);
  hs::zscore_merge(a, b);
  EXPECT_EQ(a.n, 2);
  EXPECT_NEAR(a.m2, 1.4e154 * 0.7e154, 1e294);
  // 1.9e154 apart, it does not: an error, and the fit is left as it was.
  hs::ZscoreFit c, d;
  hs::zscore_add(c, 0.0);
  hs::zscore_add(d, 1.9e154);
  EXPECT_EQ(kind_of([] {
              hs::ZscoreFit e, f;
              hs::zscore_add(e, 0.0);
              hs::zscore_add(f, 1.9e154);
              hs::zscore_merge(e, f);
            }),
            ErrorKind::out_of_range);
  try {
    hs::zscore_merge(c, d);
  } catch (const hs::Error&) {
  }
  EXPECT_EQ(c.n, 1);
  EXPECT_EQ(c.m2, 0.0);
}

TEST(ZscoreFit, ChanMergeEqualsOnePass) {
  std::mt19937 gen(7);
  std::normal_distribution<double> dist(1000.0, 3.0);
  std::vector<double> xs(2000);
  for (double& x : xs) x = dist(gen);
  hs::ZscoreFit whole;
  for (double x : xs) hs::zscore_add(whole, x);
  std::vector<hs::ZscoreFit> parts(7);
  for (std::size_t i = 0; i < xs.size(); ++i) hs::zscore_add(parts[i % 7], xs[i]);
  hs::ZscoreFit merged;
  for (int i = 6; i >= 0; --i) hs::zscore_merge(merged, parts[static_cast<std::size_t>(i)]);
  EXPECT_EQ(merged.n, whole.n);
  EXPECT_NEAR(merged.mean, whole.mean, 1e-12 * whole.mean);
  EXPECT_NEAR(merged.m2, whole.m2, 1e-9 * whole.m2);
}

TEST(ZscoreFit, ConstantOrSingleValuesScoreNothing) {
  hs::ZscoreFit fit;
  EXPECT_FALSE(hs::zscore_apply(fit, 0.0));
  hs::zscore_add(fit, 7.0);
  EXPECT_FALSE(hs::zscore_apply(fit, 7.0));
  for (int i = 0; i < 10; ++i) hs::zscore_add(fit, 7.0);
  EXPECT_EQ(fit.m2, 0.0);
  EXPECT_FALSE(hs::normal_apply(fit, 7.0, true));
}

TEST(ZscoreFit, OverflowIsAnError) {
  EXPECT_EQ(kind_of([] {
              hs::ZscoreFit fit;
              hs::zscore_add(fit, -1.5e308);
              hs::zscore_add(fit, 1.7e308);
            }),
            ErrorKind::out_of_range);
  EXPECT_EQ(kind_of([] {
              double v[] = {-1.5e308, 1.7e308};
              hs::zscore_fit_exact(v, 2);
            }),
            ErrorKind::out_of_range);
}

TEST(FitText, RoundTripAndRejection) {
  hs::MinMaxFit mm = minmax_fit(3, -0.1, 2.5);
  hs::StateTextWriter text = hs::format_state(mm);
  EXPECT_STREQ(text.c_str(), "v1:n=3,min=-0.1,max=2.5");
  hs::MinMaxFit back = hs::parse_state<hs::MinMaxFit>(text.c_str());
  EXPECT_EQ(back.n, 3);
  EXPECT_EQ(back.min, -0.1);
  EXPECT_EQ(back.max, 2.5);
  EXPECT_EQ(back.format, hs::kFitFormat);
  EXPECT_EQ(back.reserved, 0u);
  EXPECT_EQ(kind_of([] { hs::parse_state<hs::MinMaxFit>("v1:n=2,min=3,max=1"); }),
            ErrorKind::invalid_text);
  EXPECT_EQ(kind_of([] { hs::parse_state<hs::ZscoreFit>("v1:n=1,mean=3,m2=1"); }),
            ErrorKind::invalid_text);
  hs::ZscoreFit z = zscore_fit(5, 3.0, 10.0);
  EXPECT_STREQ(hs::format_state(z).c_str(), "v1:n=5,mean=3,m2=10");
}

// --- Fits: the format word, validation, counts at 2^63 - 1 ---

TEST(FitFormat, FitsStartWithTheFormatWord) {
  hs::MinMaxFit mm;
  EXPECT_EQ(mm.format, hs::kFitFormat);
  EXPECT_EQ(mm.reserved, 0u);
  hs::minmax_add(mm, 1.0);
  hs::MinMaxFit merged;
  hs::minmax_merge(merged, mm);
  EXPECT_EQ(merged.format, hs::kFitFormat);
  hs::ZscoreFit z;
  EXPECT_EQ(z.format, hs::kFitFormat);
  EXPECT_EQ(z.reserved, 0u);
  hs::zscore_add(z, 1.0);
  hs::ZscoreFit exact = hs::zscore_fit_exact(std::vector<double>{1.0, 2.0}.data(), 2);
  EXPECT_EQ(exact.format, hs::kFitFormat);
  EXPECT_EQ(exact.reserved, 0u);
  EXPECT_EQ(hs::parse_state<hs::ZscoreFit>("v1:n=2,mean=1.5,m2=0.5").format, hs::kFitFormat);
}

TEST(FitValidation, MinMaxFitsNoValuesCouldProduce) {
  for (const char* text : {"v1:n=2,min=3,max=1", "v1:n=1,min=1,max=2", "v1:n=0,min=1,max=1",
                           "v1:n=0,min=0,max=1", "v1:n=-1,min=0,max=0", "v1:n=2,min=inf,max=1",
                           "v1:n=2,min=0,max=1e400", "v1:n=2,min=nan,max=1"})
    EXPECT_EQ(hs::test::rejection<hs::MinMaxFit>(text), ErrorKind::invalid_text) << text;
  for (const char* text :
       {"v1:n=0,min=0,max=0", "v1:n=1,min=4,max=4", "v1:n=2,min=-1,max=1", "v1:n=5,min=2,max=2"})
    EXPECT_EQ(hs::format_state(hs::parse_state<hs::MinMaxFit>(text)).c_str(), std::string(text));
  // Non-finite fields cannot come from text, but can from the binary form.
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_NE(hs::StateTraits<hs::MinMaxFit>::problem(minmax_fit(2, -inf, 1.0)), nullptr);
  EXPECT_NE(hs::StateTraits<hs::MinMaxFit>::problem(minmax_fit(2, 0.0, inf)), nullptr);
  EXPECT_NE(hs::StateTraits<hs::MinMaxFit>::problem(minmax_fit(2, std::nan(""), 1.0)), nullptr);
  EXPECT_NE(hs::StateTraits<hs::MinMaxFit>::problem(minmax_fit(2, 1.0, std::nan(""))), nullptr);
  EXPECT_NE(hs::StateTraits<hs::MinMaxFit>::problem(minmax_fit(3, 2.0, 1.0)), nullptr);
  EXPECT_EQ(hs::StateTraits<hs::MinMaxFit>::problem(minmax_fit(3, 1.0, 2.0)), nullptr);
}

TEST(FitValidation, ZscoreFitsNoValuesCouldProduce) {
  for (const char* text :
       {"v1:n=1,mean=3,m2=1", "v1:n=2,mean=3,m2=-1", "v1:n=0,mean=3,m2=0", "v1:n=0,mean=0,m2=1",
        "v1:n=-2,mean=0,m2=0", "v1:n=2,mean=1e999,m2=1", "v1:n=2,mean=1,m2=inf"})
    EXPECT_EQ(hs::test::rejection<hs::ZscoreFit>(text), ErrorKind::invalid_text) << text;
  for (const char* text : {"v1:n=0,mean=0,m2=0", "v1:n=1,mean=3,m2=0", "v1:n=2,mean=1.5,m2=0.5"})
    EXPECT_EQ(hs::format_state(hs::parse_state<hs::ZscoreFit>(text)).c_str(), std::string(text));
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_NE(hs::StateTraits<hs::ZscoreFit>::problem(zscore_fit(2, std::nan(""), 1.0)), nullptr);
  EXPECT_NE(hs::StateTraits<hs::ZscoreFit>::problem(zscore_fit(2, 1.0, inf)), nullptr);
  EXPECT_NE(hs::StateTraits<hs::ZscoreFit>::problem(zscore_fit(2, -inf, 1.0)), nullptr);
  EXPECT_NE(hs::StateTraits<hs::ZscoreFit>::problem(zscore_fit(2, 1.0, std::nan(""))), nullptr);
  EXPECT_NE(hs::StateTraits<hs::ZscoreFit>::problem(zscore_fit(1, 1.0, 1e-300)), nullptr);
  EXPECT_EQ(hs::StateTraits<hs::ZscoreFit>::problem(zscore_fit(2, 1.0, 1e-300)), nullptr);
}

template <typename Fit>
bool same_fit(const Fit& a, const Fit& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(FitOverflow, CountsAtTheLimit) {
  hs::MinMaxFit mm = minmax_fit(INT64_MAX, -1.0, 1.0);
  hs::MinMaxFit mm_before = mm;
  try {
    hs::minmax_add(mm, 5.0);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::out_of_range);
    EXPECT_EQ(e.message_for("minmax_fit"), "minmax_fit: too many values");
  }
  EXPECT_TRUE(same_fit(mm, mm_before));
  hs::MinMaxFit one;
  hs::minmax_add(one, 7.0);
  EXPECT_THROW(hs::minmax_merge(mm, one), hs::Error);
  EXPECT_TRUE(same_fit(mm, mm_before));
  hs::MinMaxFit other = one;
  EXPECT_THROW(hs::minmax_merge(other, mm), hs::Error);
  EXPECT_TRUE(same_fit(other, one));

  hs::ZscoreFit z = zscore_fit(INT64_MAX, 2.0, 3.0);
  hs::ZscoreFit z_before = z;
  try {
    hs::zscore_add(z, 5.0);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::out_of_range);
  }
  EXPECT_TRUE(same_fit(z, z_before));
  hs::ZscoreFit zone;
  hs::zscore_add(zone, 1.0);
  EXPECT_THROW(hs::zscore_merge(z, zone), hs::Error);
  EXPECT_TRUE(same_fit(z, z_before));
  hs::ZscoreFit zother = zone;
  EXPECT_THROW(hs::zscore_merge(zother, z), hs::Error);
  EXPECT_TRUE(same_fit(zother, zone));
  // One below the limit still counts.
  hs::MinMaxFit almost = minmax_fit(INT64_MAX - 1, -1.0, 1.0);
  hs::minmax_add(almost, 2.0);
  EXPECT_EQ(almost.n, INT64_MAX);
  EXPECT_EQ(almost.max, 2.0);
}

// --- Scores near the ends of the double range ---

TEST(RangeScore, MinMaxAcrossTheDoubleRange) {
  // hi - lo fits a double.
  hs::MinMaxFit fit;
  for (double x : {-1e307, 0.0, 1e307}) hs::minmax_add(fit, x);
  EXPECT_EQ(*hs::minmax_apply(fit, -1e307, true), 0.0);
  EXPECT_EQ(*hs::minmax_apply(fit, 0.0, true), 50.0);
  EXPECT_EQ(*hs::minmax_apply(fit, 1e307, true), 100.0);
  EXPECT_EQ(*hs::minmax_apply(fit, 0.0, false), 50.0);
  // hi - lo overflows a double.
  hs::MinMaxFit wide;
  for (double x : {-1e308, 0.0, 1e308}) hs::minmax_add(wide, x);
  EXPECT_EQ(*hs::minmax_apply(wide, -1e308, true), 0.0);
  EXPECT_EQ(*hs::minmax_apply(wide, 0.0, true), 50.0);
  EXPECT_EQ(*hs::minmax_apply(wide, 1e308, true), 100.0);
  EXPECT_EQ(*hs::minmax_apply(wide, 1e308, false), 0.0);
  EXPECT_DOUBLE_EQ(*hs::minmax_apply(wide, 0.5e308, true), 75.0);
  double max = std::numeric_limits<double>::max();
  hs::MinMaxFit all = minmax_fit(2, -max, max);
  EXPECT_EQ(*hs::minmax_apply(all, -max, true), 0.0);
  EXPECT_EQ(*hs::minmax_apply(all, 0.0, true), 50.0);
  EXPECT_EQ(*hs::minmax_apply(all, max, true), 100.0);
  // 100 (max - 1e300) / (2 max) = 50 - 50e300 / max, about 49.99999972.
  long double expected = 100.0L * (static_cast<long double>(max) - 1e300L) / (2.0L * max);
  EXPECT_NEAR(*hs::minmax_apply(all, -1e300, true), static_cast<double>(expected), 1e-12);
}

TEST(RangeScore, SubnormalRanges) {
  double tiny = std::numeric_limits<double>::denorm_min();  // 5e-324
  ASSERT_EQ(tiny, 5e-324);
  hs::MinMaxFit fit;
  hs::minmax_add(fit, 0.0);
  hs::minmax_add(fit, tiny);
  EXPECT_EQ(*hs::minmax_apply(fit, 0.0, true), 0.0);
  EXPECT_EQ(*hs::minmax_apply(fit, tiny, true), 100.0);
  EXPECT_EQ(*hs::minmax_apply(fit, tiny, false), 0.0);
  EXPECT_EQ(*hs::minmax_apply(fit, 1.0, true), 100.0);
  EXPECT_EQ(*hs::minmax_apply(fit, -1.0, true), 0.0);
  EXPECT_EQ(*hs::range_score(hs::ClippedRange{0.0, tiny}, 0.0, true), 0.0);
  EXPECT_EQ(*hs::range_score(hs::ClippedRange{0.0, tiny}, tiny, true), 100.0);
  EXPECT_EQ(*hs::range_score(hs::ClippedRange{-tiny, tiny}, 0.0, true), 50.0);
  EXPECT_EQ(*hs::range_score(hs::ClippedRange{tiny, 3 * tiny}, 2 * tiny, true), 50.0);
  EXPECT_EQ(*hs::range_score(hs::ClippedRange{-tiny, 0.0}, -0.0, true), 100.0);
  EXPECT_EQ(hs::linear_fraction(tiny, 0.0, tiny), 1.0);
  EXPECT_EQ(hs::linear_fraction(0.0, -tiny, tiny), 0.5);
  // 2^-1022 (smallest normal) to 2^-1021.
  double lo = std::ldexp(1.0, -1022), hi = std::ldexp(1.0, -1021);
  EXPECT_EQ(*hs::range_score(hs::ClippedRange{lo, hi}, 1.5 * lo, true), 50.0);
}

TEST(RangeScore, LinearFractionWhenADifferenceOverflows) {
  double max = std::numeric_limits<double>::max();
  EXPECT_EQ(hs::linear_fraction(0.0, -1e308, 1e308), 0.5);
  EXPECT_EQ(hs::linear_fraction(1e308, -1e308, 1e308), 1.0);
  EXPECT_EQ(hs::linear_fraction(-1e308, -1e308, 1e308), 0.0);
  EXPECT_EQ(hs::linear_fraction(0.0, -max, max), 0.5);
  EXPECT_EQ(hs::linear_fraction(max, -max, max), 1.0);
  EXPECT_EQ(hs::linear_fraction(0.0, max, -max), 0.5);  // decreasing
  EXPECT_EQ(hs::linear_fraction(3.0, 1.0, 2.0), 2.0);   // not clamped
  // x - lo overflows, hi - lo does not: (3.4e308) / (1e307), about 34.
  long double expected = (1.7e308L + 1.7e308L) / (-1.6e308L + 1.7e308L);
  EXPECT_NEAR(hs::linear_fraction(1.7e308, -1.7e308, -1.6e308), static_cast<double>(expected),
              1e-12 * static_cast<double>(expected));
}

TEST(RangeScore, AgreesWithALongDoubleReferenceEverywhere) {
  // long double has the range to compute 100 (x - lo) / (hi - lo) without
  // overflow; the scores must agree within a few ulps, never be NaN.
  std::mt19937_64 gen(99);
  std::uniform_int_distribution<int> exponent(-1074, 1023);
  std::uniform_real_distribution<double> fraction(1.0, 2.0);
  auto random_double = [&] {
    double v = std::ldexp(fraction(gen), exponent(gen));
    if (!std::isfinite(v)) v = std::numeric_limits<double>::max();
    return gen() & 1 ? v : -v;
  };
  for (int i = 0; i < 200000; ++i) {
    double a = random_double(), b = random_double(), x = random_double();
    if (i % 3 == 0) x = a + (b - a) * 0.25;  // inside the range too
    if (!std::isfinite(x)) x = a;
    if (a == b) continue;
    double lo = std::min(a, b), hi = std::max(a, b);
    double score = *hs::range_score(hs::ClippedRange{lo, hi}, x, true);
    long double clamped = std::min<long double>(std::max<long double>(x, lo), hi);
    long double reference = 100.0L * (clamped - lo) / (static_cast<long double>(hi) - lo);
    ASSERT_FALSE(std::isnan(score)) << lo << " " << hi << " " << x;
    ASSERT_GE(score, 0.0);
    ASSERT_LE(score, 100.0);
    ASSERT_NEAR(score, static_cast<double>(reference), 1e-12 * 100.0)
        << std::hexfloat << lo << " " << hi << " " << x;
    double mirrored = *hs::range_score(hs::ClippedRange{lo, hi}, x, false);
    ASSERT_EQ(mirrored, 100.0 - score);
  }
}

// --- z-scores beyond the double range ---

TEST(ZscoreOverflow, AnInfiniteZscoreIsAnError) {
  hs::ZscoreScale scale{0.0, 1e-300};
  EXPECT_DOUBLE_EQ(hs::zscore_of_checked(scale, 1.0), 1e300);
  try {
    hs::zscore_of_checked(scale, 1e10);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::out_of_range);
    EXPECT_EQ(e.message_for("zscore_apply"), "zscore_apply: value out of range: overflow");
  }
  EXPECT_THROW(hs::zscore_of_checked(scale, -1e10), hs::Error);
  // A fit of 0 and 1e-150: sd = 1e-150 / sqrt(2); 1e300 is 1.4e450 deviations away.
  hs::ZscoreFit fit;
  hs::zscore_add(fit, 0.0);
  hs::zscore_add(fit, 1e-150);
  ASSERT_TRUE(hs::zscore_scale(fit));
  EXPECT_NEAR(*hs::zscore_apply(fit, 1e-150), 1.0 / std::sqrt(2.0), 1e-15);
  EXPECT_EQ(kind_of([] {
              hs::ZscoreFit f;
              hs::zscore_add(f, 0.0);
              hs::zscore_add(f, 1e-150);
              hs::zscore_apply(f, 1e300);
            }),
            ErrorKind::out_of_range);
  EXPECT_EQ(kind_of([] {
              hs::ZscoreFit f;
              hs::zscore_add(f, 0.0);
              hs::zscore_add(f, 1e-150);
              hs::zscore_apply(f, -1e300);
            }),
            ErrorKind::out_of_range);
  // The normal score of such a value is simply 100 (or 0): Phi saturates.
  EXPECT_EQ(*hs::normal_apply(fit, 1e300, true), 100.0);
  EXPECT_EQ(*hs::normal_apply(fit, -1e300, true), 0.0);
  EXPECT_EQ(*hs::normal_apply(fit, 1e300, false), 0.0);
}

TEST(ZscoreOverflow, AFiniteZscoreWhoseDifferenceOverflows) {
  // mean -1e308, sd sqrt(2): the z-score of 1e308 is 2e308 / sqrt(2), about
  // 1.414e308, within the double range, although x - mean is not.
  hs::ZscoreFit fit = zscore_fit(2, -1e308, 2.0);
  ASSERT_EQ(hs::StateTraits<hs::ZscoreFit>::problem(fit), nullptr);
  long double expected = (1e308L + 1e308L) / std::sqrt(2.0L);
  try {
    double z = *hs::zscore_apply(fit, 1e308);
    EXPECT_NEAR(z, static_cast<double>(expected), 1e-14 * static_cast<double>(expected));
  } catch (const hs::Error& e) {
    ADD_FAILURE() << "finite z-score " << static_cast<double>(expected)
                  << " rejected: " << e.message_for("zscore_apply");
  }
}

}  // namespace
