// Net Promoter Score: counts of promoters (9-10), passives (7-8) and
// detractors (0-6), the score 100 * (promoters - detractors) / n, and its
// normal-approximation confidence interval.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

// The transition state of nps() and nps_summary(): SQL type nps_state.
struct NpsState {
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;
  double confidence = kDefaultConfidence;
};
static_assert(sizeof(NpsState) == 32 && std::is_trivially_copyable_v<NpsState>,
              "nps_state is a 32-byte SQL type");

[[noreturn]] void throw_nps_score(std::int64_t score);

inline std::int64_t nps_responses(const NpsState& s) {
  return s.promoters + s.passives + s.detractors;
}

// Branch-free on the score: survey answers arrive in no predictable order.
inline void nps_add(NpsState& s, std::int32_t score) {
  if (static_cast<std::uint32_t>(score) > 10u) throw_nps_score(score);
  s.promoters += score >= 9;
  s.passives += (score >= 7) & (score <= 8);
  s.detractors += score <= 6;
}

// Adds the responses of `other`; both must be states of the same group.
void nps_merge(NpsState& into, const NpsState& other, const char* fn);

// Adds the counts of an nps_summary (rollup); throws unless they are
// non-negative and add up to responses.
void nps_add_summary(NpsState& into, std::int64_t responses, std::int64_t promoters,
                     std::int64_t passives, std::int64_t detractors, const char* fn);

// "promoter", "passive" or "detractor"; throws for a score outside 0..10.
const char* nps_category(std::int64_t score);

std::optional<double> nps_value(const NpsState& s);

struct NpsSummary {
  std::int64_t responses, promoters, passives, detractors;
  std::optional<double> nps, std_error, ci_low, ci_high;
};
NpsSummary nps_summarize(const NpsState& s);

// Two-sided z test that the NPS moved between two independent samples.
struct NpsChange {
  std::optional<double> delta, std_error, z, p_value;
};
NpsChange nps_change(const NpsState& before, const NpsState& after);

template <>
struct StateTraits<NpsState> {
  static constexpr const char* name = "nps_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(NpsState& s, F&& f) {
    f("promoters", s.promoters);
    f("passives", s.passives);
    f("detractors", s.detractors);
    f("confidence", s.confidence);
  }
  static const char* problem(const NpsState& s);
};

StateTextWriter nps_state_to_text(const NpsState& s);
NpsState nps_state_from_text(const char* text);

}  // namespace hs
