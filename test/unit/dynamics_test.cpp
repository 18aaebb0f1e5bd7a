// Unit tests of time dynamics (src/core/dynamics.h) against the recurrences
// and sums written out in long double.
#include "core/dynamics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"
#include "core/exact_sum.h"

namespace {

constexpr std::int64_t kHour = 3600LL * 1000000LL;  // microseconds

TEST(Ewma, RecurrenceByHand) {
  hs::EwmaState s;
  hs::ewma_adopt(s, 0.3);
  EXPECT_FALSE(hs::ewma_result(s));
  hs::ewma_add(s, 10.0);
  EXPECT_EQ(*hs::ewma_result(s), 10.0);
  hs::ewma_add(s, 20.0);
  EXPECT_DOUBLE_EQ(*hs::ewma_result(s), 0.3 * 20 + 0.7 * 10);
  hs::ewma_add(s, 0.0);
  EXPECT_DOUBLE_EQ(*hs::ewma_result(s), 0.7 * (0.3 * 20 + 0.7 * 10));
}

TEST(Ewma, AlphaChecks) {
  hs::EwmaState s;
  EXPECT_THROW(hs::ewma_adopt(s, 0.0), hs::Error);
  EXPECT_THROW(hs::ewma_adopt(s, 1.0000001), hs::Error);
  EXPECT_THROW(hs::ewma_adopt(s, std::nan("")), hs::Error);
  hs::ewma_adopt(s, 1.0);
  EXPECT_THROW(hs::ewma_adopt(s, 0.5), hs::Error);
  EXPECT_THROW(hs::ewma_add(s, INFINITY), hs::Error);
}

TEST(EwmaTime, ClosedFormOnAnIrregularSeries) {
  // Half-life 2 days: 10 at day 0, 20 at day 1, 0 at day 4.
  hs::EwmaTimeState s;
  hs::half_life_adopt(s.half_life, 2 * 86400.0);
  hs::ewma_time_add(s, 10.0, 0);
  hs::ewma_time_add(s, 20.0, 24 * kHour);
  long double w = std::pow(2.0L, -0.5L);
  long double day1 = w * 10 + (1 - w) * 20;
  EXPECT_NEAR(*hs::ewma_time_result(s), static_cast<double>(day1), 1e-12);
  hs::ewma_time_add(s, 0.0, 4 * 24 * kHour);
  EXPECT_NEAR(*hs::ewma_time_result(s), static_cast<double>(day1 * std::pow(2.0L, -1.5L)), 1e-12);
  // Backwards in time is an error.
  EXPECT_THROW(hs::ewma_time_add(s, 5.0, 3 * 24 * kHour), hs::Error);
}

TEST(EwmaTime, TiedRowsEnterOnceAsTheirMean) {
  // Half-life 1 day: 0 on day 0, then 100 and 50 on day 1, in either order:
  // w = 1/2, s = 0.5 * 0 + 0.5 * 75 = 37.5 (first tied row only: 50 or 25).
  for (bool hundred_first : {true, false}) {
    hs::EwmaTimeState s;
    hs::half_life_adopt(s.half_life, 86400.0);
    hs::ewma_time_add(s, 0.0, 0);
    hs::ewma_time_add(s, hundred_first ? 100.0 : 50.0, 24 * kHour);
    hs::ewma_time_add(s, hundred_first ? 50.0 : 100.0, 24 * kHour);
    EXPECT_EQ(*hs::ewma_time_result(s), 37.5);
    // The next time decays from 37.5: a day later, 0.5 * 37.5 + 0.5 * 10.
    hs::ewma_time_add(s, 10.0, 48 * kHour);
    EXPECT_EQ(*hs::ewma_time_result(s), 23.75);
  }
  // Tied rows at the first time: their mean.
  hs::EwmaTimeState first;
  hs::half_life_adopt(first.half_life, 60.0);
  for (double x : {1.0, 2.0, 4.0}) hs::ewma_time_add(first, x, 5 * kHour);
  EXPECT_EQ(*hs::ewma_time_result(first), 7.0 / 3.0);
  EXPECT_EQ(hs::StateTraits<hs::EwmaTimeState>::problem(first), nullptr);
}

TEST(EwmaTime, TiedMeanIsTheSameBitsInEveryOrder) {
  // Values whose plain double sums differ by order (0.1 + 0.2 + 0.3 is not
  // 0.3 + 0.2 + 0.1): the double-double sum is exact here, so every order of
  // the tied rows gives the mean of the exact sum, rounded.
  std::vector<double> values = {0.1, 0.2, 0.3, 1e6 + 0.7, -3.25, 1.0 / 3.0, 2.5e-3};
  std::sort(values.begin(), values.end());
  hs::ExactSum exact;  // the reference: the exact sum, rounded once
  for (double v : values) exact.add(v);
  double expected = 0.5 * 10.0 + 0.5 * (exact.value() / 7.0);
  int orders = 0;
  do {
    hs::EwmaTimeState s;
    hs::half_life_adopt(s.half_life, 3600.0);
    hs::ewma_time_add(s, 10.0, 0);
    for (double v : values) hs::ewma_time_add(s, v, kHour);
    ASSERT_EQ(*hs::ewma_time_result(s), expected) << "order " << orders;
    ++orders;
  } while (std::next_permutation(values.begin(), values.end()));
  EXPECT_EQ(orders, 5040);
}

TEST(EwmaTime, SumOfTiedValuesBeyondDoubleIsAnError) {
  hs::EwmaTimeState s;
  hs::half_life_adopt(s.half_life, 60.0);
  hs::ewma_time_add(s, 1e308, 0);
  EXPECT_THROW(hs::ewma_time_add(s, 1e308, 0), hs::Error);
}

TEST(EwmaTime, GapsBeyondInt64) {
  // 4713 BC to 294276 AD is more than 2^63 microseconds: the gap must not
  // wrap to a negative number (a weight 2^+huge, then NaN).
  std::int64_t bc4713 = -211813488000000000LL;    // 4713-01-01 BC, as PostgreSQL keeps it
  std::int64_t ad294276 = 9223371331200000000LL;  // the last day PostgreSQL accepts
  hs::EwmaTimeState s;
  hs::half_life_adopt(s.half_life, 86400.0);
  hs::ewma_time_add(s, 10.0, bc4713);
  hs::ewma_time_add(s, 20.0, ad294276);
  EXPECT_EQ(*hs::ewma_time_result(s), 20.0);
  // Half-life a million Julian years: w = 2^-(gap / half_life), gap exact in
  // long double.
  double half_life = 1e6 * 365.25 * 86400;
  hs::EwmaTimeState t;
  hs::half_life_adopt(t.half_life, half_life);
  hs::ewma_time_add(t, 10.0, bc4713);
  hs::ewma_time_add(t, 20.0, ad294276);
  long double gap = static_cast<long double>(ad294276) - static_cast<long double>(bc4713);
  long double w = std::pow(2.0L, -(gap / 1e6L) / static_cast<long double>(half_life));
  EXPECT_NEAR(*hs::ewma_time_result(t), static_cast<double>(10 * w + 20 * (1 - w)), 1e-12);
}

hs::DecayState decay(double half_life_seconds, std::int64_t as_of) {
  hs::DecayState s;
  hs::half_life_adopt(s.half_life, half_life_seconds);
  hs::decay_adopt_as_of(s, as_of);
  return s;
}

TEST(Decay, SumAndMeanAgainstTheDirectSum) {
  std::mt19937_64 gen(5);
  std::uniform_real_distribution<double> value(-50, 100);
  std::uniform_int_distribution<std::int64_t> age(0, 90LL * 24 * kHour);
  std::int64_t as_of = 400LL * 24 * kHour;
  hs::DecayState s = decay(7 * 86400.0, as_of);
  long double sum = 0, weighted = 0, weights = 0;
  for (int i = 0; i < 5000; ++i) {
    double v = value(gen);
    std::int64_t at = as_of - age(gen);
    hs::decay_add(s, v, at);
    long double w = std::pow(2.0L, -(static_cast<long double>(as_of - at) / 1e6L) / (7 * 86400.0L));
    sum += v * w;
    weighted += v * w;
    weights += w;
  }
  hs::decay_add(s, 1e6, as_of + 1);  // after as_of: not counted
  EXPECT_NEAR(*hs::decayed_sum(s), static_cast<double>(sum),
              1e-9 * std::fabs(static_cast<double>(sum)));
  EXPECT_NEAR(*hs::decayed_avg(s), static_cast<double>(weighted / weights), 1e-9);
}

TEST(Decay, MergeInAnyOrderEqualsOnePass) {
  std::int64_t as_of = 1000 * kHour;
  std::vector<std::pair<double, std::int64_t>> events;
  std::mt19937_64 gen(11);
  for (int i = 0; i < 300; ++i)
    events.push_back({static_cast<double>(gen() % 100),
                      as_of - static_cast<std::int64_t>(gen() % (500 * kHour))});
  hs::DecayState all = decay(3600.0, as_of);
  for (auto& [v, at] : events) hs::decay_add(all, v, at);
  for (int split : {1, 7, 150, 299}) {
    hs::DecayState a = decay(3600.0, as_of), b = decay(3600.0, as_of);
    for (int i = 0; i < 300; ++i)
      hs::decay_add(i < split ? a : b, events[i].first, events[i].second);
    hs::DecayState ab = a;
    hs::decay_merge(ab, b);
    hs::DecayState ba = b;
    hs::decay_merge(ba, a);
    EXPECT_NEAR(*hs::decayed_avg(ab), *hs::decayed_avg(all), 1e-12 * *hs::decayed_avg(all));
    EXPECT_NEAR(*hs::decayed_avg(ba), *hs::decayed_avg(all), 1e-12 * *hs::decayed_avg(all));
    EXPECT_EQ(ab.n, 300);
  }
  // Different as_of or half-life: an error; an empty unset side yields.
  hs::DecayState other = decay(3600.0, as_of + 1);
  EXPECT_THROW(hs::decay_merge(all, other), hs::Error);
  hs::DecayState slower = decay(7200.0, as_of);
  EXPECT_THROW(hs::decay_merge(all, slower), hs::Error);
  hs::DecayState empty;
  hs::decay_merge(empty, all);
  EXPECT_EQ(empty.n, 300);
}

TEST(Decay, EventsYearsApartWithAnHourHalfLife) {
  // Ten years old, one hour apart: the weights are 2^-87600 and 2^-87599,
  // far below any double, yet their mean is (10 / 2 + 20) / (1 / 2 + 1).
  std::int64_t as_of = 87600 * kHour;
  hs::DecayState s = decay(3600.0, as_of);
  hs::decay_add(s, 10.0, 0);
  hs::decay_add(s, 20.0, kHour);
  EXPECT_NEAR(*hs::decayed_avg(s), (10.0 / 2 + 20.0) / 1.5, 1e-12);
  EXPECT_EQ(*hs::decayed_sum(s), 0.0);
  // A result that is a (subnormal) double survives: 2^-1060.
  hs::DecayState t = decay(3600.0, 1060 * kHour);
  hs::decay_add(t, 1.0, 0);
  EXPECT_EQ(*hs::decayed_sum(t), std::ldexp(1.0, -1060));
}

TEST(Decay, AgesBeyondInt64) {
  std::int64_t bc4713 = -211813488000000000LL;
  std::int64_t ad294276 = 9223371331200000000LL;
  EXPECT_EQ(
      hs::microseconds_between(bc4713, ad294276),
      static_cast<double>(static_cast<long double>(ad294276) - static_cast<long double>(bc4713)));
  hs::DecayState s = decay(86400.0, ad294276);
  hs::decay_add(s, 1.0, bc4713);
  EXPECT_EQ(*hs::decayed_sum(s), 0.0);
  double half_life = 1e6 * 365.25 * 86400;
  hs::DecayState t = decay(half_life, ad294276);
  hs::decay_add(t, 1.0, bc4713);
  hs::decay_add(t, 3.0, ad294276);
  long double gap = static_cast<long double>(ad294276) - static_cast<long double>(bc4713);
  long double w = std::pow(2.0L, -(gap / 1e6L) / static_cast<long double>(half_life));
  EXPECT_LT(w, 1.0L);
  EXPECT_NEAR(*hs::decayed_sum(t), static_cast<double>(w + 3), 1e-12);
  EXPECT_NEAR(*hs::decayed_avg(t), static_cast<double>((w + 3) / (w + 1)), 1e-12);
}

TEST(EwmaTime, HalfLifeChecks) {
  double slot = 0.0;
  EXPECT_THROW(hs::half_life_adopt(slot, 0.0), hs::Error);
  EXPECT_THROW(hs::half_life_adopt(slot, -1.0), hs::Error);
  EXPECT_THROW(hs::half_life_adopt(slot, INFINITY), hs::Error);
  hs::half_life_adopt(slot, 60.0);
  EXPECT_THROW(hs::half_life_adopt(slot, 61.0), hs::Error);
}

TEST(Decay, Validation) {
  EXPECT_NO_THROW(hs::parse_state<hs::DecayState>(
      "v1:n=0,exponent=0,sum=0,weight=0,half_life=0,as_of=0,as_of_set=0"));
  for (const char* bad : {"v1:n=1,exponent=-1,sum=1,weight=1,half_life=60,as_of=0,as_of_set=1",
                          "v1:n=1,exponent=0,sum=1,weight=0.5,half_life=60,as_of=0,as_of_set=1",
                          "v1:n=1,exponent=0,sum=1,weight=1,half_life=0,as_of=0,as_of_set=1",
                          "v1:n=0,exponent=0,sum=1,weight=0,half_life=0,as_of=0,as_of_set=0",
                          "v1:n=2,exponent=0,sum=1,weight=3,half_life=60,as_of=0,as_of_set=1"}) {
    EXPECT_THROW(hs::parse_state<hs::DecayState>(bad), hs::Error) << bad;
  }
  EXPECT_THROW(hs::parse_state<hs::EwmaTimeState>("v1:n=1,value=1,last_at=0,half_life=60"),
               hs::Error);
  EXPECT_NO_THROW(hs::parse_state<hs::EwmaTimeState>(
      "v2:n=0,value=0,weight=0,last_at=0,half_life=0,tie_n=0,tie_sum=0,tie_low=0"));
  EXPECT_NO_THROW(hs::parse_state<hs::EwmaTimeState>(
      "v2:n=3,value=5,weight=0.5,last_at=7,half_life=60,tie_n=2,tie_sum=3,tie_low=0"));
  for (const char* bad :
       {"v2:n=1,value=1,weight=0,last_at=0,half_life=0,tie_n=1,tie_sum=1,tie_low=0",
        "v2:n=3,value=5,weight=0.5,last_at=7,half_life=60,tie_n=4,tie_sum=3,tie_low=0",
        "v2:n=3,value=5,weight=0.5,last_at=7,half_life=60,tie_n=0,tie_sum=3,tie_low=0",
        "v2:n=2,value=5,weight=0,last_at=7,half_life=60,tie_n=2,tie_sum=3,tie_low=0",
        "v2:n=2,value=0,weight=0.5,last_at=7,half_life=60,tie_n=2,tie_sum=3,tie_low=0",
        "v2:n=3,value=5,weight=1.5,last_at=7,half_life=60,tie_n=2,tie_sum=3,tie_low=0",
        "v2:n=3,value=5,weight=0.5,last_at=7,half_life=60,tie_n=2,tie_sum=3,tie_low=1",
        "v2:n=3,value=5,weight=0.5,last_at=7,half_life=60,tie_n=1,tie_sum=3,tie_low=1e-300",
        "v2:n=0,value=0,weight=0,last_at=0,half_life=0,tie_n=0,tie_sum=1,tie_low=0"}) {
    EXPECT_THROW(hs::parse_state<hs::EwmaTimeState>(bad), hs::Error) << bad;
  }
  EXPECT_THROW(hs::parse_state<hs::EwmaState>("v1:n=0,value=1,alpha=0"), hs::Error);
}

}  // namespace
