// Count, mean and M2 (the sum of squared deviations from the mean) of a set
// of values: Welford's update for one value, Chan's merge for two sets. Shared
// by mean_state (CES) and zscore_fit, which both hold members n, mean and m2.
#pragma once
#include "core/pure.h"

#include <cmath>
#include <cstdint>

namespace hs {

// Values so far apart that their squared deviations overflow a double (22003).
[[noreturn]] void throw_moments_overflow();

template <typename Moments>
inline void welford_add(Moments& s, double x) {
  ++s.n;
  double delta = x - s.mean;
  s.mean += delta / static_cast<double>(s.n);
  s.m2 += delta * (x - s.mean);
}

// Adds the values summarized by `other` to `into`; either side may be empty.
// Throws, leaving `into` as it was, when the result does not fit a double.
template <typename Moments>
inline void chan_merge(Moments& into, const Moments& other) {
  if (other.n == 0) return;
  if (into.n == 0) {
    into.n = other.n;
    into.mean = other.mean;
    into.m2 = other.m2;
    return;
  }
  std::int64_t count = 0;
  if (__builtin_add_overflow(into.n, other.n, &count)) throw_moments_overflow();
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

}  // namespace hs
