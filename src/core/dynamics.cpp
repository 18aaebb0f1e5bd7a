#include "core/dynamics.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/parameters.h"

namespace hs {

void ewma_adopt(EwmaState& s, double alpha) {
  if (alpha == s.alpha && s.alpha != 0.0) return;
  if (!(alpha > 0.0 && alpha <= 1.0)) {
    throw_out_of_range(ErrorKind::invalid_parameter, "alpha", alpha,
                       "The smoothing factor alpha must be above 0 and at most 1 (1 keeps the "
                       "last value only).");
  }
  adopt_parameter(s.alpha, alpha, "alpha");
}

void ewma_add(EwmaState& s, double x) {
  require_finite("x", x);
  std::int64_t n = add_counts(s.n, 1, "values");
  double a = s.alpha == 0.0 ? 1.0 : s.alpha;
  s.value = s.n == 0 ? x : a * x + (1.0 - a) * s.value;
  s.n = n;
}

std::optional<double> ewma_result(const EwmaState& s) {
  if (s.n == 0) return std::nullopt;
  return s.value;
}

void half_life_set(double& slot, double half_life_seconds) {
  if (!(half_life_seconds > 0.0) || !std::isfinite(half_life_seconds)) {
    throw Error::after_function(
        ErrorKind::invalid_parameter,
        " half_life of " + format_number(half_life_seconds) + " seconds is out of range",
        "The half-life is how long an observation takes to count half as much: it must be "
        "positive.");
  }
  adopt_parameter(slot, half_life_seconds, "half_life");
}

namespace {

// 2^(-microseconds / half_life seconds).
double decay_factor(double microseconds, double half_life_seconds) {
  return std::exp2(-(microseconds / 1e6) / half_life_seconds);
}

}  // namespace

namespace {

// The mean of the rows at the latest time: their sum rounded to a double
// (tie_sum: the double-double is normalized), divided by their count.
double tie_mean(const EwmaTimeState& s) { return s.tie_sum / static_cast<double>(s.tie_n); }

// a + b = sum + err exactly, sum = fl(a + b) (Knuth's two-sum: no condition
// on the magnitudes).
void two_sum(double a, double b, double& sum, double& err) {
  sum = a + b;
  double b_part = sum - a;
  err = (a - (sum - b_part)) + (b - b_part);
}

double ewma_time_value(const EwmaTimeState& s) {
  return s.weight * s.value + (1.0 - s.weight) * tie_mean(s);
}

[[noreturn]] void throw_tie_overflow() {
  throw Error::after_function(ErrorKind::out_of_range, ": value out of range: overflow",
                              "The sum of the values at one time is beyond the float8 range.");
}

}  // namespace

void ewma_time_add(EwmaTimeState& s, double x, std::int64_t at) {
  require_finite("x", x);
  if (s.n > 0 && at < s.last_at) {
    throw Error::after_function(
        ErrorKind::invalid_parameter, ": rows are not in time order",
        "A row at an earlier time than the row before it; order the rows by at (OVER (... "
        "ORDER BY at) or ewma_time(x, at, half_life ORDER BY at)).");
  }
  std::int64_t n = add_counts(s.n, 1, "values");
  if (s.n > 0 && at == s.last_at) {
    // A tie: x joins the sum of the rows at this time. Two-sum, then the low
    // parts, renormalized: exact while the sum fits in 106 bits, so the
    // same bits in any order of the tied rows.
    double hi, err, sum, low;
    two_sum(s.tie_sum, x, hi, err);
    two_sum(hi, s.tie_low + err, sum, low);
    if (!std::isfinite(sum)) throw_tie_overflow();
    s.tie_sum = sum;
    s.tie_low = low;
    s.tie_n += 1;  // <= n, which add_counts checked
  } else {
    if (s.n > 0) {
      s.value = ewma_time_value(s);
      s.weight = decay_factor(microseconds_between(s.last_at, at), s.half_life);
    }
    s.last_at = at;
    s.tie_n = 1;
    s.tie_sum = x;
    s.tie_low = 0.0;
  }
  s.n = n;
}

std::optional<double> ewma_time_result(const EwmaTimeState& s) {
  if (s.n == 0) return std::nullopt;
  return ewma_time_value(s);
}

void decay_set_as_of(DecayState& s, std::int64_t as_of) {
  if (s.as_of_set) {
    if (as_of != s.as_of) throw_parameter_changed("as_of");
    return;
  }
  s.as_of = as_of;
  s.as_of_set = 1;
}

void throw_decay_overflow() {
  throw Error::after_function(ErrorKind::out_of_range, ": value out of range: overflow",
                              "The decayed sum is beyond the float8 range.");
}

void decay_combine(DecayState& into, std::int64_t n, double exponent, double sum, double weight) {
  if (n == 0) return;
  std::int64_t total = add_counts(into.n, n, "events");
  if (into.n == 0) {
    into.exponent = exponent;
    into.sum = sum;
    into.weight = weight;
  } else if (exponent < into.exponent) {
    double f = std::exp2(-(into.exponent - exponent));
    into.sum = into.sum * f + sum;
    into.weight = into.weight * f + weight;
    into.exponent = exponent;
  } else {
    double f = std::exp2(-(exponent - into.exponent));
    into.sum += sum * f;
    into.weight += weight * f;
  }
  if (!std::isfinite(into.sum)) throw_decay_overflow();
  into.n = total;
}

void decay_merge(DecayState& into, const DecayState& other) {
  check_mergeable(into.half_life, other.half_life, "half_life");
  if (into.as_of_set && other.as_of_set && into.as_of != other.as_of)
    throw_parameter_changed("as_of");
  decay_combine(into, other.n, other.exponent, other.sum, other.weight);
  merge_parameter(into.half_life, other.half_life, "half_life");
  if (!into.as_of_set && other.as_of_set) {
    into.as_of = other.as_of;
    into.as_of_set = 1;
  }
}

std::optional<double> decayed_sum(const DecayState& s) {
  if (s.n == 0) return std::nullopt;
  // sum * 2^-exponent: the integer part through ldexp, so a result that is a
  // double (even a subnormal one) is not lost to an underflowing 2^-exponent.
  double whole = std::floor(s.exponent);
  double scaled = s.sum * std::exp2(-(s.exponent - whole));
  // |sum| <= n * max |value| < 2^1087: past 2^-2200 nothing is left of it.
  if (whole > 2200) return 0.0 * s.sum;
  return std::ldexp(scaled, -static_cast<int>(whole));
}

std::optional<double> decayed_avg(const DecayState& s) {
  if (s.n == 0) return std::nullopt;
  return s.sum / s.weight;
}

const char* StateTraits<EwmaState>::problem(const EwmaState& s) {
  if (s.n < 0) return "the field n must not be negative";
  if (!std::isfinite(s.value)) return "the field value must be finite";
  if (!(s.alpha == 0.0 || (s.alpha > 0.0 && s.alpha <= 1.0)))
    return "the field alpha must be 0 (not chosen) or in (0, 1]";
  if (s.n == 0 && s.value != 0.0) return "an empty state has value=0";
  return nullptr;
}

const char* StateTraits<EwmaTimeState>::problem(const EwmaTimeState& s) {
  if (s.n < 0 || s.tie_n < 0) return "the fields n and tie_n must not be negative";
  if (!std::isfinite(s.value) || !std::isfinite(s.tie_sum) || !std::isfinite(s.tie_low))
    return "the fields value, tie_sum and tie_low must be finite";
  if (!(s.weight >= 0.0 && s.weight <= 1.0)) return "the field weight must be in [0, 1]";
  if (!(s.half_life >= 0.0) || !std::isfinite(s.half_life))
    return "the field half_life must be 0 (not chosen) or positive";
  if (s.n == 0 && (s.value != 0.0 || s.weight != 0.0 || s.last_at != 0 || s.tie_n != 0 ||
                   s.tie_sum != 0.0 || s.tie_low != 0.0))
    return "an empty state has value=0, weight=0, last_at=0, tie_n=0, tie_sum=0 and tie_low=0";
  if (s.n == 0) return nullptr;
  if (s.half_life == 0.0) return "a state with values has a half_life";
  if (s.tie_n < 1 || s.tie_n > s.n) return "the field tie_n must be from 1 to n";
  if (s.tie_n == s.n && (s.value != 0.0 || s.weight != 0.0))
    return "a state with one time has value=0 and weight=0";
  if (s.tie_sum + s.tie_low != s.tie_sum || (s.tie_n == 1 && s.tie_low != 0.0))
    return "the field tie_low must be below half a unit in the last place of tie_sum";
  return nullptr;
}

const char* StateTraits<DecayState>::problem(const DecayState& s) {
  if (s.n < 0) return "the field n must not be negative";
  if (!std::isfinite(s.exponent) || !std::isfinite(s.sum) || !std::isfinite(s.weight))
    return "the fields exponent, sum and weight must be finite";
  if (!(s.half_life >= 0.0) || !std::isfinite(s.half_life))
    return "the field half_life must be 0 (not chosen) or positive";
  if (s.as_of_set != 0 && s.as_of_set != 1) return "the field as_of_set must be 0 or 1";
  if (s.n == 0 && (s.exponent != 0.0 || s.sum != 0.0 || s.weight != 0.0))
    return "an empty state has exponent=0, sum=0 and weight=0";
  if (s.n > 0 && (s.exponent < 0.0 || s.weight < 1.0 || s.half_life == 0.0 || !s.as_of_set))
    return "a state with events has exponent >= 0, weight >= 1, a half_life and an as_of";
  if (s.n > 0 && s.weight > static_cast<double>(s.n) * (1.0 + 1e-9))
    return "the field weight exceeds the number of events";
  if (s.reserved != 0) return "unexpected reserved bits";
  return nullptr;
}

}  // namespace hs
