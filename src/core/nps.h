// Net Promoter Score: counts of promoters (9-10), passives (7-8) and
// detractors (0-6), the score 100 * (promoters - detractors) / n, its standard
// error, and the adjusted-Wald interval (Rocks 2016), which keeps its coverage
// for the small samples of B2B accounts where the plain Wald interval does not.
#pragma once
#include "core/pure.h"

#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/error.h"
#include "core/parameters.h"
#include "core/state_text.h"

namespace hs {

// The transition state of nps() and nps_summary(): SQL type nps_state.
struct NpsState {
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;
  double confidence = 0.0;  // 0: not chosen, 0.95 applies
};
static_assert(sizeof(NpsState) == 32 && std::is_trivially_copyable_v<NpsState>,
              "nps_state is a 32-byte SQL type");

[[noreturn]] void throw_nps_score(std::int64_t score);

// The responses of a state whose counts are known to add up (states read from
// text or binary are checked for that).
inline std::int64_t nps_responses(const NpsState& s) {
  return s.promoters + s.passives + s.detractors;
}

// Branch-free on the score: survey answers arrive in no predictable order.
inline void nps_add(NpsState& s, std::int32_t score) {
  if (static_cast<std::uint32_t>(score) > 10u) throw_nps_score(score);
  std::int64_t total;
  if (__builtin_add_overflow(nps_responses(s), 1, &total)) throw_count_overflow("responses");
  s.promoters += score >= 9;
  s.passives += (score >= 7) & (score <= 8);
  s.detractors += score <= 6;
}

// Adds the responses of `other`; both must be states of the same group.
void nps_merge(NpsState& into, const NpsState& other);

// An nps_summary value: the composite type that nps_summary() returns.
struct NpsSummary {
  std::int64_t responses = 0, promoters = 0, passives = 0, detractors = 0;
  std::optional<double> nps, std_error, ci_low, ci_high;
};

// Adds the counts of an nps_summary (rollup); throws unless they are
// non-negative and add up to responses.
void nps_add_summary(NpsState& into, const NpsSummary& summary);

// The transition state of nps_clustered(): SQL type nps_cluster_state. One
// cluster (a customer) is one nps_summary with n_i responses and
// y_i = promoters_i - detractors_i; the state keeps the counts of all clusters
// and the exact sums the cluster-robust standard error needs, so its result
// is a deterministic function of the multiset of clusters. Sum y_i n_i can be
// negative: its positive and negative terms are kept apart, both unsigned.
struct NpsClusterState {
  std::int64_t clusters = 0;  // summaries with at least one response
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;
  Wide sum_n2;              // sum of n_i^2 (at most (sum n_i)^2 < 2^126)
  Wide sum_y2;              // sum of y_i^2
  Wide sum_yn_pos;          // sum of y_i n_i over clusters with y_i > 0
  Wide sum_yn_neg;          // sum of -y_i n_i over clusters with y_i < 0
  double confidence = 0.0;  // 0: not chosen, 0.95 applies
};
static_assert(sizeof(NpsClusterState) == 104 && std::is_trivially_copyable_v<NpsClusterState>,
              "nps_cluster_state is a 104-byte SQL type");

// Adds one cluster's summary (checked as rollup checks it); a summary without
// responses is no cluster and changes nothing.
void nps_cluster_add(NpsClusterState& into, const NpsSummary& summary);

// Adds the clusters of `other`.
void nps_cluster_merge(NpsClusterState& into, const NpsClusterState& other);

// The counts and NPS of rollup over the same summaries, with the
// ratio-estimator cluster-robust standard error
//   100 * sqrt(m / (m - 1) * sum (y_i - R n_i)^2) / sum n_i,  R = sum y_i / sum n_i,
// and the interval nps -/+ t(m - 1) * std_error, clamped to [-100, 100];
// both NULL with fewer than 2 clusters.
NpsSummary nps_cluster_summarize(const NpsClusterState& s);

// "promoter", "passive" or "detractor"; throws for a score outside 0..10.
const char* nps_category(std::int64_t score);

std::optional<double> nps_value(const NpsState& s);

NpsSummary nps_summarize(const NpsState& s);

// The change of NPS between two independent samples: delta = after - before
// with its unpooled standard error; z and the two-sided p-value of the test
// that both samples come from one distribution, with the pooled variance
// (which holds its false-alarm rate at small n); and the adjusted-Wald
// interval of the difference at the given confidence (0: 0.95).
struct NpsChange {
  std::optional<double> delta, std_error, z, p_value, ci_low, ci_high;
};
NpsChange nps_change(const NpsSummary& before, const NpsSummary& after, double confidence);

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

template <>
struct StateTraits<NpsClusterState> {
  static constexpr const char* name = "nps_cluster_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(NpsClusterState& s, F&& f) {
    f("clusters", s.clusters);
    f("promoters", s.promoters);
    f("passives", s.passives);
    f("detractors", s.detractors);
    f("sum_n2", s.sum_n2);
    f("sum_y2", s.sum_y2);
    f("sum_yn_pos", s.sum_yn_pos);
    f("sum_yn_neg", s.sum_yn_neg);
    f("confidence", s.confidence);
  }
  static const char* problem(const NpsClusterState& s);
};

template <>
struct RowTraits<NpsSummary> {
  static constexpr const char* name = "nps_summary";
  template <typename F>
  static void fields(NpsSummary& s, F&& f) {
    f("responses", s.responses);
    f("promoters", s.promoters);
    f("passives", s.passives);
    f("detractors", s.detractors);
    f("nps", s.nps);
    f("std_error", s.std_error);
    f("ci_low", s.ci_low);
    f("ci_high", s.ci_high);
  }
};

template <>
struct RowTraits<NpsChange> {
  static constexpr const char* name = "nps_change";
  template <typename F>
  static void fields(NpsChange& s, F&& f) {
    f("delta", s.delta);
    f("std_error", s.std_error);
    f("z", s.z);
    f("p_value", s.p_value);
    f("ci_low", s.ci_low);
    f("ci_high", s.ci_high);
  }
};

}  // namespace hs
