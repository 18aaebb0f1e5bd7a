// Proportions of satisfied responses (CSAT, top-box scores) with the Wilson
// score interval.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

// The transition state of csat() and csat_summary(): SQL type proportion_state.
struct ProportionState {
  std::int64_t responses = 0;
  std::int64_t satisfied = 0;
  double confidence = kDefaultConfidence;
  std::int32_t satisfied_from = 4;  // a score counts as satisfied from this value up
  std::int32_t scale_max = 5;       // scores run from 1 to scale_max
};
static_assert(sizeof(ProportionState) == 32 && std::is_trivially_copyable_v<ProportionState>,
              "proportion_state is a 32-byte SQL type");

[[noreturn]] void throw_csat_score(std::int64_t score, std::int32_t scale_max);

inline void csat_add(ProportionState& s, std::int32_t score) {
  if (score < 1 || score > s.scale_max) throw_csat_score(score, s.scale_max);
  ++s.responses;
  s.satisfied += score >= s.satisfied_from;
}

// Sets the scale of csat(score, satisfied_from, scale_max) from a row.
void csat_adopt_scale(ProportionState& s, std::int32_t satisfied_from, std::int32_t scale_max);

void proportion_merge(ProportionState& into, const ProportionState& other, const char* fn);

// Adds the counts of a proportion_summary (rollup); throws unless
// 0 <= satisfied <= responses.
void proportion_add_summary(ProportionState& into, std::int64_t responses, std::int64_t satisfied,
                            const char* fn);

std::optional<double> proportion_pct(const ProportionState& s);

struct ProportionSummary {
  std::int64_t responses, satisfied;
  std::optional<double> pct, ci_low, ci_high;
};
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

StateTextWriter proportion_state_to_text(const ProportionState& s);
ProportionState proportion_state_from_text(const char* text);

}  // namespace hs
