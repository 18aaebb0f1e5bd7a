#include "core/mean.h"

#include <cmath>
#include <string>

#include "core/distributions.h"
#include "core/error.h"

namespace hs {

void throw_ces_score(std::int64_t score, std::int32_t scale_max) {
  throw_out_of_range(ErrorKind::out_of_range, "ces score", static_cast<double>(score),
                     "Scores must be integers from 1 to " + std::to_string(scale_max) + ".");
}

void ces_adopt_scale(MeanState& s, std::int32_t scale_max) {
  if (scale_max == s.scale_max) return;
  if (scale_max < 2) {
    throw_out_of_range(ErrorKind::invalid_parameter, "ces scale_max", scale_max,
                       "The scale maximum must be an integer of at least 2.");
  }
  adopt_parameter(s.scale_max, scale_max, s.n == 0, "ces", "scale_max");
}

void mean_merge(MeanState& into, const MeanState& other, const char* fn) {
  bool into_empty = into.n == 0;
  bool other_empty = other.n == 0;
  merge_parameter(into.confidence, into_empty, other.confidence, other_empty, fn, "confidence");
  merge_parameter(into.scale_max, into_empty, other.scale_max, other_empty, fn, "scale_max");
  chan_merge(into, other);
}

void mean_add_summary(MeanState& into, std::int64_t responses, std::optional<double> mean,
                      std::optional<double> stddev, const char* fn) {
  MeanState s = into;
  s.m2 = 0.0;
  auto bad = [&](const std::string& why) {
    throw Error(ErrorKind::invalid_parameter, std::string(fn) + ": inconsistent mean_summary", why);
  };
  if (responses < 0) bad("Responses must not be negative.");
  if (responses == 0) return;
  if (!mean || !std::isfinite(*mean)) bad("Mean must be a finite number when responses >= 1.");
  s.n = responses;
  s.mean = *mean;
  if (responses >= 2) {
    if (!stddev || !std::isfinite(*stddev) || *stddev < 0.0)
      bad("Stddev must be a finite number >= 0 when responses >= 2.");
    s.m2 = *stddev * *stddev * static_cast<double>(responses - 1);
    if (!std::isfinite(s.m2)) throw_moments_overflow();
  }
  mean_merge(into, s, fn);
}

std::optional<double> mean_value(const MeanState& s) {
  if (s.n == 0) return std::nullopt;
  return s.mean;
}

MeanSummary mean_summarize(const MeanState& s) {
  MeanSummary out{s.n, {}, {}, {}, {}};
  if (s.n == 0) return out;
  out.mean = s.mean;
  if (s.n < 2) return out;
  double n = static_cast<double>(s.n);
  double sd = std::sqrt(std::max(0.0, s.m2) / (n - 1.0));
  double half = student_t_critical(n - 1.0, s.confidence) * sd / std::sqrt(n);
  out.stddev = sd;
  out.ci_low = s.mean - half;
  out.ci_high = s.mean + half;
  return out;
}

const char* StateTraits<MeanState>::problem(const MeanState& s) {
  if (s.n < 0) return "the field n must not be negative";
  if (!std::isfinite(s.mean) || !std::isfinite(s.m2)) return "the field mean and m2 must be finite";
  if (s.m2 < 0.0) return "the field m2 must not be negative";
  if (s.n == 0 && (s.mean != 0.0 || s.m2 != 0.0)) return "an empty state has mean=0 and m2=0";
  if (!(s.confidence > 0.0 && s.confidence < 1.0))
    return "the field confidence must be between 0 and 1, exclusive";
  if (s.scale_max < 0 || s.scale_max == 1)
    return "the field scale_max must be 0 (any) or at least 2";
  return nullptr;
}

StateTextWriter mean_state_to_text(const MeanState& s) { return format_state(s); }

MeanState mean_state_from_text(const char* text) { return parse_state<MeanState>(text); }

}  // namespace hs
