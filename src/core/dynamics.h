// Time dynamics (README, Time dynamics): exponentially weighted moving averages over
// rows in order (ewma, ewma_time) and decayed sums and means of events as of a
// moment (decayed_sum, decayed_avg).
#pragma once
#include "core/pure.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/error.h"
#include "core/state_text.h"

namespace hs {

// later - earlier in microseconds, for later >= earlier, rounded once to a
// double. Timestamps run from 4713 BC to 294276 AD, a span of more than
// 2^63 microseconds, so the difference of two of them can pass INT64_MAX: it
// is taken in uint64, where a non-negative difference below 2^64 is exact.
inline double microseconds_between(std::int64_t earlier, std::int64_t later) {
  return static_cast<double>(static_cast<std::uint64_t>(later) -
                             static_cast<std::uint64_t>(earlier));
}

// The state of ewma(x, alpha): SQL type ewma_state. Order-dependent: rows
// must arrive in order (a running window or ORDER BY inside the call).
struct EwmaState {
  std::int64_t n = 0;  // values seen
  double value = 0.0;  // s_n
  double alpha = 0.0;  // 0 until a row sets it
};
static_assert(sizeof(EwmaState) == 24 && std::is_trivially_copyable_v<EwmaState>,
              "ewma_state is a 24-byte SQL type");

// Sets or checks alpha in (0, 1] (22023).
void ewma_adopt(EwmaState& s, double alpha);
// s_1 = x_1, s_k = alpha x_k + (1 - alpha) s_k-1; x must be finite.
void ewma_add(EwmaState& s, double x);
std::optional<double> ewma_result(const EwmaState& s);

// The state of ewma_time(x, at, half_life): SQL type ewma_time_state. Rows
// with the same `at` enter once, as their mean, so the result does not depend
// on the order of tied rows: the state keeps the smoothed value before the
// latest time (`value`), the decay from it to the latest time (`weight`, 0
// while there is only one time) and the rows at the latest time, their sum
// as a normalized double-double (tie_sum + tie_low, |tie_low| <= half an ulp
// of tie_sum). The result is weight * value + (1 - weight) * mean.
struct EwmaTimeState {
  std::int64_t n = 0;   // values seen
  double value = 0.0;   // s_k-1, the smoothed value before the latest time
  double weight = 0.0;  // 2^(-(at_k - at_k-1) / half_life); 0 for the first time
  std::int64_t last_at =
      0;  // the latest time, microseconds since 2000-01-01 as PostgreSQL keeps timestamptz
  double half_life = 0.0;  // seconds; 0 until a row sets it
  std::int64_t tie_n = 0;  // values at last_at
  double tie_sum = 0.0;    // their sum: tie_sum + tie_low
  double tie_low = 0.0;
};
static_assert(sizeof(EwmaTimeState) == 64 && std::is_trivially_copyable_v<EwmaTimeState>,
              "ewma_time_state is a 64-byte SQL type");

// Sets or checks the half-life in seconds, > 0 (22023). The check that the
// row repeats the half-life in effect is inline: it runs on every row.
void half_life_set(double& slot, double half_life_seconds);
inline void half_life_adopt(double& slot, double half_life_seconds) {
  if (half_life_seconds == slot && slot != 0.0) return;
  half_life_set(slot, half_life_seconds);
}
// Over the distinct times t_1 < t_2 < ..., with m_k the mean of the values at
// t_k: s_1 = m_1, s_k = w s_k-1 + (1 - w) m_k with w = 2^(-(t_k - t_k-1) /
// half_life); an `at` earlier than the previous row's is an error (22023).
void ewma_time_add(EwmaTimeState& s, double x, std::int64_t at);
std::optional<double> ewma_time_result(const EwmaTimeState& s);

// The state of decayed_sum and decayed_avg(value, at, half_life, as_of): SQL
// type decay_state. The sums are kept relative to the newest event counted
// (its age in half-lives is `exponent`), so events years apart with a
// half-life of an hour neither overflow nor vanish into 0 on the way: sum =
// sum of value * 2^-(age - exponent), weight = sum of 2^-(age - exponent).
struct DecayState {
  std::int64_t n = 0;     // events counted (at <= as_of)
  double exponent = 0.0;  // the smallest age counted, in half-lives
  double sum = 0.0;
  double weight = 0.0;
  double half_life = 0.0;  // seconds; 0 until a row sets it
  std::int64_t as_of = 0;
  std::int32_t as_of_set = 0;
  std::int32_t reserved = 0;
};
static_assert(sizeof(DecayState) == 56 && std::is_trivially_copyable_v<DecayState>,
              "decay_state is a 56-byte SQL type");

// Sets or checks as_of (22023 when it changes within the group).
void decay_set_as_of(DecayState& s, std::int64_t as_of);
inline void decay_adopt_as_of(DecayState& s, std::int64_t as_of) {
  if (s.as_of_set && as_of == s.as_of) return;
  decay_set_as_of(s, as_of);
}

// Adds (n, exponent, sum, weight) of another set of events, rescaling the
// side whose newest event is older.
void decay_combine(DecayState& into, std::int64_t n, double exponent, double sum, double weight);
[[noreturn]] void throw_decay_overflow();

// Counts an event at `at` (ignored when after as_of); value must be finite.
// Inline: an event costs one exp2, which rescales either the event (older
// than the newest counted) or the sums (a newer event becomes the newest),
// as decay_combine does.
// `half_life_us` is the half-life in microseconds (the binding layer computes
// it once per query): an event a whole number of half-lives old gets an exact
// age, hence an exact weight.
inline void decay_add(DecayState& s, double value, std::int64_t at, double half_life_us) {
  require_finite("value", value);
  if (at > s.as_of) return;                                       // after as_of: not counted
  double age = microseconds_between(at, s.as_of) / half_life_us;  // in half-lives
  if (s.n == 0 || s.n == INT64_MAX) {
    decay_combine(s, 1, age, value, 1.0);
    return;
  }
  if (age >= s.exponent) {
    double f = std::exp2(-(age - s.exponent));
    s.sum += value * f;
    s.weight += f;
  } else {
    double f = std::exp2(-(s.exponent - age));
    s.sum = s.sum * f + value;
    s.weight = s.weight * f + 1.0;
    s.exponent = age;
  }
  if (!std::isfinite(s.sum)) throw_decay_overflow();
  ++s.n;
}
inline void decay_add(DecayState& s, double value, std::int64_t at) {
  decay_add(s, value, at, s.half_life * 1e6);
}
void decay_merge(DecayState& into, const DecayState& other);
// sum of value * 2^-(age / half_life); absent without events.
std::optional<double> decayed_sum(const DecayState& s);
// The decay-weighted mean of the values; absent without events.
std::optional<double> decayed_avg(const DecayState& s);

template <>
struct StateTraits<EwmaState> {
  static constexpr const char* name = "ewma_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(EwmaState& s, F&& f) {
    f("n", s.n);
    f("value", s.value);
    f("alpha", s.alpha);
  }
  static const char* problem(const EwmaState& s);
};

template <>
struct StateTraits<EwmaTimeState> {
  static constexpr const char* name = "ewma_time_state";
  static constexpr int version = 2;  // 1: without weight and the tied rows
  template <typename F>
  static void fields(EwmaTimeState& s, F&& f) {
    f("n", s.n);
    f("value", s.value);
    f("weight", s.weight);
    f("last_at", s.last_at);
    f("half_life", s.half_life);
    f("tie_n", s.tie_n);
    f("tie_sum", s.tie_sum);
    f("tie_low", s.tie_low);
  }
  static const char* problem(const EwmaTimeState& s);
};

template <>
struct StateTraits<DecayState> {
  static constexpr const char* name = "decay_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(DecayState& s, F&& f) {
    f("n", s.n);
    f("exponent", s.exponent);
    f("sum", s.sum);
    f("weight", s.weight);
    f("half_life", s.half_life);
    f("as_of", s.as_of);
    f("as_of_set", s.as_of_set);
  }
  static const char* problem(const DecayState& s);
};

}  // namespace hs
