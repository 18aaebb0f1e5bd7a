// SQL bindings of calibration (README, Calibration): roc_auc(score, positive), a
// parallel aggregate whose state (the distinct scores with their counts)
// grows with its input, so it is an internal state, passed between parallel
// workers by its serialize and deserialize functions.
#include <new>
#include <type_traits>

#include "core/roc.h"
#include "pg/datum.h"

extern "C" {
#include "utils/memutils.h"
}

namespace {

using hs::RocAccumulator;
using hs::ScoreRun;

static_assert(std::is_trivially_destructible_v<RocAccumulator>,
              "a state is freed with its memory context, never destroyed");

// The serialized state: a format word, a reserved word, then the runs.
constexpr std::uint32_t kFormat = 1;
constexpr Size kHeader = 2 * sizeof(std::uint32_t);
// The bytea travels to the leader inside a tuple: leave room for its header.
constexpr Size kMaxRuns = (MaxAllocSize - VARHDRSZ - kHeader - 1024 * 1024) / sizeof(ScoreRun);

// The aggregate's memory context: roc_auc's support functions run only inside
// an aggregate (0A000 elsewhere).
MemoryContext aggregate_context(FunctionCallInfo fcinfo) {
  MemoryContext context = nullptr;
  if (AggCheckCallContext(fcinfo, &context) == 0) {
    throw hs::Error::after_function(hs::ErrorKind::wrong_context,
                                    " can only be called by the roc_auc aggregate");
  }
  return context;
}

void* resize_in_context(void* context, void* block, std::size_t bytes) {
  return hs::pg::call_pg([context, block, bytes]() -> void* {
    if (block == nullptr) return MemoryContextAllocHuge(static_cast<MemoryContext>(context), bytes);
    return repalloc_huge(block, bytes);
  });
}

RocAccumulator* new_state(MemoryContext context) {
  void* memory =
      hs::pg::call_pg([context] { return MemoryContextAlloc(context, sizeof(RocAccumulator)); });
  return new (memory) RocAccumulator(hs::RocMemory{&resize_in_context, context});
}

// A state argument: NULL, or a roc_auc state (0A000 for another aggregate's).
RocAccumulator* state_or_null(FunctionCallInfo fcinfo, int argno) {
  if (PG_ARGISNULL(argno)) return nullptr;
  void* state = PG_GETARG_POINTER(argno);
  if (!RocAccumulator::is_accumulator(state)) {
    throw hs::Error::after_function(hs::ErrorKind::wrong_context,
                                    ": the transition state is not a roc_auc state");
  }
  return static_cast<RocAccumulator*>(state);
}

}  // namespace

// Transition of roc_auc(score, positive): counts a row; a row with a NULL
// score or class is skipped.
HS_FUNCTION(hs_roc_auc_accum) {
  MemoryContext context = aggregate_context(fcinfo);
  RocAccumulator* state = state_or_null(fcinfo, 0);
  if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2)) {
    if (state == nullptr) state = new_state(context);
    state->add(PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2));
  }
  if (state == nullptr) PG_RETURN_NULL();
  PG_RETURN_POINTER(state);
}

// Combine of roc_auc: merges the partial state in argument 1 into argument 0.
HS_FUNCTION(hs_roc_auc_combine) {
  MemoryContext context = aggregate_context(fcinfo);
  RocAccumulator* into = state_or_null(fcinfo, 0);
  RocAccumulator* other = state_or_null(fcinfo, 1);
  if (other == nullptr) {
    if (into == nullptr) PG_RETURN_NULL();
    PG_RETURN_POINTER(into);
  }
  if (into == nullptr) into = new_state(context);
  into->merge(*other);
  PG_RETURN_POINTER(into);
}

// Serialize of roc_auc: the sorted runs, for the leader of a parallel plan.
HS_FUNCTION(hs_roc_auc_serialize) {
  aggregate_context(fcinfo);
  RocAccumulator* state = state_or_null(fcinfo, 0);
  state->compact();
  std::size_t count = state->run_count();
  if (count > kMaxRuns) {
    throw hs::Error::after_function(
        hs::ErrorKind::program_limit, ": too many distinct scores for a parallel worker to pass on",
        "A worker passes at most " + std::to_string(kMaxRuns) +
            " distinct scores; run the query with max_parallel_workers_per_gather = 0.");
  }
  Size bytes = VARHDRSZ + kHeader + count * sizeof(ScoreRun);
  auto* out = static_cast<bytea*>(hs::pg::allocate(bytes));
  SET_VARSIZE(out, bytes);
  char* data = VARDATA(out);
  const std::uint32_t header[2] = {kFormat, 0};
  std::memcpy(data, header, kHeader);
  if (count > 0) std::memcpy(data + kHeader, state->runs(), count * sizeof(ScoreRun));
  PG_RETURN_BYTEA_P(out);
}

// Deserialize of roc_auc: a state from a parallel worker's runs, checked.
HS_FUNCTION(hs_roc_auc_deserialize) {
  aggregate_context(fcinfo);
  const bytea* in = hs::pg::call_pg([fcinfo] { return PG_GETARG_BYTEA_PP(0); });
  Size bytes = VARSIZE_ANY_EXHDR(in);
  const char* data = VARDATA_ANY(in);
  std::uint32_t header[2];
  if (bytes < kHeader || (bytes - kHeader) % sizeof(ScoreRun) != 0)
    throw hs::Error(hs::ErrorKind::invalid_binary, "invalid roc_auc state: wrong length");
  std::memcpy(header, data, kHeader);
  if (header[0] != kFormat || header[1] != 0)
    throw hs::Error(hs::ErrorKind::invalid_binary, "invalid roc_auc state: unknown format");
  std::size_t count = (bytes - kHeader) / sizeof(ScoreRun);
  RocAccumulator* state = new_state(CurrentMemoryContext);
  state->load(data + kHeader, count);
  PG_RETURN_POINTER(state);
}

// Final of roc_auc: Mann-Whitney U / (n+ n-), NULL while either class is empty.
HS_FUNCTION(hs_roc_auc_final) {
  aggregate_context(fcinfo);
  return hs::pg::optional_float8(fcinfo, state_or_null(fcinfo, 0)->auc());
}
