// SQL bindings of time dynamics (README, Time dynamics): ewma() and ewma_time(),
// order-dependent running aggregates, and decayed_sum() and decayed_avg(),
// parallel aggregates, with their state types.
#include "core/dynamics.h"
#include "pg/datum.h"

extern "C" {
#include "datatype/timestamp.h"
#include "utils/timestamp.h"
}

namespace {

using hs::DecayState;
using hs::EwmaState;
using hs::EwmaTimeState;
using hs::pg::state_for_update;

[[noreturn]] void throw_infinite_time(const char* what) {
  throw hs::Error::after_function(hs::ErrorKind::invalid_parameter,
                                  std::string(" ") + what + " must be a finite time",
                                  "-infinity and infinity are not moments to decay from.");
}

// A timestamptz argument: finite (22023 otherwise), NULL an error named `what`.
inline std::int64_t timestamp_arg(FunctionCallInfo fcinfo, int argno, const char* what) {
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter(what);
  TimestampTz ts = PG_GETARG_TIMESTAMPTZ(argno);
  if (TIMESTAMP_NOT_FINITE(ts)) throw_infinite_time(what);
  return ts;
}

// A half-life argument in microseconds and in seconds, counted as
// EXTRACT(EPOCH FROM interval) counts it (a month is 30 days, a year 365.25
// days). Cached per call site: a constant half-life is converted once.
struct HalfLife {
  Interval span;
  double microseconds;
  double seconds;
};

const HalfLife& half_life_arg(FunctionCallInfo fcinfo, int argno) {
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter("half_life");
  const Interval* span = PG_GETARG_INTERVAL_P(argno);
  auto* cache = static_cast<HalfLife*>(fcinfo->flinfo->fn_extra);
  if (cache != nullptr && span->time == cache->span.time && span->day == cache->span.day &&
      span->month == cache->span.month)
    return *cache;
  if (cache == nullptr) {
    FmgrInfo* flinfo = fcinfo->flinfo;
    cache = static_cast<HalfLife*>(hs::pg::call_pg(
        [flinfo] { return MemoryContextAlloc(flinfo->fn_mcxt, sizeof(HalfLife)); }));
    flinfo->fn_extra = cache;
  }
  // Whole days and months are exact integers of microseconds in a double.
  double us = static_cast<double>(span->time);
  us += (DAYS_PER_YEAR * USECS_PER_DAY) * (span->month / MONTHS_PER_YEAR);
  us += (static_cast<double>(DAYS_PER_MONTH) * USECS_PER_DAY) * (span->month % MONTHS_PER_YEAR);
  us += static_cast<double>(USECS_PER_DAY) * span->day;
  cache->span = *span;
  cache->microseconds = us;
  cache->seconds = us / 1e6;
  return *cache;
}

}  // namespace

// ewma_state: text form 'v1:n=..,value=..,alpha=..' and binary form.
HS_STATE_TYPE_IO(hs_ewma_state, EwmaState)

// ewma_time_state: text form
// 'v2:n=..,value=..,weight=..,last_at=..,half_life=..,tie_n=..,tie_sum=..,tie_low=..' and binary
// form.
HS_STATE_TYPE_IO(hs_ewma_time_state, EwmaTimeState)

// decay_state: text form 'v1:n=..,exponent=..,sum=..,weight=..,half_life=..,as_of=..,as_of_set=..'.
HS_STATE_TYPE_IO(hs_decay_state, DecayState)

// Transition of ewma(x, alpha): alpha checked on every row, NULL x skipped.
HS_FUNCTION(hs_ewma_accum) {
  EwmaState* state = state_for_update<EwmaState>(fcinfo, 0);
  hs::ewma_adopt(*state, hs::pg::required_float8_arg(fcinfo, 2, "alpha"));
  if (!PG_ARGISNULL(1)) hs::ewma_add(*state, PG_GETARG_FLOAT8(1));
  PG_RETURN_POINTER(state);
}

// Final function of ewma(): the smoothed value, NULL without values.
HS_FUNCTION(hs_ewma_final) {
  return hs::pg::optional_float8(fcinfo, hs::ewma_result(hs::pg::state_arg<EwmaState>(fcinfo, 0)));
}

// Transition of ewma_time(x, at, half_life): the half-life checked on every
// row; a NULL x is skipped; rows must come in time order, rows at the same
// time enter as their mean.
HS_FUNCTION(hs_ewma_time_accum) {
  EwmaTimeState* state = state_for_update<EwmaTimeState>(fcinfo, 0);
  hs::half_life_adopt(state->half_life, half_life_arg(fcinfo, 3).seconds);
  if (PG_ARGISNULL(1)) PG_RETURN_POINTER(state);
  hs::ewma_time_add(*state, PG_GETARG_FLOAT8(1), timestamp_arg(fcinfo, 2, "at"));
  PG_RETURN_POINTER(state);
}

// Final function of ewma_time(): the smoothed value, NULL without values.
HS_FUNCTION(hs_ewma_time_final) {
  return hs::pg::optional_float8(fcinfo,
                                 hs::ewma_time_result(hs::pg::state_arg<EwmaTimeState>(fcinfo, 0)));
}

// Transition of decayed_sum() and decayed_avg(value, at, half_life, as_of):
// parameters checked on every row; NULL values and events after as_of skipped.
HS_FUNCTION(hs_decay_accum) {
  DecayState* state = state_for_update<DecayState>(fcinfo, 0);
  const HalfLife& half_life = half_life_arg(fcinfo, 3);
  hs::half_life_adopt(state->half_life, half_life.seconds);
  hs::decay_adopt_as_of(*state, timestamp_arg(fcinfo, 4, "as_of"));
  if (PG_ARGISNULL(1)) PG_RETURN_POINTER(state);
  hs::decay_add(*state, PG_GETARG_FLOAT8(1), timestamp_arg(fcinfo, 2, "at"),
                half_life.microseconds);
  PG_RETURN_POINTER(state);
}

// Combine function of decayed_sum() and decayed_avg().
HS_FUNCTION(hs_decay_combine) { return hs::pg::combine<DecayState, hs::decay_merge>(fcinfo); }

// Final function of decayed_sum(): sum of value * 2^(-(as_of - at) / half_life).
HS_FUNCTION(hs_decayed_sum_final) {
  return hs::pg::optional_float8(fcinfo, hs::decayed_sum(hs::pg::state_arg<DecayState>(fcinfo, 0)));
}

// Final function of decayed_avg(): the decay-weighted mean of the values.
HS_FUNCTION(hs_decayed_avg_final) {
  return hs::pg::optional_float8(fcinfo, hs::decayed_avg(hs::pg::state_arg<DecayState>(fcinfo, 0)));
}
