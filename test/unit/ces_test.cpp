// Unit tests of the Customer Effort Score (src/core/ces.h): exact integer
// sums, a correctly rounded mean, results independent of row order and plan,
// against hand-computed values, exact integer arithmetic and two-pass
// long double references; and of the mean summaries it returns and their
// rollup state (Chan's merge, adding mean_summary values).
#include "core/ces.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "support.h"

namespace {

using hs::test::rejection;
using hs::test::same;

// Bitwise equality of two optional doubles.
bool same(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

bool same(const hs::MeanSummary& a, const hs::MeanSummary& b) {
  return a.responses == b.responses && same(a.mean, b.mean) && same(a.stddev, b.stddev) &&
         same(a.ci_low, b.ci_low) && same(a.ci_high, b.ci_high);
}

hs::CesState state(std::int64_t n, std::int64_t sum, unsigned __int128 sumsq,
                   std::int32_t scale_max = 0) {
  hs::CesState s;
  s.n = n;
  s.sum = sum;
  s.sumsq.set(sumsq);
  s.scale_max = scale_max;
  return s;
}

// True when q is the double nearest to num / den, ties to even (num, den
// positive, below 2^63, and q >= 1): q and its two neighbours c = m * 2^e
// (m an integer below 2^53) are compared by |c * den - num|, scaled by a
// power of two that makes every term an integer, in exact 128-bit arithmetic.
bool correctly_rounded(double q, std::int64_t num, std::int64_t den) {
  if (!(q >= 1.0) || !std::isfinite(q)) return false;
  double cands[3] = {std::nextafter(q, 0.0), q, std::nextafter(q, INFINITY)};
  __int128 m[3];
  int e[3];
  int e_min = 0;
  for (int i = 0; i < 3; ++i) {
    double f = std::frexp(cands[i], &e[i]);
    m[i] = static_cast<__int128>(std::ldexp(f, 53));
    e[i] -= 53;
    e_min = std::min(e_min, e[i]);
  }
  int shift = -e_min;  // 0..~60 for quotients from 1 to 2^63
  __int128 err[3];
  for (int i = 0; i < 3; ++i) {
    __int128 lhs = (m[i] * den) << (e[i] + shift);
    __int128 rhs = static_cast<__int128>(num) << shift;
    err[i] = lhs > rhs ? lhs - rhs : rhs - lhs;
  }
  for (int i : {0, 2}) {
    if (err[i] < err[1]) return false;
    if (err[i] == err[1] && (m[1] & 1) != 0) return false;  // a tie goes to the even mantissa
  }
  return true;
}

TEST(CesReference, TheCheckerItselfKnowsRightFromWrong) {
  EXPECT_TRUE(correctly_rounded(1.0 / 3.0 * 3.0, 3, 3));
  EXPECT_TRUE(correctly_rounded(4.0 / 3.0, 4, 3));
  EXPECT_FALSE(correctly_rounded(std::nextafter(4.0 / 3.0, 2.0), 4, 3));
  EXPECT_FALSE(correctly_rounded(std::nextafter(4.0 / 3.0, 1.0), 4, 3));
  // (2^53 + 1) / 1 lies halfway between 2^53 and 2^53 + 2: ties go to even 2^53.
  EXPECT_TRUE(correctly_rounded(9007199254740992.0, 9007199254740993, 1));
  EXPECT_FALSE(correctly_rounded(9007199254740994.0, 9007199254740993, 1));
}

TEST(Ces, StudentIntervalByHand) {
  // 1..5: mean 3, sd = sqrt(2.5); t(0.975, 4) = 2.7764451051977987;
  // half = 2.77645 * 1.58114 / sqrt(5) = 1.96324.
  hs::CesState s;
  for (int x = 1; x <= 5; ++x) hs::ces_add(s, x);
  EXPECT_EQ(s.n, 5);
  EXPECT_EQ(s.sum, 15);
  EXPECT_EQ(s.sumsq.get(), 55u);
  hs::MeanSummary out = hs::ces_summarize(s);
  EXPECT_EQ(out.responses, 5);
  EXPECT_EQ(*out.mean, 3.0);
  EXPECT_NEAR(*out.stddev, std::sqrt(2.5), 1e-15);
  double half = 2.7764451051977987 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(*out.ci_low, 3.0 - half, 1e-12);
  EXPECT_NEAR(*out.ci_high, 3.0 + half, 1e-12);
  // Confidence 0.9: t(0.95, 4) = 2.131846786326649.
  s.confidence = 0.9;
  hs::MeanSummary ninety = hs::ces_summarize(s);
  double half90 = 2.131846786326649 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(*ninety.ci_low, 3.0 - half90, 1e-12);
}

TEST(Ces, OneAndNoResponses) {
  hs::CesState s;
  EXPECT_FALSE(hs::ces_summarize(s).mean);
  EXPECT_FALSE(hs::ces_mean(s));
  EXPECT_EQ(hs::ces_summarize(s).responses, 0);
  hs::ces_add(s, 4);
  hs::MeanSummary one = hs::ces_summarize(s);
  EXPECT_EQ(*one.mean, 4.0);
  EXPECT_EQ(*hs::ces_mean(s), 4.0);
  EXPECT_FALSE(one.stddev || one.ci_low || one.ci_high);
}

TEST(Ces, IdenticalScoresHaveNoDeviationExactly) {
  for (int x = 1; x <= 7; ++x) {
    for (int n : {2, 3, 10, 1001}) {
      hs::CesState s;
      for (int i = 0; i < n; ++i) hs::ces_add(s, x);
      hs::MeanSummary out = hs::ces_summarize(s);
      EXPECT_EQ(*out.mean, x);
      EXPECT_EQ(*out.stddev, 0.0);
      EXPECT_EQ(*out.ci_low, x);
      EXPECT_EQ(*out.ci_high, x);
    }
  }
}

TEST(Ces, ScaleChecks) {
  hs::CesState s;
  EXPECT_THROW(hs::ces_add(s, 8), hs::Error);
  EXPECT_THROW(hs::ces_add(s, 0), hs::Error);
  EXPECT_EQ(s.n, 0);
  hs::ces_add(s, 7);  // unset: 1..7 applies
  EXPECT_EQ(s.scale_max, 0);
  hs::CesState ten;
  hs::ces_adopt_scale(ten, 10);
  EXPECT_EQ(ten.scale_max, 10);
  hs::ces_add(ten, 10);
  EXPECT_THROW(hs::ces_add(ten, 11), hs::Error);
  EXPECT_THROW(hs::ces_adopt_scale(ten, 7), hs::Error);
  EXPECT_EQ(ten.scale_max, 10);
  hs::CesState t;
  EXPECT_THROW(hs::ces_adopt_scale(t, 1), hs::Error);
  EXPECT_THROW(hs::ces_adopt_scale(t, -5), hs::Error);
  EXPECT_EQ(t.scale_max, 0);
  try {
    hs::ces_add(t, 9);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_STREQ(e.what(), "score 9 is out of range");
    EXPECT_EQ(e.message_for("ces_summary"), "ces_summary score 9 is out of range");
    EXPECT_STREQ(e.detail(), "Scores must be integers from 1 to 7.");
  }
}

TEST(Ces, AZeroScaleIsRejectedEvenOnAnUnsetState) {
  // ces(score, 0): 0 is not a scale (at least 2); taken for "unset" it would
  // silently score on 1..7.
  hs::CesState s;
  EXPECT_THROW(hs::ces_adopt_scale(s, 0), hs::Error);
}

TEST(CesExactness, MeanIsTheCorrectlyRoundedQuotientForEverySmallState) {
  // Every n from 1 to 300 and every sum a multiset of n scores in 1..7 can have.
  for (std::int64_t n = 1; n <= 300; ++n) {
    for (std::int64_t sum = n; sum <= 7 * n; ++sum) {
      double mean = *hs::ces_mean(state(n, sum, 0));
      ASSERT_TRUE(correctly_rounded(mean, sum, n)) << sum << "/" << n << " gave " << mean;
    }
  }
}

TEST(CesExactness, MeanIsCorrectlyRoundedUpTo2To53) {
  std::mt19937_64 gen(53);
  for (int i = 0; i < 200000; ++i) {
    std::int64_t n = 1 + static_cast<std::int64_t>(gen() % ((std::uint64_t{1} << 53) / 7));
    std::int64_t sum = n + static_cast<std::int64_t>(gen() % static_cast<std::uint64_t>(6 * n + 1));
    ASSERT_LT(sum, std::int64_t{1} << 53);
    double mean = *hs::ces_mean(state(n, sum, 0));
    ASSERT_TRUE(correctly_rounded(mean, sum, n)) << sum << "/" << n << " gave " << mean;
  }
}

TEST(CesExactness, MeanIsCorrectlyRoundedBeyond2To53) {
  // Found by a review: a long double quotient rounds twice here.
  EXPECT_EQ(*hs::ces_mean(state(139587562155085299, 520488876116791343, 0)), 3.7287625636624777);
  std::mt19937_64 gen(63);
  for (int i = 0; i < 200000; ++i) {
    std::int64_t n = 1 + static_cast<std::int64_t>(gen() % (std::uint64_t{INT64_MAX} / 7));
    std::int64_t sum = n + static_cast<std::int64_t>(gen() % static_cast<std::uint64_t>(6 * n + 1));
    double mean = *hs::ces_mean(state(n, sum, 0));
    ASSERT_TRUE(correctly_rounded(mean, sum, n)) << sum << "/" << n << " gave " << mean;
  }
}

TEST(CesExactness, MeanThroughAddsAgreesWithIntegerArithmetic) {
  std::mt19937 gen(77);
  std::uniform_int_distribution<int> dist(1, 7);
  hs::CesState s;
  std::int64_t n = 0, sum = 0;
  unsigned __int128 sumsq = 0;
  for (int i = 0; i < 5000; ++i) {
    int x = dist(gen);
    hs::ces_add(s, x);
    ++n;
    sum += x;
    sumsq += static_cast<unsigned>(x * x);
    ASSERT_EQ(s.n, n);
    ASSERT_EQ(s.sum, sum);
    ASSERT_TRUE(s.sumsq.get() == sumsq);
    ASSERT_TRUE(correctly_rounded(*hs::ces_mean(s), sum, n));
    ASSERT_EQ(*hs::ces_summarize(s).mean, *hs::ces_mean(s));
  }
}

TEST(CesExactness, StddevMatchesATwoPassReference) {
  std::mt19937 gen(5);
  for (int scale : {2, 5, 7, 10, 100}) {
    for (std::size_t n : {2u, 3u, 7u, 100u, 4999u, 100000u}) {
      std::uniform_int_distribution<int> dist(1, scale);
      std::vector<int> xs(n);
      for (int& x : xs) x = dist(gen);
      hs::CesState s;
      hs::ces_adopt_scale(s, scale);
      for (int x : xs) hs::ces_add(s, x);
      long double total = 0;
      for (int x : xs) total += x;
      long double mean = total / static_cast<long double>(n);
      long double m2 = 0;
      for (int x : xs) m2 += (x - mean) * (x - mean);
      long double sd = std::sqrt(m2 / static_cast<long double>(n - 1));
      hs::MeanSummary out = hs::ces_summarize(s);
      if (sd == 0) {
        EXPECT_EQ(*out.stddev, 0.0);
        continue;
      }
      EXPECT_LE(std::fabs(static_cast<long double>(*out.stddev) - sd) / sd, 1e-15L)
          << "scale " << scale << " n " << n;
      EXPECT_LE(std::fabs(static_cast<long double>(*out.mean) - mean) / mean, 1.2e-16L);
    }
  }
}

TEST(CesExactness, BitIdenticalInAnyOrderAndAnySplit) {
  std::mt19937 gen(2024);
  std::uniform_int_distribution<int> dist(1, 7);
  std::vector<int> xs(10007);
  for (int& x : xs) x = dist(gen);
  hs::CesState whole;
  for (int x : xs) hs::ces_add(whole, x);
  hs::MeanSummary reference = hs::ces_summarize(whole);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(xs.begin(), xs.end(), gen);
    // Serial, in a new order.
    hs::CesState serial;
    for (int x : xs) hs::ces_add(serial, x);
    ASSERT_TRUE(same(serial, whole));
    ASSERT_TRUE(same(hs::ces_summarize(serial), reference));
    // Split at random cut points into up to 8 parts (some empty), merged in a
    // random order into a fresh state or into one of the parts.
    std::size_t parts = 1 + gen() % 8;
    std::vector<std::size_t> cuts{0, xs.size()};
    for (std::size_t k = 1; k < parts; ++k) cuts.push_back(gen() % (xs.size() + 1));
    std::sort(cuts.begin(), cuts.end());
    std::vector<hs::CesState> states(cuts.size() - 1);
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k)
      for (std::size_t i = cuts[k]; i < cuts[k + 1]; ++i) hs::ces_add(states[k], xs[i]);
    std::shuffle(states.begin(), states.end(), gen);
    hs::CesState merged = round % 2 ? hs::CesState() : states.back();
    if (round % 2 == 0) states.pop_back();
    for (const hs::CesState& p : states) hs::ces_merge(merged, p);
    ASSERT_TRUE(same(merged, whole)) << "round " << round;
    ASSERT_TRUE(same(hs::ces_summarize(merged), reference)) << "round " << round;
    // A tree of merges: pairs, then pairs of pairs.
    std::vector<hs::CesState> level(cuts.size() - 1);
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k)
      for (std::size_t i = cuts[k]; i < cuts[k + 1]; ++i) hs::ces_add(level[k], xs[i]);
    while (level.size() > 1) {
      std::vector<hs::CesState> next;
      for (std::size_t k = 0; k < level.size(); k += 2) {
        hs::CesState a = level[k];
        if (k + 1 < level.size()) hs::ces_merge(a, level[k + 1]);
        next.push_back(a);
      }
      level = next;
    }
    ASSERT_TRUE(same(hs::ces_summarize(level[0]), reference));
  }
}

TEST(CesOverflow, AddAtTheLimit) {
  hs::CesState full = state(INT64_MAX, INT64_MAX, static_cast<unsigned __int128>(INT64_MAX));
  hs::CesState before = full;
  try {
    hs::ces_add(full, 1);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_EQ(e.message_for("ces"), "ces: too many responses");
  }
  EXPECT_TRUE(same(full, before));
  // The sum passes 2^63 - 1 before the count does.
  hs::CesState big = state(INT64_MAX / 7, INT64_MAX - 3, 0);
  big.sumsq.set(static_cast<unsigned __int128>(INT64_MAX - 3) * 7);
  before = big;
  EXPECT_THROW(hs::ces_add(big, 4), hs::Error);
  EXPECT_TRUE(same(big, before));
  hs::ces_add(big, 3);
  EXPECT_EQ(big.sum, INT64_MAX);
  EXPECT_EQ(big.n, INT64_MAX / 7 + 1);
}

TEST(CesOverflow, MergeAtTheLimit) {
  hs::CesState one;
  hs::ces_add(one, 1);
  hs::CesState count = state(INT64_MAX, INT64_MAX, static_cast<unsigned __int128>(INT64_MAX));
  hs::CesState before = count;
  EXPECT_THROW(hs::ces_merge(count, one), hs::Error);
  EXPECT_TRUE(same(count, before));
  hs::CesState other = one;
  EXPECT_THROW(hs::ces_merge(other, count), hs::Error);
  EXPECT_TRUE(same(other, one));
  hs::CesState sum = state(INT64_MAX / 7, INT64_MAX - 3, 0);
  before = sum;
  hs::CesState seven;
  hs::ces_add(seven, 7);
  try {
    hs::ces_merge(sum, seven);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  }
  EXPECT_TRUE(same(sum, before));
}

TEST(CesParameters, UnsetYieldsSetValuesMustAgree) {
  // NULL-score rows adopt without adding: (unset, 5) then 7 in both orders.
  for (auto [first, second] : {std::pair<int, int>{5, 7}, {7, 5}}) {
    hs::CesState s;
    hs::ces_adopt_scale(s, first);
    hs::ces_adopt_scale(s, first);
    EXPECT_THROW(hs::ces_adopt_scale(s, second), hs::Error);
    EXPECT_EQ(s.scale_max, first);
    EXPECT_EQ(s.n, 0);
  }
  // Explicit 7 is set, not unset, even though it equals the default.
  hs::CesState seven;
  hs::ces_adopt_scale(seven, 7);
  EXPECT_EQ(seven.scale_max, 7);
  // A state that only adopted 5 merged with one that only adopted 7.
  hs::CesState only5, only7;
  hs::ces_adopt_scale(only5, 5);
  hs::ces_adopt_scale(only7, 7);
  hs::CesState x = only5, y = only7;
  try {
    hs::ces_merge(x, y);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
    EXPECT_EQ(e.message_for("ces_summary"), "ces_summary scale_max changes within a group");
  }
  EXPECT_THROW(hs::ces_merge(y, x), hs::Error);
  EXPECT_TRUE(same(x, only5));
  EXPECT_TRUE(same(y, only7));
  // With responses on one side: still an error, and nothing is added.
  hs::ces_add(x, 3);
  hs::CesState before = x;
  EXPECT_THROW(hs::ces_merge(x, only7), hs::Error);
  EXPECT_TRUE(same(x, before));
  // Confidence likewise.
  hs::CesState c9, c8;
  hs::adopt_confidence(c9.confidence, 0.9);
  hs::adopt_confidence(c8.confidence, 0.8);
  EXPECT_THROW(hs::ces_merge(c9, c8), hs::Error);
  EXPECT_EQ(c9.confidence, 0.9);
  // An unset side with responses was counted with the defaults (1..7, 95%):
  // it conflicts with another scale or confidence, in either direction.
  hs::CesState unset;
  hs::ces_add(unset, 2);
  hs::CesState u = unset;
  EXPECT_THROW(hs::ces_merge(u, only5), hs::Error);
  EXPECT_TRUE(same(u, unset));
  hs::CesState v = c9;
  EXPECT_THROW(hs::ces_merge(v, unset), hs::Error);
  hs::CesState w = unset;
  hs::ces_merge(w, seven);
  EXPECT_EQ(w.scale_max, 7);
  EXPECT_EQ(w.n, 1);
  // An empty unset side yields to anything, in either direction.
  hs::CesState e = only5;
  hs::ces_merge(e, hs::CesState());
  EXPECT_EQ(e.scale_max, 5);
  hs::CesState f;
  hs::ces_merge(f, c9);
  EXPECT_EQ(f.confidence, 0.9);
}

// --- Text form and validation ---

TEST(CesText, ReadableFormAndRoundTrip) {
  EXPECT_STREQ(hs::format_state(hs::CesState()).c_str(),
               "v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0");
  hs::CesState s;
  hs::ces_adopt_scale(s, 10);
  hs::adopt_confidence(s.confidence, 0.9);
  for (int x : {1, 10, 10, 4}) hs::ces_add(s, x);
  EXPECT_STREQ(hs::format_state(s).c_str(), "v1:n=4,sum=25,sumsq=217,confidence=0.9,scale_max=10");
  hs::CesState back = hs::parse_state<hs::CesState>(hs::format_state(s).c_str());
  EXPECT_TRUE(same(back, s));
}

TEST(CesText, SumsOfSquaresBeyond64Bits) {
  // 2^32 scores of 2^31 - 1: sum = (2^31 - 1) 2^32 fits a bigint, the sum of
  // squares (2^31 - 1)^2 2^32, about 2^94, does not fit 64 bits.
  const std::int64_t top = 2147483647;
  const std::int64_t n = std::int64_t{1} << 32;
  unsigned __int128 sumsq = static_cast<unsigned __int128>(top * top) << 32;
  hs::CesState s = state(n, top * n, sumsq, static_cast<std::int32_t>(top));
  EXPECT_EQ(hs::StateTraits<hs::CesState>::problem(s), nullptr);
  // (2^31 - 1)^2 = 4611686014132420609; times 2^32 = 19807040610119340328971403264
  // (computed independently, exact integer arithmetic).
  EXPECT_STREQ(hs::format_state(s).c_str(),
               "v1:n=4294967296,sum=9223372032559808512,"
               "sumsq=19807040610119340328971403264,confidence=0,scale_max=2147483647");
  hs::CesState back = hs::parse_state<hs::CesState>(hs::format_state(s).c_str());
  EXPECT_TRUE(same(back, s));
  hs::MeanSummary out = hs::ces_summarize(s);
  EXPECT_EQ(*out.mean, static_cast<double>(top));
  EXPECT_EQ(*out.stddev, 0.0);
}

TEST(CesText, RejectsStatesNoScoresCouldProduce) {
  const char* bad[] = {
      "v1:n=-1,sum=0,sumsq=0,confidence=0,scale_max=0",    // negative count
      "v1:n=1,sum=-1,sumsq=1,confidence=0,scale_max=0",    // negative sum
      "v1:n=0,sum=1,sumsq=1,confidence=0,scale_max=0",     // empty with a sum
      "v1:n=0,sum=0,sumsq=1,confidence=0,scale_max=0",     // empty with squares
      "v1:n=2,sum=1,sumsq=1,confidence=0,scale_max=0",     // mean 0.5 below 1
      "v1:n=2,sum=16,sumsq=128,confidence=0,scale_max=0",  // mean 8 above the default 7
      "v1:n=2,sum=12,sumsq=72,confidence=0,scale_max=5",   // mean 6 above 5
      "v1:n=1,sum=3,sumsq=10,confidence=0,scale_max=0",    // one score, sumsq != sum^2
      "v1:n=1,sum=3,sumsq=3,confidence=0,scale_max=0",     // one score, sumsq != sum^2
      "v1:n=2,sum=4,sumsq=7,confidence=0,scale_max=0",     // sumsq < sum^2 / n
      "v1:n=3,sum=9,sumsq=64,confidence=0,scale_max=0",    // sumsq > 7 sum
      "v1:n=3,sum=9,sumsq=8,confidence=0,scale_max=0",     // sumsq < sum
      "v1:n=2,sum=4,sumsq=8,confidence=1,scale_max=0",     // confidence outside (0, 1)
      "v1:n=2,sum=4,sumsq=8,confidence=-0.5,scale_max=0",
      "v1:n=2,sum=4,sumsq=8,confidence=0,scale_max=1",  // scale_max below 2
      "v1:n=2,sum=4,sumsq=8,confidence=0,scale_max=-7",
      "v1:n=2,sum=4,sumsq=-8,confidence=0,scale_max=0",     // sumsq is unsigned
      "v1:n=2,sum=4,sumsq=8,confidence=0",                  // missing field
      "v1:n=2,sum=4,sumsq=8,confidence=0,scale_max=0,x=1",  // trailing
      "v1:n=2,sum=4,sumsq=340282366920938463463374607431768211456,confidence=0,scale_max=0",
  };
  for (const char* text : bad)
    EXPECT_EQ(rejection<hs::CesState>(text), hs::ErrorKind::invalid_text) << text;
  const char* good[] = {
      "v1:n=2,sum=4,sumsq=8,confidence=0,scale_max=0",    // 2, 2
      "v1:n=2,sum=3,sumsq=5,confidence=0.5,scale_max=0",  // 1, 2
      "v1:n=2,sum=16,sumsq=128,confidence=0,scale_max=10",
      "v1:n=1,sum=7,sumsq=49,confidence=0,scale_max=0",
      "v1:n=0,sum=0,sumsq=0,confidence=0.9,scale_max=5",
  };
  for (const char* text : good) {
    hs::CesState s = hs::parse_state<hs::CesState>(text);
    EXPECT_STREQ(hs::format_state(s).c_str(), text);
  }
}

// --- Mean summaries and their rollup state (mean_summary, mean_state) ---
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
