// SQL bindings of calibration: roc_auc(score, positive), a parallel aggregate
// whose state, roc_auc_state, holds every distinct score with its counts. It
// grows with its input, so it is a varlena type kept in memory as an expanded
// object (PostgreSQL's expanded-datum API, as arrays are): transitions update
// it in place inside an aggregate, and it is flattened only to be stored or
// passed on (parallel workers, text and binary forms).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include "core/calibration.h"
#include "core/interrupts.h"
#include "pg/datum.h"
#include "pg/expanded.h"

extern "C" {
#include "miscadmin.h"
}

// External linkage on purpose (pg/expanded.h): the methods a state points to
// must be the library's own, never a JIT-inlined copy.
extern const ExpandedObjectMethods hs_roc_state_methods;
Size hs_roc_state_flat_size(ExpandedObjectHeader* eoh);
void hs_roc_state_flatten(ExpandedObjectHeader* eoh, void* result, Size allocated_size);
// Its kind, external too: its names are kept by the memory contexts it makes.
extern const hs::pg::ExpandedKind hs_roc_state_kind;

namespace {

using hs::RocAccumulator;
using hs::ScoreRun;

static_assert(std::is_trivially_destructible_v<RocAccumulator>,
              "a state is freed with its memory context, never destroyed");

// The expanded state: the header PostgreSQL reads, then the accumulator,
// whose arrays live in the same memory context.
struct RocState {
  ExpandedObjectHeader header;
  RocAccumulator acc;
};

// The flat form (stored, passed between processes): the varlena header, a
// format word, then the sorted runs, 8-aligned (ALIGNMENT = double).
constexpr std::uint32_t kFormat = 1;
constexpr Size kFlatHeader = 2 * sizeof(std::uint32_t);
static_assert(kFlatHeader % alignof(ScoreRun) == 0, "the runs of a flat state are aligned");
// A state travels inside a row (to a parallel leader, into a table): leave
// room for the row's other columns and headers below the 1 GB of a value.
constexpr Size kRowSlack = 1024 * 1024;
constexpr std::size_t kMaxFlatRuns = (MaxAllocSize - kRowSlack - kFlatHeader) / sizeof(ScoreRun);
constexpr std::size_t kMaxTextBytes = MaxAllocSize - kRowSlack;
// The binary form: a version byte, the number of runs, then each run.
constexpr int kBinaryVersion = 1;
constexpr int kBinaryHeader = 1 + 8;
constexpr const char* kTypeName = "roc_auc_state";

RocState* new_state(MemoryContext parent) {
  auto* state = reinterpret_cast<RocState*>(
      hs::pg::new_expanded_state(hs_roc_state_kind, parent, sizeof(RocState)));
  new (&state->acc) RocAccumulator(
      hs::StateMemory{&hs_expanded_state_resize, hs::pg::state_context(&state->header)});
  return state;
}

RocState* expanded_state(Datum d) {
  return reinterpret_cast<RocState*>(hs::pg::expanded_state(hs_roc_state_kind, d));
}

// A state argument read in either form: the runs (compacted when expanded,
// checked when flat), their totals, and the expanded state if it is one.
struct RunsView {
  RocState* state = nullptr;
  const ScoreRun* runs = nullptr;
  std::size_t count = 0;
  std::uint64_t positives = 0;
  std::uint64_t negatives = 0;
};

RunsView view_of(FunctionCallInfo fcinfo, int argno) {
  RunsView view;
  if (hs::pg::arg_is_expanded(fcinfo, argno)) {
    view.state = expanded_state(PG_GETARG_DATUM(argno));
    RocAccumulator& acc = view.state->acc;
    acc.compact();  // how the rows are held, not which: allowed on a read-only state
    view.runs = acc.runs();
    view.count = acc.run_count();
    view.positives = acc.positives();
    view.negatives = acc.negatives();
    return view;
  }
  // A flat value from a table, a parallel worker, text or binary input: any
  // user can make one, so it is checked before use.
  Size bytes = 0;
  const char* flat = hs::pg::flat_arg(fcinfo, argno, &bytes);
  if (bytes < kFlatHeader || (bytes - kFlatHeader) % sizeof(ScoreRun) != 0)
    hs::pg::reject_binary(kTypeName, "wrong length");
  std::uint32_t format;
  std::memcpy(&format, flat + VARHDRSZ, sizeof format);
  if (format != kFormat) hs::pg::reject_binary(kTypeName, "unknown format");
  view.count = (bytes - kFlatHeader) / sizeof(ScoreRun);
  const char* data = flat + kFlatHeader;
  if (const char* why = hs::runs_problem(data, view.count, &view.positives, &view.negatives))
    hs::pg::reject_binary(kTypeName, why);
  if (reinterpret_cast<std::uintptr_t>(data) % alignof(ScoreRun) != 0) {
    Size size = view.count * sizeof(ScoreRun);
    void* aligned = hs::pg::allocate_huge(size);
    std::memcpy(aligned, data, size);
    data = static_cast<const char*>(aligned);
  }
  view.runs = reinterpret_cast<const ScoreRun*>(data);
  return view;
}

// The state that a transition or combine function updates: inside an
// aggregate (or window aggregate), the aggregate's own expanded state in
// place; else a new expanded state holding argument 0's rows, made in the
// aggregate's memory context (PostgreSQL then keeps it without copying) or,
// for a direct call, in the caller's, so that the caller's value never
// changes.
RocState* state_to_update(FunctionCallInfo fcinfo) {
  MemoryContext parent = nullptr;
  if (ExpandedObjectHeader* own = hs::pg::state_in_place(hs_roc_state_kind, fcinfo, &parent))
    return reinterpret_cast<RocState*>(own);
  RocState* state = new_state(parent);
  if (!PG_ARGISNULL(0)) {
    RunsView from = view_of(fcinfo, 0);
    state->acc.merge_runs(from.runs, from.count, from.positives, from.negatives);
  }
  return state;
}

}  // namespace

const ExpandedObjectMethods hs_roc_state_methods = {&hs_roc_state_flat_size, &hs_roc_state_flatten};
const hs::pg::ExpandedKind hs_roc_state_kind{&hs_roc_state_methods, "roc_auc_state",
                                             "roc_auc state"};

// The size of the flat form; PostgreSQL asks before flattening a state (to
// store it, pass it to a parallel leader, copy it out of an aggregate). Called
// by PostgreSQL, outside any guard: a C++ exception (no memory, a cancel, a
// state too large) is caught here and raised as a PostgreSQL error after the
// catch block.
Size hs_roc_state_flat_size(ExpandedObjectHeader* eoh) {
  return hs::pg::guarded_flat_size("roc_auc", [eoh] {
    RocAccumulator& acc = reinterpret_cast<RocState*>(eoh)->acc;
    acc.compact();
    if (acc.run_count() > kMaxFlatRuns)
      hs::throw_state_too_large_to_store(acc.run_count(), kMaxFlatRuns);
    return kFlatHeader + acc.run_count() * sizeof(ScoreRun);
  });
}

// Writes the flat form into `result`, of the size hs_roc_state_flat_size gave
// (which compacted the state).
void hs_roc_state_flatten(ExpandedObjectHeader* eoh, void* result, Size allocated_size) {
  const RocAccumulator& acc = reinterpret_cast<RocState*>(eoh)->acc;
  Size runs_size = acc.run_count() * sizeof(ScoreRun);
  if (acc.buffered() != 0 || allocated_size != kFlatHeader + runs_size)
    elog(ERROR, "roc_auc_state flattened without its size");
  auto* out = static_cast<char*>(result);
  std::memset(out, 0, kFlatHeader);
  SET_VARSIZE(out, allocated_size);
  std::memcpy(out + VARHDRSZ, &kFormat, sizeof kFormat);
  if (runs_size > 0) std::memcpy(out + kFlatHeader, acc.runs(), runs_size);
}

// Transition of roc_auc(score, positive): counts a row; a row with a NULL
// score or class is skipped.
HS_FUNCTION(hs_roc_auc_accum) {
  if (PG_ARGISNULL(1) || PG_ARGISNULL(2)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  RocState* state = state_to_update(fcinfo);
  state->acc.add(PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2));
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Combine of roc_auc: the rows of both partial states.
HS_FUNCTION(hs_roc_auc_combine) {
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  RunsView other = view_of(fcinfo, 1);
  RocState* state = state_to_update(fcinfo);
  if (other.state == state) {
    // The same state twice: merge a copy of its runs, not runs it is rewriting.
    Size size = other.count * sizeof(ScoreRun);
    auto* copy = static_cast<ScoreRun*>(hs::pg::allocate_huge(size + 1));
    if (size > 0) std::memcpy(copy, other.runs, size);
    other.runs = copy;
  }
  state->acc.merge_runs(other.runs, other.count, other.positives, other.negatives);
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Final of roc_auc: Mann-Whitney U / (n+ n-), NULL while either class is empty.
HS_FUNCTION(hs_roc_auc_final) {
  RunsView view = view_of(fcinfo, 0);
  return hs::pg::optional_float8(
      fcinfo, hs::auc_of_runs(view.runs, view.count, view.positives, view.negatives));
}

// Text output of roc_auc_state: "v1:positives=P,negatives=N,scores=s:p:n;...".
HS_FUNCTION(hs_roc_auc_state_out) {
  RunsView view = view_of(fcinfo, 0);
  Size capacity =
      hs::kStateTextMax + std::min<Size>(view.count, Size{1} << 16) * hs::kRocRunTextMax;
  auto* text = static_cast<char*>(hs::pg::call_pg(
      [capacity] { return MemoryContextAllocHuge(CurrentMemoryContext, capacity); }));
  Size length = hs::write_roc_text_head(text, view.positives, view.negatives);
  for (std::size_t i = 0; i < view.count; ++i) {
    if (capacity - length < hs::kRocRunTextMax) {
      if (length > kMaxTextBytes) hs::throw_state_too_large_for_text(view.count, kMaxTextBytes);
      capacity = std::min<Size>(2 * capacity, kMaxTextBytes + hs::kRocRunTextMax + 1);
      text = static_cast<char*>(
          hs::pg::call_pg([text, capacity] { return repalloc_huge(text, capacity); }));
    }
    if ((i + 1) % hs::kInterruptStride == 0) hs::check_interrupts();
    length += hs::write_roc_run(text + length, view.runs[i], i);
  }
  if (length > kMaxTextBytes) hs::throw_state_too_large_for_text(view.count, kMaxTextBytes);
  PG_RETURN_CSTRING(text);
}

// Text input of roc_auc_state: the text form, checked (22P02).
HS_FUNCTION(hs_roc_auc_state_in) {
  hs::RocTextReader reader(PG_GETARG_CSTRING(0));
  std::size_t count = reader.run_count();
  if (count > kMaxFlatRuns) {
    reader.read_runs(nullptr);  // malformed text is 22P02 whatever its length
    hs::throw_state_too_large_to_store(count, kMaxFlatRuns);
  }
  Size bytes = kFlatHeader + count * sizeof(ScoreRun);
  auto* flat = static_cast<char*>(hs::pg::allocate(bytes));
  std::memset(flat, 0, kFlatHeader);
  SET_VARSIZE(flat, bytes);
  std::memcpy(flat + VARHDRSZ, &kFormat, sizeof kFormat);
  reader.read_runs(reinterpret_cast<ScoreRun*>(flat + kFlatHeader));
  PG_RETURN_POINTER(flat);
}

// Binary output of roc_auc_state: a version byte, the number of runs, then
// each run's score (float8) and counts (two uint32), in network byte order.
HS_FUNCTION(hs_roc_auc_state_send) {
  RunsView view = view_of(fcinfo, 0);
  if (view.count > kMaxFlatRuns) hs::throw_state_too_large_to_store(view.count, kMaxFlatRuns);
  return PointerGetDatum(hs::pg::call_pg([&view] {
    StringInfoData buf;
    pq_begintypsend(&buf);
    enlargeStringInfo(&buf, static_cast<int>(kBinaryHeader + view.count * sizeof(ScoreRun)));
    pq_sendbyte(&buf, kBinaryVersion);
    pq_sendint64(&buf, static_cast<int64>(view.count));
    for (std::size_t i = 0; i < view.count; ++i) {
      if ((i + 1) % hs::kInterruptStride == 0) CHECK_FOR_INTERRUPTS();
      pq_sendfloat8(&buf, view.runs[i].score);
      pq_sendint32(&buf, view.runs[i].positives);
      pq_sendint32(&buf, view.runs[i].negatives);
    }
    return pq_endtypsend(&buf);
  }));
}

// Binary input of roc_auc_state: the version byte and the length checked
// before anything is read, then the runs (22P03).
HS_FUNCTION(hs_roc_auc_state_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  Size left = static_cast<Size>(buf->len - buf->cursor);
  if (left < 1) hs::pg::reject_binary(kTypeName, "no data");
  if (static_cast<unsigned char>(buf->data[buf->cursor]) != kBinaryVersion)
    hs::pg::reject_binary(kTypeName, "unsupported format version");
  if (left < kBinaryHeader) hs::pg::reject_binary(kTypeName, "truncated value");
  ++buf->cursor;
  auto count = static_cast<std::uint64_t>(pq_getmsgint64(buf));
  Size rest = left - kBinaryHeader;
  if (count > rest / sizeof(ScoreRun)) hs::pg::reject_binary(kTypeName, "truncated value");
  if (count * sizeof(ScoreRun) != rest)
    hs::pg::reject_binary(kTypeName, "unexpected bytes after the last score");
  if (count > kMaxFlatRuns) hs::throw_state_too_large_to_store(count, kMaxFlatRuns);
  Size bytes = kFlatHeader + count * sizeof(ScoreRun);
  auto* flat = static_cast<char*>(hs::pg::allocate(bytes));
  std::memset(flat, 0, kFlatHeader);
  SET_VARSIZE(flat, bytes);
  std::memcpy(flat + VARHDRSZ, &kFormat, sizeof kFormat);
  auto* runs = reinterpret_cast<ScoreRun*>(flat + kFlatHeader);
  for (std::size_t i = 0; i < count; ++i) {
    runs[i].score = pq_getmsgfloat8(buf);
    runs[i].positives = static_cast<std::uint32_t>(pq_getmsgint(buf, 4));
    runs[i].negatives = static_cast<std::uint32_t>(pq_getmsgint(buf, 4));
  }
  std::uint64_t positives;
  std::uint64_t negatives;
  if (const char* why = hs::runs_problem(runs, count, &positives, &negatives))
    hs::pg::reject_binary(kTypeName, why);
  PG_RETURN_POINTER(flat);
}
