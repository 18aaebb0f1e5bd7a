// Unit tests of the versioned text forms of the state types (src/core/state_text.h).
#include "core/state_text.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/error.h"
#include "core/mean.h"
#include "core/nps.h"
#include "core/proportion.h"

namespace {

template <typename State>
void expect_round_trip(const State& s) {
  hs::StateTextWriter text = hs::format_state(s);
  State back = hs::parse_state<State>(text.c_str());
  EXPECT_EQ(std::memcmp(&back, &s, sizeof(State)), 0) << text.c_str();
}

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

TEST(StateText, ReadableForms) {
  hs::NpsState n;
  n.promoters = 110;
  n.passives = 50;
  n.detractors = 40;
  EXPECT_STREQ(hs::nps_state_to_text(n).c_str(),
               "v1:promoters=110,passives=50,detractors=40,confidence=0.95");
  EXPECT_STREQ(hs::proportion_state_to_text(hs::ProportionState()).c_str(),
               "v1:responses=0,satisfied=0,confidence=0.95,satisfied_from=4,scale_max=5");
  EXPECT_STREQ(hs::mean_state_to_text(hs::MeanState()).c_str(),
               "v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7");
}

TEST(StateText, RoundTripsExactly) {
  hs::NpsState n;
  n.promoters = 4611686018427387903;
  n.passives = 4611686018427387903;
  n.detractors = 1;
  n.confidence = 0.1;
  expect_round_trip(n);
  hs::MeanState m;
  m.n = 3;
  m.mean = 0.1;
  m.m2 = 1e-300;
  m.confidence = 0.999;
  m.scale_max = 0;
  expect_round_trip(m);
  m.mean = -123456.789e-7;
  m.m2 = 2.2250738585072014e-308;
  expect_round_trip(m);
  hs::ProportionState p;
  p.responses = 9;
  p.satisfied = 9;
  p.satisfied_from = 9;
  p.scale_max = 10;
  expect_round_trip(p);
}

TEST(StateText, RejectsMalformedText) {
  using hs::ErrorKind;
  const char* bad[] = {
      "",
      "promoters=1,passives=0,detractors=0,confidence=0.95",
      "v2:promoters=1,passives=0,detractors=0,confidence=0.95",
      "v1:promoters=1,passives=0,confidence=0.95",
      "v1:passives=0,promoters=1,detractors=0,confidence=0.95",
      "v1:promotors=1,passives=0,detractors=0,confidence=0.95",
      "v1:promoters=x,passives=0,detractors=0,confidence=0.95",
      "v1:promoters=1,passives=0,detractors=0,confidence=nan",
      "v1:promoters=1,passives=0,detractors=0,confidence=inf",
      "v1:promoters=-1,passives=0,detractors=0,confidence=0.95",
      "v1:promoters=9223372036854775807,passives=1,detractors=0,confidence=0.95",
      "v1:promoters=99999999999999999999,passives=0,detractors=0,confidence=0.95",
      "v1:promoters=1,passives=0,detractors=0,confidence=0.95 ",
      "v1:promoters=1,passives=0,detractors=0,confidence=1",
      "v1:promoters=1,passives=0,detractors=0,confidence=0",
  };
  for (const char* text : bad) EXPECT_EQ(rejection<hs::NpsState>(text), ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=2,confidence=0.95,satisfied_from=4,scale_max=5"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=4,scale_max=1"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::MeanState>("v1:n=2,mean=3,m2=-1,confidence=0.95,scale_max=7"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::MeanState>("v1:n=0,mean=3,m2=0,confidence=0.95,scale_max=7"),
            ErrorKind::invalid_text);
}

TEST(StateText, MessageNamesTheTypeAndTheProblem) {
  try {
    hs::parse_state<hs::NpsState>("v1:promoters=1");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_STREQ(e.what(), "invalid input syntax for type nps_state: \"v1:promoters=1\"");
    EXPECT_STREQ(e.detail(), "Expected \",\" before field \"passives\".");
  }
}

}  // namespace
