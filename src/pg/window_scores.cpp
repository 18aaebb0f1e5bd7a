// SQL bindings of the normalization window functions (README, Normalizing raw metrics):
// minmax_score(), zscore(), normal_score() and percentile_score(), each over
// the whole window partition. The partition's statistics are computed once,
// when its first row is evaluated, and kept in partition-local memory; every
// row then costs O(1).
#include "core/error.h"
#include "core/interrupts.h"
#include "core/window_scores.h"
#include "core/parameters.h"
#include "pg/datum.h"

#include <cmath>
#include <limits>

extern "C" {
#include "miscadmin.h"
#include "utils/memutils.h"
#include "windowapi.h"
}

namespace {

// What a function needs from its partition.
enum class Needs {
  range,        // min and max, or the clipped range from the sorted values
  moments,      // mean and deviation: two exact passes over every row's value
  percentiles,  // every row's percentile, by the row's position in the partition
};

// Partition-local statistics, in memory PostgreSQL zero-fills: plain fields
// only. Kept values (8 bytes a row) are a separate allocation in the same
// memory context, which PostgreSQL resets when the partition ends.
struct PartitionStats {
  bool ready;
  bool higher_is_better;
  bool informative;  // two or more distinct values (moments, percentiles)
  double clip;
  std::int64_t n;           // non-NULL values
  hs::ClippedRange range;   // Needs::range
  hs::ZscoreScale moments;  // Needs::moments, when informative
  double* values;           // kept values, when the function needs them
};

// Working memory of `count` items in the partition's memory context: accounted
// by PostgreSQL, freed when the partition ends or the query fails, and allowed
// past 1 GB (a partition of more than 134,217,727 rows).
template <typename T>
T* partition_array(PartitionStats* stats, std::int64_t count) {
  Size bytes = static_cast<Size>(count) * sizeof(T);
  return static_cast<T*>(hs::pg::call_pg([stats, bytes] {
    return MemoryContextAllocHuge(GetMemoryChunkContext(stats), bytes > 0 ? bytes : 1);
  }));
}

void release(void* pointer) {
  hs::pg::call_pg([pointer] { pfree(pointer); });
}

// Reads the partition's values into stats->values: every row in place (NaN
// for NULL: input NaN is an error) when by_row, else the non-NULL values
// only. Counts the non-NULL values and their min and max.
void read_partition(WindowObject window, std::int64_t rows, bool by_row, PartitionStats* stats,
                    hs::MinMaxFit& minmax) {
  double* values = stats->values;
  bool keep = values != nullptr;
  bool bad = false;
  double bad_value = 0.0;
  std::int64_t n = 0;
  double lo = 0.0;
  double hi = 0.0;
  hs::pg::call_pg([&] {
    for (std::int64_t i = 0; i < rows; ++i) {
      if (i % static_cast<std::int64_t>(hs::kInterruptStride) == 0) CHECK_FOR_INTERRUPTS();
      bool isnull = false;
      bool isout = false;
      Datum d = WinGetFuncArgInPartition(window, 0, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
      double x = std::numeric_limits<double>::quiet_NaN();
      if (!isnull) {
        x = DatumGetFloat8(d);
        if (!std::isfinite(x)) {
          bad = true;
          bad_value = x;
          return;
        }
        if (n == 0 || x < lo) lo = x;
        if (n == 0 || x > hi) hi = x;
        ++n;
      }
      if (by_row) {
        values[i] = x;
      } else if (keep && !isnull) {
        values[n - 1] = x;
      }
    }
  });
  if (bad) hs::require_finite("value", bad_value);
  stats->n = n;
  minmax.n = n;
  minmax.min = lo;
  minmax.max = hi;
}

// The statistics of the current partition, computed on its first row. The
// parameters must be the same on every row of the partition.
PartitionStats* partition_stats(WindowObject window, PartitionStats* stats, Needs needs,
                                bool higher_is_better, double clip) {
  if (stats->ready) {
    if (higher_is_better != stats->higher_is_better)
      hs::throw_parameter_changed("higher_is_better", "partition");
    if (clip != stats->clip) hs::throw_parameter_changed("clip", "partition");
    return stats;
  }

  bool clipped = needs == Needs::range && clip > 0.0;
  std::int64_t rows = hs::pg::call_pg([window] { return WinGetPartitionRowCount(window); });
  if (needs != Needs::range || clipped) stats->values = partition_array<double>(stats, rows);
  hs::MinMaxFit minmax;
  // Moments and percentiles keep every row's value by position, so that a
  // row's score needs no second evaluation of its argument.
  read_partition(window, rows, needs != Needs::range, stats, minmax);
  double* values = stats->values;
  std::size_t n = static_cast<std::size_t>(stats->n);
  switch (needs) {
    case Needs::range:
      if (clipped && n > 0) {
        auto* scratch = partition_array<std::uint64_t>(stats, n >= 4096 ? stats->n : 0);
        hs::sort_values(values, n, scratch);
        release(scratch);
        stats->range = hs::clipped_range(values, n, clip);
      } else {
        stats->range = hs::ClippedRange{minmax.min, minmax.max};
      }
      break;
    case Needs::moments: {
      std::optional<hs::ZscoreScale> scale =
          hs::zscore_scale(hs::zscore_fit_exact(values, static_cast<std::size_t>(rows)));
      stats->informative = scale.has_value();
      if (scale) stats->moments = *scale;
      break;
    }
    case Needs::percentiles: {
      auto* pairs = partition_array<hs::RankedValue>(stats, stats->n);
      auto* scratch = partition_array<hs::RankedValue>(stats, n >= 4096 ? stats->n : 0);
      stats->informative = hs::percentile_scores(values, static_cast<std::size_t>(rows),
                                                 higher_is_better, pairs, scratch);
      release(scratch);
      release(pairs);
      break;
    }
  }
  stats->higher_is_better = higher_is_better;
  stats->clip = clip;
  stats->ready = true;
  return stats;
}

// What one row of a window function reads from PostgreSQL, in one call_pg
// (one PG_TRY a row): the partition's statistics header, the row's value and
// parameters, and its position.
struct CurrentRow {
  PartitionStats* stats;
  std::optional<double> x;
  bool higher_is_better;
  double clip;
  std::int64_t position;
};

// Reads the current row and the optional arguments the function has:
// higher_is_better (argument 1), clip (argument 2), and its value unless the
// function reads it from the values it keeps. A NULL parameter is an error;
// clip is checked.
CurrentRow current_row(FunctionCallInfo fcinfo, WindowObject window, bool read_value) {
  int nargs = PG_NARGS();
  CurrentRow row{nullptr, std::nullopt, true, 0.0, 0};
  bool value_null = false;
  bool hib_null = false;
  bool clip_null = false;
  double value = 0.0;
  hs::pg::call_pg([&] {
    row.stats =
        static_cast<PartitionStats*>(WinGetPartitionLocalMemory(window, sizeof(PartitionStats)));
    if (read_value) value = DatumGetFloat8(WinGetFuncArgCurrent(window, 0, &value_null));
    if (nargs > 1) row.higher_is_better = DatumGetBool(WinGetFuncArgCurrent(window, 1, &hib_null));
    if (nargs > 2) row.clip = DatumGetFloat8(WinGetFuncArgCurrent(window, 2, &clip_null));
    row.position = WinGetCurrentPosition(window);
  });
  if (hib_null) hs::throw_null_parameter("higher_is_better");
  if (clip_null) hs::throw_null_parameter("clip");
  if (nargs > 2) hs::check_clip(row.clip);
  if (read_value && !value_null) row.x = value;
  return row;
}

// The current row's value among those a partition keeps by position.
std::optional<double> kept_value(const PartitionStats* stats, std::int64_t position) {
  double x = stats->values[position];
  if (std::isnan(x)) return std::nullopt;  // a NULL value
  return x;
}

}  // namespace

// minmax_score(x [, higher_is_better [, clip]]): 100 * (x - min) / (max - min)
// over the partition, after winsorizing at the clip and 1 - clip percentiles.
HS_FUNCTION(hs_minmax_score) {
  WindowObject window = PG_WINDOW_OBJECT();
  CurrentRow row = current_row(fcinfo, window, true);
  PartitionStats* stats =
      partition_stats(window, row.stats, Needs::range, row.higher_is_better, row.clip);
  if (!row.x) PG_RETURN_NULL();
  return hs::pg::optional_float8(fcinfo,
                                 hs::range_score(stats->range, *row.x, row.higher_is_better));
}

// zscore(x): (x - mean) / stddev_samp over the partition.
HS_FUNCTION(hs_zscore) {
  WindowObject window = PG_WINDOW_OBJECT();
  CurrentRow row = current_row(fcinfo, window, false);
  PartitionStats* stats = partition_stats(window, row.stats, Needs::moments, true, 0.0);
  std::optional<double> x = kept_value(stats, row.position);
  if (!x || !stats->informative) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(hs::zscore_of_checked(stats->moments, *x));
}

// normal_score(x [, higher_is_better]): 100 * Phi(zscore) over the partition.
HS_FUNCTION(hs_normal_score) {
  WindowObject window = PG_WINDOW_OBJECT();
  CurrentRow row = current_row(fcinfo, window, false);
  PartitionStats* stats =
      partition_stats(window, row.stats, Needs::moments, row.higher_is_better, 0.0);
  std::optional<double> x = kept_value(stats, row.position);
  if (!x || !stats->informative) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(hs::normal_score_of(stats->moments, *x, row.higher_is_better));
}

// percentile_score(x [, higher_is_better]): mid-rank percentile of x in the partition.
HS_FUNCTION(hs_percentile_score) {
  WindowObject window = PG_WINDOW_OBJECT();
  CurrentRow row = current_row(fcinfo, window, false);
  PartitionStats* stats =
      partition_stats(window, row.stats, Needs::percentiles, row.higher_is_better, 0.0);
  if (!stats->informative) PG_RETURN_NULL();
  return hs::pg::optional_float8(fcinfo, kept_value(stats, row.position));
}
