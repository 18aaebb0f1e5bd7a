#include "core/quotient.h"

#include <cmath>
#include <cstdint>

namespace hs {

double rounded_quotient(unsigned __int128 a, unsigned __int128 b) {
  using u128 = unsigned __int128;
  constexpr u128 kExactInDouble = u128{1} << 53;
  // Both exact in a double: IEEE division rounds the exact quotient once.
  if (a < kExactInDouble && b < kExactInDouble)
    return static_cast<double>(a) / static_cast<double>(b);
  if (a == 0) return 0.0;
  // Long division to at least 64 significant bits of the quotient; the bits
  // below them and the remainder fold into a sticky bit 0, which the one
  // conversion to double then rounds right.
  u128 q = a / b;
  u128 r = a % b;
  if ((q >> 64) != 0) {
    int drop = 0;
    while ((q >> drop) >> 64) ++drop;
    bool sticky = r != 0 || (q & ((u128{1} << drop) - 1)) != 0;
    auto mantissa = static_cast<std::uint64_t>(q >> drop);
    return std::ldexp(static_cast<double>(mantissa | (sticky ? 1 : 0)), drop);
  }
  int scale = 0;  // the quotient is q * 2^-scale
  while (q < (u128{1} << 63)) {
    bool carry = (r >> 127) != 0;  // 2r past 2^128: wrapping r - b is still exact
    r <<= 1;
    q <<= 1;
    if (carry || r >= b) {
      r -= b;
      q |= 1;
    }
    ++scale;
  }
  auto mantissa = static_cast<std::uint64_t>(q);
  if (r != 0) mantissa |= 1;
  return std::ldexp(static_cast<double>(mantissa), -scale);
}

}  // namespace hs
