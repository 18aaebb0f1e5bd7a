// Property test of the text forms: random mutations of valid texts either
// parse to a state that round-trips, or are rejected with invalid_text. Never
// a crash, never another exception.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "core/ces.h"
#include "core/error.h"
#include "core/window_scores.h"
#include "core/nps.h"
#include "core/csat.h"

namespace {

std::string mutate(std::string s, std::mt19937& gen) {
  const std::string alphabet = "v0123456789:=,.-+eE naiINFxmps_";
  std::uniform_int_distribution<int> op(0, 4);
  int edits = 1 + static_cast<int>(gen() % 3);
  for (int i = 0; i < edits; ++i) {
    std::size_t pos = s.empty() ? 0 : gen() % s.size();
    char c = alphabet[gen() % alphabet.size()];
    switch (op(gen)) {
      case 0:
        if (!s.empty()) s[pos] = c;
        break;
      case 1:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
        break;
      case 2:
        if (!s.empty()) s.erase(pos, 1);
        break;
      case 3:
        s.resize(pos);
        break;
      default:
        s.insert(pos, s.substr(gen() % (s.size() + 1), 4));
        break;
    }
  }
  return s;
}

template <typename State>
void fuzz(const State& seed_state, unsigned seed) {
  std::mt19937 gen(seed);
  std::string valid = hs::format_state(seed_state).c_str();
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = mutate(valid, gen);
    try {
      State s = hs::parse_state<State>(text.c_str());
      State again = hs::parse_state<State>(hs::format_state(s).c_str());
      ASSERT_EQ(std::memcmp(&s, &again, sizeof(State)), 0) << text;
      ++accepted;
    } catch (const hs::Error& e) {
      ASSERT_EQ(e.kind(), hs::ErrorKind::invalid_text) << text;
    }
  }
  EXPECT_LT(accepted, 20000);
}

TEST(StateTextFuzz, Nps) {
  hs::NpsState s;
  s.promoters = 110;
  s.passives = 50;
  s.detractors = 40;
  fuzz(s, 1);
}

TEST(StateTextFuzz, Proportion) {
  hs::ProportionState s;
  s.responses = 100;
  s.satisfied = 80;
  fuzz(s, 2);
}

TEST(StateTextFuzz, Mean) {
  hs::MeanState s;
  s.n = 5;
  s.mean = 3.25;
  s.m2 = 12.5;
  fuzz(s, 3);
}

TEST(StateTextFuzz, Ces) {
  hs::CesState s;
  for (int x : {1, 2, 7, 7, 3}) hs::ces_add(s, x);
  s.confidence = 0.9;
  fuzz(s, 6);
  hs::CesState adopted;
  hs::ces_adopt_scale(adopted, 10);
  for (int x : {10, 9, 1}) hs::ces_add(adopted, x);
  fuzz(adopted, 7);
}

TEST(StateTextFuzz, Fits) {
  hs::MinMaxFit mm;
  mm.n = 7;
  mm.min = -2.5;
  mm.max = 1e10;
  fuzz(mm, 4);
  hs::ZscoreFit z;
  z.n = 7;
  z.mean = 0.1;
  z.m2 = 3.75;
  fuzz(z, 5);
}

}  // namespace
