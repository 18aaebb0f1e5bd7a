// SQL bindings of the CES family: ces(), ces_summary() and the ces_state
// type (exact integer sums), rollup(mean_summary) and the mean_state type.
#include "core/ces.h"
#include "pg/datum.h"

using hs::CesState;
using hs::MeanState;
using hs::MeanSummary;
using hs::pg::state_for_update;

// ces_state: text form 'v1:n=..,sum=..,sumsq=..,confidence=..,scale_max=..' and binary form.
HS_STATE_TYPE_IO(hs_ces_state, CesState)

// mean_state: text form 'v1:n=..,mean=..,m2=..,confidence=..' and binary form.
HS_STATE_TYPE_IO(hs_mean_state, MeanState)

// Transition of ces(score) and ces_summary(score): scores 1..7.
HS_FUNCTION(hs_ces_accum) {
  CesState* state = state_for_update<CesState>(fcinfo, 0);
  hs::ces_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of ces(score, scale_max) and ces_summary(score, scale_max [,
// confidence]): the parameters are checked on every row, NULL scores included.
HS_FUNCTION(hs_ces_accum_scale) {
  CesState* state = state_for_update<CesState>(fcinfo, 0);
  hs::ces_adopt_scale(*state, hs::pg::required_int32_arg(fcinfo, 2, "scale_max"));
  if (PG_NARGS() > 3)
    hs::adopt_confidence(state->confidence, hs::pg::required_float8_arg(fcinfo, 3, "confidence"));
  if (!PG_ARGISNULL(1)) hs::ces_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Combine function of the CES aggregates: adds the exact sums.
HS_FUNCTION(hs_ces_combine) { return hs::pg::combine<CesState, hs::ces_merge>(fcinfo); }

// Final function of ces(): the mean score.
HS_FUNCTION(hs_ces_final) {
  return hs::pg::optional_float8(fcinfo, hs::ces_mean(hs::pg::state_arg<CesState>(fcinfo, 0)));
}

// Final function of ces_summary(): mean, stddev and Student t interval.
HS_FUNCTION(hs_ces_summary_final) {
  return hs::pg::summary_final<CesState, MeanSummary, hs::ces_summarize>(fcinfo);
}

// Transition of rollup(mean_summary [, confidence]): merges one summary (Chan).
HS_FUNCTION(hs_mean_rollup_accum) {
  return hs::pg::rollup_accum<MeanState, MeanSummary, hs::mean_add_summary>(fcinfo);
}

// Combine function of rollup(mean_summary): Chan's merge.
HS_FUNCTION(hs_mean_combine) { return hs::pg::combine<MeanState, hs::mean_merge>(fcinfo); }

// Final function of rollup(mean_summary).
HS_FUNCTION(hs_mean_summary_final) {
  return hs::pg::summary_final<MeanState, MeanSummary, hs::mean_summarize>(fcinfo);
}
