// Unit tests of bands (src/core/bands.h, README, Bands): red / yellow /
// green at the exact edges, N-band classification against a brute-force
// count, and hysteresis on hand-made series and against the README's rules
// written out here.
#include "core/bands.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "support.h"

namespace {

using hs::test::error_of;
using hs::test::rejection;
using hs::test::same;

using hs::Band;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- health_band ---

TEST(HealthBand, DefaultEdges) {
  EXPECT_EQ(hs::health_band(std::nextafter(40.0, 0.0)), Band::red);  // 39.999...
  EXPECT_EQ(hs::health_band(39.999999999999), Band::red);
  EXPECT_EQ(hs::health_band(40.0), Band::yellow);
  EXPECT_EQ(hs::health_band(std::nextafter(70.0, 0.0)), Band::yellow);  // 69.999...
  EXPECT_EQ(hs::health_band(70.0), Band::green);
  EXPECT_EQ(hs::health_band(0.0), Band::red);
  EXPECT_EQ(hs::health_band(-0.0), Band::red);
  EXPECT_EQ(hs::health_band(100.0), Band::green);
  EXPECT_EQ(hs::health_band(-1e308), Band::red);
  EXPECT_EQ(hs::health_band(1e308), Band::green);
  EXPECT_EQ(hs::health_band(55.0, hs::kDefaultRedBelow, hs::kDefaultGreenFrom), Band::yellow);
}

TEST(HealthBand, CustomEdges) {
  EXPECT_EQ(hs::health_band(std::nextafter(25.5, 0.0), 25.5, 80.25), Band::red);
  EXPECT_EQ(hs::health_band(25.5, 25.5, 80.25), Band::yellow);
  EXPECT_EQ(hs::health_band(std::nextafter(80.25, 0.0), 25.5, 80.25), Band::yellow);
  EXPECT_EQ(hs::health_band(80.25, 25.5, 80.25), Band::green);
  // red_below == green_from: no yellow at all.
  EXPECT_EQ(hs::health_band(std::nextafter(50.0, 0.0), 50.0, 50.0), Band::red);
  EXPECT_EQ(hs::health_band(50.0, 50.0, 50.0), Band::green);
  EXPECT_NO_THROW(hs::check_band_limits(50.0, 50.0));
  EXPECT_NO_THROW(hs::check_band_limits(-1e308, 1e308));
  EXPECT_NO_THROW(hs::check_band_limits(-0.0, 0.0));
  EXPECT_NO_THROW(hs::check_band_limits(0.0, -0.0));  // equal values
}

TEST(HealthBand, LimitsAndScoresRejected) {
  hs::Error above = error_of([] { hs::check_band_limits(70.0, 40.0); });
  EXPECT_EQ(above.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(above.message_for("health_band"), "health_band: red_below 70 is above green_from 40");
  EXPECT_STREQ(above.detail(),
               "Scores below red_below are red, from green_from green: red_below must not exceed "
               "green_from.");
  hs::Error barely = error_of([] { hs::check_band_limits(std::nextafter(50.0, 51.0), 50.0); });
  EXPECT_EQ(barely.message_for("health_band"),
            "health_band: red_below 50.000000000000007 is above green_from 50");
  hs::Error nan = error_of([] { hs::check_band_limits(kNaN, 70.0); });
  EXPECT_EQ(nan.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(nan.message_for("health_band"), "health_band red_below NaN is not a finite number");
  hs::Error inf = error_of([] { hs::check_band_limits(40.0, kInf); });
  EXPECT_EQ(inf.message_for("health_band"),
            "health_band green_from Infinity is not a finite number");
  EXPECT_THROW(hs::check_band_limits(-kInf, 70.0), hs::Error);
  for (double bad : {kNaN, kInf, -kInf}) {
    try {
      hs::health_band(bad);
      ADD_FAILURE() << bad;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("health_band"), std::string("health_band score ") +
                                                  (std::isnan(bad) ? "NaN"
                                                   : bad > 0       ? "Infinity"
                                                                   : "-Infinity") +
                                                  " is not a finite number");
    }
    EXPECT_THROW(hs::health_band(bad, 10.0, 20.0), hs::Error);
  }
}

// --- band(score, thresholds, labels) ---

TEST(Band, ThresholdChecks) {
  const double ok[] = {-5.0, 0.0, 40.0, 70.0, 1e308};
  EXPECT_NO_THROW(hs::check_band_thresholds(ok, 5, 6));
  EXPECT_NO_THROW(hs::check_band_thresholds(ok, 0, 1));
  const double adjacent[] = {1.0, std::nextafter(1.0, 2.0)};
  EXPECT_NO_THROW(hs::check_band_thresholds(adjacent, 2, 3));

  hs::Error e = error_of([] {
    const double t[] = {10.0, 40.0, 40.0};
    hs::check_band_thresholds(t, 3, 4);
  });
  EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(e.message_for("band"), "band: thresholds are not strictly ascending at 40");
  EXPECT_STREQ(e.detail(), "Threshold 3 (40) must be above threshold 2 (40).");
  hs::Error down = error_of([] {
    const double t[] = {70.0, 40.5};
    hs::check_band_thresholds(t, 2, 3);
  });
  EXPECT_EQ(down.message_for("band"), "band: thresholds are not strictly ascending at 40.5");
  EXPECT_STREQ(down.detail(), "Threshold 2 (40.5) must be above threshold 1 (70).");
  // -0 and 0 are equal: not strictly ascending.
  EXPECT_THROW(([] {
                 const double t[] = {-0.0, 0.0};
                 hs::check_band_thresholds(t, 2, 3);
               }()),
               hs::Error);
  for (double bad : {kNaN, kInf, -kInf}) {
    double t[] = {10.0, bad, 90.0};
    try {
      hs::check_band_thresholds(t, 3, 4);
      ADD_FAILURE() << bad;
    } catch (const hs::Error& x) {
      EXPECT_EQ(x.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(x.message_for("band"), std::string("band threshold ") +
                                           (std::isnan(bad) ? "NaN"
                                            : bad > 0       ? "Infinity"
                                                            : "-Infinity") +
                                           " is not a finite number");
    }
    double first[] = {bad};
    EXPECT_THROW(hs::check_band_thresholds(first, 1, 2), hs::Error);
  }
  // Label counts: one more than thresholds.
  for (std::int64_t labels : {0, 1, 2, 4, 5, 7}) {
    try {
      hs::check_band_thresholds(ok, 5, labels);
      if (labels != 6) ADD_FAILURE() << labels;
    } catch (const hs::Error& x) {
      EXPECT_EQ(x.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(x.message_for("band"),
                "band: " + std::to_string(labels) + " labels for 5 thresholds");
      EXPECT_STREQ(x.detail(),
                   "N thresholds cut the scale into N + 1 bands: pass one label more than "
                   "thresholds.");
    }
  }
  hs::Error none = error_of([] { hs::check_band_labels(0, 0); });
  EXPECT_EQ(none.message_for("band"), "band: 0 labels for 0 thresholds");
  EXPECT_NO_THROW(hs::check_band_labels(3, 4));
}

TEST(Band, IndexByHand) {
  const double t[] = {40.0, 70.0};
  EXPECT_EQ(hs::band_index(std::nextafter(40.0, 0.0), t, 2), 0);
  EXPECT_EQ(hs::band_index(40.0, t, 2), 1);
  EXPECT_EQ(hs::band_index(std::nextafter(70.0, 0.0), t, 2), 1);
  EXPECT_EQ(hs::band_index(70.0, t, 2), 2);
  EXPECT_EQ(hs::band_index(1e308, t, 2), 2);
  EXPECT_EQ(hs::band_index(-1e308, t, 2), 0);
  EXPECT_EQ(hs::band_index(5.0, t, 0), 0);  // no thresholds: one band
  EXPECT_THROW(hs::band_index(kNaN, t, 2), hs::Error);
  EXPECT_THROW(hs::band_index(kInf, t, 2), hs::Error);
  EXPECT_THROW(hs::band_index(-kInf, t, 2), hs::Error);
}

TEST(Band, IndexAgainstALinearCount) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int> count(0, 20);
  std::uniform_real_distribution<double> value(-50.0, 150.0);
  std::uniform_int_distribution<int> grid(-5, 15);
  for (int trial = 0; trial < 3000; ++trial) {
    int n = count(rng);
    bool coarse = trial % 2 == 0;  // on a grid, so scores often equal thresholds
    std::vector<double> t;
    for (int i = 0; i < n; ++i) t.push_back(coarse ? 10.0 * grid(rng) : value(rng));
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    n = static_cast<int>(t.size());
    ASSERT_NO_THROW(hs::check_band_thresholds(t.data(), n, n + 1));
    std::vector<double> scores;
    for (int k = 0; k < 10; ++k) scores.push_back(coarse ? 10.0 * grid(rng) : value(rng));
    for (double x : t) {
      scores.push_back(x);
      scores.push_back(std::nextafter(x, -kInf));
      scores.push_back(std::nextafter(x, kInf));
    }
    for (double x : scores) {
      std::int64_t at_or_below = 0;  // the number of thresholds at or below the score
      for (double th : t)
        if (th <= x) ++at_or_below;
      EXPECT_EQ(hs::band_index(x, t.data(), n), at_or_below) << x << " trial " << trial;
    }
  }
}

// --- band_hysteresis ---

hs::BandState adopted(double red_below, double green_from, double margin) {
  hs::BandState s;
  hs::band_adopt(s, red_below, green_from, margin);
  return s;
}

std::vector<Band> run(hs::BandState s, const std::vector<double>& series) {
  std::vector<Band> out;
  for (double x : series) {
    hs::band_step(s, x);
    out.push_back(static_cast<Band>(s.band));
  }
  return out;
}

constexpr Band R = Band::red, Y = Band::yellow, G = Band::green;

TEST(Hysteresis, AdoptSetsTheParameters) {
  hs::BandState s;
  EXPECT_EQ(s.set, 0);
  EXPECT_EQ(s.band, 0);
  hs::band_adopt(s, 40.0, 70.0, 5.0);
  EXPECT_EQ(s.set, 1);
  EXPECT_EQ(s.band, 0);  // none until a score arrives
  EXPECT_EQ(s.red_below, 40.0);
  EXPECT_EQ(s.green_from, 70.0);
  EXPECT_EQ(s.margin, 5.0);
  // Zero parameters are parameters too: set distinguishes them from unset.
  hs::BandState zeros = adopted(0.0, 0.0, 0.0);
  EXPECT_EQ(zeros.set, 1);
  EXPECT_NO_THROW(hs::band_adopt(zeros, 0.0, 0.0, 0.0));
  EXPECT_THROW(hs::band_adopt(zeros, 0.0, 0.0, 1.0), hs::Error);
}

TEST(Hysteresis, OscillatingAroundFortyNeverFlaps) {
  // 40 +/- 2 with margin 5: from yellow it stays yellow, from red it stays red.
  std::vector<double> series = {42, 38, 42, 38, 41, 39, 42, 38, 40, 38};
  std::vector<Band> from_yellow = run(adopted(40, 70, 5), series);
  for (std::size_t i = 0; i < series.size(); ++i) EXPECT_EQ(from_yellow[i], Y) << i;
  std::vector<double> series_red = {38, 42, 38, 42, 40, 41, 39, 42};
  std::vector<Band> from_red = run(adopted(40, 70, 5), series_red);
  for (std::size_t i = 0; i < series_red.size(); ++i) EXPECT_EQ(from_red[i], R) << i;
}

TEST(Hysteresis, ADropToThirtyGoesRedAndNeedsFortyFiveToLeave) {
  std::vector<double> series = {55, 36, 35, 30, 38, 44, 44.999999, 45, 41, 36, 35, 34.99, 44, 45};
  std::vector<Band> want = {Y, Y, Y, R, R, R, R, Y, Y, Y, Y, R, R, Y};
  EXPECT_EQ(run(adopted(40, 70, 5), series), want);
  // Exactly at red_below - margin stays; just below goes red.
  EXPECT_EQ(run(adopted(40, 70, 5), {50, 35}), (std::vector<Band>{Y, Y}));
  EXPECT_EQ(run(adopted(40, 70, 5), {50, std::nextafter(35.0, 0.0)}), (std::vector<Band>{Y, R}));
  EXPECT_EQ(run(adopted(40, 70, 5), {30, std::nextafter(45.0, 0.0), 45.0}),
            (std::vector<Band>{R, R, Y}));
}

TEST(Hysteresis, AroundSeventy) {
  // Green needs 75 to enter and leaves below 65.
  std::vector<double> series = {60, 72, 74.99, 75, 70, 66, 65, 64.99, 70, 74, 75};
  std::vector<Band> want = {Y, Y, Y, G, G, G, G, Y, Y, Y, G};
  EXPECT_EQ(run(adopted(40, 70, 5), series), want);
  // The first row gets its plain band: 71 starts green, 69 starts yellow.
  EXPECT_EQ(run(adopted(40, 70, 5), {71, 66, 68, 72}), (std::vector<Band>{G, G, G, G}));
  EXPECT_EQ(run(adopted(40, 70, 5), {69, 72, 74}), (std::vector<Band>{Y, Y, Y}));
  EXPECT_EQ(run(adopted(40, 70, 5), {39, 35, 44}), (std::vector<Band>{R, R, R}));
}

TEST(Hysteresis, JumpsAcrossBothBoundaries) {
  // Red straight to green at green_from + margin; below it only to yellow.
  EXPECT_EQ(run(adopted(40, 70, 5), {10, 75}), (std::vector<Band>{R, G}));
  EXPECT_EQ(run(adopted(40, 70, 5), {10, 74}), (std::vector<Band>{R, Y}));
  // Green straight to red below red_below - margin; at it only to yellow.
  EXPECT_EQ(run(adopted(40, 70, 5), {90, 34}), (std::vector<Band>{G, R}));
  EXPECT_EQ(run(adopted(40, 70, 5), {90, 35}), (std::vector<Band>{G, Y}));
}

TEST(Hysteresis, MarginZeroIsThePlainBand) {
  std::mt19937_64 rng(314);
  std::uniform_real_distribution<double> limit(0.0, 100.0);
  std::uniform_int_distribution<int> grid(0, 20);
  for (int trial = 0; trial < 500; ++trial) {
    double a = trial % 3 == 0 ? 5.0 * grid(rng) : limit(rng);
    double b = trial % 3 == 0 ? 5.0 * grid(rng) : limit(rng);
    if (a > b) std::swap(a, b);
    hs::BandState s = adopted(a, b, 0.0);
    for (int i = 0; i < 100; ++i) {
      int pick = grid(rng);
      double x = pick < 3         ? a
                 : pick < 6       ? b
                 : pick < 8       ? std::nextafter(a, -1.0)
                 : pick < 10      ? std::nextafter(b, -1.0)
                 : trial % 3 == 0 ? 5.0 * grid(rng)
                                  : limit(rng);
      hs::band_step(s, x);
      EXPECT_EQ(static_cast<Band>(s.band), hs::health_band(x, a, b))
          << "trial " << trial << " row " << i << " score " << x;
    }
  }
}

// The README's rules, written out: the first row its plain band; then leave
// yellow for red below r - m, for green at g + m; leave red at r + m (to
// green if also at g + m); leave green below g - m (to red if also below r - m).
Band spec_step(Band current, double x, double r, double g, double m) {
  if (current == Band::none) return x < r ? R : x >= g ? G : Y;
  if (current == Y) {
    if (x < r - m) return R;
    if (x >= g + m) return G;
    return Y;
  }
  if (current == R) {
    if (!(x >= r + m)) return R;
    return x >= g + m ? G : Y;
  }
  if (!(x < g - m)) return G;
  return x < r - m ? R : Y;
}

TEST(Hysteresis, AgainstTheSpecRulesOnRandomSeries) {
  std::mt19937_64 rng(2718);
  std::uniform_int_distribution<int> grid(0, 40);
  std::uniform_real_distribution<double> step(-6.0, 6.0);
  for (int trial = 0; trial < 500; ++trial) {
    double r = 2.5 * grid(rng), g = 2.5 * grid(rng);
    if (r > g) std::swap(r, g);
    double m = 0.5 * (grid(rng) % 12);
    hs::BandState s = adopted(r, g, m);
    Band want = Band::none;
    double x = 2.5 * grid(rng);
    for (int i = 0; i < 200; ++i) {
      // A random walk, snapped to the grid half the time so it hits r +- m, g +- m.
      x += step(rng);
      if (i % 2 == 0) x = 0.5 * std::round(2.0 * x);
      want = spec_step(want, x, r, g, m);
      hs::band_step(s, x);
      ASSERT_EQ(static_cast<Band>(s.band), want) << "trial " << trial << " row " << i << " score "
                                                 << x << " r " << r << " g " << g << " m " << m;
    }
  }
}

TEST(Hysteresis, ParametersMustNotChangeWithinAGroup) {
  hs::BandState s = adopted(40, 70, 5);
  hs::band_step(s, 55);
  hs::BandState before = s;
  EXPECT_NO_THROW(hs::band_adopt(s, 40, 70, 5));
  EXPECT_TRUE(same(s, before));
  struct Case {
    double r, g, m;
    const char* message;
  } cases[] = {
      {41, 70, 5, "band_hysteresis red_below changes within a group"},
      {40, 71, 5, "band_hysteresis green_from changes within a group"},
      {40, 70, 6, "band_hysteresis margin changes within a group"},
      {40, 70, 0, "band_hysteresis margin changes within a group"},
      {30, 80, 5, "band_hysteresis red_below changes within a group"},
  };
  for (const Case& c : cases) {
    try {
      hs::band_adopt(s, c.r, c.g, c.m);
      ADD_FAILURE() << c.message;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
      EXPECT_EQ(e.message_for("band_hysteresis"), c.message);
    }
    EXPECT_TRUE(same(s, before));
  }
  // -0.0 equals 0.0: not a change.
  hs::BandState z = adopted(0.0, 10.0, 0.0);
  EXPECT_NO_THROW(hs::band_adopt(z, -0.0, 10.0, -0.0));
}

TEST(Hysteresis, BadParametersRejected) {
  hs::Error negative = error_of([] { adopted(40, 70, -1); });
  EXPECT_EQ(negative.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(negative.message_for("band_hysteresis"), "band_hysteresis margin -1 is out of range");
  EXPECT_STREQ(negative.detail(),
               "The margin is how far past a boundary a score must go to change band: at least 0.");
  hs::Error nan = error_of([] { adopted(40, 70, kNaN); });
  EXPECT_EQ(nan.message_for("band_hysteresis"),
            "band_hysteresis margin NaN is not a finite number");
  hs::Error inf = error_of([] { adopted(40, 70, kInf); });
  EXPECT_EQ(inf.kind(), hs::ErrorKind::invalid_parameter);
  hs::Error order = error_of([] { adopted(70, 40, 5); });
  EXPECT_EQ(order.message_for("band_hysteresis"),
            "band_hysteresis: red_below 70 is above green_from 40");
  EXPECT_THROW(adopted(kNaN, 70, 5), hs::Error);
  EXPECT_THROW(adopted(40, -kInf, 5), hs::Error);
  // Nothing is adopted from a rejected row.
  hs::BandState s;
  EXPECT_THROW(hs::band_adopt(s, 40, 70, -1), hs::Error);
  EXPECT_TRUE(same(s, hs::BandState()));
  EXPECT_NO_THROW(adopted(40, 70, -0.0));
  // A score that is not finite is rejected and changes nothing.
  hs::BandState t = adopted(40, 70, 5);
  hs::band_step(t, 50);
  hs::BandState before = t;
  EXPECT_THROW(hs::band_step(t, kNaN), hs::Error);
  EXPECT_THROW(hs::band_step(t, kInf), hs::Error);
  EXPECT_TRUE(same(t, before));
}

TEST(HysteresisText, ReadableFormAndValidation) {
  EXPECT_STREQ(hs::format_state(hs::BandState()).c_str(),
               "v1:band=0,set=0,red_below=0,green_from=0,margin=0");
  hs::BandState s = adopted(40, 70, 2.5);
  hs::band_step(s, 80);
  EXPECT_STREQ(hs::format_state(s).c_str(),
               "v1:band=3,set=1,red_below=40,green_from=70,margin=2.5");
  EXPECT_TRUE(same(hs::parse_state<hs::BandState>(hs::format_state(s).c_str()), s));
  const char* good[] = {
      "v1:band=0,set=0,red_below=0,green_from=0,margin=0",
      "v1:band=0,set=1,red_below=40,green_from=70,margin=5",  // adopted, no score yet
      "v1:band=1,set=1,red_below=40,green_from=70,margin=0",
      "v1:band=2,set=1,red_below=-10,green_from=-10,margin=1e+300",
      "v1:band=3,set=1,red_below=0,green_from=0,margin=0",
  };
  for (const char* text : good) {
    hs::BandState g = hs::parse_state<hs::BandState>(text);
    EXPECT_STREQ(hs::format_state(g).c_str(), text);
  }
  const char* bad[] = {
      "v1:band=4,set=1,red_below=40,green_from=70,margin=5",  // band out of 0..3
      "v1:band=-1,set=1,red_below=40,green_from=70,margin=5",
      "v1:band=4294967297,set=1,red_below=40,green_from=70,margin=5",  // past int32
      "v1:band=1,set=2,red_below=40,green_from=70,margin=5",           // set not 0/1
      "v1:band=1,set=-1,red_below=40,green_from=70,margin=5",
      "v1:band=1,set=0,red_below=0,green_from=0,margin=0",   // unset with a band
      "v1:band=0,set=0,red_below=40,green_from=0,margin=0",  // unset with limits
      "v1:band=0,set=0,red_below=0,green_from=70,margin=0",
      "v1:band=0,set=0,red_below=0,green_from=0,margin=5",     // unset with a margin
      "v1:band=0,set=1,red_below=40,green_from=70,margin=-5",  // negative margin
      "v1:band=0,set=1,red_below=40,green_from=70,margin=-1e-300",
      "v1:band=0,set=1,red_below=70,green_from=40,margin=5",   // limits out of order
      "v1:band=0,set=1,red_below=nan,green_from=70,margin=5",  // non-finite
      "v1:band=0,set=1,red_below=40,green_from=inf,margin=5",
      "v1:band=0,set=1,red_below=40,green_from=70,margin=1e999",
      "v1:band=0,set=1,red_below=40,green_from=70",             // missing field
      "v1:band=0,set=1,red_below=40,green_from=70,margin=5,x",  // trailing
      "v2:band=0,set=0,red_below=0,green_from=0,margin=0",      // version
  };
  for (const char* text : bad)
    EXPECT_EQ(rejection<hs::BandState>(text), hs::ErrorKind::invalid_text) << text;
  try {
    hs::parse_state<hs::BandState>("v1:band=4,set=1,red_below=40,green_from=70,margin=5");
    ADD_FAILURE();
  } catch (const hs::Error& e) {
    EXPECT_STREQ(e.what(),
                 "invalid input syntax for type band_state: "
                 "\"v1:band=4,set=1,red_below=40,green_from=70,margin=5\"");
    EXPECT_STREQ(e.detail(), "The field band must be 0 (none) to 3 (green).");
  }
}

}  // namespace
