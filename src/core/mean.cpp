#include "core/mean.h"

#include <cmath>
#include <string>

#include "core/distributions.h"
#include "core/error.h"

namespace hs {

void mean_interval(MeanSummary& out, double stddev, double confidence) {
  double n = static_cast<double>(out.responses);
  double half = student_t_critical(n - 1.0, confidence) * stddev / std::sqrt(n);
  out.stddev = stddev;
  out.ci_low = *out.mean - half;
  out.ci_high = *out.mean + half;
}

void mean_merge(MeanState& into, const MeanState& other) {
  check_mergeable(in_effect(into.confidence, into.n > 0, kDefaultConfidence),
                  in_effect(other.confidence, other.n > 0, kDefaultConfidence), "confidence");
  chan_merge(into, other);
  merge_parameter(into.confidence, other.confidence, "confidence");
}

void mean_add_summary(MeanState& into, const MeanSummary& summary) {
  auto bad = [](const std::string& why) {
    throw Error::after_function(ErrorKind::invalid_parameter, ": inconsistent mean_summary", why);
  };
  std::int64_t responses = summary.responses;
  if (responses < 0) bad("Responses must not be negative.");
  if (responses == 0) return;
  const std::optional<double>& mean = summary.mean;
  const std::optional<double>& stddev = summary.stddev;
  if (!mean || !std::isfinite(*mean)) bad("Mean must be a finite number when responses >= 1.");
  MeanState s;
  s.n = responses;
  s.mean = *mean;
  if (responses >= 2) {
    if (!stddev || !std::isfinite(*stddev) || *stddev < 0.0)
      bad("Stddev must be a finite number >= 0 when responses >= 2.");
    s.m2 = *stddev * *stddev * static_cast<double>(responses - 1);
    if (!std::isfinite(s.m2)) throw_moments_overflow();
  }
  chan_merge(into, s);
}

MeanSummary mean_summarize(const MeanState& s) {
  MeanSummary out;
  out.responses = s.n;
  if (s.n == 0) return out;
  out.mean = s.mean;
  if (s.n < 2) return out;
  double sd = std::sqrt(std::max(0.0, s.m2) / (static_cast<double>(s.n) - 1.0));
  mean_interval(out, sd, confidence_or_default(s.confidence));
  return out;
}

const char* StateTraits<MeanState>::problem(const MeanState& s) {
  if (const char* why = moments_problem(s)) return why;
  return confidence_problem(s.confidence);
}

}  // namespace hs
