// Survival (README, "Calibration"): how long accounts last. km_survival, the
// Kaplan-Meier estimate of the survival curve with Greenwood's variance on the
// log(-log S) scale, and logrank_test, the log-rank test across groups.
//
// Both aggregates keep the same state: one run per distinct (duration, group)
// with its counts of events and censored rows, and the sorted names of the
// groups (km_survival's rows all belong to one group, ""; km_survival of a
// state holding several groups pools them). Memory follows the number of
// distinct durations, not of rows. New rows fold into a buffer of distinct
// (duration, group) keys found through a hash table; a full buffer is sorted
// and merged into the runs in place, as roc_auc's accumulator does; the
// results are computed from the folded runs in duration order, so they do not
// depend on the order of the rows or on how partial states were merged.
#pragma once
#include "core/pure.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/calibration.h"
#include "core/distributions.h"
#include "core/error.h"
#include "core/interrupts.h"
#include "core/state_text.h"

namespace hs {

// One distinct duration of one group, with its counts.
struct SurvivalRun {
  double time;
  std::uint64_t events;
  std::uint64_t censored;
  std::uint32_t group;     // index into the sorted group names
  std::uint32_t reserved;  // 0
};
static_assert(sizeof(SurvivalRun) == 32, "a distinct duration costs 32 bytes");

// logrank_test compares at most this many groups (program_limit beyond).
constexpr std::uint32_t kMaxSurvivalGroups = 1000;

// A group name: bytes without NUL, not terminated.
struct GroupName {
  const char* data;
  std::size_t length;
};

// Byte order of group names (strcmp's for names without NUL).
int compare_names(GroupName a, GroupName b);

// Rows of a state, read in place: sorted runs, their groups' names in order.
struct SurvivalView {
  const SurvivalRun* runs = nullptr;
  std::size_t count = 0;
  const GroupName* groups = nullptr;  // group_count names, ascending
  std::uint32_t group_count = 0;
  std::uint64_t rows = 0;
  std::uint64_t events = 0;
};

// Why runs read from a stored or received state are not runs an accumulator
// could hold, or nullptr: finite non-negative durations, strictly ascending by
// (duration, group), groups below group_count and each with a run, no run
// without rows, at most 2^63 - 1 rows. Their totals go to *rows and *events.
// `runs` may be unaligned.
const char* survival_runs_problem(const void* runs, std::size_t count, std::uint32_t group_count,
                                  std::uint64_t* rows, std::uint64_t* events);

// Why `count` names are not the groups of a state, or nullptr: at most
// kMaxSurvivalGroups, strictly ascending.
const char* survival_groups_problem(const GroupName* names, std::uint32_t count);

// After an exception the accumulator may be inconsistent: the aggregate's
// query is aborted with it, and it is never used again.
class SurvivalAccumulator {
 public:
  explicit SurvivalAccumulator(StateMemory memory) : memory_(memory) {}

  // The id of a group, added when new (program_limit past kMaxSurvivalGroups).
  // Ids follow the names' order: adding a name renumbers those after it.
  std::uint32_t group(GroupName name);

  // Counts a row: a finite duration of at least 0 (22023), an event or a
  // censored row, of a group id that group() returned.
  void add(double duration, bool event, std::uint32_t group);

  // Adds the rows of a checked view (another state's, never this one's).
  void merge(const SurvivalView& other);

  // Folds the buffer into the runs: afterwards view() holds every row.
  void compact();

  // The rows, compacted first.
  SurvivalView view();

  std::size_t run_count() const { return run_count_; }
  std::size_t buffered() const { return buffered_; }
  std::uint32_t group_count() const { return group_count_; }
  GroupName group_name(std::uint32_t id) const;

 private:
  void make_room();
  void reserve_buffer(std::size_t capacity);
  void renumber_from(std::uint32_t id);
  std::size_t find_slot(double time, std::uint32_t group) const;
  void reindex();

  StateMemory memory_;
  SurvivalRun* runs_ = nullptr;
  std::size_t run_count_ = 0;
  std::size_t run_capacity_ = 0;
  SurvivalRun* buffer_ = nullptr;
  std::size_t buffered_ = 0;
  std::size_t buffer_capacity_ = 0;
  // Where each buffered (duration, group) is, so that a row repeating one
  // folds into it: open addressing, a slot holding its buffer index + 1 (0 is
  // empty), at least two slots per buffer entry. Rows of few distinct
  // durations then fold as they come, and the buffer is rarely sorted. Used
  // while it pays: after a batch (the rows between two sorts) in which fewer
  // than half the rows repeated a key, rows are appended unindexed until a
  // sort finds them repeating again.
  std::uint32_t* slots_ = nullptr;
  std::size_t slot_mask_ = 0;  // the number of slots - 1
  bool indexed_ = true;
  std::uint64_t batch_rows_ = 0;
  std::uint64_t rows_ = 0;
  std::uint64_t events_ = 0;
  // Group names: their bytes in a block, and per id (in name order) where.
  char* name_bytes_ = nullptr;
  std::size_t name_bytes_used_ = 0;
  std::size_t name_bytes_capacity_ = 0;
  struct NameSlot {
    std::size_t offset;
    std::size_t length;
  };
  NameSlot* names_ = nullptr;  // per id, in name order
  std::uint32_t group_count_ = 0;
  std::uint32_t names_capacity_ = 0;
  std::uint32_t last_group_ = 0;  // the group of the previous row, tried first
  GroupName* views_ = nullptr;    // the names as pointers, for view()
  std::uint32_t views_capacity_ = 0;
};

// --- Kaplan-Meier ---

// One step of the curve: a distinct duration of the pooled groups.
struct KmStep {
  double time;
  std::uint64_t at_risk;
  std::uint64_t events;
  std::uint64_t censored;
  double survival;
  std::optional<double> ci_low, ci_high;
};

// Walks the Kaplan-Meier curve of the view's rows (every group pooled): calls
// step(const KmStep&) for each distinct duration in ascending order. At a
// duration, events come before censoring: the rows censored there are at risk.
// S = product of (1 - d/n); the 95% interval is exp(-exp(log(-log S) -/+ z *
// sigma / |log S|)) with sigma^2 = Greenwood's sum of d / (n (n - d)); where
// S = 1 (no event yet) it is [1, 1]; where S = 0 (every row at risk had the
// event) it is NULL. Returns the median: the first duration where S <= 0.5.
template <typename F>
std::optional<double> km_walk(const SurvivalView& view, F&& step) {
  const double z = normal_critical(0.95);
  std::uint64_t at_risk = view.rows;
  double survival = 1.0;
  double greenwood = 0.0;
  std::optional<double> median;
  std::size_t i = 0;
  while (i < view.count) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    KmStep s{view.runs[i].time, at_risk, 0, 0, 0.0, std::nullopt, std::nullopt};
    for (; i < view.count && view.runs[i].time == s.time; ++i) {
      s.events += view.runs[i].events;
      s.censored += view.runs[i].censored;
    }
    if (s.events > 0) {
      double n = static_cast<double>(at_risk);
      double d = static_cast<double>(s.events);
      survival *= (n - d) / n;
      if (s.events < at_risk) greenwood += d / (n * (n - d));
    }
    s.survival = survival;
    if (survival == 1.0) {
      s.ci_low = 1.0;
      s.ci_high = 1.0;
    } else if (survival > 0.0) {
      double log_s = std::log(survival);
      double spread = z * std::sqrt(greenwood) / -log_s;
      double center = std::log(-log_s);
      s.ci_low = std::exp(-std::exp(center + spread));
      s.ci_high = std::exp(-std::exp(center - spread));
    }
    if (!median && survival <= 0.5) median = s.time;
    at_risk -= s.events + s.censored;
    step(static_cast<const KmStep&>(s));
  }
  return median;
}

// Longest JSON text of one step, separator included.
constexpr std::size_t kKmStepTextMax = 7 * kDoubleTextMax + 100;
// Writes a step as a JSON object, a comma first but for the first; returns its length.
std::size_t write_km_step(char* out, const KmStep& step, bool first);
// The JSON text before the steps ("{"n": .., "events": .., "median": .., "steps": [")
// and after them ("]}"); `out` holds at least kStateTextMax bytes.
std::size_t write_km_head(char* out, std::uint64_t rows, std::uint64_t events,
                          std::optional<double> median);
constexpr const char* kKmTail = "]}";

// --- The log-rank test ---

struct LogrankResult {
  std::optional<double> chi2;
  std::optional<std::int64_t> df;
  std::optional<double> p_value;
};

// The log-rank test of the view's groups: observed minus expected events per
// group and their hypergeometric covariance, summed over the distinct event
// times; chi2 = (O - E)' V^- (O - E) over all groups but the first, df = groups - 1.
// Groups never at risk at an event time carry no information and are left
// out (survdiff does the same). Nothing (NULL) when fewer than two groups are
// left or there is no event. `work` is caller memory for groups * (groups + 4)
// doubles.
LogrankResult logrank(const SurvivalView& view, double* work);

// --- The text form of survival_state ---
//
//   v1:rows=5,events=3,groups=["a","b"],times=1:0:1:0;2:1:1:1;3:0:0:1
//
// The totals, the group names as double-quoted strings (\" and \\ escaped),
// then every run as duration:group:events:censored, in (duration, group)
// order. The empty state is "v1:rows=0,events=0,groups=[],times=".

// Longest text of one run, separator included.
constexpr std::size_t kSurvivalRunTextMax = kDoubleTextMax + 3 * 21 + 4;

// The text up to the group names ("v1:rows=..,events=..,groups=[").
std::size_t write_survival_head(char* out, std::uint64_t rows, std::uint64_t events);
// The longest text of a group name (quoted, escaped, separator included).
inline std::size_t survival_name_text_max(GroupName name) { return 2 * name.length + 3; }
std::size_t write_survival_name(char* out, GroupName name, std::uint32_t index);
constexpr const char* kSurvivalTimesField = "],times=";
std::size_t write_survival_run(char* out, const SurvivalRun& run, std::size_t index);

// Reads a text form: the head, the group names and how many runs follow, then
// the runs into caller-provided memory (nullptr only checks). Malformed text is
// invalid_text naming survival_state.
class SurvivalTextReader {
 public:
  explicit SurvivalTextReader(const char* text);
  std::uint32_t group_count() const { return group_count_; }
  // Bytes the names take unescaped, each with a terminating NUL.
  std::size_t name_bytes() const { return name_bytes_; }
  std::size_t run_count() const { return run_count_; }
  // Reads the names (each NUL-terminated into name_bytes, name_bytes()
  // bytes, and as views into names, group_count() of them) and the runs
  // (run_count()), checked as a stored state is and against the totals.
  void read(char* name_bytes, GroupName* names, SurvivalRun* runs) const;

 private:
  const char* text_;
  const char* names_text_ = nullptr;
  const char* runs_text_ = nullptr;
  std::uint32_t group_count_ = 0;
  std::size_t name_bytes_ = 0;
  std::size_t run_count_ = 0;
  std::uint64_t rows_ = 0;
  std::uint64_t events_ = 0;
};

// The flat state too large to store or pass on, or its text too large (program_limit).
[[noreturn]] void throw_survival_too_large(std::size_t distinct, std::size_t limit);

}  // namespace hs
