#include "core/survival.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "core/interrupts.h"

namespace hs {

namespace {

constexpr std::uint64_t kMaxRows = (std::uint64_t{1} << 63) - 1;
constexpr std::size_t kMinBuffer = std::size_t{1} << 16;
constexpr const char* kTypeName = "survival_state";

bool key_less(const SurvivalRun& a, const SurvivalRun& b) {
  return a.time < b.time || (a.time == b.time && a.group < b.group);
}

bool same_key(const SurvivalRun& a, const SurvivalRun& b) {
  return a.time == b.time && a.group == b.group;
}

// Sorts runs by (duration, group), checking for query cancel as it compares,
// and folds equal keys; returns the number of runs left.
std::size_t sort_and_fold(SurvivalRun* runs, std::size_t count) {
  std::size_t compared = 0;
  std::sort(runs, runs + count, [&compared](const SurvivalRun& a, const SurvivalRun& b) {
    if (++compared % kInterruptStride == 0) check_interrupts();
    return key_less(a, b);
  });
  if (count == 0) return 0;
  std::size_t out = 0;
  for (std::size_t i = 1; i < count; ++i) {
    if (same_key(runs[i], runs[out])) {
      runs[out].events += runs[i].events;
      runs[out].censored += runs[i].censored;
    } else {
      runs[++out] = runs[i];
    }
  }
  return out + 1;
}

// Merges the sorted runs other[0, m) into the sorted runs into[0, n), in
// place from the back (`into` has room for n + m): each step writes one run
// and reads at least one, so the write position never passes an unread run.
// Equal keys fold. Returns the number of runs.
std::size_t merge_sorted(SurvivalRun* into, std::size_t n, const SurvivalRun* other,
                         std::size_t m) {
  std::size_t i = n;
  std::size_t j = m;
  std::size_t k = n + m;
  std::size_t steps = 0;
  while (j > 0) {
    if (++steps % kInterruptStride == 0) check_interrupts();
    if (i > 0 && key_less(other[j - 1], into[i - 1])) {
      into[--k] = into[--i];
    } else if (i > 0 && same_key(other[j - 1], into[i - 1])) {
      SurvivalRun r = into[--i];
      r.events += other[j - 1].events;
      r.censored += other[j - 1].censored;
      --j;
      into[--k] = r;
    } else {
      into[--k] = other[--j];
    }
  }
  // into[0, i) is in place; the folds left a gap of k - i runs after it.
  if (k > i) std::memmove(into + i, into + k, (n + m - k) * sizeof(SurvivalRun));
  return n + m - (k - i);
}

void* grow(const StateMemory& memory, void* block, std::size_t bytes) {
  return memory.resize(memory.context, block, bytes);
}

}  // namespace

int compare_names(GroupName a, GroupName b) {
  std::size_t n = std::min(a.length, b.length);
  int c = n == 0 ? 0 : std::memcmp(a.data, b.data, n);
  if (c != 0) return c;
  return a.length < b.length ? -1 : (a.length > b.length ? 1 : 0);
}

const char* survival_groups_problem(const GroupName* names, std::uint32_t count) {
  if (count > kMaxSurvivalGroups) return "more than 1000 groups";
  for (std::uint32_t g = 0; g < count; ++g) {
    if (std::memchr(names[g].data, '\0', names[g].length) != nullptr)
      return "a group name holds a NUL byte";
    if (g > 0 && compare_names(names[g - 1], names[g]) >= 0) return "group names out of order";
  }
  return nullptr;
}

const char* survival_runs_problem(const void* runs, std::size_t count, std::uint32_t group_count,
                                  std::uint64_t* rows, std::uint64_t* events) {
  const auto* bytes = static_cast<const unsigned char*>(runs);
  bool seen[kMaxSurvivalGroups] = {};
  std::uint64_t total = 0;
  std::uint64_t total_events = 0;
  SurvivalRun previous{};
  for (std::size_t i = 0; i < count; ++i) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    SurvivalRun r;
    std::memcpy(&r, bytes + i * sizeof(SurvivalRun), sizeof r);
    if (!std::isfinite(r.time) || r.time < 0) return "a duration is negative or not finite";
    if (r.group >= group_count || r.reserved != 0) return "a run names no group";
    if (i > 0 && !key_less(previous, r)) return "durations out of order";
    if (r.events == 0 && r.censored == 0) return "a duration without rows";
    if (r.events > kMaxRows || r.censored > kMaxRows - r.events ||
        total > kMaxRows - r.events - r.censored)
      return "more than 2^63 - 1 rows";
    total += r.events + r.censored;
    total_events += r.events;
    seen[r.group] = true;
    previous = r;
  }
  for (std::uint32_t g = 0; g < group_count; ++g)
    if (!seen[g]) return "a group without rows";
  *rows = total;
  *events = total_events;
  return nullptr;
}

GroupName SurvivalAccumulator::group_name(std::uint32_t id) const {
  return GroupName{name_bytes_ + names_[id].offset, names_[id].length};
}

std::uint32_t SurvivalAccumulator::group(GroupName name) {
  if (last_group_ < group_count_ && compare_names(group_name(last_group_), name) == 0)
    return last_group_;
  std::uint32_t low = 0;
  std::uint32_t high = group_count_;
  while (low < high) {
    std::uint32_t mid = low + (high - low) / 2;
    int c = compare_names(group_name(mid), name);
    if (c == 0) return last_group_ = mid;
    if (c < 0) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  if (group_count_ == kMaxSurvivalGroups) {
    throw Error::after_function(ErrorKind::program_limit, ": more than 1000 groups",
                                "The log-rank test compares at most 1000 groups.");
  }
  if (name_bytes_used_ + name.length > name_bytes_capacity_) {
    std::size_t capacity = std::max(2 * name_bytes_capacity_, name_bytes_used_ + name.length + 64);
    name_bytes_ = static_cast<char*>(grow(memory_, name_bytes_, capacity));
    name_bytes_capacity_ = capacity;
  }
  if (group_count_ == names_capacity_) {
    std::uint32_t capacity = std::max<std::uint32_t>(8, 2 * names_capacity_);
    names_ = static_cast<NameSlot*>(grow(memory_, names_, capacity * sizeof(NameSlot)));
    names_capacity_ = capacity;
  }
  if (name.length > 0) std::memcpy(name_bytes_ + name_bytes_used_, name.data, name.length);
  std::memmove(names_ + low + 1, names_ + low, (group_count_ - low) * sizeof(NameSlot));
  names_[low] = NameSlot{name_bytes_used_, name.length};
  name_bytes_used_ += name.length;
  ++group_count_;
  renumber_from(low);
  return last_group_ = low;
}

// A group was inserted at `id`: the rows of the groups from id on move up one,
// which keeps every run's order. The buffered keys stay distinct; the table is
// rebuilt for their new ids.
void SurvivalAccumulator::renumber_from(std::uint32_t id) {
  for (std::size_t i = 0; i < run_count_; ++i)
    if (runs_[i].group >= id) ++runs_[i].group;
  for (std::size_t i = 0; i < buffered_; ++i)
    if (buffer_[i].group >= id) ++buffer_[i].group;
  reindex();
}

void SurvivalAccumulator::add(double duration, bool event, std::uint32_t group) {
  require_finite("duration", duration);
  if (duration < 0) {
    throw_out_of_range(ErrorKind::invalid_parameter, "duration", duration,
                       "Durations must be at least 0.");
  }
  if (rows_ == kMaxRows) throw_count_overflow("rows");
  if (duration == 0) duration = 0;  // -0 is 0, bits included
  std::size_t slot = indexed_ ? find_slot(duration, group) : 0;
  if (indexed_ && slots_ != nullptr && slots_[slot] != 0) {
    SurvivalRun& run = buffer_[slots_[slot] - 1];
    run.events += event;
    run.censored += !event;
  } else {
    if (buffered_ == buffer_capacity_) {
      make_room();
      if (indexed_) slot = find_slot(duration, group);
    }
    buffer_[buffered_++] = SurvivalRun{duration, event ? 1u : 0u, event ? 0u : 1u, group, 0};
    if (indexed_) slots_[slot] = static_cast<std::uint32_t>(buffered_);
  }
  ++batch_rows_;
  ++rows_;
  events_ += event;
}

// The slot of (time, group): the one holding it, or the empty one where it
// goes (0 before the table exists).
std::size_t SurvivalAccumulator::find_slot(double time, std::uint32_t group) const {
  if (slots_ == nullptr) return 0;
  std::uint64_t z;
  std::memcpy(&z, &time, sizeof z);
  z ^= group * 0x9E3779B97F4A7C15u;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  std::size_t slot = static_cast<std::size_t>(z ^ (z >> 31)) & slot_mask_;
  while (slots_[slot] != 0) {
    const SurvivalRun& run = buffer_[slots_[slot] - 1];
    if (run.time == time && run.group == group) break;
    slot = (slot + 1) & slot_mask_;
  }
  return slot;
}

// Rebuilds the table from the buffer, whose keys are then distinct.
void SurvivalAccumulator::reindex() {
  if (slots_ == nullptr || !indexed_) return;
  std::memset(slots_, 0, (slot_mask_ + 1) * sizeof *slots_);
  for (std::size_t i = 0; i < buffered_; ++i)
    slots_[find_slot(buffer_[i].time, buffer_[i].group)] = static_cast<std::uint32_t>(i + 1);
}

// Grows the buffer, and the table to at least two slots per entry.
void SurvivalAccumulator::reserve_buffer(std::size_t capacity) {
  if (capacity <= buffer_capacity_) return;
  buffer_ = static_cast<SurvivalRun*>(grow(memory_, buffer_, capacity * sizeof(SurvivalRun)));
  buffer_capacity_ = capacity;
  std::size_t slots = 128;
  while (slots < 2 * capacity) slots *= 2;
  slots_ = static_cast<std::uint32_t*>(grow(memory_, slots_, slots * sizeof *slots_));
  slot_mask_ = slots - 1;
  reindex();
}

void SurvivalAccumulator::make_room() {
  std::size_t limit = std::max(kMinBuffer, run_count_ / 8);
  if (buffer_capacity_ < limit) {
    reserve_buffer(std::min(limit, std::max<std::size_t>(64, 2 * buffer_capacity_)));
    return;
  }
  compact();
}

void SurvivalAccumulator::compact() {
  if (buffered_ == 0) return;
  std::size_t count = sort_and_fold(buffer_, buffered_);
  if (batch_rows_ > 0) indexed_ = batch_rows_ >= 2 * count;
  batch_rows_ = 0;
  if (run_count_ + count > run_capacity_) {
    std::size_t capacity = std::max(run_count_ + count, run_capacity_ + run_capacity_ / 2);
    runs_ = static_cast<SurvivalRun*>(grow(memory_, runs_, capacity * sizeof(SurvivalRun)));
    run_capacity_ = capacity;
  }
  run_count_ = merge_sorted(runs_, run_count_, buffer_, count);
  buffered_ = 0;
  reindex();
}

void SurvivalAccumulator::merge(const SurvivalView& other) {
  if (other.rows == 0) return;
  if (rows_ + other.rows > kMaxRows) throw_count_overflow("rows");
  compact();
  // The other state's names in ascending order: each is found or inserted
  // after the ones mapped before it, so the mapping keeps their order.
  std::uint32_t map[kMaxSurvivalGroups];
  for (std::uint32_t g = 0; g < other.group_count; ++g) map[g] = group(other.groups[g]);
  reserve_buffer(other.count);
  for (std::size_t i = 0; i < other.count; ++i) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    buffer_[i] = other.runs[i];
    buffer_[i].group = map[other.runs[i].group];
  }
  buffered_ = other.count;
  compact();
  rows_ += other.rows;
  events_ += other.events;
}

SurvivalView SurvivalAccumulator::view() {
  compact();
  if (views_capacity_ < group_count_) {
    views_ = static_cast<GroupName*>(grow(memory_, views_, names_capacity_ * sizeof(GroupName)));
    views_capacity_ = names_capacity_;
  }
  for (std::uint32_t g = 0; g < group_count_; ++g) views_[g] = group_name(g);
  return SurvivalView{runs_, run_count_, views_, group_count_, rows_, events_};
}

// --- Kaplan-Meier as JSON ---

namespace {

std::size_t append_number(char* out, const char* name, std::optional<double> value) {
  if (!value) return static_cast<std::size_t>(std::sprintf(out, ", \"%s\": null", name));
  char text[kDoubleTextMax];
  write_double(text, *value);
  return static_cast<std::size_t>(std::sprintf(out, ", \"%s\": %s", name, text));
}

}  // namespace

std::size_t write_km_step(char* out, const KmStep& s, bool first) {
  char time[kDoubleTextMax];
  write_double(time, s.time);
  std::size_t n = static_cast<std::size_t>(std::sprintf(
      out,
      "%s{\"time\": %s, \"at_risk\": %" PRIu64 ", \"events\": %" PRIu64 ", \"censored\": %" PRIu64,
      first ? "" : ", ", time, s.at_risk, s.events, s.censored));
  n += append_number(out + n, "survival", s.survival);
  n += append_number(out + n, "ci_low", s.ci_low);
  n += append_number(out + n, "ci_high", s.ci_high);
  out[n++] = '}';
  out[n] = '\0';
  return n;
}

std::size_t write_km_head(char* out, std::uint64_t rows, std::uint64_t events,
                          std::optional<double> median) {
  std::size_t n = static_cast<std::size_t>(
      std::sprintf(out, "{\"n\": %" PRIu64 ", \"events\": %" PRIu64, rows, events));
  n += append_number(out + n, "median", median);
  std::strcpy(out + n, ", \"steps\": [");
  return n + std::strlen(", \"steps\": [");
}

// --- The log-rank test ---

LogrankResult logrank(const SurvivalView& view, double* work) {
  LogrankResult out;
  const std::uint32_t g = view.group_count;
  if (g < 2 || view.events == 0) return out;
  double* at_risk = work;           // g
  double* observed = at_risk + g;   // g: O - E as it is summed
  double* expected = observed + g;  // g
  double* deaths = expected + g;    // g: events per group at the current time
  double* v = deaths + g;           // g * g
  std::fill(work, work + static_cast<std::size_t>(g) * (g + 4), 0.0);
  for (std::size_t i = 0; i < view.count; ++i)
    at_risk[view.runs[i].group] +=
        static_cast<double>(view.runs[i].events) + static_cast<double>(view.runs[i].censored);
  std::size_t i = 0;
  std::size_t steps = 0;
  while (i < view.count) {
    double time = view.runs[i].time;
    std::size_t first = i;
    double d = 0;
    double n = 0;
    for (std::uint32_t k = 0; k < g; ++k) n += at_risk[k];
    for (; i < view.count && view.runs[i].time == time; ++i) {
      d += static_cast<double>(view.runs[i].events);
      deaths[view.runs[i].group] = static_cast<double>(view.runs[i].events);
    }
    if (d > 0) {
      if (++steps % 256 == 0) check_interrupts();
      double spread = n > 1 ? d * (n - d) / (n - 1) : 0.0;
      for (std::uint32_t a = 0; a < g; ++a) {
        double share = at_risk[a] / n;
        observed[a] += deaths[a] - d * share;
        expected[a] += d * share;
        if (share == 0.0) continue;
        for (std::uint32_t b = 0; b < g; ++b)
          v[a * g + b] += spread * share * ((a == b ? 1.0 : 0.0) - at_risk[b] / n);
      }
    }
    for (std::size_t r = first; r < i; ++r) {
      deaths[view.runs[r].group] = 0;
      at_risk[view.runs[r].group] -=
          static_cast<double>(view.runs[r].events) + static_cast<double>(view.runs[r].censored);
    }
  }
  // The groups with expected events (survdiff's rule), the first left out.
  std::uint32_t kept[kMaxSurvivalGroups];
  std::uint32_t k = 0;
  for (std::uint32_t a = 0; a < g; ++a)
    if (expected[a] > 0) kept[k++] = a;
  if (k < 2) return out;
  // Solve V x = O - E on the kept groups but the first by Cholesky
  // factorization in place (deaths is free again: the right-hand side);
  // a pivot not above 1e-9 of its diagonal is a dependent group and dropped,
  // as survival's cholesky2 does; chi2 = (O - E)' x.
  std::uint32_t m = k - 1;
  double* a_mat = v;  // reuse: compact the kept block into the top-left m x m
  double* rhs = deaths;
  for (std::uint32_t r = 0; r < m; ++r) {
    rhs[r] = observed[kept[r + 1]];
    for (std::uint32_t c = 0; c < m; ++c) at_risk[c] = v[kept[r + 1] * g + kept[c + 1]];
    for (std::uint32_t c = 0; c < m; ++c) a_mat[r * m + c] = at_risk[c];
  }
  std::uint32_t rank = 0;
  double* diag_scale = expected;  // free again
  for (std::uint32_t r = 0; r < m; ++r) diag_scale[r] = a_mat[r * m + r];
  for (std::uint32_t c = 0; c < m; ++c) {
    double pivot = a_mat[c * m + c];
    for (std::uint32_t p = 0; p < c; ++p) pivot -= a_mat[c * m + p] * a_mat[c * m + p];
    if (!(pivot > 1e-9 * diag_scale[c])) {
      for (std::uint32_t r = c; r < m; ++r) a_mat[r * m + c] = 0.0;
      continue;
    }
    ++rank;
    double l = std::sqrt(pivot);
    a_mat[c * m + c] = l;
    for (std::uint32_t r = c + 1; r < m; ++r) {
      double s = a_mat[r * m + c];
      for (std::uint32_t p = 0; p < c; ++p) s -= a_mat[r * m + p] * a_mat[c * m + p];
      a_mat[r * m + c] = s / l;
    }
  }
  if (rank == 0) return out;
  // L y = b, then chi2 = y'y (x = L'^-1 y, so b'x = y'y); dropped columns give 0.
  double chi2 = 0.0;
  for (std::uint32_t r = 0; r < m; ++r) {
    if (a_mat[r * m + r] == 0.0) {
      rhs[r] = 0.0;
      continue;
    }
    double s = rhs[r];
    for (std::uint32_t p = 0; p < r; ++p) s -= a_mat[r * m + p] * rhs[p];
    rhs[r] = s / a_mat[r * m + r];
    chi2 += rhs[r] * rhs[r];
  }
  out.chi2 = chi2;
  out.df = static_cast<std::int64_t>(rank);
  out.p_value = chi_squared_upper_p(static_cast<double>(rank), chi2);
  return out;
}

// --- The text form ---

std::size_t write_survival_head(char* out, std::uint64_t rows, std::uint64_t events) {
  return static_cast<std::size_t>(std::snprintf(
      out, kStateTextMax, "v1:rows=%" PRIu64 ",events=%" PRIu64 ",groups=[", rows, events));
}

std::size_t write_survival_name(char* out, GroupName name, std::uint32_t index) {
  std::size_t n = 0;
  if (index > 0) out[n++] = ',';
  out[n++] = '"';
  for (std::size_t i = 0; i < name.length; ++i) {
    char c = name.data[i];
    if (c == '"' || c == '\\') out[n++] = '\\';
    out[n++] = c;
  }
  out[n++] = '"';
  out[n] = '\0';
  return n;
}

std::size_t write_survival_run(char* out, const SurvivalRun& run, std::size_t index) {
  char time[kDoubleTextMax];
  write_double(time, run.time);
  return static_cast<std::size_t>(
      std::snprintf(out, kSurvivalRunTextMax, "%s%s:%" PRIu32 ":%" PRIu64 ":%" PRIu64,
                    index == 0 ? "" : ";", time, run.group, run.events, run.censored));
}

namespace {

// Walks the quoted names from p (after "groups=["), calling f(index, byte)
// for each unescaped byte and f(index, -1) at each name's end; returns the
// position after the closing "]" or nullptr when malformed.
template <typename F>
const char* walk_names(const char* p, F&& f) {
  std::uint32_t index = 0;
  if (*p == ']') return p + 1;
  for (;;) {
    if (*p++ != '"') return nullptr;
    for (;;) {
      char c = *p++;
      if (c == '\0') return nullptr;
      if (c == '"') break;
      if (c == '\\') {
        c = *p++;
        if (c != '"' && c != '\\') return nullptr;
      }
      f(index, static_cast<int>(static_cast<unsigned char>(c)));
    }
    f(index, -1);
    ++index;
    if (*p == ']') return p + 1;
    if (*p++ != ',') return nullptr;
  }
}

}  // namespace

SurvivalTextReader::SurvivalTextReader(const char* text) : text_(text) {
  StateTextReader head(text, kTypeName, 1);
  const char* p = text + 3;  // after "v1:"
  if (std::strncmp(p, "rows=", 5) != 0 || !read_count(p += 5, kMaxRows, &rows_))
    head.reject("expected field \"rows=\" with a count");
  if (std::strncmp(p, ",events=", 8) != 0 || !read_count(p += 8, kMaxRows, &events_))
    head.reject("expected field \"events=\" with a count");
  if (std::strncmp(p, ",groups=[", 9) != 0) head.reject("expected field \"groups=[\"");
  names_text_ = p + 9;
  std::uint32_t groups = 0;
  std::size_t bytes = 0;
  const char* after = walk_names(names_text_, [&](std::uint32_t, int c) {
    groups += c < 0;
    ++bytes;
  });
  if (after == nullptr) head.reject("expected group names as quoted strings with \\\" and \\\\");
  if (groups > kMaxSurvivalGroups) head.reject("more than 1000 groups");
  group_count_ = groups;
  name_bytes_ = bytes;
  if (std::strncmp(after, ",times=", 7) != 0) head.reject("expected field \"times=\"");
  runs_text_ = after + 7;
  if (*runs_text_ != '\0') {
    run_count_ = 1;
    for (const char* q = runs_text_; *q != '\0'; ++q) run_count_ += *q == ';';
  }
}

void SurvivalTextReader::read(char* name_bytes, GroupName* names, SurvivalRun* runs) const {
  StateTextReader rejecter(text_, kTypeName, 1);
  std::size_t n = 0;
  std::size_t start = 0;
  walk_names(names_text_, [&](std::uint32_t index, int c) {
    if (c >= 0) {
      name_bytes[n++] = static_cast<char>(c);
      return;
    }
    names[index] = GroupName{name_bytes + start, n - start};
    name_bytes[n++] = '\0';
    start = n;
  });
  if (const char* why = survival_groups_problem(names, group_count_)) rejecter.reject(why);
  const char* p = runs_text_;
  for (std::size_t i = 0; i < run_count_; ++i) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    if (i > 0 && *p++ != ';') rejecter.reject("expected \";\" between durations");
    double time = 0;
    if (!read_finite(p, &time)) rejecter.reject("a duration is not a finite number");
    std::uint64_t group = 0;
    SurvivalRun run{time, 0, 0, 0, 0};
    if (*p++ != ':' || !read_count(p, kMaxSurvivalGroups, &group) || *p++ != ':' ||
        !read_count(p, kMaxRows, &run.events) || *p++ != ':' ||
        !read_count(p, kMaxRows, &run.censored))
      rejecter.reject("expected duration:group:events:censored");
    run.group = static_cast<std::uint32_t>(group);
    runs[i] = run;
  }
  if (*p != '\0') rejecter.reject("unexpected characters after the last duration");
  std::uint64_t rows = 0;
  std::uint64_t events = 0;
  if (const char* why = survival_runs_problem(runs, run_count_, group_count_, &rows, &events))
    rejecter.reject(why);
  if (rows != rows_ || events != events_)
    rejecter.reject("the totals are not the sums of the counts");
}

void throw_survival_too_large(std::size_t distinct, std::size_t limit) {
  throw Error(ErrorKind::program_limit,
              "survival state of " + std::to_string(distinct) +
                  " distinct durations is too large to store or to pass between processes",
              "A survival_state holds at most " + std::to_string(limit) +
                  " distinct durations; a parallel plan passes states between processes: run "
                  "such a query with max_parallel_workers_per_gather = 0.");
}

}  // namespace hs
