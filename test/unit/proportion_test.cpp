// Unit tests of CSAT proportions and the Wilson interval (src/core/proportion.h).
#include "core/proportion.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace {

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
  for (int x : {10, 9, 8, 1}) hs::csat_add(s, x);
  EXPECT_DOUBLE_EQ(*hs::proportion_pct(s), 50.0);
  EXPECT_THROW(hs::csat_add(s, 11), hs::Error);
  EXPECT_THROW(hs::csat_adopt_scale(s, 8, 10), hs::Error);  // changes within a group
  hs::ProportionState bad;
  EXPECT_THROW(hs::csat_adopt_scale(bad, 4, 1), hs::Error);
  EXPECT_THROW(hs::csat_adopt_scale(bad, 6, 5), hs::Error);
  EXPECT_THROW(hs::csat_adopt_scale(bad, 0, 5), hs::Error);
}

TEST(Proportion, ScoresOutsideTheScale) {
  hs::ProportionState s;
  try {
    hs::csat_add(s, 6);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_STREQ(e.what(), "csat score 6 is out of range");
    EXPECT_STREQ(e.detail(), "Scores must be integers from 1 to 5.");
  }
  EXPECT_THROW(hs::csat_add(s, 0), hs::Error);
}

TEST(Proportion, MergeAndRollup) {
  hs::ProportionState a, b, all;
  for (int i = 0; i < 30; ++i) {
    int x = 1 + (i * 7) % 5;
    hs::csat_add(i % 3 ? a : b, x);
    hs::csat_add(all, x);
  }
  hs::proportion_merge(a, b, "csat");
  EXPECT_EQ(a.responses, all.responses);
  EXPECT_EQ(a.satisfied, all.satisfied);
  hs::ProportionState r;
  hs::proportion_add_summary(r, 10, 7, "rollup");
  hs::proportion_add_summary(r, 5, 0, "rollup");
  EXPECT_EQ(r.responses, 15);
  EXPECT_EQ(r.satisfied, 7);
  EXPECT_THROW(hs::proportion_add_summary(r, 2, 3, "rollup"), hs::Error);
  EXPECT_THROW(hs::proportion_add_summary(r, 2, -1, "rollup"), hs::Error);
}

}  // namespace
