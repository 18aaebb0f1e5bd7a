#include "core/normalize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

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

void check_clip(double clip) {
  if (!(clip >= 0.0 && clip < 0.5)) {
    throw_out_of_range(ErrorKind::invalid_parameter, "clip", clip,
                       "The clip fraction must be at least 0 and below 0.5 (e.g. 0.05 "
                       "winsorizes at the 5th and 95th percentiles).");
  }
}

double percentile_cont(const double* sorted, std::size_t n, double q) {
  double pos = q * static_cast<double>(n - 1);
  std::size_t lower = static_cast<std::size_t>(std::floor(pos));
  if (lower + 1 >= n) return sorted[n - 1];
  double frac = pos - static_cast<double>(lower);
  // a + frac * (b - a), computed on halves (exactly) so that b - a cannot overflow.
  double a = 0.5 * sorted[lower];
  double b = 0.5 * sorted[lower + 1];
  return 2.0 * (a + frac * (b - a));
}

ClippedRange clipped_range(const double* sorted, std::size_t n, double clip) {
  if (clip == 0.0) return ClippedRange{sorted[0], sorted[n - 1]};
  return ClippedRange{percentile_cont(sorted, n, clip), percentile_cont(sorted, n, 1.0 - clip)};
}

namespace {

// A key whose unsigned order is the numeric order of the finite double.
std::uint64_t sort_key(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & 0x8000000000000000ull) ? ~bits : bits | 0x8000000000000000ull;
}

double from_sort_key(std::uint64_t key) {
  std::uint64_t bits = (key & 0x8000000000000000ull) ? key & ~0x8000000000000000ull : ~key;
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// Least significant digit first, 8 bits a pass, on key(item); passes whose
// digit is the same for every item are skipped. Stable. The sorted items end
// in `items`; `scratch` holds n items.
template <typename Item, typename Key>
void radix_sort(Item* items, Item* scratch, std::size_t n, Key key) {
  if (n == 0) return;
  std::size_t counts[8][256] = {};
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kInterruptStride == 0) check_interrupts();
    std::uint64_t k = key(items[i]);
    for (int d = 0; d < 8; ++d) ++counts[d][(k >> (8 * d)) & 0xff];
  }
  Item* from = items;
  Item* to = scratch;
  for (int d = 0; d < 8; ++d) {
    std::size_t* count = counts[d];
    if (count[(key(from[0]) >> (8 * d)) & 0xff] == n) continue;
    std::size_t offset = 0;
    for (int b = 0; b < 256; ++b) {
      std::size_t c = count[b];
      count[b] = offset;
      offset += c;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (i % kInterruptStride == 0) check_interrupts();
      to[count[(key(from[i]) >> (8 * d)) & 0xff]++] = from[i];
    }
    std::swap(from, to);
  }
  if (from != items) std::memcpy(items, from, n * sizeof(Item));
}

// Below this many values a comparison sort is faster than eight radix passes.
constexpr std::size_t kRadixFrom = 4096;

}  // namespace

void sort_values(double* values, std::size_t n, std::uint64_t* scratch) {
  if (n < kRadixFrom) {
    std::sort(values, values + n);
    return;
  }
  // The keys replace the values in place (both 8 bytes), sorted, then back.
  static_assert(sizeof(double) == sizeof(std::uint64_t), "keys replace values in place");
  auto* keys = reinterpret_cast<std::uint64_t*>(values);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kInterruptStride == 0) check_interrupts();
    keys[i] = sort_key(values[i]);
  }
  radix_sort(keys, scratch, n, [](std::uint64_t k) { return k; });
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kInterruptStride == 0) check_interrupts();
    values[i] = from_sort_key(keys[i]);
  }
}

bool percentile_scores(double* values, std::size_t n, bool higher_is_better, RankedValue* order,
                       RankedValue* scratch) {
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kInterruptStride == 0) check_interrupts();
    if (std::isnan(values[i])) continue;
    // -0 and +0 are equal values: one key for both.
    order[m++] = RankedValue{sort_key(values[i] + 0.0), i};
  }
  if (m < kRadixFrom) {
    std::sort(order, order + m,
              [](const RankedValue& a, const RankedValue& b) { return a.key < b.key; });
  } else {
    radix_sort(order, scratch, m, [](const RankedValue& r) { return r.key; });
  }
  if (m < 2 || order[0].key == order[m - 1].key) return false;
  double intervals = static_cast<double>(m - 1);
  for (std::size_t first = 0; first < m;) {
    std::size_t last = first + 1;
    while (last < m && order[last].key == order[first].key) ++last;
    double below = static_cast<double>(first);
    double equal = static_cast<double>(last - first);
    double score = orient(100.0 * (below + (equal - 1.0) / 2.0) / intervals, higher_is_better);
    for (std::size_t k = first; k < last; ++k) values[order[k].position] = score;
    if (first / kInterruptStride != last / kInterruptStride) check_interrupts();
    first = last;
  }
  return true;
}

}  // namespace hs
