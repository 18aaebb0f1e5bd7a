// Window scores: relative scores over the values of a window partition,
// sorted once (mid-rank percentiles, winsorized min-max ranges), with the
// fits of core/fit.h for the rest (README, Normalizing raw metrics).
#pragma once
#include "core/pure.h"

#include <cstddef>
#include <cstdint>

#include "core/fit.h"

namespace hs {

// Rejects a clip outside [0, 0.5) (22023).
void check_clip(double clip);

// The q-quantile of sorted values with linear interpolation between the
// closest ranks, as PostgreSQL's percentile_cont; n >= 1.
double percentile_cont(const double* sorted, std::size_t n, double q);

// The range that min-max scaling uses after winsorizing sorted values at the
// clip and 1 - clip quantiles (clip 0: the plain min and max).
ClippedRange clipped_range(const double* sorted, std::size_t n, double clip);

// A present value's sort key and its position: the working memory of
// percentile_scores, which the caller provides (two arrays of n entries), so
// that it comes from wherever the caller accounts for memory.
struct RankedValue {
  std::uint64_t key;
  std::uint64_t position;
};

// Replaces every value by its mid-rank percentile among the values, in place:
// 100 * (L + (E - 1) / 2) / (m - 1), L the values below it, E the values equal
// to it, m the values present; mirrored when lower is better. NaN marks a
// missing value and stays NaN. With fewer than two distinct values there is no
// information: returns false and leaves the values as they were. One sort of
// (value, position) pairs, then O(1) per value. Checks for interrupts.
bool percentile_scores(double* values, std::size_t n, bool higher_is_better, RankedValue* pairs,
                       RankedValue* scratch);

// Sorts finite values ascending in place: a comparison sort for small inputs,
// an LSD radix sort (O(n)) for large ones, which needs `scratch`, n words the
// caller provides. Checks for interrupts.
void sort_values(double* values, std::size_t n, std::uint64_t* scratch);

}  // namespace hs
