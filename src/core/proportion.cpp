#include "core/proportion.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/distributions.h"
#include "core/error.h"

namespace hs {

void throw_csat_score(std::int64_t score, std::int32_t scale_max) {
  throw_out_of_range(ErrorKind::out_of_range, "csat score", static_cast<double>(score),
                     "Scores must be integers from 1 to " + std::to_string(scale_max) + ".");
}

void csat_adopt_scale(ProportionState& s, std::int32_t satisfied_from, std::int32_t scale_max) {
  if (satisfied_from == s.satisfied_from && scale_max == s.scale_max) return;
  if (scale_max < 2) {
    throw_out_of_range(ErrorKind::invalid_parameter, "csat scale_max", scale_max,
                       "The scale maximum must be an integer of at least 2.");
  }
  if (satisfied_from < 1 || satisfied_from > scale_max) {
    throw_out_of_range(
        ErrorKind::invalid_parameter, "csat satisfied_from", satisfied_from,
        "The satisfied threshold must be from 1 to scale_max (" + std::to_string(scale_max) + ").");
  }
  bool empty = s.responses == 0;
  adopt_parameter(s.satisfied_from, satisfied_from, empty, "csat", "satisfied_from");
  adopt_parameter(s.scale_max, scale_max, empty, "csat", "scale_max");
}

void proportion_merge(ProportionState& into, const ProportionState& other, const char* fn) {
  bool into_empty = into.responses == 0;
  bool other_empty = other.responses == 0;
  merge_parameter(into.confidence, into_empty, other.confidence, other_empty, fn, "confidence");
  merge_parameter(into.satisfied_from, into_empty, other.satisfied_from, other_empty, fn,
                  "satisfied_from");
  merge_parameter(into.scale_max, into_empty, other.scale_max, other_empty, fn, "scale_max");
  into.responses += other.responses;
  into.satisfied += other.satisfied;
}

void proportion_add_summary(ProportionState& into, std::int64_t responses, std::int64_t satisfied,
                            const char* fn) {
  if (satisfied < 0 || satisfied > responses) {
    throw Error(ErrorKind::invalid_parameter, std::string(fn) + ": inconsistent proportion_summary",
                "Satisfied (" + std::to_string(satisfied) + ") must be from 0 to responses (" +
                    std::to_string(responses) + ").");
  }
  into.responses += responses;
  into.satisfied += satisfied;
}

std::optional<double> proportion_pct(const ProportionState& s) {
  if (s.responses == 0) return std::nullopt;
  return 100.0 * static_cast<double>(s.satisfied) / static_cast<double>(s.responses);
}

ProportionSummary proportion_summarize(const ProportionState& s) {
  ProportionSummary out{s.responses, s.satisfied, {}, {}, {}};
  if (s.responses == 0) return out;
  // Wilson score interval: center and half-width of the interval for p.
  double n = static_cast<double>(s.responses);
  double p = static_cast<double>(s.satisfied) / n;
  double z = normal_critical(s.confidence);
  double z2 = z * z;
  double denom = 1.0 + z2 / n;
  double center = (p + z2 / (2.0 * n)) / denom;
  double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
  out.pct = 100.0 * p;
  out.ci_low = std::max(0.0, 100.0 * (center - half));
  out.ci_high = std::min(100.0, 100.0 * (center + half));
  return out;
}

const char* StateTraits<ProportionState>::problem(const ProportionState& s) {
  if (s.responses < 0 || s.satisfied < 0) return "counts must not be negative";
  if (s.satisfied > s.responses) return "the field satisfied must not exceed responses";
  if (!(s.confidence > 0.0 && s.confidence < 1.0))
    return "the field confidence must be between 0 and 1, exclusive";
  if (s.scale_max < 2) return "the field scale_max must be at least 2";
  if (s.satisfied_from < 1 || s.satisfied_from > s.scale_max)
    return "the field satisfied_from must be from 1 to scale_max";
  return nullptr;
}

StateTextWriter proportion_state_to_text(const ProportionState& s) { return format_state(s); }

ProportionState proportion_state_from_text(const char* text) {
  return parse_state<ProportionState>(text);
}

}  // namespace hs
