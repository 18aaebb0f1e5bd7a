// SQL bindings of fit, then apply (README, Normalizing raw metrics): the minmax_fit and
// zscore_fit aggregates and types, and minmax_apply(), zscore_apply() and
// normal_apply(), which score values against a fit without a window sort.
#include "core/error.h"
#include "core/fit.h"
#include "pg/datum.h"

namespace {

using hs::MinMaxFit;
using hs::ZscoreFit;
using hs::pg::fit_arg;
using hs::pg::state_for_update;

double value_arg(FunctionCallInfo fcinfo, int argno) {
  double x = PG_GETARG_FLOAT8(argno);
  hs::require_finite("value", x);
  return x;
}

bool higher_is_better_arg(FunctionCallInfo fcinfo, int argno) {
  if (PG_NARGS() <= argno) return true;
  if (PG_ARGISNULL(argno)) hs::throw_null_parameter("higher_is_better");
  return PG_GETARG_BOOL(argno);
}

// The final value of a fit aggregate: the fit itself, NULL without values.
template <typename Fit>
Datum fit_result(FunctionCallInfo fcinfo) {
  const Fit& fit = fit_arg<Fit>(fcinfo, 0);
  if (fit.n == 0) PG_RETURN_NULL();
  return hs::pg::state_datum(fit);
}

}  // namespace

// minmax_fit: text form 'v1:n=..,min=..,max=..' and binary form.
HS_STATE_TYPE_IO(hs_minmax_fit, MinMaxFit)

// zscore_fit: text form 'v1:n=..,mean=..,m2=..' and binary form.
HS_STATE_TYPE_IO(hs_zscore_fit, ZscoreFit)

// Transition of minmax_fit(x): count, min and max of the non-NULL values.
HS_FUNCTION(hs_minmax_fit_accum) {
  MinMaxFit* fit = state_for_update<MinMaxFit>(fcinfo, 0);
  fit_arg<MinMaxFit>(fcinfo, 0);
  hs::minmax_add(*fit, value_arg(fcinfo, 1));
  PG_RETURN_POINTER(fit);
}

// Combine function of minmax_fit().
HS_FUNCTION(hs_minmax_fit_combine) {
  fit_arg<MinMaxFit>(fcinfo, 0);
  fit_arg<MinMaxFit>(fcinfo, 1);
  return hs::pg::combine<MinMaxFit, hs::minmax_merge>(fcinfo);
}

// Final function of minmax_fit(): the fit, NULL without values.
HS_FUNCTION(hs_minmax_fit_final) { return fit_result<MinMaxFit>(fcinfo); }

// minmax_apply(fit, x [, higher_is_better]): 100 * (x - min) / (max - min), clamped to 0..100.
// A NULL fit or x gives NULL; a NULL higher_is_better is an error.
HS_FUNCTION(hs_minmax_apply) {
  bool higher_is_better = higher_is_better_arg(fcinfo, 2);
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) PG_RETURN_NULL();
  const MinMaxFit& fit = fit_arg<MinMaxFit>(fcinfo, 0);
  double x = value_arg(fcinfo, 1);
  return hs::pg::optional_float8(fcinfo, hs::minmax_apply(fit, x, higher_is_better));
}

// Transition of zscore_fit(x): Welford's update of count, mean and M2.
HS_FUNCTION(hs_zscore_fit_accum) {
  ZscoreFit* fit = state_for_update<ZscoreFit>(fcinfo, 0);
  fit_arg<ZscoreFit>(fcinfo, 0);
  hs::zscore_add(*fit, value_arg(fcinfo, 1));
  PG_RETURN_POINTER(fit);
}

// Combine function of zscore_fit(): Chan's merge.
HS_FUNCTION(hs_zscore_fit_combine) {
  fit_arg<ZscoreFit>(fcinfo, 0);
  fit_arg<ZscoreFit>(fcinfo, 1);
  return hs::pg::combine<ZscoreFit, hs::zscore_merge>(fcinfo);
}

// Final function of zscore_fit(): the fit, NULL without values.
HS_FUNCTION(hs_zscore_fit_final) { return fit_result<ZscoreFit>(fcinfo); }

// zscore_apply(fit, x): (x - mean) / stddev_samp.
HS_FUNCTION(hs_zscore_apply) {
  const ZscoreFit& fit = fit_arg<ZscoreFit>(fcinfo, 0);
  return hs::pg::optional_float8(fcinfo, hs::zscore_apply(fit, value_arg(fcinfo, 1)));
}

// normal_apply(fit, x [, higher_is_better]): 100 * Phi((x - mean) / stddev_samp).
// A NULL fit or x gives NULL; a NULL higher_is_better is an error.
HS_FUNCTION(hs_normal_apply) {
  bool higher_is_better = higher_is_better_arg(fcinfo, 2);
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) PG_RETURN_NULL();
  const ZscoreFit& fit = fit_arg<ZscoreFit>(fcinfo, 0);
  double x = value_arg(fcinfo, 1);
  return hs::pg::optional_float8(fcinfo, hs::normal_apply(fit, x, higher_is_better));
}
