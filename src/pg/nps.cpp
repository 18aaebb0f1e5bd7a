// SQL bindings of the NPS family: nps(), nps_summary(), rollup(nps_summary),
// nps_category(), nps_change() and the nps_state type.
#include "core/nps.h"
#include "pg/datum.h"

using hs::NpsState;
using hs::NpsSummary;
using hs::pg::state_for_update;

// nps_state: text form 'v1:promoters=..,passives=..,detractors=..,confidence=..' and binary form.
HS_STATE_TYPE_IO(hs_nps_state, NpsState)

// Transition of nps(score) and nps_summary(score): counts one response.
HS_FUNCTION(hs_nps_accum) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  hs::nps_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of nps_summary(score, confidence): the confidence is checked on
// every row, NULL scores included.
HS_FUNCTION(hs_nps_accum_confidence) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  hs::adopt_confidence(state->confidence, hs::pg::required_float8_arg(fcinfo, 2, "confidence"));
  if (!PG_ARGISNULL(1)) hs::nps_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Combine function of every aggregate over nps_state: adds the counts.
HS_FUNCTION(hs_nps_combine) { return hs::pg::combine<NpsState, hs::nps_merge>(fcinfo); }

// Final function of nps(): 100 * (promoters - detractors) / responses.
HS_FUNCTION(hs_nps_final) {
  return hs::pg::optional_float8(fcinfo, hs::nps_value(hs::pg::state_arg<NpsState>(fcinfo, 0)));
}

// Final function of nps_summary() and rollup(nps_summary): the nps_summary composite.
HS_FUNCTION(hs_nps_summary_final) {
  return hs::pg::summary_final<NpsState, NpsSummary, hs::nps_summarize>(fcinfo);
}

// Transition of rollup(nps_summary [, confidence]): adds one summary's counts.
HS_FUNCTION(hs_nps_rollup_accum) {
  return hs::pg::rollup_accum<NpsState, NpsSummary, hs::nps_add_summary>(fcinfo);
}

// nps_category(score): 'promoter' (9-10), 'passive' (7-8) or 'detractor' (0-6).
HS_FUNCTION(hs_nps_category) {
  const char* category = hs::nps_category(PG_GETARG_INT32(0));
  return PointerGetDatum(hs::pg::call_pg([category] { return cstring_to_text(category); }));
}

// nps_change(before, after [, confidence]): delta and its standard error, the
// pooled-variance z test (z, two-sided p-value) and the adjusted-Wald interval
// of the difference. NULL when a summary is NULL; a NULL confidence is an error.
HS_FUNCTION(hs_nps_change) {
  double confidence = hs::pg::required_float8_arg(fcinfo, 2, "confidence");
  hs::check_confidence(confidence);
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) PG_RETURN_NULL();
  hs::NpsChange change = hs::nps_change(hs::pg::row_arg<NpsSummary>(fcinfo, 0),
                                        hs::pg::row_arg<NpsSummary>(fcinfo, 1), confidence);
  return hs::pg::row_datum(fcinfo, change);
}

// nps_cluster_state: text form
// 'v1:clusters=..,promoters=..,passives=..,detractors=..,sum_n2=..,sum_y2=..,sum_yn_pos=..,sum_yn_neg=..,confidence=..'
// and binary form.
HS_STATE_TYPE_IO(hs_nps_cluster_state, hs::NpsClusterState)

// Transition of nps_clustered(summary [, confidence]): adds one cluster.
HS_FUNCTION(hs_nps_clustered_accum) {
  return hs::pg::rollup_accum<hs::NpsClusterState, NpsSummary, hs::nps_cluster_add>(fcinfo);
}

// Combine function of nps_clustered(): adds the clusters of two partial states.
HS_FUNCTION(hs_nps_clustered_combine) {
  return hs::pg::combine<hs::NpsClusterState, hs::nps_cluster_merge>(fcinfo);
}

// Final function of nps_clustered(): rollup's counts and NPS with the
// cluster-robust standard error and Student t interval.
HS_FUNCTION(hs_nps_clustered_final) {
  return hs::pg::summary_final<hs::NpsClusterState, NpsSummary, hs::nps_cluster_summarize>(fcinfo);
}
