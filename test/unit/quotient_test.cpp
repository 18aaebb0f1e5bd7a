// Unit tests of the correctly rounded quotient (src/core/quotient.h): each
// result r = M 2^E is checked in exact integer arithmetic to be within half
// an ulp of a / b, and even on a tie.
#include "core/quotient.h"

#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <random>

namespace {

using u128 = unsigned __int128;
using boost::multiprecision::cpp_int;

cpp_int big(u128 v) {
  cpp_int out = static_cast<std::uint64_t>(v >> 64);
  out <<= 64;
  out += static_cast<std::uint64_t>(v);
  return out;
}

// Whether r is a / b rounded to nearest, ties to even.
bool correctly_rounded(u128 a, u128 b, double r) {
  int e;
  double f = std::frexp(r, &e);                            // r = f 2^e, f in [1/2, 1)
  auto m = static_cast<std::uint64_t>(std::ldexp(f, 53));  // r = m 2^(e - 53)
  int shift = e - 53;
  // |a / b - m 2^shift| <= 2^(shift - 1), times b 2^(1 - shift):
  // |2^(1 - shift) a - 2 b m| <= b.
  cpp_int lhs = big(a), rhs = 2 * big(b) * m;
  if (shift <= 1)
    lhs <<= (1 - shift);
  else
    rhs <<= (shift - 1);
  cpp_int diff = lhs > rhs ? cpp_int(lhs - rhs) : cpp_int(rhs - lhs);
  cpp_int half = big(b);
  if (shift > 1) half <<= (shift - 1);
  if (diff < half) return true;
  return diff == half && m % 2 == 0;
}

TEST(Quotient, SmallValuesAreOneIeeeDivision) {
  EXPECT_EQ(hs::rounded_quotient(1, 3), 1.0 / 3.0);
  EXPECT_EQ(hs::rounded_quotient(0, 7), 0.0);
  EXPECT_EQ(hs::rounded_quotient(15, 2), 7.5);
}

TEST(Quotient, LargeValuesAreRoundedOnce) {
  // (2^100 + 1) / 2^100 is above 1 by far less than half an ulp.
  EXPECT_EQ(hs::rounded_quotient((u128{1} << 100) + 1, u128{1} << 100), 1.0);
  // 4/3 from 2^100 / (3 2^98).
  EXPECT_EQ(hs::rounded_quotient(u128{1} << 100, u128{3} << 98), 4.0 / 3.0);
  // Halfway between two doubles, plus a remainder far below: rounds up.
  u128 b = u128{1} << 80;
  u128 a = (((u128{1} << 53) + 1) << 27) + 1;  // (2^53 + 1) 2^27 + 1 over 2^80
  EXPECT_TRUE(correctly_rounded(a, b, hs::rounded_quotient(a, b)));
  EXPECT_EQ(hs::rounded_quotient(a, b), std::ldexp(static_cast<double>((u128{1} << 52) + 1), -52));
}

TEST(Quotient, RandomPairsOfEverySize) {
  std::mt19937_64 gen(42);
  for (int k = 0; k < 20000; ++k) {
    // Up to 128 bits: divisors from 2^127 on take the carry path of the long division.
    int abits = 1 + static_cast<int>(gen() % 128), bbits = 1 + static_cast<int>(gen() % 128);
    u128 a = ((u128{gen()} << 64) | gen()) >> (128 - abits);
    u128 b = ((u128{gen()} << 64) | gen()) >> (128 - bbits);
    if (b == 0) b = 1;
    double r = hs::rounded_quotient(a, b);
    if (a == 0) {
      EXPECT_EQ(r, 0.0);
      continue;
    }
    ASSERT_TRUE(correctly_rounded(a, b, r)) << abits << " " << bbits;
  }
}

}  // namespace
