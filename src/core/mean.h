// Mean summaries: the mean with the sample standard deviation and a Student t
// interval (the mean_summary type that ces_summary() returns), and the state
// that rolls such summaries up: count, mean and M2, merged with Chan's formula.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/moments.h"
#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

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

}  // namespace hs
