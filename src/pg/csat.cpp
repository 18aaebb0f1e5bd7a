// SQL bindings of the CSAT family: csat(), csat_summary(),
// rollup(proportion_summary) and the proportion_state type.
#include "core/csat.h"
#include "pg/datum.h"

using hs::ProportionState;
using hs::ProportionSummary;
using hs::pg::state_for_update;

// proportion_state: text form
// 'v1:responses=..,satisfied=..,confidence=..,satisfied_from=..,scale_max=..'.
HS_STATE_TYPE_IO(hs_proportion_state, ProportionState)

// Transition of csat(score) and csat_summary(score): 1..5, satisfied at 4 or 5.
HS_FUNCTION(hs_csat_accum) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  hs::csat_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of csat(score, satisfied_from, scale_max), csat_summary(score,
// satisfied_from, scale_max [, confidence]): the parameters are checked on
// every row, NULL scores included.
HS_FUNCTION(hs_csat_accum_scale) {
  ProportionState* state = state_for_update<ProportionState>(fcinfo, 0);
  hs::csat_adopt_scale(*state, hs::pg::required_int32_arg(fcinfo, 2, "satisfied_from"),
                       hs::pg::required_int32_arg(fcinfo, 3, "scale_max"));
  if (PG_NARGS() > 4)
    hs::adopt_confidence(state->confidence, hs::pg::required_float8_arg(fcinfo, 4, "confidence"));
  if (!PG_ARGISNULL(1)) hs::csat_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Combine function of every aggregate over proportion_state.
HS_FUNCTION(hs_proportion_combine) {
  return hs::pg::combine<ProportionState, hs::proportion_merge>(fcinfo);
}

// Final function of csat(): the percentage of satisfied responses.
HS_FUNCTION(hs_csat_final) {
  return hs::pg::optional_float8(fcinfo,
                                 hs::proportion_pct(hs::pg::state_arg<ProportionState>(fcinfo, 0)));
}

// Final function of csat_summary() and rollup(proportion_summary).
HS_FUNCTION(hs_proportion_summary_final) {
  return hs::pg::summary_final<ProportionState, ProportionSummary, hs::proportion_summarize>(
      fcinfo);
}

// Transition of rollup(proportion_summary [, confidence]): adds one summary's counts.
HS_FUNCTION(hs_proportion_rollup_accum) {
  return hs::pg::rollup_accum<ProportionState, ProportionSummary, hs::proportion_add_summary>(
      fcinfo);
}
