// Unit tests of the window scores (src/core/window_scores.h): sorting,
// continuous percentiles, winsorized ranges and mid-rank percentiles, against
// hand-computed values and counting every value.
#include "core/window_scores.h"

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

void sort(std::vector<double>& v) {
  std::vector<std::uint64_t> scratch(v.size());
  hs::sort_values(v.data(), v.size(), scratch.data());
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
    sort(v);
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
  std::vector<hs::RankedValue> pairs(values.size()), scratch(values.size());
  if (!hs::percentile_scores(values.data(), values.size(), higher_is_better, pairs.data(),
                             scratch.data()))
    return std::nullopt;
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
  EXPECT_EQ(kind_of([] { hs::check_clip(0.5); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([] { hs::check_clip(-0.01); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([] { hs::check_clip(std::nan("")); }), ErrorKind::invalid_parameter);
  EXPECT_NO_THROW(hs::check_clip(0.0));
  EXPECT_NO_THROW(hs::check_clip(0.49));
}

}  // namespace
