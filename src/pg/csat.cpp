// SQL bindings of the CSAT family: csat(), csat_summary(),
// rollup(proportion_summary) and the proportion_state type.
#include "core/proportion.h"
#include "pg/datum.h"

namespace {

using hs::ProportionState;
using hs::pg::state_arg;
using hs::pg::state_for_update;

constexpr int kSummaryFields = 5;  // proportion_summary: responses, satisfied, pct, ci_low, ci_high

// The scale arguments (satisfied_from, scale_max) at argno and argno + 1.
void adopt_scale_args(FunctionCallInfo fcinfo, int argno, ProportionState& state) {
  hs::csat_adopt_scale(state, hs::pg::required_int32_arg(fcinfo, argno, "csat", "satisfied_from"),
                       hs::pg::required_int32_arg(fcinfo, argno + 1, "csat", "scale_max"));
}

}  // namespace

// proportion_state text input.
HS_FUNCTION(hs_proportion_state_in) { return hs::pg::state_in<ProportionState>(fcinfo); }

// proportion_state text output.
HS_FUNCTION(hs_proportion_state_out) { return hs::pg::state_out<ProportionState>(fcinfo); }

// proportion_state binary input: the version byte, then the fields.
HS_FUNCTION(hs_proportion_state_recv) { return hs::pg::state_recv<ProportionState>(fcinfo); }

// proportion_state binary output.
HS_FUNCTION(hs_proportion_state_send) { return hs::pg::state_send<ProportionState>(fcinfo); }

// Transition of csat(score) and csat_summary(score): 1..5, satisfied at 4 or 5.
HS_FUNCTION(hs_csat_accum) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  hs::csat_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of csat(score, satisfied_from, scale_max) and its csat_summary.
HS_FUNCTION(hs_csat_accum_scale) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  adopt_scale_args(fcinfo, 2, *state);
  if (!PG_ARGISNULL(1)) hs::csat_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of csat_summary(score, satisfied_from, scale_max, confidence).
HS_FUNCTION(hs_csat_accum_scale_confidence) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  adopt_scale_args(fcinfo, 2, *state);
  double confidence = hs::pg::required_float8_arg(fcinfo, 4, "csat_summary", "confidence");
  hs::adopt_confidence(state->confidence, confidence, state->responses == 0, "csat_summary");
  if (!PG_ARGISNULL(1)) hs::csat_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Combine function of every aggregate over proportion_state.
HS_FUNCTION(hs_proportion_combine) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  hs::proportion_merge(*state, state_arg<ProportionState>(fcinfo, 1), "csat");
  PG_RETURN_POINTER(state);
}

// Final function of csat(): the percentage of satisfied responses.
HS_FUNCTION(hs_csat_final) {
  return hs::pg::optional_float8(fcinfo, hs::proportion_pct(state_arg<ProportionState>(fcinfo, 0)));
}

// Final function of csat_summary() and rollup(proportion_summary).
HS_FUNCTION(hs_proportion_summary_final) {
  hs::ProportionSummary s = hs::proportion_summarize(state_arg<ProportionState>(fcinfo, 0));
  Datum values[kSummaryFields];
  bool nulls[kSummaryFields] = {false, false};
  values[0] = Int64GetDatum(s.responses);
  values[1] = Int64GetDatum(s.satisfied);
  values[2] = hs::pg::float8_or_null(s.pct, &nulls[2]);
  values[3] = hs::pg::float8_or_null(s.ci_low, &nulls[3]);
  values[4] = hs::pg::float8_or_null(s.ci_high, &nulls[4]);
  return hs::pg::make_composite(fcinfo, values, nulls);
}

namespace {

void add_summary_arg(FunctionCallInfo fcinfo, int argno, ProportionState& into) {
  Datum values[kSummaryFields];
  bool nulls[kSummaryFields];
  hs::pg::read_composite(fcinfo, argno, kSummaryFields, values, nulls);
  hs::proportion_add_summary(into, hs::pg::required_int64(values, nulls, 0, "rollup", "responses"),
                             hs::pg::required_int64(values, nulls, 1, "rollup", "satisfied"),
                             "rollup");
}

}  // namespace

// Transition of rollup(proportion_summary): adds one summary's counts.
HS_FUNCTION(hs_proportion_rollup_accum) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  add_summary_arg(fcinfo, 1, *state);
  PG_RETURN_POINTER(state);
}

// Transition of rollup(proportion_summary, confidence).
HS_FUNCTION(hs_proportion_rollup_accum_confidence) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  double confidence = hs::pg::required_float8_arg(fcinfo, 2, "rollup", "confidence");
  if (PG_ARGISNULL(1)) PG_RETURN_POINTER(state);
  hs::adopt_confidence(state->confidence, confidence, state->responses == 0, "rollup");
  add_summary_arg(fcinfo, 1, *state);
  PG_RETURN_POINTER(state);
}
