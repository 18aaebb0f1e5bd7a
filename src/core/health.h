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
  // What rounding took from the two sums of weights (error-free additions):
  // the coverage is their quotient, which a threshold compares exactly.
  double present_error = 0.0;
  double all_error = 0.0;

  // Adds a checked component.
  void add(std::optional<double> score, double weight) {
    add_exactly(weight_all, all_error, weight);
    if (!score) return;
    ++present;
    add_exactly(weight_present, present_error, weight);
    weighted += weight * *score;
  }

  // Throws 22003 when a sum has left the float8 range (huge weights): every
  // result below checks it, so no sum that overflowed is ever divided.
  void check_finite() const {
    if (!std::isfinite(weight_all) || !std::isfinite(weight_present) || !std::isfinite(weighted))
      throw_weights_overflow();
  }

  // Present weight / all weight, from the sums and what rounding took from
  // them: the quotient of the exact sums of the weights, correctly rounded
  // (0.81 and 0.09 present of 0.81, 0.3, 0.09 and 0 is 0.75, where the
  // rounded sums give 0.7499999999999999). Absent when every weight is 0 or
  // there is none.
  std::optional<double> coverage() const {
    check_finite();
    if (!(weight_all > 0.0)) return std::nullopt;
    double q = weight_present / weight_all;
    double remainder = std::fma(-q, weight_all, weight_present);  // exact
    return q + (remainder + present_error - q * all_error) / weight_all;
  }

  // The score under the rule; absent when no component is present, when the
  // weights it divides by sum to 0, or when coverage < min_coverage.
  std::optional<double> score(MissingRule rule = MissingRule::renormalize,
                              double min_coverage = 0.0) const {
    if (present == 0) return std::nullopt;
    check_finite();
    if (!(weight_all > 0.0)) return std::nullopt;
    if (min_coverage > 0.0 && *coverage() < min_coverage) return std::nullopt;
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

 private:
  // sum += x, and what the rounding of that addition lost into error
  // (Knuth's two-sum: exact for finite doubles).
  static void add_exactly(double& sum, double& error, double x) {
    double s = sum + x;
    double x_part = s - sum;
    error += (sum - (s - x_part)) + (x - x_part);
    sum = s;
  }
};
static_assert(std::is_trivially_copyable_v<WeightedScore>, "fed inside PostgreSQL calls");

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
