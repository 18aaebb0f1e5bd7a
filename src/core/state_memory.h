// Where the arrays of a growing accumulator live (roc_auc's, logistic_fit's,
// survival's): `resize` returns a block of `bytes` holding the contents of
// `block` (a new block when block is null), or throws. The binding layer
// allocates in the state's own memory context, which frees everything at
// once: an accumulator never frees.
#pragma once
#include "core/pure.h"

#include <cstddef>

namespace hs {

struct StateMemory {
  void* (*resize)(void* context, void* block, std::size_t bytes);
  void* context;
};

}  // namespace hs
