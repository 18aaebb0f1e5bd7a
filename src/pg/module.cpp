// The module's one magic block, checked when PostgreSQL loads healthscore.so,
// and its initialization: the core's long loops learn to check for interrupts.
#include "core/interrupts.h"
#include "pg/guard.h"

extern "C" {
#include "miscadmin.h"

PG_MODULE_MAGIC;

void _PG_init(void);
}

namespace {

// Lets PostgreSQL act on a pending cancel or statement timeout from inside a
// C++ loop: ProcessInterrupts raises, call_pg turns that into an exception
// that unwinds the loop, and the guard raises the cancel error again.
void process_pending_interrupts() {
  if (INTERRUPTS_PENDING_CONDITION()) hs::pg::call_pg([] { CHECK_FOR_INTERRUPTS(); });
}

}  // namespace

void _PG_init(void) { hs::interrupt_hook = process_pending_interrupts; }
