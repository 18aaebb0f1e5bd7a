// Absolute, target-based scaling of a raw metric onto 0..100 (README, Normalizing raw metrics).
#pragma once
#include "core/pure.h"

namespace hs {

// 0 at worst, 100 at best, linear between, clamped to 0..100; worst > best
// means lower is better. worst == best is an error.
double scale_linear(double x, double worst, double best);

// scale_linear on ln(1 + x); x, worst and best must be >= 0.
double scale_log(double x, double worst, double best);

// 100 / (1 + exp(-(x - midpoint) / width)); width < 0 means lower is better,
// width == 0 is an error.
double scale_sigmoid(double x, double midpoint, double width);

}  // namespace hs
