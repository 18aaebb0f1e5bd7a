// Unit tests of mean summaries and their rollup state (src/core/mean.h):
// Chan's merge, adding mean_summary values, the Student t interval.
#include "core/mean.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/ces.h"
#include "core/error.h"
#include "support.h"

namespace {

using hs::test::same;

hs::MeanSummary summary(std::int64_t responses, std::optional<double> mean,
                        std::optional<double> stddev) {
  hs::MeanSummary s;
  s.responses = responses;
  s.mean = mean;
  s.stddev = stddev;
  return s;
}

TEST(Mean, StudentIntervalByHand) {
  // 1..5 as one summary: mean 3, sd = sqrt(2.5); t(0.975, 4) = 2.7764451051977987;
  // half = 2.77645 * 1.58114 / sqrt(5) = 1.96324.
  hs::MeanState s;
  hs::mean_add_summary(s, summary(5, 3.0, std::sqrt(2.5)));
  EXPECT_EQ(s.n, 5);
  EXPECT_NEAR(s.m2, 10.0, 1e-14);
  hs::MeanSummary out = hs::mean_summarize(s);
  EXPECT_DOUBLE_EQ(*out.mean, 3.0);
  EXPECT_NEAR(*out.stddev, std::sqrt(2.5), 1e-15);
  double half = 2.7764451051977987 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(*out.ci_low, 3.0 - half, 1e-12);
  EXPECT_NEAR(*out.ci_high, 3.0 + half, 1e-12);
  // mean_interval on its own.
  hs::MeanSummary m;
  m.responses = 5;
  m.mean = 3.0;
  hs::mean_interval(m, std::sqrt(2.5), 0.95);
  EXPECT_NEAR(*m.ci_low, 3.0 - half, 1e-12);
}

TEST(Mean, OneAndNoResponses) {
  hs::MeanState s;
  EXPECT_FALSE(hs::mean_summarize(s).mean);
  hs::mean_add_summary(s, summary(1, 4.0, std::nullopt));
  hs::MeanSummary one = hs::mean_summarize(s);
  EXPECT_EQ(*one.mean, 4.0);
  EXPECT_FALSE(one.stddev || one.ci_low || one.ci_high);
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
  for (std::size_t i = 0; i < xs.size(); ++i) hs::welford_add(parts[i % 4], xs[i]);
  hs::MeanState merged;
  for (const hs::MeanState& p : parts) hs::mean_merge(merged, p);
  EXPECT_EQ(merged.n, static_cast<std::int64_t>(xs.size()));
  EXPECT_NEAR(merged.mean, mean, 1e-12 * mean);
  EXPECT_NEAR(merged.m2, m2, 1e-10 * m2);
}

TEST(Mean, RollupOfSummariesEqualsTheWhole) {
  hs::CesState a, b, all;
  for (int i = 0; i < 50; ++i) {
    int x = 1 + (i * i) % 7;
    hs::ces_add(i < 20 ? a : b, x);
    hs::ces_add(all, x);
  }
  hs::MeanState r;
  hs::mean_add_summary(r, hs::ces_summarize(a));
  hs::mean_add_summary(r, hs::ces_summarize(b));
  hs::mean_add_summary(r, summary(0, std::nullopt, std::nullopt));
  hs::mean_add_summary(r, hs::ces_summarize(hs::CesState()));
  // The whole, by exact integer arithmetic: mean sum / n, m2 = sumsq - sum^2 / n.
  double n = static_cast<double>(all.n);
  double sum = static_cast<double>(all.sum);
  double sumsq = static_cast<double>(all.sumsq.get());
  EXPECT_EQ(r.n, all.n);
  EXPECT_NEAR(r.mean, sum / n, 1e-12);
  EXPECT_NEAR(r.m2, sumsq - sum * sum / n, 1e-9);
  hs::MeanSummary whole = hs::ces_summarize(all), rolled = hs::mean_summarize(r);
  EXPECT_NEAR(*rolled.stddev, *whole.stddev, 1e-13);
  EXPECT_NEAR(*rolled.ci_low, *whole.ci_low, 1e-12);
  hs::MeanState before = r;
  for (const hs::MeanSummary& bad :
       {summary(-1, 1.0, 1.0), summary(3, std::nullopt, 1.0), summary(3, 2.0, std::nullopt),
        summary(3, 2.0, -1.0), summary(3, NAN, 1.0), summary(3, 2.0, INFINITY),
        summary(1, INFINITY, std::nullopt)}) {
    try {
      hs::mean_add_summary(r, bad);
      ADD_FAILURE() << bad.responses;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("rollup"), "rollup: inconsistent mean_summary");
    }
    EXPECT_TRUE(same(r, before));
  }
}

TEST(Mean, RollupOverflowIsAnErrorNotInfinity) {
  // A deviation whose square overflows, and two means too far apart to merge.
  hs::MeanState r;
  try {
    hs::mean_add_summary(r, summary(3, 1.0, 1e200));
    ADD_FAILURE() << "no error";
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  }
  EXPECT_EQ(r.n, 0);
  hs::mean_add_summary(r, summary(2, -1e200, 0.0));
  hs::MeanState before = r;
  EXPECT_THROW(hs::mean_add_summary(r, summary(2, 1e200, 0.0)), hs::Error);
  EXPECT_TRUE(same(r, before));
}

TEST(MeanOverflow, CountsAtTheLimit) {
  hs::MeanState full;
  full.n = INT64_MAX;
  full.mean = 3.0;
  full.m2 = 12.0;
  hs::MeanState one;
  hs::welford_add(one, 4.0);
  for (int round = 0; round < 4; ++round) {
    hs::MeanState s = full;
    try {
      switch (round) {
        case 0:
          hs::mean_merge(s, one);
          break;
        case 1:
          hs::mean_add_summary(s, summary(1, 4.0, std::nullopt));
          break;
        case 2:
          hs::welford_add(s, 4.0);
          break;
        default: {
          s = one;
          hs::mean_merge(s, full);
        }
      }
      ADD_FAILURE() << "round " << round;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
      EXPECT_EQ(e.message_for("rollup"), "rollup: too many values");
    }
    EXPECT_TRUE(same(s, round == 3 ? one : full)) << "round " << round;
  }
  hs::MeanState s = one;
  EXPECT_THROW(hs::mean_add_summary(s, summary(INT64_MAX, 1.0, 0.0)), hs::Error);
  EXPECT_TRUE(same(s, one));
}

TEST(MeanParameters, ConfidenceOfPartialStates) {
  hs::MeanState a, b, c;
  hs::adopt_confidence(a.confidence, 0.9);
  hs::adopt_confidence(b.confidence, 0.8);
  hs::mean_add_summary(b, summary(2, 1.0, 1.0));
  hs::MeanState before = b;
  EXPECT_THROW(hs::mean_merge(b, a), hs::Error);
  EXPECT_TRUE(same(b, before));
  EXPECT_THROW(hs::mean_merge(a, b), hs::Error);
  EXPECT_EQ(a.confidence, 0.9);
  EXPECT_EQ(a.n, 0);
  hs::mean_merge(c, b);  // an empty unset side yields
  EXPECT_EQ(c.confidence, 0.8);
  EXPECT_EQ(c.n, 2);
  // An unset side with summaries was rolled up at the default 0.95.
  hs::MeanState d;
  hs::mean_add_summary(d, summary(3, 2.0, 0.5));
  EXPECT_THROW(hs::mean_merge(c, d), hs::Error);
  hs::MeanState d95 = d;
  hs::MeanState set95;
  hs::adopt_confidence(set95.confidence, 0.95);
  hs::mean_merge(d95, set95);
  EXPECT_EQ(d95.confidence, 0.95);
  EXPECT_EQ(d95.n, 3);
}

}  // namespace
