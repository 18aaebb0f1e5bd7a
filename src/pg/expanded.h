// Aggregate states that grow with their input (roc_auc_state,
// logistic_fit_state, survival_state): varlena types of the extension kept in memory as
// expanded objects (PostgreSQL's expanded-datum API, as arrays are). The part
// every such state shares lives here once: making one in a memory context of
// its own, recognizing it (and refusing another type's), finding the state a
// transition or combine function may update in place, the resize callback of
// the core accumulators, reading a flat value, and the size callback's guard.
// Each type keeps its own methods (flat size, flatten) and flat format.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>

#include "core/state_memory.h"
#include "pg/guard.h"

extern "C" {
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
}

// External linkage on purpose (neither static nor in an anonymous namespace):
// an expanded state can outlive the query that made it (a PL/pgSQL variable
// holds it), and JIT inlining clones file-local functions into code that is
// freed with the query. The resize callback an accumulator points to must be
// the library's own; so must each type's ExpandedObjectMethods.
void* hs_expanded_state_resize(void* context, void* block, std::size_t bytes);

// Declares the symbols of one expanded state type, all external (see above):
// prefix_methods (its ExpandedObjectMethods, which identify its objects), the
// two callbacks they point to, prefix_flat_size and prefix_flatten (the type
// defines them), and prefix_kind (its ExpandedKind, whose names the memory
// contexts it makes keep).
#define HS_EXPANDED_STATE_DECLARE(prefix)                                              \
  extern const ExpandedObjectMethods prefix##_methods;                                 \
  Size prefix##_flat_size(ExpandedObjectHeader* eoh);                                  \
  void prefix##_flatten(ExpandedObjectHeader* eoh, void* result, Size allocated_size); \
  extern const hs::pg::ExpandedKind prefix##_kind

// Defines prefix_methods and prefix_kind, naming the SQL type and its context.
#define HS_EXPANDED_STATE_DEFINE(prefix, type_name, context_name)                          \
  const ExpandedObjectMethods prefix##_methods = {&prefix##_flat_size, &prefix##_flatten}; \
  const hs::pg::ExpandedKind prefix##_kind { &prefix##_methods, type_name, context_name }

namespace hs::pg {

// One type of expanded state: its methods (which identify its objects) and
// names for messages and memory contexts.
struct ExpandedKind {
  const ExpandedObjectMethods* methods;
  const char* type_name;     // "roc_auc_state"
  const char* context_name;  // "roc_auc state"
};

// A new expanded object of `size` bytes (its ExpandedObjectHeader first,
// initialized; the rest zeroed) in a memory context of its own, a child of
// `parent`.
ExpandedObjectHeader* new_expanded_state(const ExpandedKind& kind, MemoryContext parent, Size size);

// The memory context of an expanded state, where its accumulator allocates.
inline MemoryContext state_context(ExpandedObjectHeader* header) { return header->eoh_context; }

// Whether argument argno holds an expanded object (of any type).
bool arg_is_expanded(FunctionCallInfo fcinfo, int argno);

// The expanded state in `d` (an expanded datum) if it is of `kind`; another
// type's expanded object (only a superuser's binary-coercible cast can pass
// one) is refused (0A000).
ExpandedObjectHeader* expanded_state(const ExpandedKind& kind, Datum d);

// Where a transition or combine function puts its result. Inside an aggregate
// (or window aggregate) whose state in argument 0 is its own read-write
// expanded object: that object, updated in place (returned). Otherwise
// nullptr, and *parent is where a new state goes: the aggregate's memory
// context (PostgreSQL then keeps it without copying) or, for a direct call,
// the caller's, so that the caller's value never changes.
ExpandedObjectHeader* state_in_place(const ExpandedKind& kind, FunctionCallInfo fcinfo,
                                     MemoryContext* parent);

// A flat value in argument argno (from a table, a parallel worker, text or
// binary input), detoasted; its total size in *bytes. Any user can make one:
// the caller checks it before use.
const char* flat_arg(FunctionCallInfo fcinfo, int argno, Size* bytes);

// `bytes` of memory in the current memory context (huge allocations allowed).
void* allocate_huge(Size bytes);

// The expanded object of a growing state: the header PostgreSQL reads, then a
// core accumulator (built on hs::StateMemory) whose arrays live in the
// object's own memory context.
template <typename Acc>
struct ExpandedState {
  static_assert(std::is_trivially_destructible_v<Acc>,
                "a state is freed with its memory context, never destroyed");
  ExpandedObjectHeader header;
  Acc acc;

  // A new empty state of `kind` in a memory context of its own under `parent`.
  static ExpandedState* make(const ExpandedKind& kind, MemoryContext parent) {
    auto* state =
        reinterpret_cast<ExpandedState*>(new_expanded_state(kind, parent, sizeof(ExpandedState)));
    new (&state->acc)
        Acc(hs::StateMemory{&hs_expanded_state_resize, state_context(&state->header)});
    return state;
  }
  // The state in `d`, an expanded datum (0A000 for another kind's).
  static ExpandedState* of(const ExpandedKind& kind, Datum d) {
    return reinterpret_cast<ExpandedState*>(expanded_state(kind, d));
  }
  // The state behind the header PostgreSQL passes to a method.
  static ExpandedState* of(ExpandedObjectHeader* eoh) {
    return reinterpret_cast<ExpandedState*>(eoh);
  }
  // The state a transition or combine function updates (see state_in_place):
  // the aggregate's own, in place, or a new one into which `copy_arg0(acc)`
  // merges argument 0's rows when it is not NULL.
  template <typename CopyArg0>
  static ExpandedState* to_update(const ExpandedKind& kind, FunctionCallInfo fcinfo,
                                  CopyArg0&& copy_arg0) {
    MemoryContext parent = nullptr;
    if (ExpandedObjectHeader* own = state_in_place(kind, fcinfo, &parent)) return of(own);
    ExpandedState* state = make(kind, parent);
    if (!PG_ARGISNULL(0)) copy_arg0(state->acc);
    return state;
  }
};

// Runs `size` (a flat-size method's body: it may throw) outside any guard:
// PostgreSQL calls flat-size methods itself, so an exception (no memory, a
// cancel, a state too large) is caught here and raised as a PostgreSQL error
// after the catch block, naming `function`.
template <typename F>
Size guarded_flat_size(const char* function, F&& size) {
  Size result = 0;
  try {
    result = size();
  } catch (...) {
    capture_current_exception();
  }
  if (result == 0) raise_captured_error(nullptr, function);
  return result;
}

}  // namespace hs::pg
