#include "core/moments.h"

#include "core/error.h"

namespace hs {

void throw_moments_overflow() {
  throw Error(ErrorKind::out_of_range, "value out of range: overflow",
              "The values are too far apart to compute their standard deviation.");
}

}  // namespace hs
