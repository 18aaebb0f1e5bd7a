// Unit tests of weighted health scores (src/core/health.h, README, Weighted health scores):
// the weighted mean under each missing-data rule, coverage, the argument
// checks and their messages, drivers, and the health_score_agg state.
// References are hand-computed values and the formulas of the README written
// out here in long double, never the code's own earlier output.
#include "core/health.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/quotient.h"
#include "support.h"

namespace {

using hs::test::error_of;
using hs::test::rejection;
using hs::test::same;

using hs::MissingRule;
using hs::WeightedScore;
using Score = std::optional<double>;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

WeightedScore sums_of(const std::vector<Score>& scores, const std::vector<double>& weights) {
  WeightedScore s;
  for (std::size_t i = 0; i < scores.size(); ++i) s.add(scores[i], weights[i]);
  return s;
}

// The README's formulas, in long double, over the raw components.
struct Reference {
  long double present_weight = 0, all_weight = 0, weighted = 0;
  int present = 0;
};

Reference reference_of(const std::vector<Score>& scores, const std::vector<double>& weights) {
  Reference r;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    r.all_weight += weights[i];
    if (scores[i]) {
      ++r.present;
      r.present_weight += weights[i];
      r.weighted += static_cast<long double>(weights[i]) * *scores[i];
    }
  }
  return r;
}

// sum(w s) / sum(w) over present components.
std::optional<long double> renormalized(const Reference& r) {
  if (r.present == 0 || r.present_weight == 0) return std::nullopt;
  return r.weighted / r.present_weight;
}
// A missing score counts as 50.
std::optional<long double> neutral(const Reference& r) {
  if (r.present == 0 || r.all_weight == 0) return std::nullopt;
  return (r.weighted + 50.0L * (r.all_weight - r.present_weight)) / r.all_weight;
}
// A missing score counts as 0.
std::optional<long double> zeroed(const Reference& r) {
  if (r.present == 0 || r.all_weight == 0) return std::nullopt;
  return r.weighted / r.all_weight;
}

void expect_close(Score got, std::optional<long double> want, const std::string& what) {
  ASSERT_EQ(got.has_value(), want.has_value()) << what;
  if (!want) return;
  double w = static_cast<double>(*want);
  EXPECT_NEAR(*got, w, 1e-12 * std::max(1.0, std::fabs(w))) << what;
}

// --- WeightedScore ---

TEST(HealthScore, PublishedExample) {
  // (47*20 + 59*15 + 21*22) / 57 = (940 + 885 + 462) / 57 = 2287 / 57.
  WeightedScore s = sums_of({47.0, 59.0, 21.0}, {20.0, 15.0, 22.0});
  EXPECT_EQ(s.present, 3);
  EXPECT_EQ(s.weight_present, 57.0);
  EXPECT_EQ(s.weight_all, 57.0);
  EXPECT_EQ(s.weighted, 2287.0);
  EXPECT_EQ(*s.score(), 2287.0 / 57.0);
  EXPECT_EQ(*s.score(), 40.12280701754386);
  // With every score present, the rules agree, and the coverage is 1.
  EXPECT_EQ(*s.score(MissingRule::neutral), 40.12280701754386);
  EXPECT_EQ(*s.score(MissingRule::zero), 40.12280701754386);
  EXPECT_EQ(*s.coverage(), 1.0);
  EXPECT_EQ(*s.score(MissingRule::renormalize, 1.0), 40.12280701754386);
}

TEST(HealthScore, RulesByHandWithAMissingScore) {
  // Scores 80, NULL, 20 with weights 1, 2, 1.
  WeightedScore s = sums_of({80.0, std::nullopt, 20.0}, {1.0, 2.0, 1.0});
  EXPECT_EQ(*s.score(MissingRule::renormalize), 50.0);  // 100 / 2
  EXPECT_EQ(*s.score(MissingRule::neutral), 50.0);      // (100 + 100) / 4
  EXPECT_EQ(*s.score(MissingRule::zero), 25.0);         // 100 / 4
  EXPECT_EQ(*s.coverage(), 0.5);
  WeightedScore t = sums_of({90.0, std::nullopt}, {3.0, 1.0});
  EXPECT_EQ(*t.score(MissingRule::renormalize), 90.0);
  EXPECT_EQ(*t.score(MissingRule::neutral), 80.0);  // (270 + 50) / 4
  EXPECT_EQ(*t.score(MissingRule::zero), 67.5);     // 270 / 4
  EXPECT_EQ(*t.coverage(), 0.75);
}

TEST(HealthScore, EveryRuleAgainstTheFormulasOnRandomComponents) {
  std::mt19937_64 rng(20240611);
  std::uniform_int_distribution<int> length(1, 12);
  std::uniform_real_distribution<double> score(0.0, 100.0);
  std::uniform_real_distribution<double> weight(0.0, 5.0);
  std::uniform_int_distribution<int> kind(0, 9);
  for (int trial = 0; trial < 5000; ++trial) {
    int n = length(rng);
    std::vector<Score> scores;
    std::vector<double> weights;
    for (int i = 0; i < n; ++i) {
      int k = kind(rng);
      scores.push_back(k < 3 ? Score() : Score(score(rng)));    // ~30% missing
      weights.push_back(k == 3 || k == 9 ? 0.0 : weight(rng));  // some weights 0
    }
    WeightedScore s = sums_of(scores, weights);
    Reference r = reference_of(scores, weights);
    std::string what = "trial " + std::to_string(trial);
    expect_close(s.score(MissingRule::renormalize), renormalized(r), what + " renormalize");
    expect_close(s.score(), renormalized(r), what + " default");
    expect_close(s.score(MissingRule::neutral), neutral(r), what + " neutral");
    expect_close(s.score(MissingRule::zero), zeroed(r), what + " zero");
    std::optional<long double> coverage;
    if (r.all_weight > 0) coverage = r.present_weight / r.all_weight;
    expect_close(s.coverage(), coverage, what + " coverage");
    // Below the coverage the score is absent, at or above it unchanged.
    if (coverage && r.present > 0) {
      double c = *s.coverage();
      expect_close(s.score(MissingRule::zero, c), zeroed(r), what + " at coverage");
      if (c < 1.0) {
        EXPECT_FALSE(s.score(MissingRule::zero, std::nextafter(c, 2.0))) << what;
        EXPECT_FALSE(s.score(MissingRule::neutral, std::nextafter(c, 2.0))) << what;
        EXPECT_FALSE(s.score(MissingRule::renormalize, std::nextafter(c, 2.0))) << what;
      }
    }
  }
}

TEST(HealthScore, MinCoverageBoundaryKeepsTheScore) {
  // Present weight 3 of 4: coverage exactly 0.75.
  WeightedScore s = sums_of({60.0, std::nullopt, 60.0, 60.0}, {1.0, 1.0, 1.0, 1.0});
  EXPECT_EQ(*s.coverage(), 0.75);
  for (MissingRule rule : {MissingRule::renormalize, MissingRule::neutral, MissingRule::zero}) {
    EXPECT_TRUE(s.score(rule, 0.75)) << static_cast<int>(rule);
    EXPECT_TRUE(s.score(rule, 0.0));
    EXPECT_TRUE(s.score(rule, std::nextafter(0.75, 0.0)));
    EXPECT_FALSE(s.score(rule, std::nextafter(0.75, 1.0)));
    EXPECT_FALSE(s.score(rule, 1.0));
  }
  EXPECT_EQ(*s.score(MissingRule::renormalize, 0.75), 60.0);
  EXPECT_EQ(*s.score(MissingRule::neutral, 0.75), 57.5);  // (180 + 50) / 4
  EXPECT_EQ(*s.score(MissingRule::zero, 0.75), 45.0);     // 180 / 4
  // Full coverage meets min_coverage 1.
  WeightedScore full = sums_of({10.0, 20.0}, {1.0, 3.0});
  EXPECT_EQ(*full.score(MissingRule::renormalize, 1.0), 17.5);
}

TEST(HealthScore, NoComponentPresentIsAbsentUnderEveryRule) {
  std::vector<WeightedScore> cases = {
      WeightedScore(),                                    // no component at all
      sums_of({std::nullopt}, {1.0}),                     // one missing
      sums_of({std::nullopt, std::nullopt}, {2.0, 0.0}),  // all missing
      sums_of({std::nullopt, std::nullopt}, {0.0, 0.0}),
  };
  for (const WeightedScore& s : cases) {
    for (MissingRule rule : {MissingRule::renormalize, MissingRule::neutral, MissingRule::zero}) {
      EXPECT_FALSE(s.score(rule));
      EXPECT_FALSE(s.score(rule, 0.0));
      EXPECT_FALSE(s.score(rule, 1.0));
    }
  }
  EXPECT_FALSE(WeightedScore().coverage());
  EXPECT_EQ(*cases[1].coverage(), 0.0);
  EXPECT_FALSE(cases[3].coverage());
}

TEST(HealthScore, PresentWeightsSummingToZero) {
  // Every weight 0: no coverage, no score under any rule.
  WeightedScore all_zero = sums_of({50.0, 70.0}, {0.0, 0.0});
  EXPECT_FALSE(all_zero.coverage());
  for (MissingRule rule : {MissingRule::renormalize, MissingRule::neutral, MissingRule::zero})
    EXPECT_FALSE(all_zero.score(rule));
  // -0.0 weights sum to zero as well.
  WeightedScore negative_zero = sums_of({50.0}, {-0.0});
  EXPECT_FALSE(negative_zero.coverage());
  EXPECT_FALSE(negative_zero.score());
  // Present weights 0, a missing one 2: renormalize has nothing to divide by;
  // neutral and zero divide by the total weight (the header: "absent when the
  // weights it divides by sum to 0"), so the missing score decides alone.
  WeightedScore present_zero = sums_of({90.0, std::nullopt}, {0.0, 2.0});
  EXPECT_EQ(*present_zero.coverage(), 0.0);
  EXPECT_FALSE(present_zero.score(MissingRule::renormalize));
  EXPECT_EQ(*present_zero.score(MissingRule::neutral), 50.0);
  EXPECT_EQ(*present_zero.score(MissingRule::zero), 0.0);
  // Any positive min_coverage removes it.
  EXPECT_FALSE(present_zero.score(MissingRule::neutral, 1e-300));
}

// The true quotient of a score whose sums overflow, or an out_of_range error:
// never NaN, never Infinity, never another number.
void expect_error_or(Score (*compute)(), long double want, const char* what) {
  try {
    Score got = compute();
    ASSERT_TRUE(got.has_value()) << what;
    EXPECT_TRUE(std::isfinite(*got)) << what << ": " << *got;
    EXPECT_NEAR(*got, static_cast<double>(want), 1e-12 * std::fabs(static_cast<double>(want)))
        << what;
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range) << what;
    EXPECT_EQ(e.message_for("health_score"), "health_score: value out of range: overflow") << what;
  }
}

TEST(HealthScoreOverflow, WeightedSumPastTheRangeIsAnError) {
  // 1e308 * 100 overflows: the numerator is Infinity.
  for (MissingRule rule : {MissingRule::renormalize, MissingRule::neutral, MissingRule::zero}) {
    WeightedScore s = sums_of({100.0, 100.0}, {1e308, 1e308});
    try {
      Score got = s.score(rule);
      ADD_FAILURE() << "returned " << (got ? *got : -1.0);
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
      EXPECT_EQ(e.message_for("health_score"), "health_score: value out of range: overflow");
      EXPECT_STREQ(e.detail(), "The weights or their weighted sum are beyond the float8 range.");
    }
  }
  // The largest weights: 1.7e308 each, sum Infinity, weighted sum Infinity.
  WeightedScore max = sums_of({50.0, 60.0}, {1.7e308, 1.7e308});
  EXPECT_THROW(max.score(), hs::Error);
}

TEST(HealthScoreOverflow, OnlyTheWeightSumOverflows) {
  // Weights 1e308 + 1e308 = Infinity while sum(w s) = 0.5e308 + 0.5e308 =
  // 1e308 stays finite: the score is 0.5, not 1e308 / Infinity = 0.
  expect_error_or(
      [] {
        return sums_of({0.5, 0.5}, {1e308, 1e308}).score(MissingRule::renormalize);
      },
      0.5L, "renormalize");
  // One present (0.5 at 1e308), one missing at 1e308: 'zero' is 0.5e308 / 2e308.
  expect_error_or(
      [] {
        return sums_of({0.5, std::nullopt}, {1e308, 1e308}).score(MissingRule::zero);
      },
      0.25L, "zero");
  // The coverage: 1e308 of 2e308 is 0.5, and 2e308 of 2e308 is 1.
  expect_error_or(
      [] {
        return sums_of({0.5, std::nullopt}, {1e308, 1e308}).coverage();
      },
      0.5L, "coverage half");
  expect_error_or(
      [] {
        return sums_of({0.5, 0.5}, {1e308, 1e308}).coverage();
      },
      1.0L, "coverage full");
}

TEST(HealthScoreUnderflow, TinyWeightsAreNotSilentlyRounded) {
  // Weights are only required finite and >= 0, so subnormal weights are
  // accepted; w * s then keeps only a few bits. Scores 47.3 and 59.9 at equal
  // weights average 53.6 whatever the common weight; with the smallest weight
  // the products round to 47 and 60 units of 2^-1074 and the mean to 53.5.
  // They are rejected as weights (22023); the smallest normal weight averages right.
  for (double w : {4.9406564584124654e-324, 1e-320, 1e-310}) {
    EXPECT_THROW(hs::checked_weight(w, 0), hs::Error) << "weight " << w;
  }
  double tiny = std::numeric_limits<double>::min();
  WeightedScore s = sums_of({47.3, 59.9}, {tiny, tiny});
  EXPECT_NEAR(*s.score(), 53.6, 1e-12 * 53.6);
}

// --- Argument checks and their messages ---

TEST(HealthChecks, Weights) {
  EXPECT_EQ(hs::checked_weight(0.0, 0), 0.0);
  EXPECT_EQ(hs::checked_weight(2.5, 3), 2.5);
  EXPECT_EQ(hs::checked_weight(1.7976931348623157e308, 0), 1.7976931348623157e308);
  EXPECT_EQ(hs::checked_weight(2.2250738585072014e-308, 0), 2.2250738585072014e-308);
  // Subnormal weights keep too few bits of weight * score: rejected.
  EXPECT_THROW(hs::checked_weight(4.9406564584124654e-324, 0), hs::Error);
  // -0.0 is >= 0: allowed, and it stays -0.0.
  double nz = hs::checked_weight(-0.0, 0);
  EXPECT_EQ(nz, 0.0);
  EXPECT_TRUE(std::signbit(nz));

  hs::Error null = error_of([] { hs::checked_weight(std::nullopt, 2); });
  EXPECT_EQ(null.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(null.message_for("health_score"), "health_score weight must not be NULL");
  EXPECT_STREQ(null.detail(), "Weight 3 is NULL; use 0 to leave a measure out.");
  hs::Error null_row = error_of([] { hs::checked_weight(std::nullopt, -1); });
  EXPECT_EQ(null_row.message_for("health_score_agg"), "health_score_agg weight must not be NULL");
  EXPECT_STREQ(null_row.detail(), "A weight is NULL; use 0 to leave a measure out.");

  hs::Error negative = error_of([] { hs::checked_weight(-1.0, 0); });
  EXPECT_EQ(negative.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(negative.message_for("health_score"), "health_score weight -1 is out of range");
  EXPECT_STREQ(negative.detail(),
               "Weight 1 must be 0 or a finite number from 2.2250738585072014e-308 up.");
  hs::Error tiny = error_of([] { hs::checked_weight(-4.9406564584124654e-324, 4); });
  EXPECT_EQ(tiny.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_STREQ(tiny.detail(),
               "Weight 5 must be 0 or a finite number from 2.2250738585072014e-308 up.");

  hs::Error nan = error_of([] { hs::checked_weight(kNaN, 1); });
  EXPECT_EQ(nan.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(nan.message_for("health_score"), "health_score weight NaN is out of range");
  EXPECT_STREQ(nan.detail(),
               "Weight 2 must be 0 or a finite number from 2.2250738585072014e-308 up.");
  hs::Error inf = error_of([] { hs::checked_weight(kInf, -1); });
  EXPECT_EQ(inf.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(inf.message_for("health_score_agg"),
            "health_score_agg weight Infinity is out of range");
  EXPECT_STREQ(inf.detail(),
               "A weight must be 0 or a finite number from 2.2250738585072014e-308 up.");
  hs::Error minus_inf = error_of([] { hs::checked_weight(-kInf, 0); });
  EXPECT_EQ(minus_inf.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(minus_inf.message_for("health_score"), "health_score weight -Infinity is out of range");
}

TEST(HealthChecks, Scores) {
  EXPECT_FALSE(hs::checked_score(std::nullopt));
  EXPECT_EQ(*hs::checked_score(47.0), 47.0);
  EXPECT_EQ(*hs::checked_score(-1e308), -1e308);  // only finiteness is checked
  const double bad[] = {kNaN, kInf, -kInf};
  const char* shown[] = {"NaN", "Infinity", "-Infinity"};
  for (int i = 0; i < 3; ++i) {
    try {
      hs::checked_score(bad[i]);
      ADD_FAILURE() << shown[i];
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("health_score"),
                std::string("health_score score ") + shown[i] + " is not a finite number");
      EXPECT_STREQ(e.detail(), "NaN and Infinity are not accepted; use NULL for a missing value.");
    }
  }
}

TEST(HealthChecks, SameLength) {
  hs::check_same_length("scores", 3, "weights", 3);
  hs::check_same_length("scores", 0, "weights", 0);
  hs::Error e = error_of([] { hs::check_same_length("scores", 3, "weights", 2); });
  EXPECT_EQ(e.kind(), hs::ErrorKind::array_mismatch);
  EXPECT_EQ(e.message_for("health_score"), "health_score: scores has 3 elements and weights has 2");
  EXPECT_STREQ(e.detail(), "Pass one element per measure, in the same order, in every array.");
  hs::Error names = error_of([] { hs::check_same_length("names", 0, "scores", 1); });
  EXPECT_EQ(names.kind(), hs::ErrorKind::array_mismatch);
  EXPECT_EQ(names.message_for("health_drivers"),
            "health_drivers: names has 0 elements and scores has 1");
}

MissingRule parse(const std::string& text) {
  return hs::parse_missing_rule(text.data(), text.size());
}

TEST(HealthChecks, MissingRules) {
  EXPECT_EQ(parse("renormalize"), MissingRule::renormalize);
  EXPECT_EQ(parse("neutral"), MissingRule::neutral);
  EXPECT_EQ(parse("zero"), MissingRule::zero);
  // The length is the text's: "zeroes" cut to 4 bytes is 'zero'.
  EXPECT_EQ(hs::parse_missing_rule("zeroes", 4), MissingRule::zero);
  const char* detail =
      "Use 'renormalize' (a missing score's weight goes to the others), 'neutral' (it counts as "
      "50) or 'zero' (it counts as 0).";
  struct Case {
    std::string text, message;
  } cases[] = {
      {"", "health_score missing rule \"\" is unknown"},
      {"Zero", "health_score missing rule \"Zero\" is unknown"},
      {"neutral ", "health_score missing rule \"neutral \" is unknown"},
      {"renormalise", "health_score missing rule \"renormalise\" is unknown"},
      {std::string("zero\0", 5),
       std::string("health_score missing rule \"zero\0\" is unknown", 44)},
      // 40 characters are shown in full, more are cut to 40 and "...".
      {std::string(40, 'x'),
       "health_score missing rule \"" + std::string(40, 'x') + "\" is unknown"},
      {std::string(41, 'x'),
       "health_score missing rule \"" + std::string(40, 'x') + "...\" is unknown"},
      {std::string(100000, 'y'),
       "health_score missing rule \"" + std::string(40, 'y') + "...\" is unknown"},
  };
  for (const Case& c : cases) {
    try {
      parse(c.text);
      ADD_FAILURE() << c.text;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("health_score"), c.message);
      EXPECT_STREQ(e.detail(), detail);
    }
  }
}

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80         ? 1
                      : (c >> 5) == 6  ? 2
                      : (c >> 4) == 14 ? 3
                      : (c >> 3) == 30 ? 4
                                       : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

TEST(HealthChecks, ALongRuleIsNeverCutInsideACharacter) {
  // 39 ASCII bytes, then 'é' (2 bytes, straddling byte 40), then more: the
  // message shown to the user must stay valid UTF-8, as the state text
  // reader's messages do (StateTextReader::reject cuts before a character).
  std::string rule = std::string(39, 'a') + "\xC3\xA9" + "tail";
  try {
    parse(rule);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_TRUE(valid_utf8(e.message_for("health_score"))) << e.message_for("health_score");
  }
  // Multibyte characters throughout ('€', 3 bytes): whatever the cut.
  std::string euros;
  for (int i = 0; i < 30; ++i) euros += "\xE2\x82\xAC";
  try {
    parse(euros);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_TRUE(valid_utf8(e.message_for("health_score"))) << e.message_for("health_score");
  }
}

TEST(HealthChecks, MinCoverage) {
  for (double ok : {0.0, -0.0, 1e-300, 0.5, std::nextafter(1.0, 0.0), 1.0})
    EXPECT_NO_THROW(hs::check_min_coverage(ok)) << ok;
  struct Case {
    double value;
    const char* message;
  } cases[] = {
      {-1e-300, "health_score min_coverage -1e-300 is out of range"},
      {-0.5, "health_score min_coverage -0.5 is out of range"},
      {std::nextafter(1.0, 2.0), "health_score min_coverage 1.0000000000000002 is out of range"},
      {2.0, "health_score min_coverage 2 is out of range"},
      {kNaN, "health_score min_coverage NaN is out of range"},
      {kInf, "health_score min_coverage Infinity is out of range"},
      {-kInf, "health_score min_coverage -Infinity is out of range"},
  };
  for (const Case& c : cases) {
    try {
      hs::check_min_coverage(c.value);
      ADD_FAILURE() << c.value;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("health_score"), c.message);
      EXPECT_STREQ(e.detail(), "The minimum coverage is a share of the total weight, from 0 to 1.");
    }
  }
}

// --- Drivers ---

std::vector<hs::Driver> drivers_of(const std::vector<Score>& scores,
                                   const std::vector<double>& weights) {
  double present_d = 0.0;  // the present weight, summed in order as the binding layer does
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (scores[i]) present_d += weights[i];
  std::vector<hs::Driver> out;
  for (std::size_t i = 0; i < scores.size(); ++i)
    out.push_back(hs::driver_of(static_cast<std::int64_t>(i), scores[i], weights[i], present_d));
  return out;
}

TEST(HealthDrivers, ByHand) {
  // Scores 47, 59, 21 at weights 20, 15, 22 (score 2287/57).
  std::vector<hs::Driver> d = drivers_of({47.0, 59.0, 21.0}, {20.0, 15.0, 22.0});
  EXPECT_EQ(*d[0].effective_weight, 20.0 / 57.0);
  EXPECT_EQ(*d[1].effective_weight, 15.0 / 57.0);
  EXPECT_EQ(*d[2].effective_weight, 22.0 / 57.0);
  EXPECT_NEAR(*d[0].contribution, 940.0 / 57.0, 1e-13);
  EXPECT_NEAR(*d[1].contribution, 885.0 / 57.0, 1e-13);
  EXPECT_NEAR(*d[2].contribution, 462.0 / 57.0, 1e-13);
  EXPECT_NEAR(*d[0].points_lost, 20.0 * 53.0 / 57.0, 1e-13);
  EXPECT_NEAR(*d[1].points_lost, 15.0 * 41.0 / 57.0, 1e-13);
  EXPECT_NEAR(*d[2].points_lost, 22.0 * 79.0 / 57.0, 1e-13);
  EXPECT_EQ(d[1].position, 1);
  EXPECT_EQ(*d[1].score, 59.0);
  EXPECT_EQ(d[1].weight, 15.0);
  // Points lost: 1738/57 (pos 2), 1060/57 (pos 0), 615/57 (pos 1).
  hs::sort_drivers(d.data(), d.size());
  EXPECT_EQ(d[0].position, 2);
  EXPECT_EQ(d[1].position, 0);
  EXPECT_EQ(d[2].position, 1);
}

TEST(HealthDrivers, MissingMeasures) {
  std::vector<hs::Driver> d =
      drivers_of({std::nullopt, 80.0, std::nullopt, 100.0, 20.0}, {5.0, 1.0, 0.0, 1.0, 2.0});
  EXPECT_FALSE(d[0].score);
  EXPECT_EQ(*d[0].effective_weight, 0.0);
  EXPECT_FALSE(d[0].contribution);
  EXPECT_FALSE(d[0].points_lost);
  EXPECT_EQ(d[0].weight, 5.0);
  EXPECT_EQ(*d[2].effective_weight, 0.0);
  EXPECT_EQ(*d[1].effective_weight, 0.25);
  EXPECT_EQ(*d[3].points_lost, 0.0);
  EXPECT_EQ(*d[4].points_lost, 40.0);  // 0.5 * 80
  hs::sort_drivers(d.data(), d.size());
  // 40 (pos 4), 5 (pos 1), 0 (pos 3), then the missing ones in input order.
  std::int64_t order[] = {4, 1, 3, 0, 2};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(d[i].position, order[i]) << i;
}

TEST(HealthDrivers, AllZeroPresentWeightsGiveNoEffectiveWeight) {
  std::vector<hs::Driver> d = drivers_of({30.0, std::nullopt, 90.0}, {0.0, 4.0, 0.0});
  for (int i : {0, 2}) {
    EXPECT_TRUE(d[i].score);
    EXPECT_FALSE(d[i].effective_weight) << i;
    EXPECT_FALSE(d[i].contribution) << i;
    EXPECT_FALSE(d[i].points_lost) << i;
  }
  EXPECT_EQ(*d[1].effective_weight, 0.0);
  hs::sort_drivers(d.data(), d.size());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(d[i].position, i);  // nothing to order by: input order
  // A single present measure with weight 0 beside positive ones: effective 0.
  hs::Driver z = hs::driver_of(0, 50.0, 0.0, 3.0);
  EXPECT_EQ(*z.effective_weight, 0.0);
  EXPECT_EQ(*z.contribution, 0.0);
  EXPECT_EQ(*z.points_lost, 0.0);
}

TEST(HealthDrivers, SumsAndOrderOnRandomComponents) {
  std::mt19937_64 rng(77);
  std::uniform_int_distribution<int> length(0, 15);
  std::uniform_int_distribution<int> coarse(0, 4);  // ties are common
  std::uniform_real_distribution<double> fine(0.0, 100.0);
  std::uniform_real_distribution<double> weight(0.0, 3.0);
  for (int trial = 0; trial < 3000; ++trial) {
    int n = length(rng);
    bool ties = trial % 2 == 0;
    std::vector<Score> scores;
    std::vector<double> weights;
    for (int i = 0; i < n; ++i) {
      int k = coarse(rng);
      scores.push_back(k == 0 ? Score() : Score(ties ? 25.0 * coarse(rng) : fine(rng)));
      weights.push_back(ties ? static_cast<double>(coarse(rng) % 3) : weight(rng));
    }
    std::vector<hs::Driver> d = drivers_of(scores, weights);
    Reference r = reference_of(scores, weights);
    std::optional<long double> want = renormalized(r);
    std::string what = "trial " + std::to_string(trial);
    if (want) {
      long double eff = 0, contribution = 0, lost = 0;
      for (int i = 0; i < n; ++i) {
        ASSERT_TRUE(d[i].effective_weight) << what;
        if (!scores[i]) {
          EXPECT_EQ(*d[i].effective_weight, 0.0) << what;
          EXPECT_FALSE(d[i].contribution || d[i].points_lost) << what;
          continue;
        }
        long double w = weights[i] / r.present_weight;
        EXPECT_NEAR(*d[i].effective_weight, static_cast<double>(w), 1e-15) << what;
        eff += *d[i].effective_weight;
        contribution += *d[i].contribution;
        lost += *d[i].points_lost;
      }
      EXPECT_NEAR(static_cast<double>(eff), 1.0, 1e-12) << what;
      EXPECT_NEAR(static_cast<double>(contribution), static_cast<double>(*want), 1e-12) << what;
      EXPECT_NEAR(static_cast<double>(lost), static_cast<double>(100.0L - *want), 1e-12) << what;
      // The contributions also sum to what WeightedScore gives.
      EXPECT_NEAR(static_cast<double>(contribution), *sums_of(scores, weights).score(), 1e-12);
    }
    // The order: a stable insertion sort by points lost, the most first, missing last.
    std::vector<hs::Driver> want_order;
    for (const hs::Driver& x : d) {
      auto before = [&](const hs::Driver& y) {  // x goes before y
        if (!x.points_lost) return false;
        if (!y.points_lost) return true;
        return *x.points_lost > *y.points_lost;
      };
      auto at = want_order.begin();
      while (at != want_order.end() && !before(*at)) ++at;
      want_order.insert(at, x);
    }
    hs::sort_drivers(d.data(), d.size());
    ASSERT_EQ(d.size(), want_order.size());
    for (std::size_t i = 0; i < d.size(); ++i)
      EXPECT_EQ(d[i].position, want_order[i].position) << what << " row " << i;
    for (std::size_t i = 0; i + 1 < d.size(); ++i) {
      if (d[i].points_lost && d[i + 1].points_lost) {
        EXPECT_GE(*d[i].points_lost, *d[i + 1].points_lost);
        if (*d[i].points_lost == *d[i + 1].points_lost) {
          EXPECT_LT(d[i].position, d[i + 1].position);
        }
      }
      if (!d[i].points_lost) {
        EXPECT_FALSE(d[i + 1].points_lost) << what;
      }
    }
  }
}

TEST(HealthDriversOverflow, PresentWeightsPastTheRangeAreNotSilentlyZero) {
  // The binding layer passes WeightedScore::weight_present, which is
  // 1e308 + 1e308 = Infinity here: every effective weight would be 0 and the
  // contributions would not sum to the score. Either the true shares (0.5
  // each) or an error.
  WeightedScore sums = sums_of({10.0, 90.0}, {1e308, 1e308});
  try {
    hs::Driver d = hs::driver_of(0, 10.0, 1e308, sums.weight_present);
    ASSERT_TRUE(d.effective_weight);
    EXPECT_NEAR(*d.effective_weight, 0.5, 1e-12);
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  }
}

// --- health_score_agg state ---

TEST(HealthState, ByHandAndAgainstTheArrayForm) {
  hs::HealthState s;
  EXPECT_FALSE(hs::health_result(s));
  hs::health_add(s, 47.0, 20.0);
  hs::health_add(s, 59.0, 15.0);
  hs::health_add(s, std::nullopt, 100.0);  // skipped
  hs::health_add(s, 21.0, 22.0);
  EXPECT_EQ(s.n, 3);
  EXPECT_EQ(s.weight, 57.0);
  EXPECT_EQ(s.weighted, 2287.0);
  EXPECT_EQ(*hs::health_result(s), 40.12280701754386);
  // Rows with weight 0 only: no result.
  hs::HealthState z;
  hs::health_add(z, 50.0, 0.0);
  EXPECT_EQ(z.n, 1);
  EXPECT_FALSE(hs::health_result(z));
  // Only NULL scores: nothing counted.
  hs::HealthState nulls;
  hs::health_add(nulls, std::nullopt, 1.0);
  EXPECT_EQ(nulls.n, 0);
  EXPECT_FALSE(hs::health_result(nulls));
}

TEST(HealthState, RowsAreCheckedEvenWhenTheScoreIsNull) {
  hs::HealthState s;
  hs::health_add(s, 10.0, 1.0);
  hs::HealthState before = s;
  hs::Error null = error_of([] {
    hs::HealthState t;
    hs::health_add(t, std::nullopt, std::nullopt);
  });
  EXPECT_EQ(null.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(null.message_for("health_score_agg"), "health_score_agg weight must not be NULL");
  EXPECT_THROW(hs::health_add(s, 10.0, -1.0), hs::Error);
  EXPECT_THROW(hs::health_add(s, std::nullopt, kNaN), hs::Error);
  EXPECT_THROW(hs::health_add(s, kInf, 1.0), hs::Error);
  EXPECT_THROW(hs::health_add(s, kNaN, 1.0), hs::Error);
  EXPECT_TRUE(same(s, before));
  hs::health_add(s, 20.0, -0.0);  // -0 is a weight of 0
  EXPECT_EQ(s.n, 2);
  EXPECT_EQ(*hs::health_result(s), 10.0);
}

TEST(HealthState, AnySplitEqualsOnePassAndTheArrayForm) {
  std::mt19937_64 rng(4242);
  std::uniform_int_distribution<int> length(0, 60);
  std::uniform_real_distribution<double> score(0.0, 100.0);
  std::uniform_real_distribution<double> weight(0.0, 10.0);
  std::uniform_int_distribution<int> kind(0, 7);
  for (int trial = 0; trial < 2000; ++trial) {
    int n = length(rng);
    std::vector<Score> scores;
    std::vector<double> weights;
    for (int i = 0; i < n; ++i) {
      int k = kind(rng);
      scores.push_back(k == 0 ? Score() : Score(score(rng)));
      weights.push_back(k == 1 ? 0.0 : weight(rng));
    }
    hs::HealthState one;
    for (int i = 0; i < n; ++i) hs::health_add(one, scores[i], weights[i]);
    Score whole = hs::health_result(one);
    Score array = sums_of(scores, weights).score();
    expect_close(whole, renormalized(reference_of(scores, weights)), "reference");
    ASSERT_EQ(whole.has_value(), array.has_value());
    if (whole) {
      EXPECT_NEAR(*whole, *array, 1e-12 * std::max(1.0, std::fabs(*array)));
    }
    // A random partition into up to 6 parts, merged in a random order.
    std::vector<int> part(n);
    std::uniform_int_distribution<int> which(0, 5);
    for (int& p : part) p = which(rng);
    std::vector<hs::HealthState> parts(6);
    for (int i = 0; i < n; ++i) hs::health_add(parts[part[i]], scores[i], weights[i]);
    std::shuffle(parts.begin(), parts.end(), rng);
    hs::HealthState merged;
    for (const hs::HealthState& p : parts) hs::health_merge(merged, p);
    EXPECT_EQ(merged.n, one.n);
    Score m = hs::health_result(merged);
    ASSERT_EQ(m.has_value(), whole.has_value()) << trial;
    if (m) {
      EXPECT_NEAR(*m, *whole, 1e-12 * std::max(1.0, std::fabs(*whole))) << trial;
    }
    // Merging an empty state changes nothing.
    hs::HealthState again = one;
    hs::health_merge(again, hs::HealthState());
    EXPECT_TRUE(same(again, one));
  }
}

TEST(HealthStateOverflow, CountAtTheLimit) {
  hs::HealthState full;
  full.n = INT64_MAX;
  full.weight = 1.0;
  full.weighted = 50.0;
  hs::HealthState before = full;
  try {
    hs::health_add(full, 50.0, 1.0);
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
    EXPECT_EQ(e.message_for("health_score_agg"), "health_score_agg: too many rows");
    EXPECT_STREQ(e.detail(), "A count would pass 9223372036854775807 (2^63 - 1).");
  }
  EXPECT_TRUE(same(full, before));
  hs::health_add(full, std::nullopt, 1.0);  // a NULL score adds no row
  EXPECT_TRUE(same(full, before));
  hs::HealthState one;
  hs::health_add(one, 10.0, 1.0);
  EXPECT_THROW(hs::health_merge(full, one), hs::Error);
  EXPECT_TRUE(same(full, before));
  hs::HealthState other = one;
  EXPECT_THROW(hs::health_merge(other, full), hs::Error);
  hs::HealthState just;
  just.n = INT64_MAX - 1;
  just.weight = 1.0;
  hs::health_add(just, 10.0, 1.0);
  EXPECT_EQ(just.n, INT64_MAX);
}

TEST(HealthStateOverflow, WeightSumPastTheRangeIsNeverASilentNumber) {
  // Two rows of 0.5 at weight 1e308: weight = Infinity, weighted = 1e308.
  // The score is 0.5; 1e308 / Infinity = 0 would be silently wrong. The state
  // with weight = Infinity also could not be shipped as text (its reader
  // rejects non-finite fields).
  try {
    hs::HealthState s;
    hs::health_add(s, 0.5, 1e308);
    hs::health_add(s, 0.5, 1e308);
    Score got = hs::health_result(s);
    ASSERT_TRUE(got);
    EXPECT_NEAR(*got, 0.5, 1e-12);
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  }
  // The same through a merge of two partial states.
  try {
    hs::HealthState a, b;
    hs::health_add(a, 0.5, 1e308);
    hs::health_add(b, 0.5, 1e308);
    hs::health_merge(a, b);
    Score got = hs::health_result(a);
    ASSERT_TRUE(got);
    EXPECT_NEAR(*got, 0.5, 1e-12);
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.kind(), hs::ErrorKind::out_of_range);
  }
  // Both sums past the range: an error (when the row is added), never NaN.
  hs::HealthState big;
  EXPECT_THROW(hs::health_add(big, 100.0, 1e308), hs::Error);  // 100 * 1e308
  EXPECT_EQ(big.n, 0);
}

TEST(HealthStateText, ReadableFormAndValidation) {
  EXPECT_STREQ(hs::format_state(hs::HealthState()).c_str(), "v1:n=0,weight=0,weighted=0");
  hs::HealthState s;
  hs::health_add(s, 47.0, 20.0);
  hs::health_add(s, 59.5, 0.25);
  EXPECT_STREQ(hs::format_state(s).c_str(), "v1:n=2,weight=20.25,weighted=954.875");
  hs::HealthState back = hs::parse_state<hs::HealthState>(hs::format_state(s).c_str());
  EXPECT_TRUE(same(back, s));
  const char* good[] = {
      "v1:n=0,weight=0,weighted=0",
      "v1:n=3,weight=57,weighted=2287",
      "v1:n=1,weight=0,weighted=0",   // one row of weight 0
      "v1:n=2,weight=1,weighted=-5",  // scores are only checked finite
      "v1:n=9223372036854775807,weight=1e+308,weighted=1.7976931348623157e+308",
  };
  for (const char* text : good) {
    hs::HealthState g = hs::parse_state<hs::HealthState>(text);
    EXPECT_STREQ(hs::format_state(g).c_str(), text);
  }
  EXPECT_EQ(hs::parse_state<hs::HealthState>("v1:n=1,weight=-0,weighted=0").n, 1);
  const char* bad[] = {
      "v1:n=-1,weight=0,weighted=0",  // negative count
      "v1:n=1,weight=-1,weighted=0",  // negative weight
      "v1:n=1,weight=-1e-300,weighted=0",
      "v1:n=0,weight=1,weighted=0",  // empty with a weight
      "v1:n=0,weight=0,weighted=3",  // empty with a weighted sum
      "v1:n=0,weight=0,weighted=-0.5",
      "v1:n=1,weight=inf,weighted=0",  // non-finite
      "v1:n=1,weight=1,weighted=nan",
      "v1:n=1,weight=1,weighted=-Infinity",
      "v1:n=1,weight=1e309,weighted=0",  // past the range
      "v1:n=1,weight=1",                 // missing field
      "v1:n=1,weight=1,weighted=1,x=1",  // trailing
      "v2:n=1,weight=1,weighted=1",      // version
      "v1:n=1,weighted=1,weight=1",      // order
      "",
  };
  for (const char* text : bad)
    EXPECT_EQ(rejection<hs::HealthState>(text), hs::ErrorKind::invalid_text) << text;
  try {
    hs::parse_state<hs::HealthState>("v1:n=0,weight=1,weighted=0");
  } catch (const hs::Error& e) {
    EXPECT_EQ(e.message_for("anything"),
              "invalid input syntax for type health_state: \"v1:n=0,weight=1,weighted=0\"");
    EXPECT_STREQ(e.detail(), "An empty state has weight=0 and weighted=0.");
  }
}

// The coverage is the quotient of the exact sums of the weights, correctly
// rounded: the review's example, where the rounded sums give 0.7499999999999999.
TEST(HealthCoverage, QuotientOfTheExactSums) {
  WeightedScore s = sums_of({23.0, std::nullopt, 28.0, std::nullopt}, {0.81, 0.3, 0.09, 0.0});
  EXPECT_NE((0.81 + 0.09) / (0.81 + 0.3 + 0.09 + 0.0), 0.75);  // what rounded sums give
  EXPECT_EQ(*s.coverage(), 0.75);
  EXPECT_TRUE(s.score(MissingRule::renormalize, 0.75));
}

// Against exact integer arithmetic: weights of up to 53 bits between 2^-20 and
// 2^20 are integers times 2^-72, so their sums are exact in 128 bits, and the
// reference quotient is rounded once (hs::rounded_quotient, itself checked
// against big-integer division in quotient_test).
TEST(HealthCoverage, CorrectlyRoundedOnRandomWeights) {
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<int> exponent(-20, 19);
  std::uniform_int_distribution<std::uint64_t> mantissa(std::uint64_t{1} << 52,
                                                        (std::uint64_t{1} << 53) - 1);
  std::uniform_int_distribution<int> count(1, 12);
  int differs_from_rounded_sums = 0;
  for (int trial = 0; trial < 200000; ++trial) {
    int n = count(rng);
    std::vector<Score> scores;
    std::vector<double> weights;
    unsigned __int128 present = 0, all = 0;
    for (int i = 0; i < n; ++i) {
      int e = exponent(rng);
      std::uint64_t m = mantissa(rng);
      weights.push_back(std::ldexp(static_cast<double>(m), e - 52));
      unsigned __int128 scaled = static_cast<unsigned __int128>(m) << (e + 20);  // * 2^72
      all += scaled;
      bool is_present = (rng() & 3) != 0;
      scores.push_back(is_present ? Score(50.0) : std::nullopt);
      if (is_present) present += scaled;
    }
    WeightedScore s = sums_of(scores, weights);
    double expected = present == 0 ? 0.0 : hs::rounded_quotient(present, all);
    ASSERT_EQ(*s.coverage(), expected) << "trial " << trial;
    if (s.weight_present / s.weight_all != expected) ++differs_from_rounded_sums;
  }
  EXPECT_GT(differs_from_rounded_sums, 0);  // the rounded sums alone would fail this test
}

}  // namespace
