#include "core/nps.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/distributions.h"

namespace hs {

void throw_nps_score(std::int64_t score) {
  throw_out_of_range(ErrorKind::out_of_range, "score", static_cast<double>(score),
                     "Scores must be integers from 0 to 10.");
}

namespace {

// The counts of `other` added to `into`, or an overflow error leaving `into` as it was.
void add_counts_of(NpsState& into, const NpsState& other) {
  NpsState sum = into;
  sum.promoters = add_counts(into.promoters, other.promoters, "responses");
  sum.passives = add_counts(into.passives, other.passives, "responses");
  sum.detractors = add_counts(into.detractors, other.detractors, "responses");
  add_counts(add_counts(sum.promoters, sum.passives, "responses"), sum.detractors, "responses");
  into.promoters = sum.promoters;
  into.passives = sum.passives;
  into.detractors = sum.detractors;
}

}  // namespace

void nps_merge(NpsState& into, const NpsState& other) {
  check_mergeable(in_effect(into.confidence, nps_responses(into) > 0, kDefaultConfidence),
                  in_effect(other.confidence, nps_responses(other) > 0, kDefaultConfidence),
                  "confidence");
  add_counts_of(into, other);
  merge_parameter(into.confidence, other.confidence, "confidence");
}

void nps_add_summary(NpsState& into, const NpsSummary& s) {
  std::int64_t sum = 0;
  bool overflow = __builtin_add_overflow(s.promoters, s.passives, &sum) ||
                  __builtin_add_overflow(sum, s.detractors, &sum);
  if (s.promoters < 0 || s.passives < 0 || s.detractors < 0 || overflow || sum != s.responses) {
    throw Error::after_function(
        ErrorKind::invalid_parameter, ": inconsistent nps_summary",
        "Responses (" + std::to_string(s.responses) +
            ") must equal promoters + passives + detractors, each at least 0 (" +
            std::to_string(s.promoters) + ", " + std::to_string(s.passives) + ", " +
            std::to_string(s.detractors) + ").");
  }
  NpsState counts;
  counts.promoters = s.promoters;
  counts.passives = s.passives;
  counts.detractors = s.detractors;
  add_counts_of(into, counts);
}

const char* nps_category(std::int64_t score) {
  if (score < 0 || score > 10) throw_nps_score(score);
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

namespace {

double nps_of(std::int64_t promoters, std::int64_t detractors, std::int64_t n) {
  // promoters - detractors cannot overflow: both are counts of one group.
  return 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(n);
}

// p + d - (p - d)^2: the variance of a score taking +1, 0, -1 with
// probabilities p, 1 - p - d, d.
double score_variance(double p, double d) { return std::max(0.0, p + d - (p - d) * (p - d)); }

// 100 * sqrt((p + d - (p - d)^2) / n): the standard error of the NPS.
double nps_std_error(std::int64_t promoters, std::int64_t detractors, std::int64_t responses) {
  double n = static_cast<double>(responses);
  return 100.0 * std::sqrt(score_variance(static_cast<double>(promoters) / n,
                                          static_cast<double>(detractors) / n) /
                           n);
}

// The adjusted-Wald estimate (Rocks 2016): 3 more responses, 3/4 of them
// promoters and 3/4 detractors. Its NPS and its variance over n + 3.
struct Adjusted {
  double nps;
  double variance;  // of the adjusted NPS / 100
};

Adjusted adjusted(std::int64_t promoters, std::int64_t detractors, std::int64_t responses) {
  double n = static_cast<double>(responses) + 3.0;
  double p = (static_cast<double>(promoters) + 0.75) / n;
  double d = (static_cast<double>(detractors) + 0.75) / n;
  return Adjusted{100.0 * (p - d), score_variance(p, d) / n};
}

}  // namespace

std::optional<double> nps_value(const NpsState& s) {
  std::int64_t n = nps_responses(s);
  if (n == 0) return std::nullopt;
  return nps_of(s.promoters, s.detractors, n);
}

NpsSummary nps_summarize(const NpsState& s) {
  NpsSummary out;
  out.responses = nps_responses(s);
  out.promoters = s.promoters;
  out.passives = s.passives;
  out.detractors = s.detractors;
  if (out.responses == 0) return out;
  out.nps = nps_of(s.promoters, s.detractors, out.responses);
  out.std_error = nps_std_error(s.promoters, s.detractors, out.responses);
  Adjusted a = adjusted(s.promoters, s.detractors, out.responses);
  double half =
      normal_critical(confidence_or_default(s.confidence)) * 100.0 * std::sqrt(a.variance);
  out.ci_low = std::max(-100.0, a.nps - half);
  out.ci_high = std::min(100.0, a.nps + half);
  return out;
}

NpsChange nps_change(const NpsSummary& before, const NpsSummary& after, double confidence) {
  NpsState check;
  nps_add_summary(check, before);
  check = NpsState();
  nps_add_summary(check, after);
  double z_critical = normal_critical(confidence_or_default(confidence));
  NpsChange out;
  if (before.responses == 0 || after.responses == 0) return out;
  double se1 = nps_std_error(before.promoters, before.detractors, before.responses);
  double se2 = nps_std_error(after.promoters, after.detractors, after.responses);
  out.delta = nps_of(after.promoters, after.detractors, after.responses) -
              nps_of(before.promoters, before.detractors, before.responses);
  out.std_error = std::sqrt(se1 * se1 + se2 * se2);
  // The test: both samples from one distribution, its variance pooled. The
  // pooled counts are added in double: each count is exact below 2^53.
  double n1 = static_cast<double>(before.responses);
  double n2 = static_cast<double>(after.responses);
  double p =
      (static_cast<double>(before.promoters) + static_cast<double>(after.promoters)) / (n1 + n2);
  double d =
      (static_cast<double>(before.detractors) + static_cast<double>(after.detractors)) / (n1 + n2);
  double se0 = 100.0 * std::sqrt(score_variance(p, d) * (1.0 / n1 + 1.0 / n2));
  if (se0 > 0.0) {
    out.z = *out.delta / se0;
    out.p_value = normal_two_sided_p(*out.z);
  }
  // The interval: the difference of the two adjusted-Wald estimates.
  Adjusted a1 = adjusted(before.promoters, before.detractors, before.responses);
  Adjusted a2 = adjusted(after.promoters, after.detractors, after.responses);
  double center = a2.nps - a1.nps;
  double half = z_critical * 100.0 * std::sqrt(a1.variance + a2.variance);
  out.ci_low = std::max(-200.0, center - half);
  out.ci_high = std::min(200.0, center + half);
  return out;
}

namespace {

using u128 = unsigned __int128;

// An unsigned 256-bit integer, enough for the products of two sums below
// 2^127 that the cluster-robust variance needs exactly.
struct U256 {
  u128 hi = 0;
  u128 lo = 0;
};

U256 multiply(u128 a, u128 b) {
  const u128 mask = ~std::uint64_t{0};
  u128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
  u128 low = a0 * b0;
  u128 mid = a0 * b1;
  u128 mid2 = a1 * b0;
  u128 mid_carry = 0;
  mid += mid2;
  if (mid < mid2) mid_carry = u128{1} << 64;
  U256 out;
  out.lo = low + (mid << 64);
  out.hi = a1 * b1 + (mid >> 64) + mid_carry + (out.lo < low ? 1 : 0);
  return out;
}

U256 add(U256 a, U256 b) {
  U256 out;
  out.lo = a.lo + b.lo;
  out.hi = a.hi + b.hi + (out.lo < a.lo ? 1 : 0);
  return out;
}

bool less(U256 a, U256 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }

// a - b for a >= b.
U256 subtract(U256 a, U256 b) {
  U256 out;
  out.lo = a.lo - b.lo;
  out.hi = a.hi - b.hi - (a.lo < b.lo ? 1 : 0);
  return out;
}

double to_double(U256 v) { return static_cast<double>(v.hi) * 0x1p128 + static_cast<double>(v.lo); }

u128 wide_sum(const Wide& a, const Wide& b) { return a.get() + b.get(); }

}  // namespace

void nps_cluster_add(NpsClusterState& into, const NpsSummary& summary) {
  NpsState counts;
  nps_add_summary(counts, summary);  // checks the summary
  if (summary.responses == 0) return;
  NpsState total;
  total.promoters = into.promoters;
  total.passives = into.passives;
  total.detractors = into.detractors;
  nps_merge(total, counts);  // at most 2^63 - 1 responses in all
  std::int64_t n = summary.responses;
  std::int64_t y = summary.promoters - summary.detractors;
  u128 n_abs = static_cast<u128>(n);
  u128 y_abs = static_cast<u128>(y < 0 ? -y : y);
  into.promoters = total.promoters;
  into.passives = total.passives;
  into.detractors = total.detractors;
  ++into.clusters;
  into.sum_n2.set(into.sum_n2.get() + n_abs * n_abs);
  into.sum_y2.set(into.sum_y2.get() + y_abs * y_abs);
  Wide& yn = y < 0 ? into.sum_yn_neg : into.sum_yn_pos;
  yn.set(yn.get() + y_abs * n_abs);
}

void nps_cluster_merge(NpsClusterState& into, const NpsClusterState& other) {
  std::int64_t into_n = into.promoters + into.passives + into.detractors;
  std::int64_t other_n = other.promoters + other.passives + other.detractors;
  check_mergeable(in_effect(into.confidence, into_n > 0, kDefaultConfidence),
                  in_effect(other.confidence, other_n > 0, kDefaultConfidence), "confidence");
  NpsState total;
  total.promoters = into.promoters;
  total.passives = into.passives;
  total.detractors = into.detractors;
  NpsState more;
  more.promoters = other.promoters;
  more.passives = other.passives;
  more.detractors = other.detractors;
  nps_merge(total, more);
  // Each sum stays below (sum n_i)^2 < 2^126: no 128-bit sum can wrap.
  into.clusters += other.clusters;
  into.promoters = total.promoters;
  into.passives = total.passives;
  into.detractors = total.detractors;
  into.sum_n2.set(wide_sum(into.sum_n2, other.sum_n2));
  into.sum_y2.set(wide_sum(into.sum_y2, other.sum_y2));
  into.sum_yn_pos.set(wide_sum(into.sum_yn_pos, other.sum_yn_pos));
  into.sum_yn_neg.set(wide_sum(into.sum_yn_neg, other.sum_yn_neg));
  merge_parameter(into.confidence, other.confidence, "confidence");
}

NpsSummary nps_cluster_summarize(const NpsClusterState& s) {
  NpsState counts;
  counts.promoters = s.promoters;
  counts.passives = s.passives;
  counts.detractors = s.detractors;
  counts.confidence = s.confidence;
  NpsSummary out = nps_summarize(counts);
  out.std_error.reset();
  out.ci_low.reset();
  out.ci_high.reset();
  if (s.clusters < 2) return out;
  // N^2 sum (y_i - R n_i)^2 = sum (N y_i - Y n_i)^2
  //   = N^2 sum y_i^2 - 2 N Y sum y_i n_i + Y^2 sum n_i^2, exactly.
  std::int64_t y = s.promoters - s.detractors;
  u128 n_total = static_cast<u128>(out.responses);
  u128 y_abs = static_cast<u128>(y < 0 ? -y : y);
  U256 positive =
      add(multiply(n_total * n_total, s.sum_y2.get()), multiply(y_abs * y_abs, s.sum_n2.get()));
  u128 yn_pos = s.sum_yn_pos.get();
  u128 yn_neg = s.sum_yn_neg.get();
  bool yn_negative = yn_neg > yn_pos;
  u128 yn_abs = yn_negative ? yn_neg - yn_pos : yn_pos - yn_neg;
  U256 cross = multiply(2 * n_total * y_abs, yn_abs);
  U256 scaled;  // N^2 sum (y_i - R n_i)^2
  if ((y < 0) != yn_negative && y != 0 && yn_abs != 0) {
    scaled = add(positive, cross);  // -2 N Y sum y_i n_i > 0
  } else if (less(positive, cross)) {
    scaled = U256();  // only a state no aggregate made: the sum of squares is never negative
  } else {
    scaled = subtract(positive, cross);
  }
  double m = static_cast<double>(s.clusters);
  double n = static_cast<double>(out.responses);
  double se = 100.0 * std::sqrt(m / (m - 1.0) * to_double(scaled)) / (n * n);
  double half = student_t_critical(m - 1.0, confidence_or_default(s.confidence)) * se;
  out.std_error = se;
  out.ci_low = std::max(-100.0, *out.nps - half);
  out.ci_high = std::min(100.0, *out.nps + half);
  return out;
}

const char* StateTraits<NpsClusterState>::problem(const NpsClusterState& s) {
  NpsState counts;
  counts.promoters = s.promoters;
  counts.passives = s.passives;
  counts.detractors = s.detractors;
  counts.confidence = s.confidence;
  if (const char* why = StateTraits<NpsState>::problem(counts)) return why;
  std::int64_t n = nps_responses(counts);
  if (s.clusters < 0 || s.clusters > n || (s.clusters == 0) != (n == 0))
    return "clusters must be from 1 to the responses, 0 without responses";
  u128 n2 = s.sum_n2.get();
  u128 n_total = static_cast<u128>(n);
  if (n2 < n_total || n2 > n_total * n_total)
    return "the sum of squared cluster sizes is out of range";
  if (s.sum_y2.get() > n2 || s.sum_yn_pos.get() > n2 || s.sum_yn_neg.get() > n2)
    return "a sum of squares passes the sum of squared cluster sizes";
  return nullptr;
}

const char* StateTraits<NpsState>::problem(const NpsState& s) {
  if (s.promoters < 0 || s.passives < 0 || s.detractors < 0) return "counts must not be negative";
  std::int64_t n = 0;
  if (__builtin_add_overflow(s.promoters, s.passives, &n) ||
      __builtin_add_overflow(n, s.detractors, &n))
    return "the counts add up to more than a bigint holds";
  return confidence_problem(s.confidence);
}

}  // namespace hs
