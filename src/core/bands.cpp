#include "core/bands.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/parameters.h"

namespace hs {

void check_band_limits(double red_below, double green_from) {
  require_finite("red_below", red_below);
  require_finite("green_from", green_from);
  if (red_below > green_from) {
    throw Error::after_function(
        ErrorKind::invalid_parameter,
        ": red_below " + format_number(red_below) + " is above green_from " +
            format_number(green_from),
        "Scores below red_below are red, from green_from green: red_below must not exceed "
        "green_from.");
  }
}

Band health_band(double score, double red_below, double green_from) {
  require_finite("score", score);
  if (score < red_below) return Band::red;
  if (score >= green_from) return Band::green;
  return Band::yellow;
}

void check_band_thresholds(const double* thresholds, std::int64_t n_thresholds,
                           std::int64_t n_labels) {
  check_band_labels(n_thresholds, n_labels);
  for (std::int64_t i = 0; i < n_thresholds; ++i) {
    require_finite("threshold", thresholds[i]);
    if (i > 0 && !(thresholds[i] > thresholds[i - 1])) {
      throw Error::after_function(
          ErrorKind::invalid_parameter,
          ": thresholds are not strictly ascending at " + format_number(thresholds[i]),
          "Threshold " + std::to_string(i + 1) + " (" + format_number(thresholds[i]) +
              ") must be above threshold " + std::to_string(i) + " (" +
              format_number(thresholds[i - 1]) + ").");
    }
  }
}

void check_band_labels(std::int64_t n_thresholds, std::int64_t n_labels) {
  if (n_labels != n_thresholds + 1) {
    throw Error::after_function(
        ErrorKind::invalid_parameter,
        ": " + std::to_string(n_labels) + " labels for " + std::to_string(n_thresholds) +
            " thresholds",
        "N thresholds cut the scale into N + 1 bands: pass one label more than thresholds.");
  }
}

std::int64_t band_index(double score, const double* thresholds, std::int64_t n_thresholds) {
  require_finite("score", score);
  std::int64_t lo = 0;
  std::int64_t hi = n_thresholds;
  while (lo < hi) {  // the first threshold above the score
    std::int64_t mid = lo + (hi - lo) / 2;
    if (thresholds[mid] <= score) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

void check_band_margin(double margin) {
  require_finite("margin", margin);
  if (margin < 0.0) {
    throw_out_of_range(ErrorKind::invalid_parameter, "margin", margin,
                       "The margin is how far past a boundary a score must go to change "
                       "band: at least 0.");
  }
}

void band_adopt(BandState& s, double red_below, double green_from, double margin) {
  if (s.set && red_below == s.red_below && green_from == s.green_from && margin == s.margin) return;
  check_band_limits(red_below, green_from);
  check_band_margin(margin);
  if (s.set) {
    if (red_below != s.red_below) throw_parameter_changed("red_below");
    if (green_from != s.green_from) throw_parameter_changed("green_from");
    throw_parameter_changed("margin");
  }
  s.set = 1;
  s.red_below = red_below;
  s.green_from = green_from;
  s.margin = margin;
}

Band band_next(Band current, double score, double red_below, double green_from, double margin) {
  Band plain = health_band(score, red_below, green_from);
  double m = margin;
  switch (current) {
    case Band::none:
      return plain;
    case Band::red:
      if (score >= green_from + m) return Band::green;
      if (score >= red_below + m) return Band::yellow;
      return Band::red;
    case Band::yellow:
      if (score >= green_from + m) return Band::green;
      if (score < red_below - m) return Band::red;
      return Band::yellow;
    case Band::green:
      if (score < red_below - m) return Band::red;
      if (score < green_from - m) return Band::yellow;
      return Band::green;
  }
  return plain;
}

void band_step(BandState& s, double score) {
  s.band = static_cast<std::int32_t>(
      band_next(static_cast<Band>(s.band), score, s.red_below, s.green_from, s.margin));
}

const char* StateTraits<BandState>::problem(const BandState& s) {
  if (s.band < 0 || s.band > 3) return "the field band must be 0 (none) to 3 (green)";
  if (s.set != 0 && s.set != 1) return "the field set must be 0 or 1";
  if (!std::isfinite(s.red_below) || !std::isfinite(s.green_from) || !std::isfinite(s.margin))
    return "the limits and the margin must be finite";
  if (s.set == 0 && (s.band != 0 || s.red_below != 0 || s.green_from != 0 || s.margin != 0))
    return "a state without parameters has band=0 and limits 0";
  if (s.red_below > s.green_from) return "the field red_below must not exceed green_from";
  if (s.margin < 0) return "the margin must not be negative";
  return nullptr;
}

}  // namespace hs
