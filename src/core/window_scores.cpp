#include "core/window_scores.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "core/interrupts.h"

namespace hs {

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
