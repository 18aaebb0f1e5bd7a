// SQL bindings of fit, then apply (SPEC section 2b): the minmax_fit and
// zscore_fit aggregates and types, and minmax_apply(), zscore_apply() and
// normal_apply(), which score values against a fit without a window sort.
#include "core/error.h"
#include "core/normalize.h"
#include "pg/datum.h"

namespace {

using hs::MinMaxFit;
using hs::ZscoreFit;
using hs::pg::state_arg;
using hs::pg::state_for_update;

double value_arg(FunctionCallInfo fcinfo, int argno, const char* fn) {
  double x = PG_GETARG_FLOAT8(argno);
  hs::require_finite(fn, "value", x);
  return x;
}

bool higher_is_better_arg(FunctionCallInfo fcinfo, int argno, const char* fn) {
  if (PG_NARGS() <= argno) return true;
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter(fn, "higher_is_better");
  return PG_GETARG_BOOL(argno);
}

// The final value of a fit aggregate: the fit itself, NULL without values.
template <typename Fit>
Datum fit_result(FunctionCallInfo fcinfo) {
  const Fit& fit = state_arg<Fit>(fcinfo, 0);
  if (fit.n == 0) PG_RETURN_NULL();
  return hs::pg::state_datum(fit);
}

}  // namespace

// minmax_fit text input: 'v1:n=..,min=..,max=..'.
HS_FUNCTION(hs_minmax_fit_in) { return hs::pg::state_in<MinMaxFit>(fcinfo); }

// minmax_fit text output.
HS_FUNCTION(hs_minmax_fit_out) { return hs::pg::state_out<MinMaxFit>(fcinfo); }

// minmax_fit binary input.
HS_FUNCTION(hs_minmax_fit_recv) { return hs::pg::state_recv<MinMaxFit>(fcinfo); }

// minmax_fit binary output.
HS_FUNCTION(hs_minmax_fit_send) { return hs::pg::state_send<MinMaxFit>(fcinfo); }

// Transition of minmax_fit(x): count, min and max of the non-NULL values.
HS_FUNCTION(hs_minmax_fit_accum) {
  MinMaxFit* fit = state_for_update<MinMaxFit>(fcinfo, 0);
  hs::minmax_add(*fit, value_arg(fcinfo, 1, "minmax_fit"));
  PG_RETURN_POINTER(fit);
}

// Combine function of minmax_fit().
HS_FUNCTION(hs_minmax_fit_combine) {
  MinMaxFit* fit = state_for_update<MinMaxFit>(fcinfo, 0);
  hs::minmax_merge(*fit, state_arg<MinMaxFit>(fcinfo, 1));
  PG_RETURN_POINTER(fit);
}

// Final function of minmax_fit(): the fit, NULL without values.
HS_FUNCTION(hs_minmax_fit_final) { return fit_result<MinMaxFit>(fcinfo); }

// minmax_apply(fit, x [, higher_is_better]): 100 * (x - min) / (max - min), clamped to 0..100.
HS_FUNCTION(hs_minmax_apply) {
  const MinMaxFit& fit = state_arg<MinMaxFit>(fcinfo, 0);
  double x = value_arg(fcinfo, 1, "minmax_apply");
  bool higher_is_better = higher_is_better_arg(fcinfo, 2, "minmax_apply");
  return hs::pg::optional_float8(fcinfo, hs::minmax_apply(fit, x, higher_is_better));
}

// zscore_fit text input: 'v1:n=..,mean=..,m2=..'.
HS_FUNCTION(hs_zscore_fit_in) { return hs::pg::state_in<ZscoreFit>(fcinfo); }

// zscore_fit text output.
HS_FUNCTION(hs_zscore_fit_out) { return hs::pg::state_out<ZscoreFit>(fcinfo); }

// zscore_fit binary input.
HS_FUNCTION(hs_zscore_fit_recv) { return hs::pg::state_recv<ZscoreFit>(fcinfo); }

// zscore_fit binary output.
HS_FUNCTION(hs_zscore_fit_send) { return hs::pg::state_send<ZscoreFit>(fcinfo); }

// Transition of zscore_fit(x): Welford's update of count, mean and M2.
HS_FUNCTION(hs_zscore_fit_accum) {
  ZscoreFit* fit = state_for_update<ZscoreFit>(fcinfo, 0);
  hs::zscore_add(*fit, value_arg(fcinfo, 1, "zscore_fit"));
  PG_RETURN_POINTER(fit);
}

// Combine function of zscore_fit(): Chan's merge.
HS_FUNCTION(hs_zscore_fit_combine) {
  ZscoreFit* fit = state_for_update<ZscoreFit>(fcinfo, 0);
  hs::zscore_merge(*fit, state_arg<ZscoreFit>(fcinfo, 1));
  PG_RETURN_POINTER(fit);
}

// Final function of zscore_fit(): the fit, NULL without values.
HS_FUNCTION(hs_zscore_fit_final) { return fit_result<ZscoreFit>(fcinfo); }

// zscore_apply(fit, x): (x - mean) / stddev_samp.
HS_FUNCTION(hs_zscore_apply) {
  const ZscoreFit& fit = state_arg<ZscoreFit>(fcinfo, 0);
  return hs::pg::optional_float8(fcinfo,
                                 hs::zscore_apply(fit, value_arg(fcinfo, 1, "zscore_apply")));
}

// normal_apply(fit, x [, higher_is_better]): 100 * Phi((x - mean) / stddev_samp).
HS_FUNCTION(hs_normal_apply) {
  const ZscoreFit& fit = state_arg<ZscoreFit>(fcinfo, 0);
  double x = value_arg(fcinfo, 1, "normal_apply");
  bool higher_is_better = higher_is_better_arg(fcinfo, 2, "normal_apply");
  return hs::pg::optional_float8(fcinfo, hs::normal_apply(fit, x, higher_is_better));
}
