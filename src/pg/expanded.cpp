#include <cstring>
#include <string>

#include "core/error.h"
#include "pg/expanded.h"

extern "C" {
#include "fmgr.h"
#include "nodes/execnodes.h"
}

void* hs_expanded_state_resize(void* context, void* block, std::size_t bytes) {
  return hs::pg::call_pg([context, block, bytes]() -> void* {
    if (block == nullptr) return MemoryContextAllocHuge(static_cast<MemoryContext>(context), bytes);
    return repalloc_huge(block, bytes);
  });
}

namespace hs::pg {

ExpandedObjectHeader* new_expanded_state(const ExpandedKind& kind, MemoryContext parent,
                                         Size size) {
  return call_pg([&kind, parent, size] {
    // The name is the kind's, which lives as long as the library (the
    // macro AllocSetContextCreate only accepts a literal).
    MemoryContext context =
        AllocSetContextCreateInternal(parent, kind.context_name, ALLOCSET_START_SMALL_SIZES);
    auto* header = static_cast<ExpandedObjectHeader*>(MemoryContextAllocZero(context, size));
    EOH_init_header(header, kind.methods, context);
    return header;
  });
}

bool arg_is_expanded(FunctionCallInfo fcinfo, int argno) {
  return VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(argno)));
}

ExpandedObjectHeader* expanded_state(const ExpandedKind& kind, Datum d) {
  ExpandedObjectHeader* eoh = DatumGetEOHP(d);
  if (eoh->eoh_methods != kind.methods) {
    throw hs::Error::after_function(hs::ErrorKind::wrong_context,
                                    std::string(": the state is not a ") + kind.type_name);
  }
  return eoh;
}

ExpandedObjectHeader* state_in_place(const ExpandedKind& kind, FunctionCallInfo fcinfo,
                                     MemoryContext* parent) {
  MemoryContext aggregate_context = nullptr;
  bool in_aggregate = AggCheckCallContext(fcinfo, &aggregate_context) != 0;
  if (in_aggregate && !PG_ARGISNULL(0) &&
      DatumIsReadWriteExpandedObject(PG_GETARG_DATUM(0), false, -1))
    return expanded_state(kind, PG_GETARG_DATUM(0));
  *parent = in_aggregate ? aggregate_context : CurrentMemoryContext;
  return nullptr;
}

const char* flat_arg(FunctionCallInfo fcinfo, int argno, Size* bytes) {
  Datum d = PG_GETARG_DATUM(argno);
  auto* flat =
      static_cast<const char*>(call_pg([d] { return static_cast<void*>(PG_DETOAST_DATUM(d)); }));
  *bytes = VARSIZE(flat);
  return flat;
}

void* allocate_huge(Size bytes) {
  return call_pg([bytes] { return MemoryContextAllocHuge(CurrentMemoryContext, bytes); });
}

}  // namespace hs::pg
