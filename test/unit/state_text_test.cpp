// Unit tests of the versioned text forms of the state types (src/core/state_text.h).
#include "core/state_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "core/ces.h"
#include "core/error.h"
#include "core/nps.h"
#include "core/csat.h"
#include "support.h"

namespace {

using hs::test::rejection;

template <typename State>
void expect_round_trip(const State& s) {
  hs::StateTextWriter text = hs::format_state(s);
  State back = hs::parse_state<State>(text.c_str());
  EXPECT_EQ(std::memcmp(&back, &s, sizeof(State)), 0) << text.c_str();
}

TEST(StateText, ReadableForms) {
  hs::NpsState n;
  n.promoters = 110;
  n.passives = 50;
  n.detractors = 40;
  // Unset parameters are shown as 0.
  EXPECT_STREQ(hs::format_state(n).c_str(),
               "v1:promoters=110,passives=50,detractors=40,confidence=0");
  n.confidence = 0.95;
  EXPECT_STREQ(hs::format_state(n).c_str(),
               "v1:promoters=110,passives=50,detractors=40,confidence=0.95");
  EXPECT_STREQ(hs::format_state(hs::ProportionState()).c_str(),
               "v1:responses=0,satisfied=0,confidence=0,satisfied_from=0,scale_max=0");
  EXPECT_STREQ(hs::format_state(hs::MeanState()).c_str(), "v1:n=0,mean=0,m2=0,confidence=0");
  EXPECT_STREQ(hs::format_state(hs::CesState()).c_str(),
               "v1:n=0,sum=0,sumsq=0,confidence=0,scale_max=0");
}

TEST(StateText, RoundTripsExactly) {
  hs::NpsState n;
  n.promoters = 4611686018427387903;
  n.passives = 4611686018427387903;
  n.detractors = 1;
  n.confidence = 0.1;
  expect_round_trip(n);
  expect_round_trip(hs::NpsState());
  hs::MeanState m;
  m.n = 3;
  m.mean = 0.1;
  m.m2 = 1e-300;
  m.confidence = 0.999;
  expect_round_trip(m);
  m.mean = -123456.789e-7;
  m.m2 = 2.2250738585072014e-308;
  expect_round_trip(m);
  m.confidence = 0.0;
  expect_round_trip(m);
  hs::ProportionState p;
  p.responses = 9;
  p.satisfied = 9;
  p.satisfied_from = 9;
  p.scale_max = 10;
  expect_round_trip(p);
  expect_round_trip(hs::ProportionState());
  hs::CesState c;
  hs::ces_add(c, 3);
  hs::ces_add(c, 7);
  expect_round_trip(c);
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
      "v1:promoters=1,passives=0,detractors=0,confidence=-0.5",
      "v1:promoters=1,passives=0,detractors=0,confidence=1e-400x",
  };
  for (const char* text : bad) EXPECT_EQ(rejection<hs::NpsState>(text), ErrorKind::invalid_text);
  // confidence=0 is the unset confidence now, a valid state.
  EXPECT_EQ(hs::parse_state<hs::NpsState>("v1:promoters=1,passives=0,detractors=0,confidence=0")
                .confidence,
            0.0);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=2,confidence=0.95,satisfied_from=4,scale_max=5"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=1,confidence=0.95,satisfied_from=4,scale_max=1"),
            ErrorKind::invalid_text);
  // One parameter set without the other is no state csat_adopt_scale makes.
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=1,confidence=0,satisfied_from=3,scale_max=0"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=1,confidence=0,satisfied_from=0,scale_max=5"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=1,confidence=0,satisfied_from=6,scale_max=5"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::ProportionState>(
                "v1:responses=1,satisfied=1,confidence=0,satisfied_from=4,scale_max=9999999999"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::MeanState>("v1:n=2,mean=3,m2=-1,confidence=0.95"),
            ErrorKind::invalid_text);
  EXPECT_EQ(rejection<hs::MeanState>("v1:n=0,mean=3,m2=0,confidence=0.95"),
            ErrorKind::invalid_text);
  // The old mean_state form with scale_max is not this version's form.
  EXPECT_EQ(rejection<hs::MeanState>("v1:n=0,mean=0,m2=0,confidence=0.95,scale_max=7"),
            ErrorKind::invalid_text);
}

TEST(StateText, MeanStatesNoSummariesCouldProduce) {
  using hs::ErrorKind;
  for (const char* text :
       {"v1:n=1,mean=3,m2=1,confidence=0", "v1:n=1,mean=3,m2=1e-300,confidence=0",
        "v1:n=0,mean=0,m2=2,confidence=0", "v1:n=-1,mean=0,m2=0,confidence=0",
        "v1:n=2,mean=1e309,m2=0,confidence=0", "v1:n=2,mean=1,m2=0,confidence=2"})
    EXPECT_EQ(rejection<hs::MeanState>(text), ErrorKind::invalid_text) << text;
  for (const char* text : {"v1:n=1,mean=3,m2=0,confidence=0", "v1:n=2,mean=3,m2=2,confidence=0.9"})
    EXPECT_STREQ(hs::format_state(hs::parse_state<hs::MeanState>(text)).c_str(), text);
  // Non-finite fields (possible in the binary form).
  hs::MeanState s;
  s.n = 2;
  s.mean = std::nan("");
  EXPECT_NE(hs::StateTraits<hs::MeanState>::problem(s), nullptr);
  s.mean = 1.0;
  s.m2 = std::numeric_limits<double>::infinity();
  EXPECT_NE(hs::StateTraits<hs::MeanState>::problem(s), nullptr);
  s.m2 = 1.0;
  s.confidence = std::nan("");
  EXPECT_NE(hs::StateTraits<hs::MeanState>::problem(s), nullptr);
  s.confidence = 0.0;
  EXPECT_EQ(hs::StateTraits<hs::MeanState>::problem(s), nullptr);
}

TEST(StateText, MessageNamesTheTypeAndTheProblem) {
  try {
    hs::parse_state<hs::NpsState>("v1:promoters=1");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_FALSE(e.names_function());
    EXPECT_STREQ(e.what(), "invalid input syntax for type nps_state: \"v1:promoters=1\"");
    EXPECT_EQ(e.message_for("nps_state_in"),
              "invalid input syntax for type nps_state: \"v1:promoters=1\"");
    EXPECT_STREQ(e.detail(), "Expected \",\" before field \"passives\".");
  }
  try {
    hs::parse_state<hs::CesState>("v1:n=2,sum=1,sumsq=1,confidence=0,scale_max=0");
    FAIL();
  } catch (const hs::Error& e) {
    EXPECT_STREQ(e.what(),
                 "invalid input syntax for type ces_state: "
                 "\"v1:n=2,sum=1,sumsq=1,confidence=0,scale_max=0\"");
    EXPECT_STREQ(e.detail(), "The mean must lie within the scale.");
  }
}

// --- Wide (unsigned 128-bit) fields ---

std::string write_wide(unsigned __int128 v) {
  hs::Wide w;
  w.set(v);
  hs::StateTextWriter out(1);
  out.field("w", w);
  return out.c_str();
}

unsigned __int128 read_wide(const std::string& text) {
  hs::StateTextReader in(text.c_str(), "wide_test", 1);
  hs::Wide w = in.wide_field("w");
  in.finish();
  return w.get();
}

TEST(WideText, RoundTripsWithHandWrittenDigits) {
  const unsigned __int128 one = 1;
  struct Case {
    unsigned __int128 value;
    const char* digits;
  };
  const Case cases[] = {
      {0, "0"},
      {1, "1"},
      {(one << 63) - 1, "9223372036854775807"},
      {(one << 64) - 1, "18446744073709551615"},
      {one << 64, "18446744073709551616"},
      {(one << 64) + 1, "18446744073709551617"},
      {(one << 64) * 10, "184467440737095516160"},
      {(one << 127) - 1, "170141183460469231731687303715884105727"},
      {one << 127, "170141183460469231731687303715884105728"},
      {~static_cast<unsigned __int128>(0), "340282366920938463463374607431768211455"},
  };
  for (const Case& c : cases) {
    std::string text = write_wide(c.value);
    EXPECT_EQ(text, std::string("v1:w=") + c.digits);
    EXPECT_TRUE(read_wide(text) == c.value) << text;
  }
  hs::Wide w;
  w.set((one << 64) + 5);
  EXPECT_EQ(w.hi, 1u);
  EXPECT_EQ(w.lo, 5u);
  EXPECT_TRUE(w.get() == (one << 64) + 5);
}

TEST(WideText, RejectsWhatIsNotAnUnsigned128BitInteger) {
  for (const char* text : {
           "v1:w=340282366920938463463374607431768211456",  // 2^128
           "v1:w=340282366920938463463374607431768211460",
           "v1:w=999999999999999999999999999999999999999",
           "v1:w=3402823669209384634633746074317682114550",  // 10 (2^128 - 1) + 0
           "v1:w=1000000000000000000000000000000000000000000000000000",
           "v1:w=-1",
           "v1:w=+1",
           "v1:w=",
           "v1:w=x",
           "v1:w=1.5",
           "v1:w=1e3",
           "v1:w= 1",
       }) {
    try {
      read_wide(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const hs::Error& e) {
      EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_text) << text;
    }
  }
  // Leading zeros are digits like any other.
  EXPECT_TRUE(read_wide("v1:w=00018446744073709551616") == static_cast<unsigned __int128>(1) << 64);
}

}  // namespace
