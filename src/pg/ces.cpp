// SQL bindings of the CES family: ces(), ces_summary(), rollup(mean_summary)
// and the mean_state type.
#include "core/mean.h"
#include "pg/datum.h"

namespace {

using hs::MeanState;
using hs::pg::state_arg;
using hs::pg::state_for_update;

constexpr int kSummaryFields = 5;  // mean_summary: responses, mean, stddev, ci_low, ci_high

void add_summary_arg(FunctionCallInfo fcinfo, int argno, MeanState& into) {
  Datum values[kSummaryFields];
  bool nulls[kSummaryFields];
  hs::pg::read_composite(fcinfo, argno, kSummaryFields, values, nulls);
  hs::mean_add_summary(into, hs::pg::required_int64(values, nulls, 0, "rollup", "responses"),
                       hs::pg::optional_double(values, nulls, 1),
                       hs::pg::optional_double(values, nulls, 2), "rollup");
}

}  // namespace

// mean_state text input.
HS_FUNCTION(hs_mean_state_in) { return hs::pg::state_in<MeanState>(fcinfo); }

// mean_state text output.
HS_FUNCTION(hs_mean_state_out) { return hs::pg::state_out<MeanState>(fcinfo); }

// mean_state binary input: the version byte, then the fields.
HS_FUNCTION(hs_mean_state_recv) { return hs::pg::state_recv<MeanState>(fcinfo); }

// mean_state binary output.
HS_FUNCTION(hs_mean_state_send) { return hs::pg::state_send<MeanState>(fcinfo); }

// Transition of ces(score) and ces_summary(score): scores 1..7.
HS_FUNCTION(hs_ces_accum) {
  MeanState* state = state_for_update<MeanState>(fcinfo, 0);
  hs::ces_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of ces(score, scale_max) and ces_summary(score, scale_max).
HS_FUNCTION(hs_ces_accum_scale) {
  MeanState* state = state_for_update<MeanState>(fcinfo, 0);
  hs::ces_adopt_scale(*state, hs::pg::required_int32_arg(fcinfo, 2, "ces", "scale_max"));
  if (!PG_ARGISNULL(1)) hs::ces_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of ces_summary(score, scale_max, confidence).
HS_FUNCTION(hs_ces_accum_scale_confidence) {
  MeanState* state = state_for_update<MeanState>(fcinfo, 0);
  hs::ces_adopt_scale(*state, hs::pg::required_int32_arg(fcinfo, 2, "ces", "scale_max"));
  double confidence = hs::pg::required_float8_arg(fcinfo, 3, "ces_summary", "confidence");
  hs::adopt_confidence(state->confidence, confidence, state->n == 0, "ces_summary");
  if (!PG_ARGISNULL(1)) hs::ces_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Combine function of every aggregate over mean_state (Chan's merge).
HS_FUNCTION(hs_mean_combine) {
  MeanState* state = state_for_update<MeanState>(fcinfo, 0);
  hs::mean_merge(*state, state_arg<MeanState>(fcinfo, 1), "ces");
  PG_RETURN_POINTER(state);
}

// Final function of ces(): the mean score.
HS_FUNCTION(hs_ces_final) {
  return hs::pg::optional_float8(fcinfo, hs::mean_value(state_arg<MeanState>(fcinfo, 0)));
}

// Final function of ces_summary() and rollup(mean_summary).
HS_FUNCTION(hs_mean_summary_final) {
  hs::MeanSummary s = hs::mean_summarize(state_arg<MeanState>(fcinfo, 0));
  Datum values[kSummaryFields];
  bool nulls[kSummaryFields] = {false};
  values[0] = Int64GetDatum(s.responses);
  values[1] = hs::pg::float8_or_null(s.mean, &nulls[1]);
  values[2] = hs::pg::float8_or_null(s.stddev, &nulls[2]);
  values[3] = hs::pg::float8_or_null(s.ci_low, &nulls[3]);
  values[4] = hs::pg::float8_or_null(s.ci_high, &nulls[4]);
  return hs::pg::make_composite(fcinfo, values, nulls);
}

// Transition of rollup(mean_summary): merges one summary.
HS_FUNCTION(hs_mean_rollup_accum) {
  MeanState* state = state_for_update<MeanState>(fcinfo, 0);
  add_summary_arg(fcinfo, 1, *state);
  PG_RETURN_POINTER(state);
}

// Transition of rollup(mean_summary, confidence).
HS_FUNCTION(hs_mean_rollup_accum_confidence) {
  MeanState* state = state_for_update<MeanState>(fcinfo, 0);
  double confidence = hs::pg::required_float8_arg(fcinfo, 2, "rollup", "confidence");
  if (PG_ARGISNULL(1)) PG_RETURN_POINTER(state);
  hs::adopt_confidence(state->confidence, confidence, state->n == 0, "rollup");
  add_summary_arg(fcinfo, 1, *state);
  PG_RETURN_POINTER(state);
}
