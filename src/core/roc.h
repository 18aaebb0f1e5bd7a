// ROC AUC (README, Calibration): does a score separate the rows that churned from
// those that did not? The probability that a random positive row scores
// higher than a random negative one, ties counting 1/2: the Mann-Whitney U
// statistic over n+ n-.
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
// throws. The binding layer allocates in the aggregate's memory context,
// which frees everything at once: the accumulator never frees.
struct RocMemory {
  void* (*resize)(void* context, void* block, std::size_t bytes);
  void* context;
};

// After an exception (a non-finite score, no memory, a query cancel in the
// middle of a merge) the accumulator may be inconsistent: the aggregate's
// query is aborted with it, and it is never used again.
class RocAccumulator {
 public:
  explicit RocAccumulator(RocMemory memory) : memory_(memory) {}

  // Whether `p` points at an accumulator: the binding layer receives states as
  // untyped pointers, and a superuser can build an aggregate that hands roc_auc's
  // support functions another aggregate's state.
  static bool is_accumulator(const void* p) {
    std::uint64_t tag;
    std::memcpy(&tag, p, sizeof tag);
    return tag == kTag;
  }

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

  // Folds the buffer into the runs: afterwards runs() holds every row.
  void compact();

  // The AUC, or nothing while either class is empty. Compacts first.
  std::optional<double> auc();

  // The compacted rows (after compact()): sorted by score, equal scores only
  // in adjacent runs whose counts passed 2^32 - 1.
  const ScoreRun* runs() const { return runs_; }
  std::size_t run_count() const { return run_count_; }
  std::uint64_t positives() const { return positives_; }
  std::uint64_t negatives() const { return negatives_; }

  // Replaces the contents with `count` runs copied from `runs` (a parallel
  // worker's state, maybe unaligned): checked to be sorted, finite and
  // non-empty, with at most 2^63 - 1 rows, or invalid_binary (and empty).
  void load(const void* runs, std::size_t count);

 private:
  static constexpr std::uint64_t kMaxRows = (std::uint64_t{1} << 63) - 1;  // rows counted, as int8
  static constexpr std::uint64_t kTag = 0x68735f726f635f31;                // "hs_roc_1"

  [[maybe_unused]] std::uint64_t tag_ = kTag;  // first: is_accumulator reads it through memcpy
  void make_room();
  void reserve_runs(std::size_t capacity);
  std::size_t buffer_limit() const;

  RocMemory memory_;
  ScoreRun* runs_ = nullptr;
  std::size_t run_count_ = 0;
  std::size_t run_capacity_ = 0;
  ScoreRun* buffer_ = nullptr;  // rows not yet merged, one run each
  std::size_t buffered_ = 0;
  std::size_t buffer_capacity_ = 0;
  std::uint64_t positives_ = 0;
  std::uint64_t negatives_ = 0;
};

}  // namespace hs
