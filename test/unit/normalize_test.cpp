// Unit tests of the normalizers (src/core/normalize.h): min-max, z-score and
// normal fits, winsorized ranges, mid-rank percentiles, against hand-computed values.
#include "core/normalize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "core/error.h"

namespace {

using hs::ErrorKind;

ErrorKind kind_of(void (*f)()) {
  try {
    f();
  } catch (const hs::Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no hs::Error thrown";
  return ErrorKind::invalid_text;
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

TEST(SortValues, RadixAndComparisonSortsAgree) {
  std::mt19937 gen(3);
  std::normal_distribution<double> dist(0.0, 1e6);
  for (std::size_t n : {0u, 1u, 100u, 4095u, 4096u, 100000u}) {
    std::vector<double> v(n);
    for (double& x : v) x = std::round(dist(gen)) / 8.0;  // ties, negatives, zeros
    if (n > 10) {
      v[0] = -0.0;
      v[1] = 0.0;
      v[2] = -1.7e308;
      v[3] = 4.9e-324;
    }
    std::vector<double> expected = v;
    std::sort(expected.begin(), expected.end());
    hs::sort_values(v.data(), v.size());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(v[i], expected[i]) << "n=" << n << " i=" << i;
  }
}

TEST(Percentile, ContinuousPercentileInterpolates) {
  // percentile_cont over 1, 2, 2, 10: position q * 3.
  double v[] = {1.0, 2.0, 2.0, 10.0};
  EXPECT_DOUBLE_EQ(hs::percentile_cont(v, 4, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(hs::percentile_cont(v, 4, 0.25), 1.75);  // 1 + 0.75 * (2 - 1)
  EXPECT_DOUBLE_EQ(hs::percentile_cont(v, 4, 0.75), 4.0);   // 2 + 0.25 * (10 - 2)
  EXPECT_DOUBLE_EQ(hs::percentile_cont(v, 4, 1.0), 10.0);
  double one[] = {5.0};
  EXPECT_DOUBLE_EQ(hs::percentile_cont(one, 1, 0.3), 5.0);
  double huge[] = {-1.5e308, 1.7e308};
  EXPECT_DOUBLE_EQ(hs::percentile_cont(huge, 2, 0.5), 0.1e308);
}

TEST(Percentile, ClippedRangeWinsorizes) {
  double v[] = {1.0, 2.0, 2.0, 10.0};
  hs::ClippedRange r = hs::clipped_range(v, 4, 0.25);
  EXPECT_DOUBLE_EQ(r.lo, 1.75);
  EXPECT_DOUBLE_EQ(r.hi, 4.0);
  // 10 is clipped to 4 -> 100; 1 to 1.75 -> 0; 2 -> 100 * 0.25 / 2.25.
  EXPECT_DOUBLE_EQ(*hs::range_score(r, 10.0, true), 100.0);
  EXPECT_DOUBLE_EQ(*hs::range_score(r, 1.0, true), 0.0);
  EXPECT_NEAR(*hs::range_score(r, 2.0, true), 100.0 * 0.25 / 2.25, 1e-12);
  hs::ClippedRange plain = hs::clipped_range(v, 4, 0.0);
  EXPECT_EQ(plain.lo, 1.0);
  EXPECT_EQ(plain.hi, 10.0);
  EXPECT_FALSE(hs::range_score(hs::ClippedRange{3.0, 3.0}, 3.0, true));
}

// The scores of values given in any order; NaN for missing, nullopt without information.
std::optional<std::vector<double>> scores_of(std::vector<double> values, bool higher_is_better) {
  if (!hs::percentile_scores(values.data(), values.size(), higher_is_better)) return std::nullopt;
  return values;
}

TEST(Percentile, MidRankWithTies) {
  // 1, 2, 2, 10: 1 -> 0; 2 -> (1 + (2 - 1) / 2) / 3 = 50; 10 -> 100.
  std::vector<double> s = *scores_of({10.0, 2.0, 1.0, 2.0}, true);
  EXPECT_EQ(s, (std::vector<double>{100.0, 50.0, 0.0, 50.0}));
  std::vector<double> mirrored = *scores_of({10.0, 2.0, 1.0, 2.0}, false);
  EXPECT_EQ(mirrored, (std::vector<double>{0.0, 50.0, 100.0, 50.0}));
  // 5, 5, 5, 6, 6: 5 -> (0 + 1) / 4 = 25; 6 -> (3 + 0.5) / 4 = 87.5.
  EXPECT_EQ(*scores_of({6.0, 5.0, 5.0, 6.0, 5.0}, true),
            (std::vector<double>{87.5, 25.0, 25.0, 87.5, 25.0}));
  // -0 and +0 are one value.
  EXPECT_EQ(*scores_of({0.0, -0.0, 1.0}, true), (std::vector<double>{25.0, 25.0, 100.0}));
  // Missing values stay missing and do not count.
  std::vector<double> gaps = *scores_of({std::nan(""), 3.0, std::nan(""), 1.0}, true);
  EXPECT_TRUE(std::isnan(gaps[0]) && std::isnan(gaps[2]));
  EXPECT_EQ(gaps[1], 100.0);
  EXPECT_EQ(gaps[3], 0.0);
  // Fewer than two distinct values: no information.
  EXPECT_FALSE(scores_of({4.0, 4.0}, true));
  EXPECT_FALSE(scores_of({4.0, std::nan("")}, true));
  EXPECT_FALSE(scores_of({}, true));
}

TEST(Percentile, MidRankAgainstCountingEveryValue) {
  // Property: for every size (both sorts: comparison and radix) and every
  // value, the score equals the mid-rank formula with L and E counted one
  // value at a time.
  std::mt19937 gen(17);
  std::vector<std::size_t> sizes;
  for (std::size_t n = 2; n <= 300; n += 7) sizes.push_back(n);
  sizes.push_back(5000);
  for (std::size_t n : sizes) {
    std::uniform_int_distribution<int> dist(-static_cast<int>(n / 6), static_cast<int>(n / 6));
    std::vector<double> v(n);
    for (double& x : v) x = dist(gen) * 0.5;  // many ties, negative values
    std::optional<std::vector<double>> scores = scores_of(v, true);
    double lo = *std::min_element(v.begin(), v.end());
    double hi = *std::max_element(v.begin(), v.end());
    if (lo == hi) {
      EXPECT_FALSE(scores);
      continue;
    }
    ASSERT_TRUE(scores);
    for (std::size_t i = 0; i < n; ++i) {
      double below = 0, equal = 0;
      for (double y : v) {
        below += y < v[i];
        equal += y == v[i];
      }
      EXPECT_DOUBLE_EQ((*scores)[i], 100.0 * (below + (equal - 1) / 2) / static_cast<double>(n - 1))
          << "n=" << n << " x=" << v[i];
    }
  }
}

TEST(Percentile, ClipOutsideRangeIsAnError) {
  EXPECT_EQ(kind_of([] { hs::check_clip("minmax_score", 0.5); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([] { hs::check_clip("minmax_score", -0.01); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([] { hs::check_clip("minmax_score", std::nan("")); }),
            ErrorKind::invalid_parameter);
  EXPECT_NO_THROW(hs::check_clip("minmax_score", 0.0));
  EXPECT_NO_THROW(hs::check_clip("minmax_score", 0.49));
}

TEST(FitText, RoundTripAndRejection) {
  hs::MinMaxFit mm{3, -0.1, 2.5};
  hs::StateTextWriter text = hs::format_state(mm);
  EXPECT_STREQ(text.c_str(), "v1:n=3,min=-0.1,max=2.5");
  hs::MinMaxFit back = hs::parse_state<hs::MinMaxFit>(text.c_str());
  EXPECT_EQ(back.n, 3);
  EXPECT_EQ(back.min, -0.1);
  EXPECT_EQ(back.max, 2.5);
  EXPECT_EQ(kind_of([] { hs::parse_state<hs::MinMaxFit>("v1:n=2,min=3,max=1"); }),
            ErrorKind::invalid_text);
  EXPECT_EQ(kind_of([] { hs::parse_state<hs::ZscoreFit>("v1:n=1,mean=3,m2=1"); }),
            ErrorKind::invalid_text);
  hs::ZscoreFit z{5, 3.0, 10.0};
  EXPECT_STREQ(hs::format_state(z).c_str(), "v1:n=5,mean=3,m2=10");
}

}  // namespace
