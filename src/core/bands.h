// Bands (README, Bands): red / yellow / green from a 0-100 score, N-band
// classification by thresholds, and hysteresis that keeps a band until the
// score crosses a boundary by a margin, so dashboards do not flap.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/state_text.h"

namespace hs {

// The values of the SQL enum health_band, in its order.
enum class Band : std::int32_t { none = 0, red = 1, yellow = 2, green = 3 };

constexpr double kDefaultRedBelow = 40.0;
constexpr double kDefaultGreenFrom = 70.0;

// Checks red_below <= green_from, both finite (22023).
void check_band_limits(double red_below, double green_from);

// red below red_below, green from green_from, yellow between; the score must be finite.
Band health_band(double score, double red_below = kDefaultRedBelow,
                 double green_from = kDefaultGreenFrom);

// Checks that there is one label more than thresholds (22023).
void check_band_labels(std::int64_t n_thresholds, std::int64_t n_labels);

// Checks thresholds strictly ascending and finite, and labels one more than
// thresholds (22023).
void check_band_thresholds(const double* thresholds, std::int64_t n_thresholds,
                           std::int64_t n_labels);

// The 0-based label index of a score: the number of thresholds at or below
// it (score < t1 -> 0, t_k <= score < t_k+1 -> k, score >= t_last -> n).
std::int64_t band_index(double score, const double* thresholds, std::int64_t n_thresholds);

// The state of band_hysteresis(score, red_below, green_from, margin): SQL
// type band_state. The parameters are set by the first row (set = 1) and
// must not change within the group; the band is none until a score arrives.
struct BandState {
  std::int32_t band = 0;
  std::int32_t set = 0;
  double red_below = 0.0;
  double green_from = 0.0;
  double margin = 0.0;
};
static_assert(sizeof(BandState) == 32 && std::is_trivially_copyable_v<BandState>,
              "band_state is a 32-byte SQL type");

// Sets or checks the parameters of the group (22023).
void band_adopt(BandState& s, double red_below, double green_from, double margin);

// Checks a hysteresis margin: finite and at least 0 (22023).
void check_band_margin(double margin);

// The band after one more score: from none, the plain band; else the band
// moves only across a boundary by at least margin (to red below red_below -
// margin, out of red from red_below + margin, to green from green_from +
// margin, out of green below green_from - margin). The limits are the
// caller's to check (check_band_limits, check_band_margin).
Band band_next(Band current, double score, double red_below, double green_from, double margin);

// One score in order, with the group's parameters: band_next on the state.
void band_step(BandState& s, double score);

template <>
struct StateTraits<BandState> {
  static constexpr const char* name = "band_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(BandState& s, F&& f) {
    f("band", s.band);
    f("set", s.set);
    f("red_below", s.red_below);
    f("green_from", s.green_from);
    f("margin", s.margin);
  }
  static const char* problem(const BandState& s);
};

}  // namespace hs
