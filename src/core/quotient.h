// Correctly rounded quotients of large integers: the results that must be
// the same whatever the order of the rows (ces, roc_auc) are computed from
// exact integer counts and divided once, here.
#pragma once
#include "core/pure.h"

namespace hs {

// a / b for b > 0, rounded once to the nearest double (ties to even).
double rounded_quotient(unsigned __int128 a, unsigned __int128 b);

}  // namespace hs
