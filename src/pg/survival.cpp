// SQL bindings of survival: km_survival(duration, event) and
// logrank_test(duration, event, grp), parallel aggregates over one state,
// survival_state: every distinct (duration, group) with its counts of events
// and censored rows, and the sorted group names. It grows with its input, so
// it is a varlena type kept in memory as an expanded object through the
// helper every growing state shares (src/pg/expanded.h): transitions update it
// in place inside an aggregate, and it is flattened only to be stored or
// passed on.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/interrupts.h"
#include "core/survival.h"
#include "pg/datum.h"
#include "pg/expanded.h"

extern "C" {
#include "miscadmin.h"
#include "utils/jsonb.h"
}

HS_EXPANDED_STATE_DECLARE(hs_survival_state);

namespace {

using hs::GroupName;
using hs::SurvivalAccumulator;
using hs::SurvivalRun;
using hs::SurvivalView;

using SurvivalState = hs::pg::ExpandedState<SurvivalAccumulator>;

// The flat form: the varlena header, a format word, the number of groups and
// the bytes of their names (each NUL-terminated, ascending), the names padded
// to 8 bytes, then the sorted runs (ALIGNMENT = double).
constexpr std::uint32_t kFormat = 1;
constexpr Size kFlatHeader = 4 * sizeof(std::uint32_t);
constexpr Size kRowSlack = 1024 * 1024;
constexpr std::size_t kMaxFlatRuns = (MaxAllocSize - kRowSlack) / sizeof(SurvivalRun) - 1024;
constexpr std::size_t kMaxTextBytes = MaxAllocSize - kRowSlack;
constexpr int kBinaryVersion = 1;
constexpr const char* kTypeName = "survival_state";

Size padded(Size bytes) { return (bytes + 7) & ~Size{7}; }

Size name_bytes_of(const SurvivalView& view) {
  Size bytes = 0;
  for (std::uint32_t g = 0; g < view.group_count; ++g) bytes += view.groups[g].length + 1;
  return bytes;
}

using hs::pg::allocate_huge;

// Checks a flat value of `bytes` bytes (any user can make one); views it in place.
SurvivalView view_of_flat(const char* flat, Size bytes) {
  if (bytes < kFlatHeader) hs::pg::reject_binary(kTypeName, "wrong length");
  std::uint32_t header[3];
  std::memcpy(header, flat + VARHDRSZ, sizeof header);
  if (header[0] != kFormat) hs::pg::reject_binary(kTypeName, "unknown format");
  std::uint32_t groups = header[1];
  Size name_bytes = header[2];
  if (groups > hs::kMaxSurvivalGroups || name_bytes > bytes - kFlatHeader ||
      padded(name_bytes) > bytes - kFlatHeader ||
      (bytes - kFlatHeader - padded(name_bytes)) % sizeof(SurvivalRun) != 0 ||
      (groups == 0) != (name_bytes == 0))
    hs::pg::reject_binary(kTypeName, "wrong length");
  const char* names = flat + kFlatHeader;
  SurvivalView view;
  auto* views = static_cast<GroupName*>(allocate_huge((groups + 1) * sizeof(GroupName)));
  std::uint32_t found = 0;
  Size start = 0;
  for (Size i = 0; i < name_bytes; ++i) {
    if (names[i] != '\0') continue;
    if (found == groups) hs::pg::reject_binary(kTypeName, "more group names than groups");
    views[found++] = GroupName{names + start, i - start};
    start = i + 1;
  }
  if (found != groups || start != name_bytes)
    hs::pg::reject_binary(kTypeName, "group names do not match their count");
  if (const char* why = hs::survival_groups_problem(views, groups))
    hs::pg::reject_binary(kTypeName, why);
  view.groups = views;
  view.group_count = groups;
  const char* data = names + padded(name_bytes);
  view.count = (bytes - kFlatHeader - padded(name_bytes)) / sizeof(SurvivalRun);
  if (const char* why =
          hs::survival_runs_problem(data, view.count, groups, &view.rows, &view.events))
    hs::pg::reject_binary(kTypeName, why);
  if (reinterpret_cast<std::uintptr_t>(data) % alignof(SurvivalRun) != 0) {
    Size size = view.count * sizeof(SurvivalRun);
    void* aligned = allocate_huge(size + 1);
    std::memcpy(aligned, data, size);
    data = static_cast<const char*>(aligned);
  }
  view.runs = reinterpret_cast<const SurvivalRun*>(data);
  return view;
}

// A state argument in either form, and the expanded state if it is one.
SurvivalView view_of(FunctionCallInfo fcinfo, int argno, SurvivalState** expanded = nullptr) {
  if (hs::pg::arg_is_expanded(fcinfo, argno)) {
    SurvivalState* state = SurvivalState::of(hs_survival_state_kind, PG_GETARG_DATUM(argno));
    if (expanded != nullptr) *expanded = state;
    return state->acc.view();  // how the rows are held, not which: allowed read-only
  }
  Size bytes = 0;
  const char* flat = hs::pg::flat_arg(fcinfo, argno, &bytes);
  return view_of_flat(flat, bytes);
}

// The state a transition or combine function updates (as roc_auc's): the
// aggregate's own expanded state in place, else a new one holding argument
// 0's rows, so that a caller's value never changes.
SurvivalState* state_to_update(FunctionCallInfo fcinfo) {
  return SurvivalState::to_update(
      hs_survival_state_kind, fcinfo,
      [fcinfo](SurvivalAccumulator& acc) { acc.merge(view_of(fcinfo, 0)); });
}

// A flat value of `runs` runs and `name_bytes` bytes of names, its header set.
char* new_flat(std::size_t runs, std::uint32_t groups, Size name_bytes) {
  if (runs > kMaxFlatRuns) hs::throw_survival_too_large(runs, kMaxFlatRuns);
  Size bytes = kFlatHeader + padded(name_bytes) + runs * sizeof(SurvivalRun);
  auto* flat = static_cast<char*>(allocate_huge(bytes));
  std::memset(flat, 0, kFlatHeader + padded(name_bytes));
  SET_VARSIZE(flat, bytes);
  std::uint32_t header[3] = {kFormat, groups, static_cast<std::uint32_t>(name_bytes)};
  std::memcpy(flat + VARHDRSZ, header, sizeof header);
  return flat;
}

// A text being written, grown in the current memory context (1 GB less 1 MB at most).
struct TextBuffer {
  char* data;
  Size length = 0;
  Size capacity;
  explicit TextBuffer(Size initial)
      : data(static_cast<char*>(allocate_huge(initial))), capacity(initial) {}
  char* room(Size bytes, std::size_t distinct) {
    if (capacity - length < bytes + 1) {
      if (length + bytes > kMaxTextBytes) hs::throw_survival_too_large(distinct, kMaxTextBytes);
      Size want = std::min<Size>(std::max(2 * capacity, length + bytes + 1), kMaxTextBytes + 1);
      char* old = data;
      data = static_cast<char*>(hs::pg::call_pg([old, want] { return repalloc_huge(old, want); }));
      capacity = want;
    }
    return data + length;
  }
};

}  // namespace

HS_EXPANDED_STATE_DEFINE(hs_survival_state, "survival_state", "survival state");

// The size of the flat form (PostgreSQL asks before flattening); called
// outside any guard, so a C++ exception is caught here and raised after.
Size hs_survival_state_flat_size(ExpandedObjectHeader* eoh) {
  return hs::pg::guarded_flat_size("km_survival", [eoh] {
    SurvivalView view = SurvivalState::of(eoh)->acc.view();
    if (view.count > kMaxFlatRuns) hs::throw_survival_too_large(view.count, kMaxFlatRuns);
    return kFlatHeader + padded(name_bytes_of(view)) + view.count * sizeof(SurvivalRun);
  });
}

// Writes the flat form into `result`, of the size hs_survival_state_flat_size
// gave (which compacted the state).
void hs_survival_state_flatten(ExpandedObjectHeader* eoh, void* result, Size allocated_size) {
  const SurvivalAccumulator& acc = SurvivalState::of(eoh)->acc;
  Size name_bytes = 0;
  for (std::uint32_t g = 0; g < acc.group_count(); ++g) name_bytes += acc.group_name(g).length + 1;
  SurvivalView view;
  Size runs_size = acc.run_count() * sizeof(SurvivalRun);
  if (acc.buffered() != 0 || allocated_size != kFlatHeader + padded(name_bytes) + runs_size)
    elog(ERROR, "survival_state flattened without its size");
  auto* out = static_cast<char*>(result);
  std::memset(out, 0, kFlatHeader + padded(name_bytes));
  SET_VARSIZE(out, allocated_size);
  std::uint32_t header[3] = {kFormat, acc.group_count(), static_cast<std::uint32_t>(name_bytes)};
  std::memcpy(out + VARHDRSZ, header, sizeof header);
  char* names = out + kFlatHeader;
  for (std::uint32_t g = 0; g < acc.group_count(); ++g) {
    GroupName name = acc.group_name(g);
    if (name.length > 0) std::memcpy(names, name.data, name.length);
    names += name.length + 1;
  }
  // view() compacted the state already; runs are read through a fresh view.
  view = SurvivalState::of(eoh)->acc.view();
  if (runs_size > 0) std::memcpy(out + kFlatHeader + padded(name_bytes), view.runs, runs_size);
}

// Transition of km_survival(duration, event): counts a row; a row with a
// NULL duration or event is skipped.
HS_FUNCTION(hs_km_survival_accum) {
  if (PG_ARGISNULL(1) || PG_ARGISNULL(2)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  SurvivalState* state = state_to_update(fcinfo);
  double duration = PG_GETARG_FLOAT8(1);
  bool event = PG_GETARG_BOOL(2);
  state->acc.add(duration, event, state->acc.group(GroupName{"", 0}));
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Transition of logrank_test(duration, event, grp): counts a row under its
// group; a row with a NULL duration, event or group is skipped.
HS_FUNCTION(hs_logrank_accum) {
  if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  SurvivalState* state = state_to_update(fcinfo);
  hs::pg::TextArg grp = hs::pg::text_arg(fcinfo, 3);
  double duration = PG_GETARG_FLOAT8(1);
  hs::require_finite("duration", duration);
  state->acc.add(duration, PG_GETARG_BOOL(2), state->acc.group(GroupName{grp.data, grp.length}));
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Combine of km_survival and logrank_test: the rows of both partial states.
HS_FUNCTION(hs_survival_combine) {
  if (PG_ARGISNULL(1)) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    PG_RETURN_DATUM(PG_GETARG_DATUM(0));
  }
  SurvivalState* other_state = nullptr;
  SurvivalView other = view_of(fcinfo, 1, &other_state);
  SurvivalState* state = state_to_update(fcinfo);
  if (other_state == state) {
    // The same state twice: merge a copy of its runs and names.
    Size runs_size = other.count * sizeof(SurvivalRun);
    auto* runs = static_cast<SurvivalRun*>(allocate_huge(runs_size + 1));
    if (runs_size > 0) std::memcpy(runs, other.runs, runs_size);
    auto* groups =
        static_cast<GroupName*>(allocate_huge((other.group_count + 1) * sizeof(GroupName)));
    std::copy(other.groups, other.groups + other.group_count, groups);
    other.runs = runs;
    other.groups = groups;
  }
  state->acc.merge(other);
  PG_RETURN_DATUM(EOHPGetRWDatum(&state->header));
}

// Final of km_survival: the Kaplan-Meier curve as jsonb, NULL without rows.
HS_FUNCTION(hs_km_survival_final) {
  SurvivalView view = view_of(fcinfo, 0);
  if (view.rows == 0) PG_RETURN_NULL();
  // The median comes first in the text but is known at the end: the steps
  // are written after room for the head, which is then written in front.
  TextBuffer text(hs::kStateTextMax + std::min<Size>(view.count, 4096) * hs::kKmStepTextMax);
  text.length = hs::kStateTextMax;
  bool first = true;
  std::optional<double> median = hs::km_walk(view, [&](const hs::KmStep& step) {
    char* at = text.room(hs::kKmStepTextMax, view.count);
    text.length += hs::write_km_step(at, step, first);
    first = false;
  });
  char head[hs::kStateTextMax];
  Size head_length = hs::write_km_head(head, view.rows, view.events, median);
  char* start = text.data + hs::kStateTextMax - head_length;
  std::memcpy(start, head, head_length);
  std::strcpy(text.room(std::strlen(hs::kKmTail), view.count), hs::kKmTail);
  return hs::pg::call_pg([start] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(start)); });
}

// Final of logrank_test: (chi2, df, p_value), NULL when no test is possible
// (fewer than two groups at risk at an event time, or no event).
HS_FUNCTION(hs_logrank_final) {
  SurvivalView view = view_of(fcinfo, 0);
  Size g = view.group_count;
  auto* work = static_cast<double*>(allocate_huge((g * (g + 4) + 1) * sizeof(double)));
  hs::LogrankResult result = hs::logrank(view, work);
  if (!result.chi2) PG_RETURN_NULL();
  Datum values[3] = {Float8GetDatum(*result.chi2), Int32GetDatum(static_cast<int32>(*result.df)),
                     Float8GetDatum(*result.p_value)};
  bool nulls[3] = {false, false, false};
  return hs::pg::make_composite(fcinfo, values, nulls, 3);
}

// Text output of survival_state: "v1:rows=..,events=..,groups=[..],times=t:g:d:c;...".
HS_FUNCTION(hs_survival_state_out) {
  SurvivalView view = view_of(fcinfo, 0);
  TextBuffer text(hs::kStateTextMax + std::min<Size>(view.count, 4096) * hs::kSurvivalRunTextMax);
  text.length = hs::write_survival_head(text.data, view.rows, view.events);
  for (std::uint32_t g = 0; g < view.group_count; ++g) {
    char* at = text.room(hs::survival_name_text_max(view.groups[g]), view.count);
    text.length += hs::write_survival_name(at, view.groups[g], g);
  }
  std::strcpy(text.room(std::strlen(hs::kSurvivalTimesField), view.count), hs::kSurvivalTimesField);
  text.length += std::strlen(hs::kSurvivalTimesField);
  for (std::size_t i = 0; i < view.count; ++i) {
    if ((i + 1) % hs::kInterruptStride == 0) hs::check_interrupts();
    text.length +=
        hs::write_survival_run(text.room(hs::kSurvivalRunTextMax, view.count), view.runs[i], i);
  }
  PG_RETURN_CSTRING(text.data);
}

// Text input of survival_state: the text form, checked (22P02).
HS_FUNCTION(hs_survival_state_in) {
  hs::SurvivalTextReader reader(PG_GETARG_CSTRING(0));
  std::size_t count = reader.run_count();
  if (count > kMaxFlatRuns) hs::throw_survival_too_large(count, kMaxFlatRuns);
  char* flat = new_flat(count, reader.group_count(), reader.name_bytes());
  auto* names =
      static_cast<GroupName*>(allocate_huge((reader.group_count() + 1) * sizeof(GroupName)));
  reader.read(flat + kFlatHeader, names,
              reinterpret_cast<SurvivalRun*>(flat + kFlatHeader + padded(reader.name_bytes())));
  PG_RETURN_POINTER(flat);
}

// Binary output of survival_state: a version byte, the number of groups and
// each name (length, bytes), the number of runs and each run (duration,
// group, events, censored), in network byte order.
HS_FUNCTION(hs_survival_state_send) {
  SurvivalView view = view_of(fcinfo, 0);
  if (view.count > kMaxFlatRuns) hs::throw_survival_too_large(view.count, kMaxFlatRuns);
  return PointerGetDatum(hs::pg::call_pg([&view] {
    StringInfoData buf;
    pq_begintypsend(&buf);
    pq_sendbyte(&buf, kBinaryVersion);
    pq_sendint32(&buf, view.group_count);
    for (std::uint32_t g = 0; g < view.group_count; ++g) {
      pq_sendint32(&buf, static_cast<uint32>(view.groups[g].length));
      pq_sendbytes(&buf, view.groups[g].data, static_cast<int>(view.groups[g].length));
    }
    pq_sendint64(&buf, static_cast<int64>(view.count));
    for (std::size_t i = 0; i < view.count; ++i) {
      if ((i + 1) % hs::kInterruptStride == 0) CHECK_FOR_INTERRUPTS();
      pq_sendfloat8(&buf, view.runs[i].time);
      pq_sendint32(&buf, view.runs[i].group);
      pq_sendint64(&buf, static_cast<int64>(view.runs[i].events));
      pq_sendint64(&buf, static_cast<int64>(view.runs[i].censored));
    }
    return pq_endtypsend(&buf);
  }));
}

// Binary input of survival_state: every length checked before it is read,
// then the value checked as a stored one (22P03).
HS_FUNCTION(hs_survival_state_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  auto left = [buf] { return static_cast<Size>(buf->len - buf->cursor); };
  if (left() < 1) hs::pg::reject_binary(kTypeName, "no data");
  if (static_cast<unsigned char>(buf->data[buf->cursor]) != kBinaryVersion)
    hs::pg::reject_binary(kTypeName, "unsupported format version");
  if (left() < 5) hs::pg::reject_binary(kTypeName, "truncated value");
  ++buf->cursor;
  auto groups = static_cast<std::uint32_t>(pq_getmsgint(buf, 4));
  if (groups > hs::kMaxSurvivalGroups) hs::pg::reject_binary(kTypeName, "more than 1000 groups");
  // The names: where they start in the message and how many bytes they take.
  int names_at = buf->cursor;
  Size name_bytes = 0;
  for (std::uint32_t g = 0; g < groups; ++g) {
    if (left() < 4) hs::pg::reject_binary(kTypeName, "truncated value");
    auto length = static_cast<std::uint32_t>(pq_getmsgint(buf, 4));
    if (length > left()) hs::pg::reject_binary(kTypeName, "truncated value");
    buf->cursor += static_cast<int>(length);
    name_bytes += length + 1;
  }
  if (left() < 8) hs::pg::reject_binary(kTypeName, "truncated value");
  auto count = static_cast<std::uint64_t>(pq_getmsgint64(buf));
  constexpr Size kRunBytes = 8 + 4 + 8 + 8;
  if (count > left() / kRunBytes) hs::pg::reject_binary(kTypeName, "truncated value");
  if (count * kRunBytes != left())
    hs::pg::reject_binary(kTypeName, "unexpected bytes after the last duration");
  char* flat = new_flat(count, groups, name_bytes);
  int runs_at = buf->cursor;
  buf->cursor = names_at;
  char* names = flat + kFlatHeader;
  for (std::uint32_t g = 0; g < groups; ++g) {
    auto length = static_cast<std::uint32_t>(pq_getmsgint(buf, 4));
    std::memcpy(names, pq_getmsgbytes(buf, static_cast<int>(length)), length);
    names += length + 1;
  }
  buf->cursor = runs_at;
  auto* runs = reinterpret_cast<SurvivalRun*>(flat + kFlatHeader + padded(name_bytes));
  for (std::size_t i = 0; i < count; ++i) {
    runs[i].time = pq_getmsgfloat8(buf);
    runs[i].group = static_cast<std::uint32_t>(pq_getmsgint(buf, 4));
    runs[i].events = static_cast<std::uint64_t>(pq_getmsgint64(buf));
    runs[i].censored = static_cast<std::uint64_t>(pq_getmsgint64(buf));
    runs[i].reserved = 0;
  }
  view_of_flat(flat, VARSIZE(flat));  // checks names and runs (22P03)
  PG_RETURN_POINTER(flat);
}
