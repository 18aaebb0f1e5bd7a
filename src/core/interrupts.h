// Long loops of the core (sorting and ranking a partition, exact sums) call
// check_interrupts() every kInterruptStride steps. The binding layer installs
// a hook that lets PostgreSQL act on a pending query cancel or statement
// timeout: the hook throws, the C++ frames unwind, and the guard raises the
// cancel error. Without a hook (unit tests, benchmarks) nothing happens.
#pragma once
#include "core/pure.h"

#include <cstddef>

namespace hs {

using InterruptHook = void (*)();

extern InterruptHook interrupt_hook;

constexpr std::size_t kInterruptStride = std::size_t{1} << 16;

inline void check_interrupts() {
  if (interrupt_hook != nullptr) interrupt_hook();
}

}  // namespace hs
