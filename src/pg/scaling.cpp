// SQL bindings of absolute scaling (README, Normalizing raw metrics): scale_linear(),
// scale_log() and scale_sigmoid().
#include "core/scaling.h"
#include "pg/datum.h"

// scale_linear(x, worst, best): 0 at worst, 100 at best, linear between, clamped.
HS_FUNCTION(hs_scale_linear) {
  PG_RETURN_FLOAT8(hs::scale_linear(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2)));
}

// scale_log(x, worst, best): scale_linear on ln(1 + x).
HS_FUNCTION(hs_scale_log) {
  PG_RETURN_FLOAT8(hs::scale_log(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2)));
}

// scale_sigmoid(x, midpoint, width): 100 / (1 + exp(-(x - midpoint) / width)).
HS_FUNCTION(hs_scale_sigmoid) {
  PG_RETURN_FLOAT8(
      hs::scale_sigmoid(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2)));
}
