#include "core/nps.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/distributions.h"
#include "core/error.h"

namespace hs {

void throw_nps_score(std::int64_t score) {
  throw_out_of_range(ErrorKind::out_of_range, "nps score", static_cast<double>(score),
                     "Scores must be integers from 0 to 10.");
}

void nps_merge(NpsState& into, const NpsState& other, const char* fn) {
  merge_parameter(into.confidence, nps_responses(into) == 0, other.confidence,
                  nps_responses(other) == 0, fn, "confidence");
  into.promoters += other.promoters;
  into.passives += other.passives;
  into.detractors += other.detractors;
}

void nps_add_summary(NpsState& into, std::int64_t responses, std::int64_t promoters,
                     std::int64_t passives, std::int64_t detractors, const char* fn) {
  std::int64_t sum = 0;
  bool overflow = __builtin_add_overflow(promoters, passives, &sum) ||
                  __builtin_add_overflow(sum, detractors, &sum);
  if (promoters < 0 || passives < 0 || detractors < 0 || overflow || sum != responses) {
    throw Error(ErrorKind::invalid_parameter, std::string(fn) + ": inconsistent nps_summary",
                "Responses (" + std::to_string(responses) +
                    ") must equal promoters + passives + detractors, each at least 0 (" +
                    std::to_string(promoters) + ", " + std::to_string(passives) + ", " +
                    std::to_string(detractors) + ").");
  }
  into.promoters += promoters;
  into.passives += passives;
  into.detractors += detractors;
}

const char* nps_category(std::int64_t score) {
  if (score < 0 || score > 10) throw_nps_score(score);
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

std::optional<double> nps_value(const NpsState& s) {
  std::int64_t n = nps_responses(s);
  if (n == 0) return std::nullopt;
  return 100.0 * static_cast<double>(s.promoters - s.detractors) / static_cast<double>(n);
}

namespace {

// 100 * sqrt((p + d - (p - d)^2) / n): the standard error of the NPS, the
// variance of a score taking +1, 0, -1 with probabilities p, 1 - p - d, d.
double nps_std_error(const NpsState& s) {
  double n = static_cast<double>(nps_responses(s));
  double p = static_cast<double>(s.promoters) / n;
  double d = static_cast<double>(s.detractors) / n;
  double variance = std::max(0.0, p + d - (p - d) * (p - d));
  return 100.0 * std::sqrt(variance / n);
}

}  // namespace

NpsSummary nps_summarize(const NpsState& s) {
  NpsSummary out{nps_responses(s), s.promoters, s.passives, s.detractors, {}, {}, {}, {}};
  if (out.responses == 0) return out;
  double nps = *nps_value(s);
  double se = nps_std_error(s);
  double z = normal_critical(s.confidence);
  out.nps = nps;
  out.std_error = se;
  out.ci_low = std::max(-100.0, nps - z * se);
  out.ci_high = std::min(100.0, nps + z * se);
  return out;
}

NpsChange nps_change(const NpsState& before, const NpsState& after) {
  NpsChange out;
  if (nps_responses(before) == 0 || nps_responses(after) == 0) return out;
  double se1 = nps_std_error(before);
  double se2 = nps_std_error(after);
  out.delta = *nps_value(after) - *nps_value(before);
  out.std_error = std::sqrt(se1 * se1 + se2 * se2);
  if (*out.std_error > 0.0) {
    out.z = *out.delta / *out.std_error;
    out.p_value = normal_two_sided_p(*out.z);
  }
  return out;
}

const char* StateTraits<NpsState>::problem(const NpsState& s) {
  if (s.promoters < 0 || s.passives < 0 || s.detractors < 0) return "counts must not be negative";
  std::int64_t n = 0;
  if (__builtin_add_overflow(s.promoters, s.passives, &n) ||
      __builtin_add_overflow(n, s.detractors, &n))
    return "the counts add up to more than a bigint holds";
  if (!(s.confidence > 0.0 && s.confidence < 1.0))
    return "the field confidence must be between 0 and 1, exclusive";
  return nullptr;
}

StateTextWriter nps_state_to_text(const NpsState& s) { return format_state(s); }

NpsState nps_state_from_text(const char* text) { return parse_state<NpsState>(text); }

}  // namespace hs
