// Unit tests of the interrupt hook (src/core/interrupts.h): the long loops of
// the core call it, an exception it throws unwinds out of them, and without a
// hook they complete.
#include "core/interrupts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/window_scores.h"

namespace {

struct Cancelled {  // deliberately not a std::exception, as a binding layer's might not be
  int at_call;
};

int g_calls = 0;
int g_throw_at = 0;  // 0: never throw

void counting_hook() {
  ++g_calls;
  if (g_throw_at != 0 && g_calls >= g_throw_at) throw Cancelled{g_calls};
}

// Installs the hook for one test, and always removes it.
class HookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_calls = 0;
    g_throw_at = 0;
    hs::interrupt_hook = counting_hook;
  }
  void TearDown() override { hs::interrupt_hook = nullptr; }
};

constexpr std::size_t kLarge = 300000;

std::vector<double> large_values(unsigned seed) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> dist(0.0, 1e3);
  std::vector<double> v(kLarge);
  for (double& x : v) x = std::round(dist(gen) * 4.0) / 4.0;  // ties
  return v;
}

// The mid-rank score of every value, from a sorted copy and binary searches.
std::vector<double> reference_scores(const std::vector<double>& v) {
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out(v.size());
  double intervals = static_cast<double>(v.size() - 1);
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto range = std::equal_range(sorted.begin(), sorted.end(), v[i]);
    double below = static_cast<double>(range.first - sorted.begin());
    double equal = static_cast<double>(range.second - range.first);
    out[i] = 100.0 * (below + (equal - 1.0) / 2.0) / intervals;
  }
  return out;
}

TEST_F(HookTest, AThrowingHookStopsSortValues) {
  for (int k : {1, 3, 7}) {
    g_calls = 0;
    g_throw_at = k;
    std::vector<double> v = large_values(1);
    std::vector<std::uint64_t> scratch(v.size());
    try {
      hs::sort_values(v.data(), v.size(), scratch.data());
      ADD_FAILURE() << "sort_values completed despite the hook (k=" << k << ")";
    } catch (const Cancelled& c) {
      EXPECT_EQ(c.at_call, k);
    }
    EXPECT_EQ(g_calls, k);
  }
}

TEST_F(HookTest, AThrowingHookStopsPercentileScores) {
  for (int k : {1, 3, 7}) {
    g_calls = 0;
    g_throw_at = k;
    std::vector<double> v = large_values(2);
    std::vector<hs::RankedValue> pairs(v.size()), scratch(v.size());
    try {
      hs::percentile_scores(v.data(), v.size(), true, pairs.data(), scratch.data());
      ADD_FAILURE() << "percentile_scores completed despite the hook (k=" << k << ")";
    } catch (const Cancelled& c) {
      EXPECT_EQ(c.at_call, k);
    }
  }
}

TEST_F(HookTest, AThrowingHookStopsTheExactFit) {
  g_throw_at = 2;
  std::vector<double> v = large_values(3);
  EXPECT_THROW(hs::zscore_fit_exact(v.data(), v.size()), Cancelled);
}

TEST_F(HookTest, AHookThatDoesNotThrowChangesNothing) {
  std::vector<double> v = large_values(4);
  std::vector<double> expected = v;
  std::sort(expected.begin(), expected.end());
  std::vector<std::uint64_t> scratch(v.size());
  hs::sort_values(v.data(), v.size(), scratch.data());
  EXPECT_EQ(v, expected);
  // At least once per kInterruptStride values.
  EXPECT_GE(static_cast<std::size_t>(g_calls), kLarge / hs::kInterruptStride);
  g_calls = 0;
  std::vector<double> w = large_values(5);
  std::vector<double> scores = w;
  std::vector<hs::RankedValue> pairs(w.size()), scratch2(w.size());
  ASSERT_TRUE(
      hs::percentile_scores(scores.data(), scores.size(), true, pairs.data(), scratch2.data()));
  EXPECT_GE(static_cast<std::size_t>(g_calls), kLarge / hs::kInterruptStride);
  EXPECT_EQ(scores, reference_scores(w));
}

TEST(Interrupts, WithoutAHookLongLoopsComplete) {
  ASSERT_EQ(hs::interrupt_hook, nullptr);
  std::vector<double> v = large_values(6);
  std::vector<double> expected = v;
  std::sort(expected.begin(), expected.end());
  std::vector<std::uint64_t> scratch(v.size());
  hs::sort_values(v.data(), v.size(), scratch.data());
  EXPECT_EQ(v, expected);
  std::vector<double> w = large_values(7);
  std::vector<double> scores = w;
  std::vector<hs::RankedValue> pairs(w.size()), scratch2(w.size());
  ASSERT_TRUE(
      hs::percentile_scores(scores.data(), scores.size(), false, pairs.data(), scratch2.data()));
  std::vector<double> reference = reference_scores(w);
  for (std::size_t i = 0; i < w.size(); ++i) ASSERT_EQ(scores[i], 100.0 - reference[i]) << i;
  hs::ZscoreFit fit = hs::zscore_fit_exact(w.data(), w.size());
  EXPECT_EQ(fit.n, static_cast<std::int64_t>(kLarge));
}

}  // namespace
