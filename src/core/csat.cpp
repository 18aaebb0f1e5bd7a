#include "core/csat.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/distributions.h"

namespace hs {

void throw_csat_score(std::int64_t score, std::int32_t scale_max) {
  throw_out_of_range(ErrorKind::out_of_range, "score", static_cast<double>(score),
                     "Scores must be integers from 1 to " + std::to_string(scale_max) + ".");
}

void csat_adopt_scale(ProportionState& s, std::int32_t satisfied_from, std::int32_t scale_max) {
  if (satisfied_from == s.satisfied_from && scale_max == s.scale_max && scale_max != 0) return;
  if (scale_max < 2) {
    throw_out_of_range(ErrorKind::invalid_parameter, "scale_max", scale_max,
                       "The scale maximum must be an integer of at least 2.");
  }
  if (satisfied_from < 1 || satisfied_from > scale_max) {
    throw_out_of_range(
        ErrorKind::invalid_parameter, "satisfied_from", satisfied_from,
        "The satisfied threshold must be from 1 to scale_max (" + std::to_string(scale_max) + ").");
  }
  adopt_parameter(s.satisfied_from, satisfied_from, "satisfied_from");
  adopt_parameter(s.scale_max, scale_max, "scale_max");
}

namespace {

void add_counts_of(ProportionState& into, std::int64_t responses, std::int64_t satisfied) {
  std::int64_t r = add_counts(into.responses, responses, "responses");
  std::int64_t s = add_counts(into.satisfied, satisfied, "responses");
  into.responses = r;
  into.satisfied = s;
}

}  // namespace

void proportion_merge(ProportionState& into, const ProportionState& other) {
  bool a = into.responses > 0;
  bool b = other.responses > 0;
  check_mergeable(in_effect(into.confidence, a, kDefaultConfidence),
                  in_effect(other.confidence, b, kDefaultConfidence), "confidence");
  check_mergeable(in_effect(into.satisfied_from, a, kDefaultSatisfiedFrom),
                  in_effect(other.satisfied_from, b, kDefaultSatisfiedFrom), "satisfied_from");
  check_mergeable(in_effect(into.scale_max, a, kDefaultCsatScaleMax),
                  in_effect(other.scale_max, b, kDefaultCsatScaleMax), "scale_max");
  add_counts_of(into, other.responses, other.satisfied);
  merge_parameter(into.confidence, other.confidence, "confidence");
  merge_parameter(into.satisfied_from, other.satisfied_from, "satisfied_from");
  merge_parameter(into.scale_max, other.scale_max, "scale_max");
}

void proportion_add_summary(ProportionState& into, const ProportionSummary& s) {
  if (s.satisfied < 0 || s.satisfied > s.responses) {
    throw Error::after_function(ErrorKind::invalid_parameter, ": inconsistent proportion_summary",
                                "Satisfied (" + std::to_string(s.satisfied) +
                                    ") must be from 0 to responses (" +
                                    std::to_string(s.responses) + ").");
  }
  add_counts_of(into, s.responses, s.satisfied);
}

std::optional<double> proportion_pct(const ProportionState& s) {
  if (s.responses == 0) return std::nullopt;
  return 100.0 * static_cast<double>(s.satisfied) / static_cast<double>(s.responses);
}

ProportionSummary proportion_summarize(const ProportionState& s) {
  ProportionSummary out;
  out.responses = s.responses;
  out.satisfied = s.satisfied;
  if (s.responses == 0) return out;
  // Wilson score interval: center and half-width of the interval for p.
  double n = static_cast<double>(s.responses);
  double p = static_cast<double>(s.satisfied) / n;
  double z = normal_critical(confidence_or_default(s.confidence));
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
  if (const char* why = confidence_problem(s.confidence)) return why;
  if (s.scale_max == 0 && s.satisfied_from == 0) return nullptr;  // not chosen: 4 of 1..5
  if (s.scale_max < 2) return "the field scale_max must be 0 (not chosen) or at least 2";
  if (s.satisfied_from < 1 || s.satisfied_from > s.scale_max)
    return "the field satisfied_from must be from 1 to scale_max";
  return nullptr;
}

}  // namespace hs
