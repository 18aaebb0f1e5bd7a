// Weighted health scores (README, Weighted health scores): the weighted mean of 0-100 scores
// with a rule for missing scores, the coverage a score rests on, its drivers
// (how many points each measure costs), and the state of health_score_agg.
#pragma once
#include "core/pure.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/error.h"
#include "core/state_text.h"

namespace hs {

// What a missing (NULL) score counts as: nothing, its weight redistributed
// over the present ones ('renormalize'); 50 ('neutral'); 0 ('zero').
enum class MissingRule { renormalize, neutral, zero };

// Parses 'renormalize', 'neutral' or 'zero' (22023 otherwise).
MissingRule parse_missing_rule(const char* text, std::size_t length);

// Rejects a min_coverage outside 0..1 (22023).
void check_min_coverage(double min_coverage);

// Rejects arrays of different lengths (2202E).
void check_same_length(const char* first, std::int64_t first_length, const char* second,
                       std::int64_t second_length);

// The checks of one weight: present, finite, at least 0 (22023, naming its position).
double checked_weight(std::optional<double> weight, std::int64_t position);

// checked_weight on each of n weights, positions from 0.
void check_weights(const double* weights, std::int64_t n);

// The check of one score: finite when present (22023).
inline std::optional<double> checked_score(std::optional<double> score) {
  if (score) require_finite("score", *score);
  return score;
}

// 22003: a weighted sum has left the float8 range.
[[noreturn]] void throw_weights_overflow();

// Sums over the components of one score, fed one component at a time.
struct WeightedScore {
  std::int64_t present = 0;
  double weight_present = 0.0;  // sum of the weights of present scores
  double weight_all = 0.0;      // sum of every weight
  double weighted = 0.0;        // sum of weight * score over present scores

  // Adds a checked component.
  void add(std::optional<double> score, double weight) {
    weight_all += weight;
    if (!score) return;
    ++present;
    weight_present += weight;
    weighted += weight * *score;
  }

  // Throws 22003 when a sum has left the float8 range (huge weights): every
  // result below checks it, so no sum that overflowed is ever divided.
  void check_finite() const {
    if (!std::isfinite(weight_all) || !std::isfinite(weight_present) || !std::isfinite(weighted))
      throw_weights_overflow();
  }

  // Present weight / all weight; absent when every weight is 0 or there is none.
  std::optional<double> coverage() const {
    check_finite();
    if (!(weight_all > 0.0)) return std::nullopt;
    return weight_present / weight_all;
  }

  // The score under the rule; absent when no component is present, when the
  // weights it divides by sum to 0, or when coverage < min_coverage.
  std::optional<double> score(MissingRule rule = MissingRule::renormalize,
                              double min_coverage = 0.0) const {
    if (present == 0) return std::nullopt;
    std::optional<double> covered = coverage();
    if (!covered || *covered < min_coverage) return std::nullopt;
    double result = 0.0;
    switch (rule) {
      case MissingRule::renormalize:
        if (!(weight_present > 0.0)) return std::nullopt;
        result = weighted / weight_present;
        break;
      case MissingRule::neutral:
        result = (weighted + 50.0 * (weight_all - weight_present)) / weight_all;
        break;
      case MissingRule::zero:
        result = weighted / weight_all;
        break;
    }
    if (!std::isfinite(result)) throw_weights_overflow();
    return result;
  }
};
static_assert(std::is_trivially_copyable_v<WeightedScore>, "fed inside PostgreSQL calls");

// The terms of health_score_terms(weights, missing, min_coverage, VARIADIC
// terms): each term is a 0-100 score (float8), or a min-max fit applied to a
// value as minmax_apply does (minmax_fit, float8, and optionally boolean
// higher_is_better). The kinds of the term arguments, in order, group into
// terms once per call site.
enum class TermArg : std::uint8_t { score, fit, boolean, other };

struct Term {
  std::int32_t first;  // index of its first argument among the term arguments
  bool fit;            // a fit and a value (else a score)
  bool has_direction;  // a fit term with its higher_is_better argument
};

struct TermPlan {
  std::int32_t count = 0;  // terms written to the caller's array
  std::int32_t bad = -1;   // the term argument that starts no term (or ends one early)
};

// Groups `n` term arguments into at most `n` terms.
TermPlan plan_terms(const TermArg* args, std::int32_t n, Term* terms);

// One row of health_drivers: effective weight w / (sum of present weights),
// contribution = effective weight * score (the contributions sum to the
// score), points lost = effective weight * (100 - score). A missing measure
// has no score, effective weight 0, and no contribution or points lost.
struct Driver {
  std::int64_t position;  // 0-based, in the input arrays
  std::optional<double> score;
  double weight;
  std::optional<double> effective_weight, contribution, points_lost;
};

// The driver of component `position` among components whose present weights
// sum to `weight_present`.
Driver driver_of(std::int64_t position, std::optional<double> score, double weight,
                 double weight_present);

// Orders drivers by points lost, the most first, missing measures last, ties
// in input order: the answer to "why is this account red?".
void sort_drivers(Driver* drivers, std::size_t n);

// The transition state of health_score_agg(score, weight): SQL type health_state.
struct HealthState {
  std::int64_t n = 0;     // rows with a score
  double weight = 0.0;    // their weights
  double weighted = 0.0;  // sum of weight * score
};
static_assert(sizeof(HealthState) == 24 && std::is_trivially_copyable_v<HealthState>,
              "health_state is a 24-byte SQL type");

// One long-format row: a NULL score is skipped, its weight checked.
void health_add(HealthState& s, std::optional<double> score, std::optional<double> weight);
void health_merge(HealthState& into, const HealthState& other);
// Sum of weight * score / sum of weight; absent without rows or when the weights sum to 0.
std::optional<double> health_result(const HealthState& s);

template <>
struct StateTraits<HealthState> {
  static constexpr const char* name = "health_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(HealthState& s, F&& f) {
    f("n", s.n);
    f("weight", s.weight);
    f("weighted", s.weighted);
  }
  static const char* problem(const HealthState& s);
};

}  // namespace hs
