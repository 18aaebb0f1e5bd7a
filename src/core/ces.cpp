#include "core/ces.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/distributions.h"
#include "core/error.h"
#include "core/quotient.h"

namespace hs {

void throw_ces_score(std::int64_t score, std::int32_t scale_max) {
  throw_out_of_range(ErrorKind::out_of_range, "score", static_cast<double>(score),
                     "Scores must be integers from 1 to " + std::to_string(scale_max) + ".");
}

void ces_adopt_scale(CesState& s, std::int32_t scale_max) {
  if (scale_max == s.scale_max && scale_max != 0) return;
  if (scale_max < 2) {
    throw_out_of_range(ErrorKind::invalid_parameter, "scale_max", scale_max,
                       "The scale maximum must be an integer of at least 2.");
  }
  adopt_parameter(s.scale_max, scale_max, "scale_max");
}

void ces_merge(CesState& into, const CesState& other) {
  bool a = into.n > 0;
  bool b = other.n > 0;
  check_mergeable(in_effect(into.confidence, a, kDefaultConfidence),
                  in_effect(other.confidence, b, kDefaultConfidence), "confidence");
  check_mergeable(in_effect(into.scale_max, a, kDefaultCesScaleMax),
                  in_effect(other.scale_max, b, kDefaultCesScaleMax), "scale_max");
  std::int64_t n = add_counts(into.n, other.n, "responses");
  std::int64_t sum = add_counts(into.sum, other.sum, "responses");
  unsigned __int128 sumsq;
  if (__builtin_add_overflow(into.sumsq.get(), other.sumsq.get(), &sumsq))
    throw_count_overflow("responses");
  into.n = n;
  into.sum = sum;
  into.sumsq.set(sumsq);
  merge_parameter(into.confidence, other.confidence, "confidence");
  merge_parameter(into.scale_max, other.scale_max, "scale_max");
}

namespace {

// a / b for 0 <= a, 0 < b, correctly rounded.
double quotient(std::int64_t a, std::int64_t b) {
  return rounded_quotient(static_cast<unsigned __int128>(a), static_cast<unsigned __int128>(b));
}

// n * sumsq - sum^2: n times the sum of squared deviations, exactly when it fits.
std::optional<unsigned __int128> scaled_m2(const CesState& s) {
  unsigned __int128 product;
  if (__builtin_mul_overflow(static_cast<unsigned __int128>(s.n), s.sumsq.get(), &product))
    return std::nullopt;
  unsigned __int128 sum = static_cast<unsigned __int128>(s.sum);
  return product - sum * sum;  // >= 0 by Cauchy-Schwarz (checked on input)
}

}  // namespace

std::optional<double> ces_mean(const CesState& s) {
  if (s.n == 0) return std::nullopt;
  return quotient(s.sum, s.n);
}

MeanSummary ces_summarize(const CesState& s) {
  MeanSummary out;
  out.responses = s.n;
  if (s.n == 0) return out;
  out.mean = quotient(s.sum, s.n);
  if (s.n < 2) return out;
  double n = static_cast<double>(s.n);
  double variance;
  if (std::optional<unsigned __int128> d = scaled_m2(s)) {
    variance = static_cast<double>(*d) / (n * (n - 1.0));
  } else {
    long double ln = static_cast<long double>(s.n);
    long double lsum = static_cast<long double>(s.sum);
    long double m2 = static_cast<long double>(s.sumsq.get()) - lsum * (lsum / ln);
    variance = static_cast<double>(m2 < 0 ? 0 : m2 / (ln - 1));
  }
  mean_interval(out, std::sqrt(variance), confidence_or_default(s.confidence));
  return out;
}

const char* StateTraits<CesState>::problem(const CesState& s) {
  if (s.n < 0 || s.sum < 0) return "counts must not be negative";
  if (const char* why = confidence_problem(s.confidence)) return why;
  if (s.scale_max != 0 && s.scale_max < 2)
    return "the field scale_max must be 0 (not chosen) or at least 2";
  if (s.reserved != 0) return "unexpected reserved bits";
  // Scores x in 1..S: n <= sum <= S n, sum <= sumsq <= S sum, sum^2 <= n sumsq.
  unsigned __int128 scale =
      static_cast<unsigned __int128>(or_default(s.scale_max, kDefaultCesScaleMax));
  unsigned __int128 n = static_cast<unsigned __int128>(s.n);
  unsigned __int128 sum = static_cast<unsigned __int128>(s.sum);
  unsigned __int128 sumsq = s.sumsq.get();
  if (sum < n || sum > scale * n) return "the mean must lie within the scale";
  if (sumsq < sum || sumsq > scale * sum) return "the field sumsq does not fit the scale";
  unsigned __int128 product;
  bool overflow = __builtin_mul_overflow(n, sumsq, &product);
  if (!overflow && product < sum * sum) return "the field sumsq is below sum^2 / n";
  if (s.n == 1 && sumsq != sum * sum) return "one score has no deviation";
  return nullptr;
}

// --- Mean summaries ---

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
