// Unit tests of the NPS core (src/core/nps.h) against the SPEC's worked
// example and hand-computed values.
#include "core/nps.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"

namespace {

hs::NpsState counts(std::int64_t p, std::int64_t pa, std::int64_t d) {
  hs::NpsState s;
  s.promoters = p;
  s.passives = pa;
  s.detractors = d;
  return s;
}

TEST(Nps, WorkedExampleOfTheSpec) {
  // 200 responses: 110 promoters, 50 passives, 40 detractors -> nps 35,
  // se = 100 * sqrt((0.55 + 0.20 - 0.35^2) / 200) = 5.60134, ci 24.0216 .. 45.9784.
  hs::NpsSummary s = hs::nps_summarize(counts(110, 50, 40));
  EXPECT_EQ(s.responses, 200);
  EXPECT_DOUBLE_EQ(*s.nps, 35.0);
  EXPECT_NEAR(*s.std_error, 5.60134, 1e-5);
  EXPECT_NEAR(*s.ci_low, 24.0216, 1e-4);
  EXPECT_NEAR(*s.ci_high, 45.9784, 1e-4);
}

TEST(Nps, CategoriesAtTheBoundaries) {
  for (int score : {0, 6}) EXPECT_STREQ(hs::nps_category(score), "detractor");
  for (int score : {7, 8}) EXPECT_STREQ(hs::nps_category(score), "passive");
  for (int score : {9, 10}) EXPECT_STREQ(hs::nps_category(score), "promoter");
  hs::NpsState s;
  for (int score = 0; score <= 10; ++score) hs::nps_add(s, score);
  EXPECT_EQ(s.detractors, 7);
  EXPECT_EQ(s.passives, 2);
  EXPECT_EQ(s.promoters, 2);
}

TEST(Nps, OutOfRangeScoresAreErrors) {
  for (int score : {-1, 11, 1000000}) {
    hs::NpsState s;
    try {
      hs::nps_add(s, score);
      FAIL() << "score " << score << " accepted";
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
      EXPECT_EQ(std::string(e.what()), "nps score " + std::to_string(score) + " is out of range");
      EXPECT_STREQ(e.detail(), "Scores must be integers from 0 to 10.");
    }
    EXPECT_EQ(hs::nps_responses(s), 0);
  }
  EXPECT_THROW(hs::nps_category(11), hs::Error);
}

TEST(Nps, EmptyAndExtremeGroups) {
  hs::NpsSummary empty = hs::nps_summarize(hs::NpsState());
  EXPECT_EQ(empty.responses, 0);
  EXPECT_FALSE(empty.nps || empty.std_error || empty.ci_low || empty.ci_high);
  hs::NpsSummary all = hs::nps_summarize(counts(12, 0, 0));
  EXPECT_EQ(*all.nps, 100.0);
  EXPECT_EQ(*all.std_error, 0.0);
  EXPECT_EQ(*all.ci_high, 100.0);
  // One promoter and one detractor: nps 0, se = 100 * sqrt(1 / 2) = 70.71,
  // ci 0 -/+ 138.6 is clamped to -100 .. 100.
  hs::NpsSummary wide = hs::nps_summarize(counts(1, 0, 1));
  EXPECT_EQ(*wide.ci_low, -100.0);
  EXPECT_EQ(*wide.ci_high, 100.0);
}

TEST(Nps, ConfidenceLevelSetsTheQuantile) {
  hs::NpsState s = counts(110, 50, 40);
  s.confidence = 0.90;
  // z(0.95) = 1.6448536269514722: 35 -/+ 1.64485 * 5.60134.
  hs::NpsSummary out = hs::nps_summarize(s);
  EXPECT_NEAR(*out.ci_low, 35 - 1.6448536269514722 * 5.601339125602, 1e-9);
}

TEST(Nps, ChangeBetweenIndependentSamples) {
  // after: 100 responses 60/30/10 -> nps 50, se = 100 * sqrt(0.45 / 100) = 6.708204;
  // delta 15, se = sqrt(5.601339^2 + 6.708204^2) = 8.739279, z = 1.716389,
  // p = erfc(1.716389 / sqrt(2)) = 0.086091.
  hs::NpsChange c = hs::nps_change(counts(110, 50, 40), counts(60, 30, 10));
  EXPECT_DOUBLE_EQ(*c.delta, 15.0);
  EXPECT_NEAR(*c.std_error, 8.739279146, 1e-8);
  EXPECT_NEAR(*c.z, 1.716388703, 1e-8);
  EXPECT_NEAR(*c.p_value, std::erfc(1.7163887030718692 / std::sqrt(2.0)), 1e-12);
  hs::NpsChange none = hs::nps_change(hs::NpsState(), counts(1, 0, 0));
  EXPECT_FALSE(none.delta || none.std_error || none.z || none.p_value);
  hs::NpsChange flat = hs::nps_change(counts(5, 0, 0), counts(3, 0, 0));
  EXPECT_EQ(*flat.delta, 0.0);
  EXPECT_FALSE(flat.z || flat.p_value);
}

TEST(Nps, MergeInAnyOrderEqualsOnePass) {
  std::mt19937 gen(1);
  std::uniform_int_distribution<int> dist(0, 10);
  std::vector<int> xs(5000);
  for (int& x : xs) x = dist(gen);
  hs::NpsState whole;
  for (int x : xs) hs::nps_add(whole, x);
  std::vector<hs::NpsState> parts(5);
  for (std::size_t i = 0; i < xs.size(); ++i) hs::nps_add(parts[(i * 7) % 5], xs[i]);
  for (int order = 0; order < 5; ++order) {
    hs::NpsState merged;
    for (int k = 0; k < 5; ++k)
      hs::nps_merge(merged, parts[static_cast<std::size_t>((order + k) % 5)], "nps");
    EXPECT_EQ(merged.promoters, whole.promoters);
    EXPECT_EQ(merged.passives, whole.passives);
    EXPECT_EQ(merged.detractors, whole.detractors);
  }
}

TEST(Nps, SummariesMustAddUp) {
  hs::NpsState s;
  hs::nps_add_summary(s, 6, 1, 2, 3, "rollup");
  EXPECT_EQ(hs::nps_responses(s), 6);
  EXPECT_THROW(hs::nps_add_summary(s, 5, 1, 2, 3, "rollup"), hs::Error);
  EXPECT_THROW(hs::nps_add_summary(s, 1, -1, 1, 1, "rollup"), hs::Error);
  EXPECT_EQ(hs::nps_responses(s), 6);
}

TEST(Parameters, ConfidenceIsAdoptedOnceAndChecked) {
  double slot = hs::kDefaultConfidence;
  hs::adopt_confidence(slot, 0.9, true, "nps_summary");
  EXPECT_EQ(slot, 0.9);
  hs::adopt_confidence(slot, 0.9, false, "nps_summary");
  EXPECT_THROW(hs::adopt_confidence(slot, 0.8, false, "nps_summary"), hs::Error);
  for (double bad : {0.0, 1.0, -0.1, 1.5, std::nan("")}) {
    double fresh = hs::kDefaultConfidence;
    EXPECT_THROW(hs::adopt_confidence(fresh, bad, true, "nps_summary"), hs::Error) << bad;
  }
  // Merging: an empty side yields its parameter; two non-empty sides must agree.
  hs::NpsState a = counts(1, 0, 0);
  hs::NpsState b;
  b.confidence = 0.8;
  hs::nps_merge(a, b, "nps");
  EXPECT_EQ(a.confidence, hs::kDefaultConfidence);
  hs::NpsState c;
  hs::nps_merge(c, a, "nps");
  b = counts(1, 0, 0);
  b.confidence = 0.8;
  EXPECT_THROW(hs::nps_merge(c, b, "nps"), hs::Error);
}

}  // namespace
