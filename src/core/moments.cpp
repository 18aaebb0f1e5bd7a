#include "core/moments.h"

namespace hs {

void throw_moments_overflow() {
  throw Error::after_function(
      ErrorKind::out_of_range, ": value out of range: overflow",
      "The values are too far apart to compute their standard deviation in float8.");
}

}  // namespace hs
