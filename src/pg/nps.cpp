// SQL bindings of the NPS family: nps(), nps_summary(), rollup(nps_summary),
// nps_category(), nps_change() and the nps_state type.
#include "core/nps.h"
#include "pg/datum.h"

namespace {

using hs::NpsState;
using hs::pg::state_arg;
using hs::pg::state_for_update;

constexpr int kSummaryFields = 8;  // nps_summary: 4 counts, nps, std_error, ci_low, ci_high

// Reads the counts of an nps_summary argument and adds them to `into`.
void add_summary_arg(FunctionCallInfo fcinfo, int argno, NpsState& into, const char* function) {
  Datum values[kSummaryFields];
  bool nulls[kSummaryFields];
  hs::pg::read_composite(fcinfo, argno, kSummaryFields, values, nulls);
  hs::nps_add_summary(into, hs::pg::required_int64(values, nulls, 0, function, "responses"),
                      hs::pg::required_int64(values, nulls, 1, function, "promoters"),
                      hs::pg::required_int64(values, nulls, 2, function, "passives"),
                      hs::pg::required_int64(values, nulls, 3, function, "detractors"), function);
}

}  // namespace

// nps_state text input: 'v1:promoters=..,passives=..,detractors=..,confidence=..'.
HS_FUNCTION(hs_nps_state_in) { return hs::pg::state_in<NpsState>(fcinfo); }

// nps_state text output.
HS_FUNCTION(hs_nps_state_out) { return hs::pg::state_out<NpsState>(fcinfo); }

// nps_state binary input: the version byte, then the fields.
HS_FUNCTION(hs_nps_state_recv) { return hs::pg::state_recv<NpsState>(fcinfo); }

// nps_state binary output.
HS_FUNCTION(hs_nps_state_send) { return hs::pg::state_send<NpsState>(fcinfo); }

// Transition of nps(score) and nps_summary(score): counts one response.
HS_FUNCTION(hs_nps_accum) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  hs::nps_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Transition of nps_summary(score, confidence).
HS_FUNCTION(hs_nps_accum_confidence) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  double confidence = hs::pg::required_float8_arg(fcinfo, 2, "nps_summary", "confidence");
  if (PG_ARGISNULL(1)) PG_RETURN_POINTER(state);
  hs::adopt_confidence(state->confidence, confidence, hs::nps_responses(*state) == 0,
                       "nps_summary");
  hs::nps_add(*state, PG_GETARG_INT32(1));
  PG_RETURN_POINTER(state);
}

// Combine function of every aggregate over nps_state: adds the counts.
HS_FUNCTION(hs_nps_combine) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  hs::nps_merge(*state, state_arg<NpsState>(fcinfo, 1), "nps");
  PG_RETURN_POINTER(state);
}

// Final function of nps(): 100 * (promoters - detractors) / responses.
HS_FUNCTION(hs_nps_final) {
  return hs::pg::optional_float8(fcinfo, hs::nps_value(state_arg<NpsState>(fcinfo, 0)));
}

// Final function of nps_summary() and rollup(nps_summary): the nps_summary composite.
HS_FUNCTION(hs_nps_summary_final) {
  hs::NpsSummary s = hs::nps_summarize(state_arg<NpsState>(fcinfo, 0));
  Datum values[kSummaryFields];
  bool nulls[kSummaryFields] = {false, false, false, false};
  values[0] = Int64GetDatum(s.responses);
  values[1] = Int64GetDatum(s.promoters);
  values[2] = Int64GetDatum(s.passives);
  values[3] = Int64GetDatum(s.detractors);
  values[4] = hs::pg::float8_or_null(s.nps, &nulls[4]);
  values[5] = hs::pg::float8_or_null(s.std_error, &nulls[5]);
  values[6] = hs::pg::float8_or_null(s.ci_low, &nulls[6]);
  values[7] = hs::pg::float8_or_null(s.ci_high, &nulls[7]);
  return hs::pg::make_composite(fcinfo, values, nulls);
}

// Transition of rollup(nps_summary): adds one summary's counts.
HS_FUNCTION(hs_nps_rollup_accum) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  add_summary_arg(fcinfo, 1, *state, "rollup");
  PG_RETURN_POINTER(state);
}

// Transition of rollup(nps_summary, confidence).
HS_FUNCTION(hs_nps_rollup_accum_confidence) {
  NpsState* state = state_for_update<NpsState>(fcinfo, 0);
  double confidence = hs::pg::required_float8_arg(fcinfo, 2, "rollup", "confidence");
  if (PG_ARGISNULL(1)) PG_RETURN_POINTER(state);
  hs::adopt_confidence(state->confidence, confidence, hs::nps_responses(*state) == 0, "rollup");
  add_summary_arg(fcinfo, 1, *state, "rollup");
  PG_RETURN_POINTER(state);
}

// nps_category(score): 'promoter' (9-10), 'passive' (7-8) or 'detractor' (0-6).
HS_FUNCTION(hs_nps_category) {
  PG_RETURN_TEXT_P(cstring_to_text(hs::nps_category(PG_GETARG_INT32(0))));
}

// nps_change(before, after): delta, std_error, z and two-sided p-value.
HS_FUNCTION(hs_nps_change) {
  NpsState before;
  NpsState after;
  add_summary_arg(fcinfo, 0, before, "nps_change");
  add_summary_arg(fcinfo, 1, after, "nps_change");
  hs::NpsChange c = hs::nps_change(before, after);
  Datum values[4];
  bool nulls[4];
  values[0] = hs::pg::float8_or_null(c.delta, &nulls[0]);
  values[1] = hs::pg::float8_or_null(c.std_error, &nulls[1]);
  values[2] = hs::pg::float8_or_null(c.z, &nulls[2]);
  values[3] = hs::pg::float8_or_null(c.p_value, &nulls[3]);
  return hs::pg::make_composite(fcinfo, values, nulls);
}
