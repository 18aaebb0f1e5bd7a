// Proportions of satisfied responses (CSAT, top-box scores) with the Wilson
// score interval.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/error.h"
#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

constexpr std::int32_t kDefaultSatisfiedFrom = 4;
constexpr std::int32_t kDefaultCsatScaleMax = 5;

// The transition state of csat() and csat_summary(): SQL type proportion_state.
// Parameters are 0 until a row chooses them (then 4, 5 and 0.95 apply).
struct ProportionState {
  std::int64_t responses = 0;
  std::int64_t satisfied = 0;
  double confidence = 0.0;
  std::int32_t satisfied_from = 0;  // a score counts as satisfied from this value up
  std::int32_t scale_max = 0;       // scores run from 1 to scale_max
};
static_assert(sizeof(ProportionState) == 32 && std::is_trivially_copyable_v<ProportionState>,
              "proportion_state is a 32-byte SQL type");

[[noreturn]] void throw_csat_score(std::int64_t score, std::int32_t scale_max);

inline void csat_add(ProportionState& s, std::int32_t score) {
  std::int32_t scale_max = or_default(s.scale_max, kDefaultCsatScaleMax);
  if (score < 1 || score > scale_max) throw_csat_score(score, scale_max);
  if (s.responses == INT64_MAX) throw_count_overflow("responses");
  ++s.responses;
  s.satisfied += score >= or_default(s.satisfied_from, kDefaultSatisfiedFrom);
}

// Sets or checks the scale of csat(score, satisfied_from, scale_max) from a row.
void csat_adopt_scale(ProportionState& s, std::int32_t satisfied_from, std::int32_t scale_max);

void proportion_merge(ProportionState& into, const ProportionState& other);

// A proportion_summary value: the composite type that csat_summary() returns.
struct ProportionSummary {
  std::int64_t responses = 0, satisfied = 0;
  std::optional<double> pct, ci_low, ci_high;
};

// Adds the counts of a proportion_summary (rollup); throws unless
// 0 <= satisfied <= responses.
void proportion_add_summary(ProportionState& into, const ProportionSummary& summary);

std::optional<double> proportion_pct(const ProportionState& s);

ProportionSummary proportion_summarize(const ProportionState& s);

template <>
struct StateTraits<ProportionState> {
  static constexpr const char* name = "proportion_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(ProportionState& s, F&& f) {
    f("responses", s.responses);
    f("satisfied", s.satisfied);
    f("confidence", s.confidence);
    f("satisfied_from", s.satisfied_from);
    f("scale_max", s.scale_max);
  }
  static const char* problem(const ProportionState& s);
};

template <>
struct RowTraits<ProportionSummary> {
  static constexpr const char* name = "proportion_summary";
  template <typename F>
  static void fields(ProportionSummary& s, F&& f) {
    f("responses", s.responses);
    f("satisfied", s.satisfied);
    f("pct", s.pct);
    f("ci_low", s.ci_low);
    f("ci_high", s.ci_high);
  }
};

}  // namespace hs
