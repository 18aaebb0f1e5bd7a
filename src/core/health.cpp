#include "core/health.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "core/error.h"

namespace hs {

MissingRule parse_missing_rule(const char* text, std::size_t length) {
  // Runs once per row: no allocation unless the rule is unknown.
  std::string_view given(text, length);
  if (given == "renormalize") return MissingRule::renormalize;
  if (given == "neutral") return MissingRule::neutral;
  if (given == "zero") return MissingRule::zero;
  std::string rule(given);
  if (rule.size() > 40) {
    // At most 40 bytes, cut before a character, never inside one.
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(rule[cut]) & 0xC0) == 0x80) --cut;
    rule = rule.substr(0, cut) + "...";
  }
  throw Error::after_function(ErrorKind::invalid_parameter,
                              " missing rule \"" + rule + "\" is unknown",
                              "Use 'renormalize' (a missing score's weight goes to the others), "
                              "'neutral' (it counts as 50) or 'zero' (it counts as 0).");
}

void check_min_coverage(double min_coverage) {
  if (!(min_coverage >= 0.0 && min_coverage <= 1.0)) {
    throw_out_of_range(ErrorKind::invalid_parameter, "min_coverage", min_coverage,
                       "The minimum coverage is a share of the total weight, from 0 to 1.");
  }
}

void check_same_length(const char* first, std::int64_t first_length, const char* second,
                       std::int64_t second_length) {
  if (first_length == second_length) return;
  throw Error::after_function(ErrorKind::array_mismatch,
                              std::string(": ") + first + " has " + std::to_string(first_length) +
                                  " elements and " + second + " has " +
                                  std::to_string(second_length),
                              "Pass one element per measure, in the same order, in every array.");
}

namespace {

// "Weight 3 " or "A weight ": only built on the error path.
std::string weight_named(std::int64_t position) {
  return position < 0 ? std::string("A weight ") : "Weight " + std::to_string(position + 1) + " ";
}

}  // namespace

void check_weights(const double* weights, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) checked_weight(weights[i], i);
}

double checked_weight(std::optional<double> weight, std::int64_t position) {
  if (weight && *weight >= std::numeric_limits<double>::min() &&
      *weight <= std::numeric_limits<double>::max())
    return *weight;  // the common case, checked without building anything
  if (weight && *weight == 0.0) return *weight;
  std::string where = weight_named(position);
  if (!weight) {
    throw Error::after_function(ErrorKind::invalid_parameter, " weight must not be NULL",
                                where + "is NULL; use 0 to leave a measure out.");
  }
  // Subnormal weights would keep only a few bits of weight * score.
  if (!std::isfinite(*weight) || *weight < 0.0 ||
      (*weight != 0.0 && *weight < std::numeric_limits<double>::min())) {
    throw_out_of_range(ErrorKind::invalid_parameter, "weight", *weight,
                       where + "must be 0 or a finite number from 2.2250738585072014e-308 up.");
  }
  return *weight;
}

void throw_weights_overflow() {
  throw Error::after_function(ErrorKind::out_of_range, ": value out of range: overflow",
                              "The weights or their weighted sum are beyond the float8 range.");
}

namespace {

double finite_or_throw(double score) {
  if (!std::isfinite(score)) throw_weights_overflow();
  return score;
}

}  // namespace

Driver driver_of(std::int64_t position, std::optional<double> score, double weight,
                 double weight_present) {
  if (!std::isfinite(weight_present)) finite_or_throw(weight_present);
  Driver d{position, score, weight, {}, {}, {}};
  if (!score) {
    d.effective_weight = 0.0;
    return d;
  }
  if (!(weight_present > 0.0)) return d;
  double effective = weight / weight_present;
  d.effective_weight = effective;
  d.contribution = effective * *score;
  d.points_lost = effective * (100.0 - *score);
  return d;
}

void sort_drivers(Driver* drivers, std::size_t n) {
  std::stable_sort(drivers, drivers + n, [](const Driver& a, const Driver& b) {
    if (a.points_lost.has_value() != b.points_lost.has_value()) return a.points_lost.has_value();
    if (!a.points_lost) return false;
    return *a.points_lost > *b.points_lost;
  });
}

void health_add(HealthState& s, std::optional<double> score, std::optional<double> weight) {
  double w = checked_weight(weight, -1);
  std::optional<double> x = checked_score(score);
  if (!x) return;
  std::int64_t n = add_counts(s.n, 1, "rows");
  double total = s.weight + w;
  double weighted = s.weighted + w * *x;
  if (!std::isfinite(total) || !std::isfinite(weighted)) finite_or_throw(total + weighted);
  s.n = n;
  s.weight = total;
  s.weighted = weighted;
}

void health_merge(HealthState& into, const HealthState& other) {
  std::int64_t n = add_counts(into.n, other.n, "rows");
  double weight = into.weight + other.weight;
  double weighted = into.weighted + other.weighted;
  if (!std::isfinite(weight) || !std::isfinite(weighted)) finite_or_throw(weight + weighted);
  into.n = n;
  into.weight = weight;
  into.weighted = weighted;
}

std::optional<double> health_result(const HealthState& s) {
  if (s.n == 0 || !(s.weight > 0.0)) return std::nullopt;
  return finite_or_throw(s.weighted / s.weight);
}

const char* StateTraits<HealthState>::problem(const HealthState& s) {
  if (s.n < 0) return "the field n must not be negative";
  if (!std::isfinite(s.weight) || !std::isfinite(s.weighted))
    return "the fields weight and weighted must be finite";
  if (s.weight < 0.0) return "the field weight must not be negative";
  if (s.n == 0 && (s.weight != 0.0 || s.weighted != 0.0))
    return "an empty state has weight=0 and weighted=0";
  if (s.weight == 0.0 && s.weighted != 0.0) return "weights of 0 weigh nothing: weighted must be 0";
  return nullptr;
}

}  // namespace hs
