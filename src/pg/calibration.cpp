// SQL bindings of calibration: roc_auc(score, positive), a parallel aggregate
// whose state, roc_auc_state, holds every distinct score with its counts. It
// grows with its input, so it is a varlena type kept in memory as an expanded
// object (PostgreSQL's expanded-datum API, as arrays are): transitions update
// it in place inside an aggregate, and it is flattened only to be stored or
// passed on (parallel workers, text and binary forms).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/calibration.h"
#include "core/interrupts.h"
#include "pg/datum.h"
#include "pg/expanded.h"

extern "C" {
#include "miscadmin.h"
}

HS_EXPANDED_STATE_DECLARE(hs_roc_state);

namespace {

using hs::RocAccumulator;
using hs::ScoreRun;

using RocState = hs::pg::ExpandedState<RocAccumulator>;

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
    view.state = RocState::of(hs_roc_state_kind, PG_GETARG_DATUM(argno));
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
  return RocState::to_update(hs_roc_state_kind, fcinfo, [fcinfo](RocAccumulator& acc) {
    RunsView from = view_of(fcinfo, 0);
    acc.merge_runs(from.runs, from.count, from.positives, from.negatives);
  });
}

}  // namespace

HS_EXPANDED_STATE_DEFINE(hs_roc_state, "roc_auc_state", "roc_auc state");

// The size of the flat form; PostgreSQL asks before flattening a state (to
// store it, pass it to a parallel leader, copy it out of an aggregate). Called
// by PostgreSQL, outside any guard: a C++ exception (no memory, a cancel, a
// state too large) is caught here and raised as a PostgreSQL error after the
// catch block.
Size hs_roc_state_flat_size(ExpandedObjectHeader* eoh) {
  return hs::pg::guarded_flat_size("roc_auc", [eoh] {
    RocAccumulator& acc = RocState::of(eoh)->acc;
    acc.compact();
    if (acc.run_count() > kMaxFlatRuns)
      hs::throw_state_too_large_to_store(acc.run_count(), kMaxFlatRuns);
    return kFlatHeader + acc.run_count() * sizeof(ScoreRun);
  });
}

// Writes the flat form into `result`, of the size hs_roc_state_flat_size gave
// (which compacted the state).
void hs_roc_state_flatten(ExpandedObjectHeader* eoh, void* result, Size allocated_size) {
  const RocAccumulator& acc = RocState::of(eoh)->acc;
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

// --- brier_score(p, outcome): a fixed-size state, brier_state ---

HS_STATE_TYPE_IO(hs_brier_state, hs::BrierState)

// Transition of brier_score(p, outcome): adds (p - outcome)^2; a row with a
// NULL p or outcome is skipped.
HS_FUNCTION(hs_brier_accum) {
  auto* state = hs::pg::state_for_update<hs::BrierState>(fcinfo, 0);
  if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
    hs::brier_add(*state, PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2));
  PG_RETURN_POINTER(state);
}

// Combine of brier_score: the counts and exact sums of both partial states.
HS_FUNCTION(hs_brier_combine) { return hs::pg::combine<hs::BrierState, hs::brier_merge>(fcinfo); }

// Final of brier_score: the mean squared error, NULL without rows.
HS_FUNCTION(hs_brier_final) {
  return hs::pg::optional_float8(fcinfo,
                                 hs::brier_score(hs::pg::state_arg<hs::BrierState>(fcinfo, 0)));
}

// --- calibration_bins(p, outcome, bins): calibration_bins_state ---
//
// A varlena of a fixed size once its number of bins is known: a format word,
// the number of bins (0 until a row sets it), a reserved word, then one
// 32-byte cell per bin. Inside an aggregate it is updated in place.

namespace {

using hs::BinCell;

constexpr std::uint32_t kBinsFormat = 1;
constexpr Size kBinsHeader = 16;
constexpr const char* kBinsTypeName = "calibration_bins_state";
constexpr int kBinsBinaryVersion = 1;

struct BinsHeader {
  std::int32_t vl_len;
  std::uint32_t format;
  std::int32_t bins;
  std::int32_t reserved;
};
static_assert(sizeof(BinsHeader) == kBinsHeader, "the header of calibration_bins_state");

Size bins_size(std::int32_t bins) {
  return kBinsHeader + static_cast<Size>(bins) * sizeof(BinCell);
}

BinsHeader* new_bins(MemoryContext context, std::int32_t bins) {
  Size size = bins_size(bins);
  auto* out = static_cast<BinsHeader*>(
      hs::pg::call_pg([context, size] { return MemoryContextAllocZero(context, size); }));
  SET_VARSIZE(out, size);
  out->format = kBinsFormat;
  out->bins = bins;
  return out;
}

BinCell* cells_of(BinsHeader* state) {
  return reinterpret_cast<BinCell*>(reinterpret_cast<char*>(state) + kBinsHeader);
}

// A calibration_bins_state argument, detoasted, its header checked; with
// `check_cells` its cells too (a value from outside the aggregate).
BinsHeader* bins_arg(FunctionCallInfo fcinfo, int argno, bool check_cells) {
  Size bytes = 0;
  auto* state =
      reinterpret_cast<BinsHeader*>(const_cast<char*>(hs::pg::flat_arg(fcinfo, argno, &bytes)));
  if (bytes < kBinsHeader) hs::pg::reject_binary(kBinsTypeName, "wrong length");
  if (state->format != kBinsFormat) hs::pg::reject_binary(kBinsTypeName, "unknown format");
  if (state->bins < 0 || state->bins > hs::kMaxBins || bytes != bins_size(state->bins))
    hs::pg::reject_binary(kBinsTypeName, "wrong length");
  if (check_cells) {
    if (reinterpret_cast<std::uintptr_t>(state) % alignof(BinCell) != 0) {
      auto* aligned = static_cast<BinsHeader*>(hs::pg::allocate(bytes));
      std::memcpy(aligned, state, bytes);
      state = aligned;
    }
    for (std::int32_t k = 0; k < state->bins; ++k) {
      const BinCell& cell = cells_of(state)[k];
      if (cell.n == 0 && cell.positives == 0 && cell.predicted.get() == 0) continue;
      if (const char* why = hs::bin_cell_problem(cell)) hs::pg::reject_binary(kBinsTypeName, why);
    }
  }
  return state;
}

// The state a transition or combine function updates, with `bins` bins
// (0: as argument 0 has): argument 0 itself inside an aggregate, else a copy
// (in the aggregate's memory context, or the caller's).
BinsHeader* bins_to_update(FunctionCallInfo fcinfo, std::int32_t bins) {
  MemoryContext aggregate_context = nullptr;
  bool in_aggregate = AggCheckCallContext(fcinfo, &aggregate_context) != 0;
  MemoryContext context = in_aggregate ? aggregate_context : CurrentMemoryContext;
  BinsHeader* from = PG_ARGISNULL(0) ? nullptr : bins_arg(fcinfo, 0, !in_aggregate);
  std::int32_t from_bins = from == nullptr ? 0 : from->bins;
  if (bins != 0 && from_bins != 0 && bins != from_bins) hs::throw_parameter_changed("bins");
  if (in_aggregate && from != nullptr && (bins == 0 || bins == from_bins)) return from;
  BinsHeader* state = new_bins(context, bins != 0 ? bins : from_bins);
  if (from_bins != 0) std::memcpy(cells_of(state), cells_of(from), from_bins * sizeof(BinCell));
  return state;
}

}  // namespace

// Transition of calibration_bins(p, outcome, bins): checks bins (every row,
// NULL p included) and counts the row into its bin; a row with a NULL p or
// outcome is skipped.
HS_FUNCTION(hs_calibration_bins_accum) {
  std::int32_t bins = hs::pg::required_int32_arg(fcinfo, 3, "bins");
  hs::check_bins(bins);
  BinsHeader* state = bins_to_update(fcinfo, bins);
  if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
    hs::bins_add(cells_of(state), bins, PG_GETARG_FLOAT8(1), PG_GETARG_BOOL(2));
  PG_RETURN_POINTER(state);
}

// Combine of calibration_bins: the counts and sums of both partial states,
// whose numbers of bins must agree (an unset side yields).
HS_FUNCTION(hs_calibration_bins_combine) {
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  BinsHeader* other = bins_arg(fcinfo, 1, true);
  std::int32_t bins = other->bins;
  if (bins != 0) {
    // Copied first: argument 1 may be argument 0 itself.
    Size size = bins_size(bins);
    auto* copy = static_cast<BinsHeader*>(hs::pg::allocate(size));
    std::memcpy(copy, other, size);
    other = copy;
  }
  BinsHeader* state = bins_to_update(fcinfo, bins);
  if (bins != 0) hs::bins_merge(cells_of(state), cells_of(other), bins);
  PG_RETURN_POINTER(state);
}

// Final of calibration_bins: a jsonb array, one object per non-empty bin in
// bin order; NULL without rows.
HS_FUNCTION(hs_calibration_bins_final) {
  BinsHeader* state = bins_arg(fcinfo, 0, true);
  bool any = false;
  for (std::int32_t k = 0; k < state->bins && !any; ++k) any = cells_of(state)[k].n > 0;
  if (!any) PG_RETURN_NULL();
  std::string json = hs::bins_json(cells_of(state), state->bins);
  const char* text = json.c_str();
  return hs::pg::call_pg([text] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(text)); });
}

// Text output of calibration_bins_state: "v1:bins=B,cells=k:n:positives:sum;...".
HS_FUNCTION(hs_calibration_bins_state_out) {
  BinsHeader* state = bins_arg(fcinfo, 0, true);
  std::string text = hs::bins_text(cells_of(state), state->bins);
  const char* chars = text.c_str();
  PG_RETURN_CSTRING(hs::pg::call_pg([chars] { return pstrdup(chars); }));
}

// Text input of calibration_bins_state: the text form, checked (22P02).
HS_FUNCTION(hs_calibration_bins_state_in) {
  const char* text = PG_GETARG_CSTRING(0);
  std::int32_t bins = hs::read_bins_text(text, nullptr);
  BinsHeader* state = new_bins(CurrentMemoryContext, bins);
  hs::read_bins_text(text, cells_of(state));
  PG_RETURN_POINTER(state);
}

// Binary output of calibration_bins_state: a version byte, the number of
// bins, then each bin's count, positives and sum of p (two words), in network
// byte order.
HS_FUNCTION(hs_calibration_bins_state_send) {
  BinsHeader* state = bins_arg(fcinfo, 0, true);
  return PointerGetDatum(hs::pg::call_pg([state] {
    StringInfoData buf;
    pq_begintypsend(&buf);
    pq_sendbyte(&buf, kBinsBinaryVersion);
    pq_sendint32(&buf, state->bins);
    for (std::int32_t k = 0; k < state->bins; ++k) {
      const BinCell& c = cells_of(state)[k];
      pq_sendint64(&buf, c.n);
      pq_sendint64(&buf, c.positives);
      pq_sendint64(&buf, static_cast<int64>(c.predicted.hi));
      pq_sendint64(&buf, static_cast<int64>(c.predicted.lo));
    }
    return pq_endtypsend(&buf);
  }));
}

// Binary input of calibration_bins_state: the version byte and the length
// checked before anything is read, then the cells (22P03).
HS_FUNCTION(hs_calibration_bins_state_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  Size left = static_cast<Size>(buf->len - buf->cursor);
  if (left < 1) hs::pg::reject_binary(kBinsTypeName, "no data");
  if (static_cast<unsigned char>(buf->data[buf->cursor]) != kBinsBinaryVersion)
    hs::pg::reject_binary(kBinsTypeName, "unsupported format version");
  if (left < 5) hs::pg::reject_binary(kBinsTypeName, "truncated value");
  ++buf->cursor;
  std::int32_t bins = static_cast<std::int32_t>(pq_getmsgint(buf, 4));
  if (bins < 0 || bins > hs::kMaxBins)
    hs::pg::reject_binary(kBinsTypeName, "the number of bins is out of range");
  Size rest = left - 5;
  if (rest < static_cast<Size>(bins) * sizeof(BinCell))
    hs::pg::reject_binary(kBinsTypeName, "truncated value");
  if (rest > static_cast<Size>(bins) * sizeof(BinCell))
    hs::pg::reject_binary(kBinsTypeName, "unexpected bytes after the last bin");
  BinsHeader* state = new_bins(CurrentMemoryContext, bins);
  for (std::int32_t k = 0; k < bins; ++k) {
    BinCell& c = cells_of(state)[k];
    c.n = pq_getmsgint64(buf);
    c.positives = pq_getmsgint64(buf);
    c.predicted.hi = static_cast<std::uint64_t>(pq_getmsgint64(buf));
    c.predicted.lo = static_cast<std::uint64_t>(pq_getmsgint64(buf));
    if (c.n == 0 && c.positives == 0 && c.predicted.get() == 0) continue;
    if (const char* why = hs::bin_cell_problem(c)) hs::pg::reject_binary(kBinsTypeName, why);
  }
  PG_RETURN_POINTER(state);
}

// --- logistic_fit(outcome, features): logistic_fit_state, an expanded object ---

HS_EXPANDED_STATE_DECLARE(hs_logistic_state);

namespace {

using hs::LogisticAccumulator;

using LogisticState = hs::pg::ExpandedState<LogisticAccumulator>;

// The flat form: the varlena header, a format word, the number of features
// (-1 until a row sets it), a reserved word, the number of rows, then the
// rows (1 + features doubles each), 8-aligned.
struct LogisticFlatHeader {
  std::int32_t vl_len;
  std::uint32_t format;
  std::int32_t features;
  std::int32_t reserved;
  std::int64_t rows;
};
constexpr std::uint32_t kLogisticFormat = 1;
constexpr Size kLogisticHeader = sizeof(LogisticFlatHeader);
static_assert(kLogisticHeader == 24, "the header of a flat logistic_fit_state");
constexpr Size kLogisticMaxData = MaxAllocSize - kRowSlack - kLogisticHeader;
constexpr const char* kLogisticTypeName = "logistic_fit_state";
constexpr int kLogisticBinaryVersion = 1;

Size row_bytes(std::int32_t features) { return (static_cast<Size>(features) + 1) * sizeof(double); }

// A state too large for its flat form (to store, to pass between processes).
void check_flat_rows(std::int64_t rows, std::int32_t features) {
  std::int64_t limit = static_cast<std::int64_t>(kLogisticMaxData / row_bytes(features));
  if (rows > limit) {
    throw hs::Error(
        hs::ErrorKind::program_limit,
        "logistic_fit state of " + std::to_string(rows) +
            " rows is too large to store or to pass between processes",
        "A stored logistic_fit_state holds at most " + std::to_string(limit) + " rows of " +
            std::to_string(features) +
            " features; a parallel plan passes states between processes: run such a query "
            "with max_parallel_workers_per_gather = 0.");
  }
}

struct RowsView {
  LogisticState* state = nullptr;
  const double* rows = nullptr;
  std::int64_t count = 0;
  std::int32_t features = -1;
};

// A state argument in either form: its rows (checked when flat).
RowsView logistic_view(FunctionCallInfo fcinfo, int argno) {
  RowsView view;
  if (hs::pg::arg_is_expanded(fcinfo, argno)) {
    view.state = LogisticState::of(hs_logistic_state_kind, PG_GETARG_DATUM(argno));
    view.rows = view.state->acc.rows();
    view.count = view.state->acc.count();
    view.features = view.state->acc.features();
    return view;
  }
  Size bytes = 0;
  const char* flat = hs::pg::flat_arg(fcinfo, argno, &bytes);
  if (bytes < kLogisticHeader) hs::pg::reject_binary(kLogisticTypeName, "wrong length");
  LogisticFlatHeader header;
  std::memcpy(&header, flat, sizeof header);
  if (header.format != kLogisticFormat) hs::pg::reject_binary(kLogisticTypeName, "unknown format");
  if (header.features < -1 || header.features > hs::kMaxFeatures || header.rows < 0 ||
      (header.features == -1 && header.rows != 0) ||
      static_cast<std::uint64_t>(header.rows) > (bytes - kLogisticHeader) ||
      bytes - kLogisticHeader !=
          static_cast<Size>(header.rows) * (header.features == -1 ? 0 : row_bytes(header.features)))
    hs::pg::reject_binary(kLogisticTypeName, "wrong length");
  view.count = header.rows;
  view.features = header.features;
  const char* data = flat + kLogisticHeader;
  if (const char* why = hs::rows_problem(data, view.count, view.features))
    hs::pg::reject_binary(kLogisticTypeName, why);
  if (reinterpret_cast<std::uintptr_t>(data) % alignof(double) != 0) {
    Size size = bytes - kLogisticHeader;
    void* aligned = hs::pg::allocate_huge(size + 1);
    std::memcpy(aligned, data, size);
    data = static_cast<const char*>(aligned);
  }
  view.rows = reinterpret_cast<const double*>(data);
  return view;
}

// The state a transition or combine function updates (pg/expanded.h).
LogisticState* logistic_to_update(FunctionCallInfo fcinfo) {
  return LogisticState::to_update(hs_logistic_state_kind, fcinfo,
                                  [fcinfo](LogisticAccumulator& acc) {
                                    RowsView from = logistic_view(fcinfo, 0);
                                    acc.merge_rows(from.rows, from.count, from.features);
                                  });
}

// A float8[] of `count` values.
Datum float8_array(const double* values, std::size_t count) {
  return hs::pg::call_pg([values, count] {
    auto* datums = static_cast<Datum*>(palloc(sizeof(Datum) * (count + 1)));
    for (std::size_t i = 0; i < count; ++i) datums[i] = Float8GetDatum(values[i]);
    return PointerGetDatum(construct_array(datums, static_cast<int>(count), FLOAT8OID,
                                           sizeof(double), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
  });
}

// The attributes of a logistic_fit argument.
constexpr int kFitFields = 8;
struct FitArg {
  Datum values[kFitFields];
  bool nulls[kFitFields];
};

FitArg fit_arg(FunctionCallInfo fcinfo, int argno) {
  static const Oid types[kFitFields] = {FLOAT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID,
                                        FLOAT8ARRAYOID, INT8OID,        FLOAT8OID,
                                        INT4OID,        BOOLOID};
  FitArg fit;
  hs::pg::read_composite(fcinfo, argno, "logistic_fit", types, kFitFields, fit.values, fit.nulls);
  return fit;
}

// The elements of a float8[] attribute, which must have no NULL element.
struct Float8s {
  const double* values = nullptr;
  std::int64_t count = 0;
  bool complete = false;  // not NULL, no NULL element
};

Float8s float8s_of(Datum d) {
  Float8s out;
  auto* array = static_cast<ArrayType*>(
      hs::pg::call_pg([d] { return static_cast<void*>(DatumGetArrayTypeP(d)); }));
  if (ARR_NDIM(array) > 1 || ARR_HASNULL(array) || ARR_ELEMTYPE(array) != FLOAT8OID) return out;
  out.count = ARR_NDIM(array) == 1 ? ARR_DIMS(array)[0] : 0;
  out.values = reinterpret_cast<const double*>(ARR_DATA_PTR(array));
  out.complete = true;
  return out;
}

// The coefficients (and p-values) of a fit that converged; anything else is
// invalid_parameter.
struct UsableFit {
  Float8s coefficients;
  Float8s p_values;
};

UsableFit usable_fit(FunctionCallInfo fcinfo, int argno) {
  FitArg fit = fit_arg(fcinfo, argno);
  UsableFit out;
  if (fit.nulls[7] || !DatumGetBool(fit.values[7]))
    hs::throw_unusable_fit("the fit did not converge");
  if (fit.nulls[0] || fit.nulls[3]) hs::throw_unusable_fit("its coefficients or p_values are NULL");
  out.coefficients = float8s_of(fit.values[0]);
  out.p_values = float8s_of(fit.values[3]);
  if (!out.coefficients.complete || !out.p_values.complete || out.coefficients.count < 1 ||
      out.p_values.count != out.coefficients.count)
    hs::throw_unusable_fit("its coefficients and p_values are not arrays of one length");
  for (std::int64_t j = 0; j < out.coefficients.count; ++j) {
    hs::require_finite("coefficient", out.coefficients.values[j]);
    hs::require_finite("p_value", out.p_values.values[j]);
  }
  return out;
}

}  // namespace

HS_EXPANDED_STATE_DEFINE(hs_logistic_state, kLogisticTypeName, "logistic_fit state");

// The size of the flat form (see hs_roc_state_flat_size).
Size hs_logistic_state_flat_size(ExpandedObjectHeader* eoh) {
  return hs::pg::guarded_flat_size("logistic_fit", [eoh] {
    const LogisticAccumulator& acc = LogisticState::of(eoh)->acc;
    if (acc.features() < 0) return kLogisticHeader;
    check_flat_rows(acc.count(), acc.features());
    return kLogisticHeader + static_cast<Size>(acc.count()) * row_bytes(acc.features());
  });
}

// Writes the flat form into `result`, of the size hs_logistic_state_flat_size gave.
void hs_logistic_state_flatten(ExpandedObjectHeader* eoh, void* result, Size allocated_size) {
  const LogisticAccumulator& acc = LogisticState::of(eoh)->acc;
  Size data = acc.features() < 0 ? 0 : static_cast<Size>(acc.count()) * row_bytes(acc.features());
  if (allocated_size != kLogisticHeader + data)
    elog(ERROR, "logistic_fit_state flattened without its size");
  LogisticFlatHeader header{0, kLogisticFormat, acc.features(), 0, acc.count()};
  auto* out = static_cast<char*>(result);
  std::memcpy(out, &header, sizeof header);
  SET_VARSIZE(out, allocated_size);
  if (data > 0) std::memcpy(out + kLogisticHeader, acc.rows(), data);
}

// Transition of logistic_fit(outcome, features): checks the number of
// features (every row with an array) and buffers the row; a row with a NULL
// outcome, array or element is skipped.
HS_FUNCTION(hs_logistic_accum) {
  if (PG_ARGISNULL(2)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  hs::pg::ArrayArg features = hs::pg::array_arg(fcinfo, 2, "features");
  LogisticState* state = logistic_to_update(fcinfo);
  state->acc.adopt_features(features.length);
  if (!PG_ARGISNULL(1) && !array_contains_nulls(features.array)) {
    state->acc.add(PG_GETARG_BOOL(1),
                   reinterpret_cast<const double*>(ARR_DATA_PTR(features.array)));
  }
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Combine of logistic_fit: the rows of both partial states.
HS_FUNCTION(hs_logistic_combine) {
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  RowsView other = logistic_view(fcinfo, 1);
  LogisticState* state = logistic_to_update(fcinfo);
  if (other.state == state && other.count > 0) {
    // The same state twice: merge a copy of its rows, not rows it is moving.
    Size size = static_cast<Size>(other.count) * row_bytes(other.features);
    auto* copy = static_cast<double*>(hs::pg::allocate_huge(size));
    std::memcpy(copy, other.rows, size);
    other.rows = copy;
  }
  state->acc.merge_rows(other.rows, other.count, other.features);
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Final of logistic_fit: the maximum-likelihood fit (a NOTICE when it does
// not converge), NULL without rows.
HS_FUNCTION(hs_logistic_final) {
  RowsView view = logistic_view(fcinfo, 0);
  if (view.count == 0) PG_RETURN_NULL();
  hs::LogisticResult fit = hs::fit_logistic(view.rows, view.count, view.features);
  if (!fit.notice.empty())
    hs::pg::raise_notice(fcinfo, "hs_logistic_final", fit.notice.c_str(),
                         fit.notice_detail.c_str());
  Datum values[kFitFields];
  bool nulls[kFitFields] = {false, !fit.converged, !fit.converged, !fit.converged,
                            false, false,          false,          false};
  values[0] = float8_array(fit.coefficients.data(), fit.coefficients.size());
  values[1] = fit.converged ? float8_array(fit.std_errors.data(), fit.std_errors.size()) : 0;
  values[2] = fit.converged ? float8_array(fit.z.data(), fit.z.size()) : 0;
  values[3] = fit.converged ? float8_array(fit.p_values.data(), fit.p_values.size()) : 0;
  values[4] = Int64GetDatum(fit.n);
  values[5] = Float8GetDatum(fit.log_likelihood);
  values[6] = Int32GetDatum(fit.iterations);
  values[7] = BoolGetDatum(fit.converged);
  return hs::pg::make_composite(fcinfo, values, nulls, kFitFields);
}

// Text output of logistic_fit_state: "v1:features=K,rows=N,data=y:x1:...;...".
HS_FUNCTION(hs_logistic_fit_state_out) {
  RowsView view = logistic_view(fcinfo, 0);
  std::size_t row_max = hs::logistic_row_text_max(std::max(view.features, 0));
  Size capacity =
      hs::kStateTextMax + std::min<Size>(static_cast<Size>(view.count), Size{1} << 12) * row_max;
  auto* text = static_cast<char*>(hs::pg::allocate_huge(capacity));
  Size length = hs::write_logistic_text_head(text, view.features, view.count);
  auto width = static_cast<std::size_t>(view.features) + 1;
  for (std::int64_t i = 0; i < view.count; ++i) {
    if (capacity - length < row_max + 1) {
      if (length > kMaxTextBytes) {
        throw hs::Error(hs::ErrorKind::program_limit,
                        "logistic_fit state of " + std::to_string(view.count) +
                            " rows is too large for its text form",
                        "The text form of a logistic_fit_state holds at most " +
                            std::to_string(kMaxTextBytes) + " bytes.");
      }
      capacity = 2 * capacity;
      text = static_cast<char*>(
          hs::pg::call_pg([text, capacity] { return repalloc_huge(text, capacity); }));
    }
    if ((i + 1) % static_cast<std::int64_t>(hs::kInterruptStride) == 0) hs::check_interrupts();
    length += hs::write_logistic_row(text + length, view.rows + static_cast<std::size_t>(i) * width,
                                     view.features, i);
  }
  PG_RETURN_CSTRING(text);
}

// Text input of logistic_fit_state: the text form, checked (22P02).
HS_FUNCTION(hs_logistic_fit_state_in) {
  hs::LogisticTextReader reader(PG_GETARG_CSTRING(0));
  std::int32_t features = reader.features();
  std::int64_t rows = reader.rows();
  if (features >= 0 && rows > static_cast<std::int64_t>(kLogisticMaxData / row_bytes(features))) {
    reader.read_rows(nullptr);  // malformed text is 22P02 whatever its length
    check_flat_rows(rows, features);
  }
  Size data = features < 0 ? 0 : static_cast<Size>(rows) * row_bytes(features);
  auto* flat = static_cast<char*>(hs::pg::allocate_huge(kLogisticHeader + data));
  LogisticFlatHeader header{0, kLogisticFormat, features, 0, rows};
  std::memcpy(flat, &header, sizeof header);
  SET_VARSIZE(flat, kLogisticHeader + data);
  reader.read_rows(reinterpret_cast<double*>(flat + kLogisticHeader));
  PG_RETURN_POINTER(flat);
}

// Binary output of logistic_fit_state: a version byte, the number of features
// and of rows, then every value (float8), in network byte order.
HS_FUNCTION(hs_logistic_fit_state_send) {
  RowsView view = logistic_view(fcinfo, 0);
  if (view.features >= 0) check_flat_rows(view.count, view.features);
  return PointerGetDatum(hs::pg::call_pg([&view] {
    StringInfoData buf;
    pq_begintypsend(&buf);
    pq_sendbyte(&buf, kLogisticBinaryVersion);
    pq_sendint32(&buf, view.features);
    pq_sendint64(&buf, view.count);
    std::size_t values =
        view.features < 0 ? 0 : static_cast<std::size_t>(view.count) * (view.features + 1);
    for (std::size_t i = 0; i < values; ++i) {
      if ((i + 1) % hs::kInterruptStride == 0) CHECK_FOR_INTERRUPTS();
      pq_sendfloat8(&buf, view.rows[i]);
    }
    return pq_endtypsend(&buf);
  }));
}

// Binary input of logistic_fit_state: the version byte and the length checked
// before anything is read, then the rows (22P03).
HS_FUNCTION(hs_logistic_fit_state_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  Size left = static_cast<Size>(buf->len - buf->cursor);
  constexpr Size kHead = 1 + 4 + 8;
  if (left < 1) hs::pg::reject_binary(kLogisticTypeName, "no data");
  if (static_cast<unsigned char>(buf->data[buf->cursor]) != kLogisticBinaryVersion)
    hs::pg::reject_binary(kLogisticTypeName, "unsupported format version");
  if (left < kHead) hs::pg::reject_binary(kLogisticTypeName, "truncated value");
  ++buf->cursor;
  auto features = static_cast<std::int32_t>(pq_getmsgint(buf, 4));
  std::int64_t rows = pq_getmsgint64(buf);
  if (features < -1 || features > hs::kMaxFeatures || rows < 0 || (features == -1 && rows != 0))
    hs::pg::reject_binary(kLogisticTypeName, "the number of features or rows is out of range");
  Size rest = left - kHead;
  Size width = features < 0 ? 0 : row_bytes(features);
  if (width > 0 && static_cast<std::uint64_t>(rows) > rest / width)
    hs::pg::reject_binary(kLogisticTypeName, "truncated value");
  if (static_cast<Size>(rows) * width != rest)
    hs::pg::reject_binary(kLogisticTypeName, "unexpected bytes after the last row");
  if (features >= 0) check_flat_rows(rows, features);
  Size data = static_cast<Size>(rows) * width;
  auto* flat = static_cast<char*>(hs::pg::allocate_huge(kLogisticHeader + data));
  LogisticFlatHeader header{0, kLogisticFormat, features, 0, rows};
  std::memcpy(flat, &header, sizeof header);
  SET_VARSIZE(flat, kLogisticHeader + data);
  auto* values = reinterpret_cast<double*>(flat + kLogisticHeader);
  for (Size i = 0; i < data / sizeof(double); ++i) values[i] = pq_getmsgfloat8(buf);
  if (const char* why = hs::rows_problem(values, rows, features))
    hs::pg::reject_binary(kLogisticTypeName, why);
  PG_RETURN_POINTER(flat);
}

// logistic_apply(fit, features): the fitted probability 1 / (1 + e^-(b0 + b.x));
// NULL when a feature is NULL.
HS_FUNCTION(hs_logistic_apply) {
  UsableFit fit = usable_fit(fcinfo, 0);
  hs::pg::ArrayArg features = hs::pg::array_arg(fcinfo, 1, "features");
  if (array_contains_nulls(features.array)) PG_RETURN_NULL();
  PG_RETURN_FLOAT8(hs::logistic_probability(
      fit.coefficients.values, fit.coefficients.count,
      reinterpret_cast<const double*>(ARR_DATA_PTR(features.array)), features.length));
}

// logistic_weights(fit): the positive coefficients of features with p < 0.05
// normalized to sum 1, others 0; NULL when none qualifies.
HS_FUNCTION(hs_logistic_weights) {
  UsableFit fit = usable_fit(fcinfo, 0);
  std::optional<std::vector<double>> weights =
      hs::logistic_weights(fit.coefficients.values, fit.p_values.values, fit.coefficients.count);
  if (!weights) PG_RETURN_NULL();
  return float8_array(weights->data(), weights->size());
}
