#include "core/exact_sum.h"

#include <cmath>
#include <cstring>

namespace hs {
namespace {

constexpr std::int64_t kDigitMask = 0xffffffff;
constexpr std::uint32_t kMaxPending = 1u << 30;

}  // namespace

void ExactSum::add(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
  int exponent = static_cast<int>((bits >> 52) & 0x7ff);
  if (exponent != 0) mantissa |= std::uint64_t{1} << 52;  // normal: the implicit bit
  // x = +-mantissa * 2^(max(exponent, 1) - 1075); bit 0 of digit 0 weighs 2^-1074.
  int position = (exponent == 0 ? 1 : exponent) - 1;
  int index = position >> 5;
  unsigned __int128 shifted = static_cast<unsigned __int128>(mantissa) << (position & 31);
  auto d0 = static_cast<std::int64_t>(static_cast<std::uint64_t>(shifted) & kDigitMask);
  auto d1 = static_cast<std::int64_t>(static_cast<std::uint64_t>(shifted >> 32) & kDigitMask);
  auto d2 = static_cast<std::int64_t>(static_cast<std::uint64_t>(shifted >> 64));
  if (bits >> 63) {
    digit_[index] -= d0;
    digit_[index + 1] -= d1;
    digit_[index + 2] -= d2;
  } else {
    digit_[index] += d0;
    digit_[index + 1] += d1;
    digit_[index + 2] += d2;
  }
  if (++pending_ == kMaxPending) propagate_carries();
}

// Leaves every digit but the last in [0, 2^32); the last carries the sign.
void ExactSum::propagate_carries() {
  for (int i = 0; i + 1 < kDigits; ++i) {
    std::int64_t carry = digit_[i] >> 32;  // floor division by 2^32
    digit_[i] -= carry * (kDigitMask + 1);
    digit_[i + 1] += carry;
  }
  pending_ = 0;
}

double ExactSum::value(int scale) const {
  ExactSum s = *this;
  s.propagate_carries();
  bool negative = s.digit_[kDigits - 1] < 0;
  if (negative) {
    for (std::int64_t& d : s.digit_) d = -d;
    s.propagate_carries();
  }
  int top = kDigits - 1;
  while (top >= 0 && s.digit_[top] == 0) --top;
  if (top < 0) return 0.0;
  // The top three digits (at most 96 bits, the last digit is far below 2^32),
  // then the bits below them as one sticky bit.
  unsigned __int128 high = 0;
  for (int i = top; i > top - 3; --i) {
    high = (high << 32) | static_cast<std::uint64_t>(i >= 0 ? s.digit_[i] : 0);
  }
  bool sticky = false;
  for (int i = top - 3; i >= 0 && !sticky; --i) sticky = s.digit_[i] != 0;
  // Keep 64 significant bits: the conversion below rounds them to 53, to
  // nearest even, and the sticky bit in bit 0 stands for everything dropped.
  int shift = 0;
  while ((high >> shift) >> 64) ++shift;
  if (shift > 0) {
    sticky = sticky || (high & ((static_cast<unsigned __int128>(1) << shift) - 1)) != 0;
  }
  auto mantissa = static_cast<std::uint64_t>(high >> shift);
  if (sticky) mantissa |= 1;
  int exponent = (top - 2) * 32 + shift - 1074 + scale;
  double magnitude = std::ldexp(static_cast<double>(mantissa), exponent);
  return negative ? -magnitude : magnitude;
}

}  // namespace hs
