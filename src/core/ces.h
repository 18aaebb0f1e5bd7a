// Customer Effort Score: the mean of integer scores on 1..scale_max with the
// sample standard deviation and a Student t interval. The state holds exact
// integer sums, so every result is a deterministic function of the multiset
// of scores: bit-identical serial, parallel, across shards, in any row order,
// and the mean is the correctly rounded quotient.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/error.h"
#include "core/moments.h"
#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

// --- Mean summaries: the mean with the sample standard deviation and a
// Student t interval (the mean_summary type that ces_summary() returns), and
// the state that rolls such summaries up: count, mean and M2, merged with
// Chan's formula. ---

// A mean_summary value.
struct MeanSummary {
  std::int64_t responses = 0;
  std::optional<double> mean, stddev, ci_low, ci_high;
};

// Sets stddev and the Student t interval mean -/+ t(n - 1) * sd / sqrt(n) of
// a summary whose responses (at least 2) and mean are set.
void mean_interval(MeanSummary& out, double stddev, double confidence);

// The transition state of rollup(mean_summary): SQL type mean_state.
struct MeanState {
  std::int64_t n = 0;
  double mean = 0.0;
  double m2 = 0.0;          // sum of squared deviations from the mean
  double confidence = 0.0;  // 0: not chosen, 0.95 applies
};
static_assert(sizeof(MeanState) == 32 && std::is_trivially_copyable_v<MeanState>,
              "mean_state is a 32-byte SQL type");

void mean_merge(MeanState& into, const MeanState& other);

// Adds a mean_summary's responses, mean and stddev (mean may be absent when
// responses is 0, stddev when it is below 2); throws when they do not fit together.
void mean_add_summary(MeanState& into, const MeanSummary& summary);

MeanSummary mean_summarize(const MeanState& s);

template <>
struct StateTraits<MeanState> {
  static constexpr const char* name = "mean_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(MeanState& s, F&& f) {
    f("n", s.n);
    f("mean", s.mean);
    f("m2", s.m2);
    f("confidence", s.confidence);
  }
  static const char* problem(const MeanState& s);
};

template <>
struct RowTraits<MeanSummary> {
  static constexpr const char* name = "mean_summary";
  template <typename F>
  static void fields(MeanSummary& s, F&& f) {
    f("responses", s.responses);
    f("mean", s.mean);
    f("stddev", s.stddev);
    f("ci_low", s.ci_low);
    f("ci_high", s.ci_high);
  }
};

// --- The Customer Effort Score ---

constexpr std::int32_t kDefaultCesScaleMax = 7;

// The transition state of ces() and ces_summary(): SQL type ces_state.
struct CesState {
  std::int64_t n = 0;
  std::int64_t sum = 0;        // exact sum of the scores
  Wide sumsq;                  // exact sum of the squared scores (below 2^125)
  double confidence = 0.0;     // 0: not chosen, 0.95 applies
  std::int32_t scale_max = 0;  // 0: not chosen, 7 applies
  std::int32_t reserved = 0;
};
static_assert(sizeof(CesState) == 48 && std::is_trivially_copyable_v<CesState>,
              "ces_state is a 48-byte SQL type");

[[noreturn]] void throw_ces_score(std::int64_t score, std::int32_t scale_max);

inline void ces_add(CesState& s, std::int32_t score) {
  std::int32_t scale_max = or_default(s.scale_max, kDefaultCesScaleMax);
  if (score < 1 || score > scale_max) throw_ces_score(score, scale_max);
  std::int64_t sum;
  if (s.n == INT64_MAX || __builtin_add_overflow(s.sum, score, &sum))
    throw_count_overflow("responses");
  ++s.n;
  s.sum = sum;
  s.sumsq.set(s.sumsq.get() + static_cast<unsigned __int128>(static_cast<std::int64_t>(score) *
                                                             static_cast<std::int64_t>(score)));
}

// Sets or checks the scale of ces(score, scale_max) from a row.
void ces_adopt_scale(CesState& s, std::int32_t scale_max);

// Adds the scores of `other` (exact).
void ces_merge(CesState& into, const CesState& other);

// The mean, correctly rounded.
std::optional<double> ces_mean(const CesState& s);

MeanSummary ces_summarize(const CesState& s);

template <>
struct StateTraits<CesState> {
  static constexpr const char* name = "ces_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(CesState& s, F&& f) {
    f("n", s.n);
    f("sum", s.sum);
    f("sumsq", s.sumsq);
    f("confidence", s.confidence);
    f("scale_max", s.scale_max);
  }
  static const char* problem(const CesState& s);
};

}  // namespace hs
