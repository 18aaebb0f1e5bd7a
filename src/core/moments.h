// Count, mean and M2 (the sum of squared deviations from the mean) of a set
// of values: Welford's update for one value, Chan's merge for two sets. Shared
// by mean_state (rollup of mean summaries) and zscore_fit, which both hold
// members n, mean and m2.
#pragma once
#include "core/pure.h"

#include <cmath>
#include <cstdint>

#include "core/error.h"

namespace hs {

// Values so far apart that their squared deviations overflow a double (22003).
[[noreturn]] void throw_moments_overflow();

template <typename Moments>
inline void welford_add(Moments& s, double x) {
  if (s.n == INT64_MAX) throw_count_overflow("values");
  ++s.n;
  double delta = x - s.mean;
  s.mean += delta / static_cast<double>(s.n);
  s.m2 += delta * (x - s.mean);
}

// Adds the values summarized by `other` to `into`; either side may be empty.
// Throws, leaving `into` as it was, when the result does not fit.
template <typename Moments>
inline void chan_merge(Moments& into, const Moments& other) {
  if (other.n == 0) return;
  if (into.n == 0) {
    into.n = other.n;
    into.mean = other.mean;
    into.m2 = other.m2;
    return;
  }
  std::int64_t count = add_counts(into.n, other.n, "values");
  double na = static_cast<double>(into.n);
  double nb = static_cast<double>(other.n);
  double n = na + nb;
  double delta = other.mean - into.mean;
  double mean = into.mean + delta * (nb / n);
  // delta^2 * na * nb / n, multiplied in an order that overflows only when the result does.
  double m2 = into.m2 + other.m2 + (delta * (na / n * nb)) * delta;
  if (!std::isfinite(m2) || !std::isfinite(mean)) throw_moments_overflow();
  into.n = count;
  into.mean = mean;
  into.m2 = m2;
}

// Why n, mean and m2 read from text or binary could not come from Welford's
// update and Chan's merge, or nullptr.
template <typename Moments>
inline const char* moments_problem(const Moments& s) {
  if (s.n < 0) return "the field n must not be negative";
  if (!std::isfinite(s.mean) || !std::isfinite(s.m2))
    return "the fields mean and m2 must be finite";
  if (s.m2 < 0.0) return "the field m2 must not be negative";
  if (s.n == 0 && (s.mean != 0.0 || s.m2 != 0.0)) return "an empty state has mean=0 and m2=0";
  if (s.n == 1 && s.m2 != 0.0) return "a state of one value has m2=0";
  return nullptr;
}

}  // namespace hs
