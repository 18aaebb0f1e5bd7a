// Unit tests of time dynamics (src/core/dynamics.h) against the recurrences
// and sums written out in long double.
#include "core/dynamics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"

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
  // Backwards in time is an error; equal times keep the value.
  EXPECT_THROW(hs::ewma_time_add(s, 5.0, 3 * 24 * kHour), hs::Error);
  double before = *hs::ewma_time_result(s);
  hs::ewma_time_add(s, 100.0, 4 * 24 * kHour);
  EXPECT_EQ(*hs::ewma_time_result(s), before);
}

TEST(EwmaTime, HalfLifeChecks) {
  double slot = 0.0;
  EXPECT_THROW(hs::half_life_adopt(slot, 0.0), hs::Error);
  EXPECT_THROW(hs::half_life_adopt(slot, -1.0), hs::Error);
  EXPECT_THROW(hs::half_life_adopt(slot, INFINITY), hs::Error);
  hs::half_life_adopt(slot, 60.0);
  EXPECT_THROW(hs::half_life_adopt(slot, 61.0), hs::Error);
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
  EXPECT_THROW(hs::parse_state<hs::EwmaTimeState>("v1:n=1,value=1,last_at=0,half_life=0"),
               hs::Error);
  EXPECT_THROW(hs::parse_state<hs::EwmaState>("v1:n=0,value=1,alpha=0"), hs::Error);
}

}  // namespace
