// Means of effort scores (CES) with the sample standard deviation and a
// Student t confidence interval. Welford's update per row, Chan's merge for
// partial states.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/moments.h"
#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

// The transition state of ces() and ces_summary(): SQL type mean_state.
struct MeanState {
  std::int64_t n = 0;
  double mean = 0.0;
  double m2 = 0.0;  // sum of squared deviations from the mean
  double confidence = kDefaultConfidence;
  std::int32_t scale_max = 7;  // scores run from 1 to scale_max; 0 = any (rollup)
  std::int32_t reserved = 0;
};
static_assert(sizeof(MeanState) == 40 && std::is_trivially_copyable_v<MeanState>,
              "mean_state is a 40-byte SQL type");

[[noreturn]] void throw_ces_score(std::int64_t score, std::int32_t scale_max);

inline void ces_add(MeanState& s, std::int32_t score) {
  if (score < 1 || score > s.scale_max) throw_ces_score(score, s.scale_max);
  welford_add(s, static_cast<double>(score));
}

// Sets the scale of ces(score, scale_max) from a row.
void ces_adopt_scale(MeanState& s, std::int32_t scale_max);

void mean_merge(MeanState& into, const MeanState& other, const char* fn);

// Adds a mean_summary's responses, mean and stddev (rollup; mean may be
// absent when responses is 0, stddev when it is below 2); throws when they
// do not fit together.
void mean_add_summary(MeanState& into, std::int64_t responses, std::optional<double> mean,
                      std::optional<double> stddev, const char* fn);

std::optional<double> mean_value(const MeanState& s);

struct MeanSummary {
  std::int64_t responses;
  std::optional<double> mean, stddev, ci_low, ci_high;
};
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
    f("scale_max", s.scale_max);
  }
  static const char* problem(const MeanState& s);
};

StateTextWriter mean_state_to_text(const MeanState& s);
MeanState mean_state_from_text(const char* text);

}  // namespace hs
