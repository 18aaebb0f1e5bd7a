// Unit tests of CSAT proportions and the Wilson interval (src/core/csat.h).
#include "core/csat.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/error.h"
#include "support.h"

namespace {

using hs::test::same;

hs::ProportionSummary summary(std::int64_t responses, std::int64_t satisfied) {
  hs::ProportionSummary s;
  s.responses = responses;
  s.satisfied = satisfied;
  return s;
}

TEST(Proportion, WilsonIntervalByHand) {
  // n = 100, 80 satisfied, z = 1.959963984540054:
  // center = (0.8 + z^2/200) / (1 + z^2/100) = 0.788902, half = z * sqrt(0.0016 + z^2/40000)
  // / (1 + z^2/100) = 0.077731 -> 71.1171 .. 86.6633.
  hs::ProportionState s;
  for (int i = 0; i < 80; ++i) hs::csat_add(s, 4 + i % 2);
  for (int i = 0; i < 20; ++i) hs::csat_add(s, 1 + i % 3);
  hs::ProportionSummary out = hs::proportion_summarize(s);
  EXPECT_EQ(out.responses, 100);
  EXPECT_EQ(out.satisfied, 80);
  EXPECT_DOUBLE_EQ(*out.pct, 80.0);
  EXPECT_NEAR(*out.ci_low, 71.11708344068411, 1e-9);
  EXPECT_NEAR(*out.ci_high, 86.66330666689676, 1e-9);
}

TEST(Proportion, AllSatisfiedStaysBelowOneHundred) {
  hs::ProportionState s;
  hs::csat_add(s, 5);
  hs::ProportionSummary out = hs::proportion_summarize(s);
  // (1 + z^2/2 - z * z/2) / (1 + z^2) = 1 / (1 + z^2) = 0.206549.
  EXPECT_NEAR(*out.ci_low, 100.0 / (1.0 + 1.959963984540054 * 1.959963984540054), 1e-9);
  EXPECT_EQ(*out.ci_high, 100.0);
  EXPECT_FALSE(hs::proportion_summarize(hs::ProportionState()).pct);
}

TEST(Proportion, OtherScales) {
  hs::ProportionState s;
  hs::csat_adopt_scale(s, 9, 10);
  EXPECT_EQ(s.satisfied_from, 9);
  EXPECT_EQ(s.scale_max, 10);
  for (int x : {10, 9, 8, 1}) hs::csat_add(s, x);
  EXPECT_DOUBLE_EQ(*hs::proportion_pct(s), 50.0);
  EXPECT_THROW(hs::csat_add(s, 11), hs::Error);
  EXPECT_THROW(hs::csat_adopt_scale(s, 8, 10), hs::Error);  // changes within a group
  EXPECT_THROW(hs::csat_adopt_scale(s, 9, 11), hs::Error);
  EXPECT_EQ(s.satisfied_from, 9);
  EXPECT_EQ(s.scale_max, 10);
  hs::ProportionState bad;
  EXPECT_THROW(hs::csat_adopt_scale(bad, 4, 1), hs::Error);
  EXPECT_THROW(hs::csat_adopt_scale(bad, 6, 5), hs::Error);
  EXPECT_THROW(hs::csat_adopt_scale(bad, 0, 5), hs::Error);
  EXPECT_EQ(bad.satisfied_from, 0);
  EXPECT_EQ(bad.scale_max, 0);
}

TEST(Proportion, UnsetScaleMeansFourOfFive) {
  hs::ProportionState s;
  for (int x : {1, 2, 3, 4, 5}) hs::csat_add(s, x);
  EXPECT_EQ(s.responses, 5);
  EXPECT_EQ(s.satisfied, 2);
  EXPECT_EQ(s.satisfied_from, 0);
  EXPECT_EQ(s.scale_max, 0);
  EXPECT_THROW(hs::csat_add(s, 6), hs::Error);
}

TEST(Proportion, AZeroScaleIsRejectedEvenOnAnUnsetState) {
  // csat(score, 0, 0) passes satisfied_from 0 and scale_max 0, which are out
  // of range (scale_max must be at least 2); were they taken for "unset", the
  // call would silently score 4 of 1..5.
  hs::ProportionState s;
  EXPECT_THROW(hs::csat_adopt_scale(s, 0, 0), hs::Error);
}

TEST(Proportion, ScoresOutsideTheScale) {
  hs::ProportionState s;
  try {
    hs::csat_add(s, 6);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_STREQ(e.what(), "score 6 is out of range");
    EXPECT_EQ(e.message_for("csat"), "csat score 6 is out of range");
    EXPECT_STREQ(e.detail(), "Scores must be integers from 1 to 5.");
  }
  EXPECT_THROW(hs::csat_add(s, 0), hs::Error);
  EXPECT_EQ(s.responses, 0);
}

TEST(Proportion, MergeAndRollup) {
  hs::ProportionState a, b, all;
  for (int i = 0; i < 30; ++i) {
    int x = 1 + (i * 7) % 5;
    hs::csat_add(i % 3 ? a : b, x);
    hs::csat_add(all, x);
  }
  hs::proportion_merge(a, b);
  EXPECT_EQ(a.responses, all.responses);
  EXPECT_EQ(a.satisfied, all.satisfied);
  hs::ProportionState r;
  hs::proportion_add_summary(r, summary(10, 7));
  hs::proportion_add_summary(r, summary(5, 0));
  EXPECT_EQ(r.responses, 15);
  EXPECT_EQ(r.satisfied, 7);
  try {
    hs::proportion_add_summary(r, summary(2, 3));
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
    EXPECT_EQ(e.message_for("rollup"), "rollup: inconsistent proportion_summary");
  }
  EXPECT_THROW(hs::proportion_add_summary(r, summary(2, -1)), hs::Error);
  EXPECT_THROW(hs::proportion_add_summary(r, summary(-2, -3)), hs::Error);
  EXPECT_EQ(r.responses, 15);
  EXPECT_EQ(r.satisfied, 7);
}

TEST(ProportionOverflow, CountsAtTheLimit) {
  auto full = [] {
    hs::ProportionState s;
    s.responses = INT64_MAX;
    s.satisfied = 17;
    return s;
  };
  hs::ProportionState s = full();
  for (int x : {1, 5}) {
    try {
      hs::csat_add(s, x);
      ADD_FAILURE();
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
      EXPECT_EQ(e.message_for("csat"), "csat: too many responses");
    }
    EXPECT_TRUE(same(s, full()));
  }
  hs::ProportionState one;
  hs::csat_add(one, 5);
  EXPECT_THROW(hs::proportion_merge(s, one), hs::Error);
  EXPECT_TRUE(same(s, full()));
  hs::ProportionState other = one;
  EXPECT_THROW(hs::proportion_merge(other, s), hs::Error);
  EXPECT_EQ(other.responses, 1);
  EXPECT_EQ(other.satisfied, 1);
  EXPECT_THROW(hs::proportion_add_summary(s, summary(1, 0)), hs::Error);
  EXPECT_TRUE(same(s, full()));
  hs::ProportionState r = one;
  hs::ProportionState before = r;
  EXPECT_THROW(hs::proportion_add_summary(r, summary(INT64_MAX, INT64_MAX)), hs::Error);
  EXPECT_TRUE(same(r, before));
  // Exactly the limit fits.
  hs::ProportionState almost;
  almost.responses = INT64_MAX - 1;
  hs::csat_add(almost, 4);
  EXPECT_EQ(almost.responses, INT64_MAX);
  EXPECT_EQ(almost.satisfied, 1);
}

TEST(ProportionParameters, UnsetYieldsSetValuesMustAgree) {
  // Adopting without adding (NULL-score rows): (unset, 5) then 7 in both orders.
  for (auto [first, second] : {std::pair<int, int>{5, 7}, {7, 5}}) {
    hs::ProportionState s;
    hs::csat_adopt_scale(s, 4, first);
    EXPECT_THROW(hs::csat_adopt_scale(s, 4, second), hs::Error);
    EXPECT_EQ(s.scale_max, first);
    EXPECT_EQ(s.responses, 0);
  }
  // Merging a state that only adopted 5 with one that only adopted 7.
  hs::ProportionState only5, only7;
  hs::csat_adopt_scale(only5, 4, 5);
  hs::csat_adopt_scale(only7, 4, 7);
  hs::ProportionState x = only5, y = only7;
  EXPECT_THROW(hs::proportion_merge(x, y), hs::Error);
  EXPECT_THROW(hs::proportion_merge(y, x), hs::Error);
  EXPECT_TRUE(same(x, only5));
  EXPECT_TRUE(same(y, only7));
  // satisfied_from and confidence likewise; a failed merge adds nothing.
  hs::ProportionState from3, from4;
  hs::csat_adopt_scale(from3, 3, 5);
  hs::csat_adopt_scale(from4, 4, 5);
  hs::csat_add(from3, 3);
  hs::ProportionState before = from3;
  EXPECT_THROW(hs::proportion_merge(from3, from4), hs::Error);
  EXPECT_TRUE(same(from3, before));
  hs::ProportionState c9, c8;
  hs::adopt_confidence(c9.confidence, 0.9);
  hs::adopt_confidence(c8.confidence, 0.8);
  hs::csat_add(c8, 5);
  before = c8;
  EXPECT_THROW(hs::proportion_merge(c8, c9), hs::Error);
  EXPECT_TRUE(same(c8, before));
  // An unset side with responses was counted with the defaults (4 of 1..5):
  // it agrees with them and conflicts with any other scale, in either direction.
  hs::ProportionState unset;
  hs::csat_add(unset, 2);
  hs::ProportionState u = unset;
  hs::proportion_merge(u, from4);
  EXPECT_EQ(u.satisfied_from, 4);
  EXPECT_EQ(u.scale_max, 5);
  hs::ProportionState f = only7;
  EXPECT_THROW(hs::proportion_merge(f, unset), hs::Error);
  EXPECT_TRUE(same(f, only7));
  // An empty unset side yields to anything.
  hs::ProportionState g = only7;
  hs::proportion_merge(g, hs::ProportionState());
  EXPECT_EQ(g.scale_max, 7);
}

}  // namespace
