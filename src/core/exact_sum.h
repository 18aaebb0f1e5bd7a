// The exact sum of finite doubles, whatever order they are added in. Window
// z-scores use it so that the mean and deviation of a partition do not depend
// on the order in which its rows arrive (a window's ORDER BY), without sorting.
//
// Every double is an integer multiple of 2^-1074 below 2^1024; the sum is held
// as signed 32-bit digits of that integer, each in an int64 that absorbs the
// carries of up to 2^30 additions before they are propagated.
#pragma once
#include "core/pure.h"

#include <cstdint>

namespace hs {

class ExactSum {
 public:
  // Adds a finite double exactly.
  void add(double x);

  // The exact sum times 2^scale, rounded to the nearest double (ties to
  // even), or +-Infinity beyond the double range. With scale 0 a sum below
  // the normal range is exact; with scale < 0 it may be rounded twice. Always
  // a deterministic function of the exact sum.
  double value(int scale = 0) const;

 private:
  static constexpr int kDigits = 68;  // 2046 bits of doubles, 53 of mantissa, carry room
  void propagate_carries();
  std::int64_t digit_[kDigits] = {};
  std::uint32_t pending_ = 0;  // additions since the carries were last propagated
};

}  // namespace hs
