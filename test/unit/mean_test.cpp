// Unit tests of CES means and the Student t interval (src/core/mean.h).
#include "core/mean.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"

namespace {

TEST(Mean, StudentIntervalByHand) {
  // 1..5: mean 3, sd = sqrt(2.5); t(0.975, 4) = 2.7764451051977987;
  // half = 2.77645 * 1.58114 / sqrt(5) = 1.96324.
  hs::MeanState s;
  for (int x = 1; x <= 5; ++x) hs::ces_add(s, x);
  hs::MeanSummary out = hs::mean_summarize(s);
  EXPECT_DOUBLE_EQ(*out.mean, 3.0);
  EXPECT_NEAR(*out.stddev, std::sqrt(2.5), 1e-15);
  double half = 2.7764451051977987 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(*out.ci_low, 3.0 - half, 1e-12);
  EXPECT_NEAR(*out.ci_high, 3.0 + half, 1e-12);
}

TEST(Mean, OneAndNoResponses) {
  hs::MeanState s;
  EXPECT_FALSE(hs::mean_summarize(s).mean);
  hs::ces_add(s, 4);
  hs::MeanSummary one = hs::mean_summarize(s);
  EXPECT_EQ(*one.mean, 4.0);
  EXPECT_FALSE(one.stddev || one.ci_low || one.ci_high);
}

TEST(Mean, ScaleChecks) {
  hs::MeanState s;
  EXPECT_THROW(hs::ces_add(s, 8), hs::Error);
  EXPECT_THROW(hs::ces_add(s, 0), hs::Error);
  hs::ces_adopt_scale(s, 10);
  hs::ces_add(s, 10);
  EXPECT_THROW(hs::ces_adopt_scale(s, 7), hs::Error);
  hs::MeanState t;
  EXPECT_THROW(hs::ces_adopt_scale(t, 1), hs::Error);
}

TEST(Mean, ChanMergeEqualsTwoPassReference) {
  std::mt19937 gen(9);
  std::uniform_int_distribution<int> dist(1, 7);
  std::vector<int> xs(10001);
  for (int& x : xs) x = dist(gen);
  double sum = 0;
  for (int x : xs) sum += x;
  double mean = sum / static_cast<double>(xs.size());
  double m2 = 0;
  for (int x : xs) m2 += (x - mean) * (x - mean);
  std::vector<hs::MeanState> parts(4);
  for (std::size_t i = 0; i < xs.size(); ++i) hs::ces_add(parts[i % 4], xs[i]);
  hs::MeanState merged;
  for (const hs::MeanState& p : parts) hs::mean_merge(merged, p, "ces");
  EXPECT_EQ(merged.n, static_cast<std::int64_t>(xs.size()));
  EXPECT_NEAR(merged.mean, mean, 1e-12 * mean);
  EXPECT_NEAR(merged.m2, m2, 1e-10 * m2);
}

TEST(Mean, RollupOfSummariesEqualsTheWhole) {
  hs::MeanState a, b, all;
  for (int i = 0; i < 50; ++i) {
    int x = 1 + (i * i) % 7;
    hs::ces_add(i < 20 ? a : b, x);
    hs::ces_add(all, x);
  }
  hs::MeanSummary sa = hs::mean_summarize(a), sb = hs::mean_summarize(b);
  hs::MeanState r;
  r.scale_max = 0;
  hs::mean_add_summary(r, sa.responses, sa.mean, sa.stddev, "rollup");
  hs::mean_add_summary(r, sb.responses, sb.mean, sb.stddev, "rollup");
  hs::mean_add_summary(r, 0, std::nullopt, std::nullopt, "rollup");
  EXPECT_EQ(r.n, all.n);
  EXPECT_NEAR(r.mean, all.mean, 1e-12);
  EXPECT_NEAR(r.m2, all.m2, 1e-9);
  EXPECT_THROW(hs::mean_add_summary(r, -1, 1.0, 1.0, "rollup"), hs::Error);
  EXPECT_THROW(hs::mean_add_summary(r, 3, std::nullopt, 1.0, "rollup"), hs::Error);
  EXPECT_THROW(hs::mean_add_summary(r, 3, 2.0, std::nullopt, "rollup"), hs::Error);
  EXPECT_THROW(hs::mean_add_summary(r, 3, 2.0, -1.0, "rollup"), hs::Error);
}

TEST(Mean, RollupOverflowIsAnErrorNotInfinity) {
  // A deviation whose square overflows, and two means too far apart to merge.
  hs::MeanState r;
  r.scale_max = 0;
  try {
    hs::mean_add_summary(r, 3, 1.0, 1e200, "rollup");
    ADD_FAILURE() << "no error";
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  }
  hs::mean_add_summary(r, 2, -1e200, 0.0, "rollup");
  EXPECT_THROW(hs::mean_add_summary(r, 2, 1e200, 0.0, "rollup"), hs::Error);
}

}  // namespace
