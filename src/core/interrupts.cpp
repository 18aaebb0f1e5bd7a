#include "core/interrupts.h"

namespace hs {

InterruptHook interrupt_hook = nullptr;

}  // namespace hs
