// Helpers shared by the unit tests: comparing fixed-size states byte for
// byte, catching the hs::Error a call throws, and the kind of error with
// which a state's text form is rejected.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <type_traits>

#include "core/error.h"
#include "core/state_text.h"

namespace hs::test {

// The same bytes: a state left unchanged by a call that threw, or merged to the bit.
template <typename State>
bool same(const State& a, const State& b) {
  static_assert(std::is_trivially_copyable_v<State>, "compares fixed-size states only");
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// The hs::Error that f throws (a test failure when it throws none).
template <typename F>
hs::Error error_of(F&& f) {
  try {
    f();
  } catch (const hs::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no hs::Error thrown";
  return hs::Error(hs::ErrorKind::invalid_text, "none");
}

// The kind of the hs::Error that f throws.
template <typename F>
hs::ErrorKind kind_of(F&& f) {
  return error_of(f).kind();
}

// The kind of error that parsing `text` as State throws (a test failure when it is accepted).
template <typename State>
hs::ErrorKind rejection(const char* text) {
  try {
    hs::parse_state<State>(text);
  } catch (const hs::Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "accepted: " << text;
  return hs::ErrorKind::out_of_range;
}

}  // namespace hs::test
