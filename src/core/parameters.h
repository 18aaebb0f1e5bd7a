// Parameters that an aggregate takes on every row (a confidence level, a
// scale) but that must be the same for the whole group. The first row of a
// group sets them; a later row or a merged partial state with a different
// value is an error, never a silently mixed result.
#pragma once
#include "core/pure.h"

namespace hs {

constexpr double kDefaultConfidence = 0.95;

// Throws invalid_parameter unless 0 < confidence < 1.
void check_confidence(const char* fn, double confidence);

// "<fn> <parameter> changes within a <scope>" (a group, or a window partition).
[[noreturn]] void throw_parameter_changed(const char* fn, const char* parameter,
                                          const char* scope = "group");

// Sets slot from a row's value. `empty` says whether the group has no rows yet.
template <typename T>
inline void adopt_parameter(T& slot, T value, bool empty, const char* fn, const char* parameter) {
  if (value == slot) return;
  if (!empty) throw_parameter_changed(fn, parameter);
  slot = value;
}

inline void adopt_confidence(double& slot, double confidence, bool empty, const char* fn) {
  if (confidence == slot) return;
  check_confidence(fn, confidence);
  adopt_parameter(slot, confidence, empty, fn, "confidence");
}

// Merges the parameter of two partial states of one group; an empty side yields.
template <typename T>
inline void merge_parameter(T& into, bool into_empty, T other, bool other_empty, const char* fn,
                            const char* parameter) {
  if (into == other || other_empty) return;
  if (!into_empty) throw_parameter_changed(fn, parameter);
  into = other;
}

}  // namespace hs
