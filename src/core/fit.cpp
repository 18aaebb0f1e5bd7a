#include "core/fit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/distributions.h"
#include "core/error.h"
#include "core/exact_sum.h"
#include "core/interrupts.h"

namespace hs {

void minmax_merge(MinMaxFit& into, const MinMaxFit& other) {
  if (other.n == 0) return;
  if (into.n == 0) {
    into = other;
    return;
  }
  std::int64_t n = add_counts(into.n, other.n, "values");
  into.min = std::min(into.min, other.min);
  into.max = std::max(into.max, other.max);
  into.n = n;
}

const char* StateTraits<MinMaxFit>::problem(const MinMaxFit& s) {
  if (s.n < 0) return "the field n must not be negative";
  if (!std::isfinite(s.min) || !std::isfinite(s.max))
    return "the fields min and max must be finite";
  if (s.n == 0 && (s.min != 0.0 || s.max != 0.0)) return "an empty fit has min=0 and max=0";
  if (s.min > s.max) return "the field min must not exceed max";
  if (s.n == 1 && s.min != s.max) return "a fit of one value has min = max";
  return nullptr;
}

ZscoreFit zscore_fit_exact(const double* values, std::size_t n) {
  ZscoreFit fit;
  ExactSum sum;
  std::size_t present = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kInterruptStride == 0) check_interrupts();
    if (std::isnan(values[i])) continue;
    sum.add(values[i]);
    ++present;
  }
  if (present == 0) return fit;
  fit.n = static_cast<std::int64_t>(present);
  double count = static_cast<double>(present);
  double total = sum.value();
  double mean;
  if (std::isfinite(total)) {
    mean = total / count;
  } else {
    // The sum is beyond the double range, the mean is not: scale by 2^-k, n <= 2^k.
    int k = std::ilogb(count) + 1;
    mean = std::ldexp(sum.value(-k) / count, k);
  }
  // That mean is rounded twice (the sum, then the quotient). Correct it by the
  // exact residual sum - n * mean, divided by n: n copies of one value then
  // have that value as their mean, to the bit, and no deviation.
  ExactSum residual = sum;
  double product = count * mean;
  if (std::isfinite(product)) {
    residual.add(-product);
    residual.add(-std::fma(count, mean, -product));  // the rounding error of the product
  } else {
    for (std::size_t i = 0; i < present; ++i) {
      if (i % kInterruptStride == 0) check_interrupts();
      residual.add(-mean);
    }
  }
  fit.mean = mean + residual.value() / count;
  ExactSum squares;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kInterruptStride == 0) check_interrupts();
    if (std::isnan(values[i])) continue;
    double d = values[i] - fit.mean;
    double square = d * d;
    if (!std::isfinite(square)) throw_moments_overflow();
    squares.add(square);
  }
  fit.m2 = squares.value();
  if (!std::isfinite(fit.m2)) throw_moments_overflow();
  return fit;
}

std::optional<ZscoreScale> zscore_scale(const ZscoreFit& fit) {
  if (fit.n < 2) return std::nullopt;
  double sd = std::sqrt(fit.m2 / static_cast<double>(fit.n - 1));
  if (!(sd > 0.0)) return std::nullopt;  // no deviation, or one too small for a double
  return ZscoreScale{fit.mean, sd};
}

double normal_score_of(const ZscoreScale& scale, double x, bool higher_is_better) {
  return orient(100.0 * normal_cdf(zscore_of(scale, x)), higher_is_better);
}

double zscore_of_checked(const ZscoreScale& scale, double x) {
  double z = zscore_of(scale, x);
  // x - mean beyond the double range, the quotient maybe not: halves cannot
  // overflow, and at these magnitudes halving is exact.
  if (!std::isfinite(z)) z = 2.0 * ((0.5 * x - 0.5 * scale.mean) / scale.sd);
  if (!std::isfinite(z)) {
    throw Error::after_function(
        ErrorKind::out_of_range, ": value out of range: overflow",
        "The z-score of " + format_number(x) + " is beyond the float8 range.");
  }
  return z;
}

std::optional<double> zscore_apply(const ZscoreFit& fit, double x) {
  std::optional<ZscoreScale> scale = zscore_scale(fit);
  if (!scale) return std::nullopt;
  return zscore_of_checked(*scale, x);
}

std::optional<double> normal_apply(const ZscoreFit& fit, double x, bool higher_is_better) {
  std::optional<ZscoreScale> scale = zscore_scale(fit);
  if (!scale) return std::nullopt;
  return normal_score_of(*scale, x, higher_is_better);
}

const char* StateTraits<ZscoreFit>::problem(const ZscoreFit& s) { return moments_problem(s); }

}  // namespace hs
