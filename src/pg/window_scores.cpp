// SQL bindings of the normalization window functions (SPEC section 2a):
// minmax_score(), zscore(), normal_score() and percentile_score(), each over
// the whole window partition. The partition's statistics are computed once,
// when its first row is evaluated, and kept in partition-local memory; every
// row then costs O(1).
#include "core/error.h"
#include "core/normalize.h"
#include "core/parameters.h"
#include "pg/datum.h"

#include <cmath>
#include <limits>

extern "C" {
#include "windowapi.h"
}

namespace {

// What a function needs from its partition.
enum class Needs {
  range,        // min and max, or the clipped range from the sorted values
  moments,      // mean and deviation: two exact passes over the values, in row order
  percentiles,  // every row's percentile, by the row's position in the partition
};

// Partition-local statistics, in memory PostgreSQL zero-fills: plain fields
// only. When values are kept (8 bytes a row) they follow in the same allocation.
struct PartitionStats {
  bool ready;
  bool higher_is_better;
  bool informative;  // two or more distinct values (moments, percentiles)
  double clip;
  std::int64_t n;           // non-NULL values
  hs::ClippedRange range;   // Needs::range
  hs::ZscoreScale moments;  // Needs::moments, when informative
};
static_assert(sizeof(PartitionStats) % alignof(double) == 0, "values follow the header");

double* kept_values(PartitionStats* stats) { return reinterpret_cast<double*>(stats + 1); }

// A parameter argument of the current row; NULL is an error.
Datum parameter_arg(WindowObject window, int argno, const char* fn, const char* name) {
  bool isnull = false;
  Datum value = WinGetFuncArgCurrent(window, argno, &isnull);
  if (isnull) hs::throw_null_parameter(fn, name);
  return value;
}

// The statistics of the current partition, computed on its first row. The
// parameters must be the same on every row of the partition.
PartitionStats* partition_stats(WindowObject window, const char* fn, Needs needs,
                                bool higher_is_better, double clip) {
  bool clipped = needs == Needs::range && clip > 0.0;
  bool keep_values = needs != Needs::range || clipped;
  std::int64_t rows = WinGetPartitionRowCount(window);
  Size size = sizeof(PartitionStats) + (keep_values ? rows * sizeof(double) : 0);
  auto* stats = static_cast<PartitionStats*>(WinGetPartitionLocalMemory(window, size));
  if (stats->ready) {
    if (higher_is_better != stats->higher_is_better)
      hs::throw_parameter_changed(fn, "higher_is_better", "partition");
    if (clip != stats->clip) hs::throw_parameter_changed(fn, "clip", "partition");
    return stats;
  }

  // Percentiles keep every row in place (NaN for NULL: input NaN is an
  // error); the others keep the non-NULL values only.
  double* values = kept_values(stats);
  hs::MinMaxFit minmax;
  for (std::int64_t i = 0; i < rows; ++i) {
    bool isnull = false;
    bool isout = false;
    Datum d = WinGetFuncArgInPartition(window, 0, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
    double x = std::numeric_limits<double>::quiet_NaN();
    if (!isnull) {
      x = DatumGetFloat8(d);
      hs::require_finite(fn, "value", x);
      ++stats->n;
    }
    if (needs == Needs::percentiles) {
      values[i] = x;
    } else if (!isnull) {
      if (keep_values) values[stats->n - 1] = x;
      if (needs == Needs::range) hs::minmax_add(minmax, x);
    }
  }
  std::size_t n = static_cast<std::size_t>(stats->n);
  switch (needs) {
    case Needs::range:
      if (clipped && n > 0) {
        hs::sort_values(values, n);
        stats->range = hs::clipped_range(values, n, clip);
      } else {
        stats->range = hs::ClippedRange{minmax.min, minmax.max};
      }
      break;
    case Needs::moments: {
      std::optional<hs::ZscoreScale> scale = hs::zscore_scale(hs::zscore_fit_exact(values, n));
      stats->informative = scale.has_value();
      if (scale) stats->moments = *scale;
      break;
    }
    case Needs::percentiles:
      stats->informative =
          hs::percentile_scores(values, static_cast<std::size_t>(rows), higher_is_better);
      break;
  }
  stats->higher_is_better = higher_is_better;
  stats->clip = clip;
  stats->ready = true;
  return stats;
}

bool higher_is_better_arg(FunctionCallInfo fcinfo, WindowObject window, int argno, const char* fn) {
  if (PG_NARGS() <= argno) return true;
  return DatumGetBool(parameter_arg(window, argno, fn, "higher_is_better"));
}

// The current row's value, or nullopt for NULL.
std::optional<double> current_value(WindowObject window) {
  bool isnull = false;
  Datum value = WinGetFuncArgCurrent(window, 0, &isnull);
  if (isnull) return std::nullopt;
  return DatumGetFloat8(value);
}

}  // namespace

// minmax_score(x [, higher_is_better [, clip]]): 100 * (x - min) / (max - min)
// over the partition, after winsorizing at the clip and 1 - clip percentiles.
HS_FUNCTION(hs_minmax_score) {
  WindowObject window = PG_WINDOW_OBJECT();
  const char* fn = "minmax_score";
  bool higher_is_better = higher_is_better_arg(fcinfo, window, 1, fn);
  double clip = 0.0;
  if (PG_NARGS() > 2) {
    clip = DatumGetFloat8(parameter_arg(window, 2, fn, "clip"));
    hs::check_clip(fn, clip);
  }
  PartitionStats* stats = partition_stats(window, fn, Needs::range, higher_is_better, clip);
  std::optional<double> x = current_value(window);
  if (!x) PG_RETURN_NULL();
  return hs::pg::optional_float8(fcinfo, hs::range_score(stats->range, *x, higher_is_better));
}

// zscore(x): (x - mean) / stddev_samp over the partition.
HS_FUNCTION(hs_zscore) {
  WindowObject window = PG_WINDOW_OBJECT();
  PartitionStats* stats = partition_stats(window, "zscore", Needs::moments, true, 0.0);
  std::optional<double> x = current_value(window);
  if (!x || !stats->informative) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(hs::zscore_of(stats->moments, *x));
}

// normal_score(x [, higher_is_better]): 100 * Phi(zscore) over the partition.
HS_FUNCTION(hs_normal_score) {
  WindowObject window = PG_WINDOW_OBJECT();
  const char* fn = "normal_score";
  bool higher_is_better = higher_is_better_arg(fcinfo, window, 1, fn);
  PartitionStats* stats = partition_stats(window, fn, Needs::moments, higher_is_better, 0.0);
  std::optional<double> x = current_value(window);
  if (!x || !stats->informative) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(hs::normal_score_of(stats->moments, *x, higher_is_better));
}

// percentile_score(x [, higher_is_better]): mid-rank percentile of x in the partition.
HS_FUNCTION(hs_percentile_score) {
  WindowObject window = PG_WINDOW_OBJECT();
  const char* fn = "percentile_score";
  bool higher_is_better = higher_is_better_arg(fcinfo, window, 1, fn);
  PartitionStats* stats = partition_stats(window, fn, Needs::percentiles, higher_is_better, 0.0);
  if (!stats->informative) PG_RETURN_NULL();
  double score = kept_values(stats)[WinGetCurrentPosition(window)];
  if (std::isnan(score)) PG_RETURN_NULL();  // a NULL value
  PG_RETURN_FLOAT8(score);
}
