// Calibration (README, "Calibration"): roc_auc, does a score separate the
// rows that churned from those that did not? The probability that a random
// positive row scores higher than a random negative one, ties counting 1/2:
// the Mann-Whitney U statistic over n+ n-.
//
// The accumulator keeps each distinct score once, with its counts of positive
// and negative rows (16 bytes), so memory follows the number of distinct
// scores, not of rows: health scores and survey answers repeat a lot. New rows
// go to a buffer at most 1/8 of the runs (and at least 65,536 rows); a full
// buffer is sorted, its equal scores folded, and merged into the runs in
// place. The result comes from exact integer counts, divided once, so it does
// not depend on the order of the rows or on how partial states were merged.
#pragma once
#include "core/pure.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#include "core/error.h"
#include "core/state_text.h"

namespace hs {

// One score and how many positive and negative rows had it. A count that
// would pass 2^32 - 1 goes on in a further run with the same score.
struct ScoreRun {
  double score;
  std::uint32_t positives;
  std::uint32_t negatives;
};
static_assert(sizeof(ScoreRun) == 16, "a distinct score costs 16 bytes");

// Where the accumulator's arrays live: `resize` returns a block of `bytes`
// holding the contents of `block` (a new block when block is null), or
// throws. The binding layer allocates in the state's own memory context,
// which frees everything at once: the accumulator never frees.
struct StateMemory {
  void* (*resize)(void* context, void* block, std::size_t bytes);
  void* context;
};

// Checks runs read from a stored or received state, one at a time, in order:
// finite, sorted, none without rows, at most 2^63 - 1 rows in all.
class RunChecker {
 public:
  // Why `run` cannot follow the runs before it, or nullptr.
  const char* add(const ScoreRun& run);
  std::uint64_t positives() const { return positives_; }
  std::uint64_t negatives() const { return negatives_; }

 private:
  std::uint64_t positives_ = 0;
  std::uint64_t negatives_ = 0;
  double previous_ = 0;
  bool first_ = true;
};

// Why `count` runs, read from a stored or received state, are not runs an
// accumulator could hold (RunChecker), or nullptr; their totals go to
// *positives and *negatives. `runs` may be unaligned.
const char* runs_problem(const void* runs, std::size_t count, std::uint64_t* positives,
                         std::uint64_t* negatives);

// The AUC of checked, sorted runs and their totals, or nothing while either
// class is empty.
std::optional<double> auc_of_runs(const ScoreRun* runs, std::size_t count, std::uint64_t positives,
                                  std::uint64_t negatives);

// After an exception (a non-finite score, no memory, a query cancel in the
// middle of a merge) the accumulator may be inconsistent: the aggregate's
// query is aborted with it, and it is never used again.
class RocAccumulator {
 public:
  explicit RocAccumulator(StateMemory memory) : memory_(memory) {}

  // Counts a row; the score must be finite (22023).
  void add(double score, bool positive) {
    require_finite("score", score);
    if (positives_ + negatives_ == kMaxRows) throw_count_overflow("rows");
    if (buffered_ == buffer_capacity_) make_room();
    buffer_[buffered_++] = ScoreRun{score, positive ? 1u : 0u, positive ? 0u : 1u};
    ++(positive ? positives_ : negatives_);
  }

  // Adds the rows of `other` (which is compacted on the way).
  void merge(RocAccumulator& other);

  // Adds `count` sorted runs holding `positives` and `negatives` rows, checked
  // by runs_problem (another state's, read in place); they must not be this
  // accumulator's own.
  void merge_runs(const ScoreRun* runs, std::size_t count, std::uint64_t positives,
                  std::uint64_t negatives);

  // Folds the buffer into the runs: afterwards runs() holds every row. It
  // changes how the rows are held, never which: a reader may compact.
  void compact();

  // The AUC, or nothing while either class is empty. Compacts first.
  std::optional<double> auc();

  // The compacted rows (after compact()): sorted by score, equal scores only
  // in adjacent runs whose counts passed 2^32 - 1.
  const ScoreRun* runs() const { return runs_; }
  std::size_t run_count() const { return run_count_; }
  std::size_t buffered() const { return buffered_; }
  std::uint64_t positives() const { return positives_; }
  std::uint64_t negatives() const { return negatives_; }

  // Replaces the contents with `count` runs copied from `runs` (another
  // state's, maybe unaligned): checked by runs_problem, or invalid_binary
  // (and empty).
  void load(const void* runs, std::size_t count);

 private:
  static constexpr std::uint64_t kMaxRows = (std::uint64_t{1} << 63) - 1;  // rows counted, as int8

  void make_room();
  void reserve_runs(std::size_t capacity);
  std::size_t buffer_limit() const;

  StateMemory memory_;
  ScoreRun* runs_ = nullptr;
  std::size_t run_count_ = 0;
  std::size_t run_capacity_ = 0;
  ScoreRun* buffer_ = nullptr;  // rows not yet merged, one run each
  std::size_t buffered_ = 0;
  std::size_t buffer_capacity_ = 0;
  std::uint64_t positives_ = 0;
  std::uint64_t negatives_ = 0;
};

// --- The text form of roc_auc_state ---
//
//   v1:positives=3,negatives=3,scores=0.3:0:1;0.6:1:1;0.7:0:1;0.8:1:0;0.9:1:0
//
// The totals, then every run as score:positives:negatives, in score order
// (scores written to read back exactly). The empty state is
// "v1:positives=0,negatives=0,scores=".

// Longest text of one run, separator included.
constexpr std::size_t kRocRunTextMax = kDoubleTextMax + 2 * 11 + 1;

// The text before the runs; `out` holds at least kStateTextMax bytes.
std::size_t write_roc_text_head(char* out, std::uint64_t positives, std::uint64_t negatives);

// Writes run `index` (a separator first, but for the first) into `out`, which
// holds at least kRocRunTextMax bytes; returns its length.
std::size_t write_roc_run(char* out, const ScoreRun& run, std::size_t index);

// Reads a text form in two steps: the head (the format, the totals) and how
// many runs follow (the separators counted), then the runs into
// caller-provided memory (or nowhere: nullptr only checks), checked as a
// stored state is (RunChecker) and against the totals. Malformed text is
// invalid_text naming roc_auc_state.
class RocTextReader {
 public:
  explicit RocTextReader(const char* text);
  std::size_t run_count() const { return run_count_; }
  void read_runs(ScoreRun* out);

 private:
  const char* text_;
  const char* runs_text_ = nullptr;
  std::size_t run_count_ = 0;
  std::uint64_t positives_ = 0;
  std::uint64_t negatives_ = 0;
};

// A state too large to store or to pass between processes (program_limit):
// `distinct` runs where the stored form holds at most `limit`.
[[noreturn]] void throw_state_too_large_to_store(std::size_t distinct, std::size_t limit);
// A state whose text form would pass `limit` bytes (program_limit).
[[noreturn]] void throw_state_too_large_for_text(std::size_t distinct, std::size_t limit);

}  // namespace hs
