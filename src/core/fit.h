// Fits: the statistics of a set of values (count, min, max; or count, mean,
// M2) that the fit aggregates store and combine, and the scores onto 0..100
// computed from them (README, Normalizing raw metrics). The window functions
// (core/window_scores.h) compute the same fits over each partition.
//
// One rule everywhere: fewer than two distinct values carry no information,
// and every score computed from them is absent (NULL in SQL).
#pragma once
#include "core/pure.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/moments.h"
#include "core/state_text.h"

namespace hs {

// 100 - score when lower is better.
inline double orient(double score, bool higher_is_better) {
  return higher_is_better ? score : 100.0 - score;
}

// Fits are values users store in tables, so their stored form starts with a
// format word: a later release that changes the layout can tell old values
// from new ones. Every function reading a stored fit checks it.
constexpr std::uint32_t kFitFormat = 1;

// Count, min and max of the values: SQL type minmax_fit.
struct MinMaxFit {
  std::uint32_t format = kFitFormat;
  std::uint32_t reserved = 0;
  std::int64_t n = 0;
  double min = 0.0;
  double max = 0.0;
};
static_assert(sizeof(MinMaxFit) == 32 && std::is_trivially_copyable_v<MinMaxFit>,
              "minmax_fit is a 32-byte SQL type");

inline void minmax_add(MinMaxFit& fit, double x) {
  if (fit.n == INT64_MAX) throw_count_overflow("values");
  if (fit.n == 0) {
    fit.min = fit.max = x;
  } else if (x < fit.min) {
    fit.min = x;
  } else if (x > fit.max) {
    fit.max = x;
  }
  ++fit.n;
}

void minmax_merge(MinMaxFit& into, const MinMaxFit& other);

// 100 * (x - min) / (max - min), clamped to 0..100, mirrored when lower is
// better; absent when the fit has fewer than two distinct values. Inline (as
// range_score below): it runs on every row of every apply.
inline std::optional<double> minmax_apply(const MinMaxFit& fit, double x, bool higher_is_better);

template <>
struct StateTraits<MinMaxFit> {
  static constexpr const char* name = "minmax_fit";
  static constexpr int version = 1;
  template <typename F>
  static void fields(MinMaxFit& s, F&& f) {
    f("n", s.n);
    f("min", s.min);
    f("max", s.max);
  }
  static const char* problem(const MinMaxFit& s);
};

// Count, mean and sum of squared deviations (Welford; Chan's merge): SQL type zscore_fit.
struct ZscoreFit {
  std::uint32_t format = kFitFormat;
  std::uint32_t reserved = 0;
  std::int64_t n = 0;
  double mean = 0.0;
  double m2 = 0.0;
};
static_assert(sizeof(ZscoreFit) == 32 && std::is_trivially_copyable_v<ZscoreFit>,
              "zscore_fit is a 32-byte SQL type");

// Welford's update; values too far apart to square their deviations throw (22003).
inline void zscore_add(ZscoreFit& fit, double x) {
  welford_add(fit, x);
  if (!std::isfinite(fit.m2) || !std::isfinite(fit.mean)) throw_moments_overflow();
}

// Chan's merge of two fits.
inline void zscore_merge(ZscoreFit& into, const ZscoreFit& other) { chan_merge(into, other); }

// The fit of the values by two passes of exact sums (the mean, then the
// squared deviations from it): the same result, to the bit, whatever order
// the values come in. NaN marks a missing value and is skipped; the others
// are finite.
ZscoreFit zscore_fit_exact(const double* values, std::size_t n);

// A fit prepared for scoring many values: its mean and its sample standard
// deviation, which is positive.
struct ZscoreScale {
  double mean, sd;
};

// Absent with fewer than two distinct values.
std::optional<ZscoreScale> zscore_scale(const ZscoreFit& fit);

inline double zscore_of(const ZscoreScale& scale, double x) { return (x - scale.mean) / scale.sd; }

// 100 * Phi((x - mean) / sd), mirrored when lower is better.
double normal_score_of(const ZscoreScale& scale, double x, bool higher_is_better);

// (x - mean) / sd; a result beyond the float8 range is an error (22003).
double zscore_of_checked(const ZscoreScale& scale, double x);

// (x - mean) / stddev_samp.
std::optional<double> zscore_apply(const ZscoreFit& fit, double x);

// 100 * Phi(z), mirrored when lower is better.
std::optional<double> normal_apply(const ZscoreFit& fit, double x, bool higher_is_better);

template <>
struct StateTraits<ZscoreFit> {
  static constexpr const char* name = "zscore_fit";
  static constexpr int version = 1;
  template <typename F>
  static void fields(ZscoreFit& s, F&& f) {
    f("n", s.n);
    f("mean", s.mean);
    f("m2", s.m2);
  }
  static const char* problem(const ZscoreFit& s);
};

// The range [lo, hi] of a min-max score (a fit's min and max, or a
// winsorized range: core/window_scores.h).
struct ClippedRange {
  double lo, hi;
};

// (x - lo) / (hi - lo) for finite x and lo != hi, computed so that neither
// difference overflows (halved only when one would). Not clamped.
inline double linear_fraction(double x, double lo, double hi) {
  double num = x - lo;
  double den = hi - lo;
  if (std::isfinite(num) && std::isfinite(den)) return num / den;
  // A difference beyond the double range: halves cannot overflow, and at
  // these magnitudes halving is exact.
  return (0.5 * x - 0.5 * lo) / (0.5 * hi - 0.5 * lo);
}

// 100 * (clamp(x, lo, hi) - lo) / (hi - lo), mirrored; absent when hi == lo.
// Right for every finite lo < hi, also when hi - lo overflows a double.
inline std::optional<double> range_score(const ClippedRange& range, double x,
                                         bool higher_is_better) {
  if (!(range.hi > range.lo)) return std::nullopt;
  double clamped = std::min(std::max(x, range.lo), range.hi);
  double score = 100.0 * linear_fraction(clamped, range.lo, range.hi);
  return orient(std::min(100.0, std::max(0.0, score)), higher_is_better);
}

inline std::optional<double> minmax_apply(const MinMaxFit& fit, double x, bool higher_is_better) {
  if (fit.n < 2 || !(fit.max > fit.min)) return std::nullopt;
  return range_score(ClippedRange{fit.min, fit.max}, x, higher_is_better);
}

}  // namespace hs
