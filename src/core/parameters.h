// Parameters that an aggregate takes on every row (a confidence level, a
// scale) but that must be the same for the whole group. A state holds each
// parameter as 0 until a row sets it: 0 means "not chosen", and the default
// applies. Every row sets or checks the parameters, rows whose score is NULL
// included, and merging two partial states checks them too, so a group that
// mixes values is an error in every row order and every plan, never a
// silently mixed result.
#pragma once
#include "core/pure.h"

namespace hs {

constexpr double kDefaultConfidence = 0.95;

// Throws invalid_parameter unless 0 < confidence < 1.
void check_confidence(double confidence);

// "<function> <parameter> changes within a <scope>" (a group, or a window partition).
[[noreturn]] void throw_parameter_changed(const char* parameter, const char* scope = "group");

// Sets an unset slot from a row's value, or checks that the value is the one set.
template <typename T>
inline void adopt_parameter(T& slot, T value, const char* parameter) {
  if (value == slot) return;
  if (slot != T{}) throw_parameter_changed(parameter);
  slot = value;
}

inline void adopt_confidence(double& slot, double confidence) {
  if (confidence == slot && slot != 0.0) return;
  check_confidence(confidence);
  adopt_parameter(slot, confidence, "confidence");
}

// The parameter of two partial states of one group: an unset side yields.
template <typename T>
inline void merge_parameter(T& into, T other, const char* parameter) {
  if (into == other || other == T{}) return;
  if (into != T{}) throw_parameter_changed(parameter);
  into = other;
}

// Rejects two partial states whose set parameters differ, changing nothing.
template <typename T>
inline void check_mergeable(T into, T other, const char* parameter) {
  if (into != other && into != T{} && other != T{}) throw_parameter_changed(parameter);
}

template <typename T>
inline T or_default(T value, T fallback) {
  return value == T{} ? fallback : value;
}

// The parameter a partial state was computed with, for checking a merge: the
// one chosen, the default for a state that holds data under an unset one (its
// responses were counted with the default), or unset (0) for an empty state,
// which yields to any.
template <typename T>
inline T in_effect(T value, bool has_data, T fallback) {
  return value == T{} && has_data ? fallback : value;
}

inline double confidence_or_default(double confidence) {
  return or_default(confidence, kDefaultConfidence);
}

// Why a confidence field of a state read from text or binary is unusable, or nullptr.
const char* confidence_problem(double confidence);

}  // namespace hs
