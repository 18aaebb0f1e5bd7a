// Unit tests of the NPS core (src/core/nps.h) against the README's worked
// example and hand-computed values.
#include "core/nps.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "support.h"

namespace {

using hs::test::same;

hs::NpsState counts(std::int64_t p, std::int64_t pa, std::int64_t d) {
  hs::NpsState s;
  s.promoters = p;
  s.passives = pa;
  s.detractors = d;
  return s;
}

hs::NpsSummary summary(std::int64_t responses, std::int64_t p, std::int64_t pa, std::int64_t d) {
  hs::NpsSummary s;
  s.responses = responses;
  s.promoters = p;
  s.passives = pa;
  s.detractors = d;
  return s;
}

TEST(Nps, WorkedExampleOfTheSpec) {
  // 200 responses: 110 promoters, 50 passives, 40 detractors -> nps 35,
  // se = 100 * sqrt((0.55 + 0.20 - 0.35^2) / 200) = 5.60134; the 95%
  // adjusted-Wald interval is 23.5866 .. 45.3789 (plain Wald: 24.0216 .. 45.9784).
  hs::NpsSummary s = hs::nps_summarize(counts(110, 50, 40));
  EXPECT_EQ(s.responses, 200);
  EXPECT_DOUBLE_EQ(*s.nps, 35.0);
  EXPECT_NEAR(*s.std_error, 5.60134, 1e-5);
  EXPECT_NEAR(*s.ci_low, 23.5866, 1e-4);
  EXPECT_NEAR(*s.ci_high, 45.3789, 1e-4);
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
      EXPECT_TRUE(e.names_function());
      EXPECT_EQ(std::string(e.what()), "score " + std::to_string(score) + " is out of range");
      EXPECT_EQ(e.message_for("nps"), "nps score " + std::to_string(score) + " is out of range");
      EXPECT_STREQ(e.detail(), "Scores must be integers from 0 to 10.");
    }
    EXPECT_EQ(hs::nps_responses(s), 0);
  }
  EXPECT_THROW(hs::nps_category(11), hs::Error);
  EXPECT_THROW(hs::nps_category(-1), hs::Error);
}

TEST(Nps, EmptyAndExtremeGroups) {
  hs::NpsSummary empty = hs::nps_summarize(hs::NpsState());
  EXPECT_EQ(empty.responses, 0);
  EXPECT_FALSE(empty.nps || empty.std_error || empty.ci_low || empty.ci_high);
  EXPECT_FALSE(hs::nps_value(hs::NpsState()));
  hs::NpsSummary all = hs::nps_summarize(counts(12, 0, 0));
  EXPECT_EQ(*all.nps, 100.0);
  EXPECT_EQ(*all.std_error, 0.0);
  EXPECT_EQ(*all.ci_high, 100.0);
  // One promoter and one detractor: adjusted p~ = d~ = 1.75 / 5 = 0.35, centre 0,
  // half-width 1.96 * 100 * sqrt(0.7 / 5) = 73.34, inside -100 .. 100.
  hs::NpsSummary wide = hs::nps_summarize(counts(1, 0, 1));
  EXPECT_NEAR(*wide.ci_low, -1.959963984540054 * 100 * std::sqrt(0.14), 1e-9);
  EXPECT_NEAR(*wide.ci_high, 1.959963984540054 * 100 * std::sqrt(0.14), 1e-9);
  // Two detractors: centre 100 * (0.75 - 2.75) / 5 = -40, half-width
  // 1.96 * 100 * sqrt((0.7 - 0.16) / 5) = 64.41: the low end is clamped.
  hs::NpsSummary low = hs::nps_summarize(counts(0, 0, 2));
  EXPECT_EQ(*low.ci_low, -100.0);
  EXPECT_NEAR(*low.ci_high, -40 + 1.959963984540054 * 100 * std::sqrt(0.108), 1e-9);
}

TEST(Nps, ConfidenceLevelSetsTheQuantile) {
  hs::NpsState s = counts(110, 50, 40);
  s.confidence = 0.90;
  // z(0.95) = 1.6448536269514722 around the adjusted centre 100 * (110.75 -
  // 40.75) / 203 = 34.48276, half-width z * 100 * sqrt(v / 203) with
  // v = (110.75 + 40.75) / 203 - (70 / 203)^2.
  double v = (110.75 + 40.75) / 203.0 - (70.0 / 203.0) * (70.0 / 203.0);
  double centre = 100.0 * 70.0 / 203.0;
  hs::NpsSummary out = hs::nps_summarize(s);
  EXPECT_NEAR(*out.ci_low, centre - 1.6448536269514722 * 100 * std::sqrt(v / 203.0), 1e-9);
  // Unset (0) means the default 0.95: z = 1.959963984540054.
  hs::NpsSummary unset = hs::nps_summarize(counts(110, 50, 40));
  EXPECT_NEAR(*unset.ci_low, centre - 1.959963984540054 * 100 * std::sqrt(v / 203.0), 1e-9);
}

TEST(Nps, ChangeTheSpecVector) {
  // before 200/110/40, after 150/60/40 (n/promoters/detractors): delta -21.6667,
  // std_error 8.63911, z -2.49159, p 0.012717, 95% ci -38.1739 .. -4.64785.
  hs::NpsChange c = hs::nps_change(summary(200, 110, 50, 40), summary(150, 60, 50, 40), 0.95);
  EXPECT_NEAR(*c.delta, -21.6667, 1e-4);
  EXPECT_NEAR(*c.std_error, 8.63911, 1e-5);
  EXPECT_NEAR(*c.z, -2.49159, 1e-5);
  EXPECT_NEAR(*c.p_value, 0.012717, 1e-6);
  EXPECT_NEAR(*c.ci_low, -38.1739, 1e-4);
  EXPECT_NEAR(*c.ci_high, -4.64785, 1e-5);
}

TEST(Nps, ChangeBetweenIndependentSamples) {
  // after: 100 responses 60/30/10 -> nps 50, se = 100 * sqrt(0.45 / 100) = 6.708204;
  // delta 15, se = sqrt(5.601339^2 + 6.708204^2) = 8.739279. Pooled: p = 170 / 300,
  // d = 50 / 300, se0 = 100 * sqrt((p + d - (p - d)^2) * (1 / 200 + 1 / 100)).
  hs::NpsChange c = hs::nps_change(summary(200, 110, 50, 40), summary(100, 60, 30, 10), 0.0);
  EXPECT_DOUBLE_EQ(*c.delta, 15.0);
  EXPECT_NEAR(*c.std_error, 8.739279146, 1e-8);
  double p = 170.0 / 300.0;
  double d = 50.0 / 300.0;
  double se0 = 100.0 * std::sqrt((p + d - (p - d) * (p - d)) * (1.0 / 200 + 1.0 / 100));
  EXPECT_NEAR(*c.z, 15.0 / se0, 1e-12);
  EXPECT_NEAR(*c.p_value, std::erfc(15.0 / se0 / std::sqrt(2.0)), 1e-12);
  // A wider interval at 99% than at 95% (0: the default), around the same centre.
  hs::NpsChange c99 = hs::nps_change(summary(200, 110, 50, 40), summary(100, 60, 30, 10), 0.99);
  EXPECT_LT(*c99.ci_low, *c.ci_low);
  EXPECT_NEAR(*c99.ci_low + *c99.ci_high, *c.ci_low + *c.ci_high, 1e-9);
  EXPECT_EQ(*c99.p_value, *c.p_value);
  hs::NpsChange none = hs::nps_change(summary(0, 0, 0, 0), summary(1, 1, 0, 0), 0.0);
  EXPECT_FALSE(none.delta || none.std_error || none.z || none.p_value || none.ci_low ||
               none.ci_high);
  // Both samples all promoters: nothing to test against, the interval remains.
  hs::NpsChange flat = hs::nps_change(summary(5, 5, 0, 0), summary(3, 3, 0, 0), 0.0);
  EXPECT_EQ(*flat.delta, 0.0);
  EXPECT_FALSE(flat.z || flat.p_value);
  EXPECT_TRUE(flat.ci_low && flat.ci_high && *flat.ci_low < 0 && *flat.ci_high > 0);
  // Summaries whose counts do not add up are rejected, before or after.
  EXPECT_THROW(hs::nps_change(summary(5, 1, 1, 1), summary(3, 3, 0, 0), 0.0), hs::Error);
  EXPECT_THROW(hs::nps_change(summary(3, 3, 0, 0), summary(2, 1, -1, 2), 0.0), hs::Error);
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
      hs::nps_merge(merged, parts[static_cast<std::size_t>((order + k) % 5)]);
    EXPECT_EQ(merged.promoters, whole.promoters);
    EXPECT_EQ(merged.passives, whole.passives);
    EXPECT_EQ(merged.detractors, whole.detractors);
  }
}

TEST(Nps, SummariesMustAddUp) {
  hs::NpsState s;
  hs::nps_add_summary(s, summary(6, 1, 2, 3));
  EXPECT_EQ(hs::nps_responses(s), 6);
  EXPECT_EQ(s.promoters, 1);
  EXPECT_EQ(s.passives, 2);
  EXPECT_EQ(s.detractors, 3);
  try {
    hs::nps_add_summary(s, summary(5, 1, 2, 3));
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
    EXPECT_STREQ(e.what(), "inconsistent nps_summary");
    EXPECT_EQ(e.message_for("rollup"), "rollup: inconsistent nps_summary");
  }
  EXPECT_THROW(hs::nps_add_summary(s, summary(1, -1, 1, 1)), hs::Error);
  // Counts whose sum wraps around to `responses` are no sum at all.
  EXPECT_THROW(hs::nps_add_summary(s, summary(INT64_MIN + 1, INT64_MAX, INT64_MAX, 3)), hs::Error);
  EXPECT_EQ(hs::nps_responses(s), 6);
}

// --- Counts at 2^63 - 1 ---

void expect_count_overflow(void (*f)(hs::NpsState&), hs::NpsState s) {
  hs::NpsState before = s;
  try {
    f(s);
    ADD_FAILURE() << "no overflow error";
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_EQ(e.message_for("nps"), "nps: too many responses");
  }
  EXPECT_TRUE(same(s, before)) << "state changed by a failed call";
}

TEST(NpsOverflow, AddAtTheLimit) {
  for (int score : {0, 7, 10}) {
    hs::NpsState full = counts(INT64_MAX, 0, 0);
    hs::NpsState before = full;
    EXPECT_THROW(hs::nps_add(full, score), hs::Error) << score;
    EXPECT_TRUE(same(full, before));
    full = counts(INT64_MAX - 2, 1, 1);
    before = full;
    try {
      hs::nps_add(full, score);
      ADD_FAILURE();
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    }
    EXPECT_TRUE(same(full, before));
  }
  // One below the limit still counts.
  hs::NpsState almost = counts(INT64_MAX - 1, 0, 0);
  hs::nps_add(almost, 0);
  EXPECT_EQ(almost.detractors, 1);
  EXPECT_EQ(hs::nps_responses(almost), INT64_MAX);
}

TEST(NpsOverflow, MergeAndSummaryAtTheLimit) {
  // One category overflowing, and categories each fitting but whose total does not.
  expect_count_overflow([](hs::NpsState& s) { hs::nps_merge(s, counts(1, 0, 0)); },
                        counts(INT64_MAX, 0, 0));
  expect_count_overflow([](hs::NpsState& s) { hs::nps_merge(s, counts(0, 1, 0)); },
                        counts(INT64_MAX / 2, INT64_MAX / 2 + 1, 0));
  expect_count_overflow([](hs::NpsState& s) { hs::nps_merge(s, counts(0, 0, 1)); },
                        counts(INT64_MAX / 2, INT64_MAX / 2 + 1, 0));
  expect_count_overflow([](hs::NpsState& s) { hs::nps_merge(s, counts(0, INT64_MAX / 2 + 1, 0)); },
                        counts(INT64_MAX / 2 + 1, 0, 0));
  expect_count_overflow(
      [](hs::NpsState& s) { hs::nps_add_summary(s, summary(INT64_MAX, 0, 0, INT64_MAX)); },
      counts(0, 1, 0));
  expect_count_overflow([](hs::NpsState& s) { hs::nps_add_summary(s, summary(1, 1, 0, 0)); },
                        counts(INT64_MAX - 3, 1, 2));
  // Exactly at the limit is fine.
  hs::NpsState s = counts(INT64_MAX / 2, 0, 0);
  hs::nps_merge(s, counts(0, INT64_MAX / 2 + 1, 0));
  EXPECT_EQ(hs::nps_responses(s), INT64_MAX);
}

// --- Parameters: 0 means unset ---

TEST(Parameters, ConfidenceIsAdoptedOnceAndChecked) {
  double slot = 0.0;  // unset
  hs::adopt_confidence(slot, 0.9);
  EXPECT_EQ(slot, 0.9);
  hs::adopt_confidence(slot, 0.9);
  try {
    hs::adopt_confidence(slot, 0.8);
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
    EXPECT_EQ(e.message_for("nps_summary"), "nps_summary confidence changes within a group");
  }
  EXPECT_EQ(slot, 0.9);
  for (double bad : {1.0, -0.1, 1.5, std::nan(""), -HUGE_VAL}) {
    double fresh = 0.0;
    EXPECT_THROW(hs::adopt_confidence(fresh, bad), hs::Error) << bad;
    EXPECT_EQ(fresh, 0.0);
    double set = 0.9;
    EXPECT_THROW(hs::adopt_confidence(set, bad), hs::Error) << bad;
    EXPECT_EQ(set, 0.9);
  }
}

TEST(Parameters, AZeroConfidenceIsRejectedEvenOnAnUnsetSlot) {
  // A row passing confidence 0 is outside (0, 1) like any other bad value:
  // were it accepted while the slot is unset, nps_summary(score, 0) would
  // silently use 0.95, and the rows (0, 0.9) would be accepted in that order
  // but rejected in the other.
  double slot = 0.0;
  EXPECT_THROW(hs::adopt_confidence(slot, 0.0), hs::Error);
  EXPECT_THROW(hs::adopt_confidence(slot, -0.0), hs::Error);
  double set = 0.9;
  EXPECT_THROW(hs::adopt_confidence(set, 0.0), hs::Error);
}

TEST(Parameters, AdoptSetsAnUnsetSlotAndChecksASetOne) {
  // Rows with a NULL score adopt without adding a response: (unset, 5) then 7
  // is an error in both orders, whatever the counts.
  for (auto [first, second] : {std::pair<int, int>{5, 7}, {7, 5}}) {
    std::int32_t slot = 0;
    hs::adopt_parameter(slot, first, "scale_max");
    EXPECT_EQ(slot, first);
    hs::adopt_parameter(slot, first, "scale_max");
    EXPECT_THROW(hs::adopt_parameter(slot, second, "scale_max"), hs::Error);
    EXPECT_EQ(slot, first);
  }
}

TEST(Parameters, MergeParameterAnUnsetSideYields) {
  std::int32_t into = 0;
  hs::merge_parameter(into, 0, "scale_max");
  EXPECT_EQ(into, 0);
  hs::merge_parameter(into, 5, "scale_max");
  EXPECT_EQ(into, 5);
  hs::merge_parameter(into, 0, "scale_max");
  EXPECT_EQ(into, 5);
  hs::merge_parameter(into, 5, "scale_max");
  EXPECT_EQ(into, 5);
  EXPECT_THROW(hs::merge_parameter(into, 7, "scale_max"), hs::Error);
  EXPECT_EQ(into, 5);
  EXPECT_NO_THROW(hs::check_mergeable(0, 7, "scale_max"));
  EXPECT_NO_THROW(hs::check_mergeable(7, 0, "scale_max"));
  EXPECT_NO_THROW(hs::check_mergeable(7, 7, "scale_max"));
  EXPECT_THROW(hs::check_mergeable(5, 7, "scale_max"), hs::Error);
  EXPECT_EQ(hs::or_default(0, 7), 7);
  EXPECT_EQ(hs::or_default(5, 7), 5);
  EXPECT_EQ(hs::confidence_or_default(0.0), 0.95);
  EXPECT_EQ(hs::confidence_or_default(0.8), 0.8);
}

TEST(Parameters, NpsMergeOfConfidences) {
  // An empty unset side yields; an unset side with responses was counted at
  // the default 0.95, so it agrees with 0.95 and conflicts with 0.8.
  hs::NpsState a = counts(1, 0, 0);
  hs::NpsState b;
  b.confidence = 0.8;
  hs::NpsState a_before = a;
  EXPECT_THROW(hs::nps_merge(a, b), hs::Error);
  EXPECT_TRUE(same(a, a_before));
  hs::NpsState c;
  hs::nps_merge(c, b);
  EXPECT_EQ(c.confidence, 0.8);
  hs::nps_merge(c, counts(0, 0, 0));
  EXPECT_EQ(c.confidence, 0.8);
  EXPECT_THROW(hs::nps_merge(c, counts(2, 0, 0)), hs::Error);
  hs::NpsState d95;
  d95.confidence = 0.95;
  hs::nps_merge(a, d95);
  EXPECT_EQ(a.confidence, 0.95);
  EXPECT_EQ(hs::nps_responses(a), 1);
  // Two set values that differ: an error in both orders, even for states that
  // only adopted their confidence (NULL scores), and nothing changes.
  hs::NpsState only5, only7;
  hs::adopt_confidence(only5.confidence, 0.5);
  hs::adopt_confidence(only7.confidence, 0.7);
  hs::NpsState x = only5, y = only7;
  EXPECT_THROW(hs::nps_merge(x, y), hs::Error);
  EXPECT_THROW(hs::nps_merge(y, x), hs::Error);
  EXPECT_TRUE(same(x, only5));
  EXPECT_TRUE(same(y, only7));
  hs::NpsState with_rows = counts(3, 2, 1);
  with_rows.confidence = 0.9;
  hs::NpsState before = with_rows;
  EXPECT_THROW(hs::nps_merge(with_rows, only5), hs::Error);
  EXPECT_TRUE(same(with_rows, before));
}

}  // namespace
