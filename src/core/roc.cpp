#include "core/roc.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/interrupts.h"
#include "core/quotient.h"

namespace hs {

namespace {

constexpr std::size_t kMinBuffer = std::size_t{1} << 16;
// Counts of one score within a buffer must fit a run's 32 bits.
constexpr std::size_t kMaxBuffer = std::size_t{1} << 31;
constexpr std::uint64_t kRunCountMax = std::numeric_limits<std::uint32_t>::max();

// Sorts runs by score, checking for query cancel as it compares.
void sort_runs(ScoreRun* first, ScoreRun* last) {
  std::size_t compared = 0;
  std::sort(first, last, [&compared](const ScoreRun& a, const ScoreRun& b) {
    if (++compared % kInterruptStride == 0) check_interrupts();
    return a.score < b.score;
  });
}

// Folds adjacent equal scores of sorted runs whose counts add up to less than
// 2^32 (a buffer's do); returns the number of runs left.
std::size_t fold_equal(ScoreRun* runs, std::size_t count) {
  if (count == 0) return 0;
  std::size_t out = 0;
  for (std::size_t i = 1; i < count; ++i) {
    if (runs[i].score == runs[out].score) {
      runs[out].positives += runs[i].positives;
      runs[out].negatives += runs[i].negatives;
    } else {
      runs[++out] = runs[i];
    }
  }
  return out + 1;
}

// Merges the sorted runs other[0, m) into the sorted runs into[0, n), in
// place, from the back: `into` has room for n + m runs, and each step writes
// at most as many runs as it reads, so the write position never passes an
// unread run. Equal scores at the two heads fold into one run (two when a
// count passes 2^32 - 1). Returns the number of runs.
std::size_t merge_runs(ScoreRun* into, std::size_t n, const ScoreRun* other, std::size_t m) {
  std::size_t i = n;
  std::size_t j = m;
  std::size_t k = n + m;
  std::size_t steps = 0;
  while (j > 0 || (i > 0 && k != i)) {
    if (++steps % kInterruptStride == 0) check_interrupts();
    if (j == 0 || (i > 0 && into[i - 1].score > other[j - 1].score)) {
      into[--k] = into[--i];
    } else if (i == 0 || other[j - 1].score > into[i - 1].score) {
      into[--k] = other[--j];
    } else {
      const ScoreRun a = into[--i];
      const ScoreRun b = other[--j];
      std::uint64_t p = std::uint64_t{a.positives} + b.positives;
      std::uint64_t q = std::uint64_t{a.negatives} + b.negatives;
      ScoreRun first{a.score, static_cast<std::uint32_t>(std::min(p, kRunCountMax)),
                     static_cast<std::uint32_t>(std::min(q, kRunCountMax))};
      if (p > kRunCountMax || q > kRunCountMax) {
        into[--k] = ScoreRun{a.score, static_cast<std::uint32_t>(p - first.positives),
                             static_cast<std::uint32_t>(q - first.negatives)};
      }
      into[--k] = first;
    }
  }
  // The runs of `into` not passed are in place, just before k; folded runs
  // left a gap in front of them.
  k -= i;
  if (k > 0) std::memmove(into, into + k, (n + m - k) * sizeof(ScoreRun));
  return n + m - k;
}

[[noreturn]] void throw_invalid_state(const char* why) {
  throw Error(ErrorKind::invalid_binary, std::string("invalid roc_auc state: ") + why);
}

}  // namespace

std::size_t RocAccumulator::buffer_limit() const {
  return std::min(kMaxBuffer, std::max(kMinBuffer, run_count_ / 8));
}

void RocAccumulator::make_room() {
  std::size_t limit = buffer_limit();
  if (buffer_capacity_ < limit) {
    std::size_t capacity = std::min(limit, std::max<std::size_t>(64, 2 * buffer_capacity_));
    buffer_ = static_cast<ScoreRun*>(
        memory_.resize(memory_.context, buffer_, capacity * sizeof(ScoreRun)));
    buffer_capacity_ = capacity;
    return;
  }
  compact();
}

void RocAccumulator::reserve_runs(std::size_t capacity) {
  if (capacity <= run_capacity_) return;
  runs_ =
      static_cast<ScoreRun*>(memory_.resize(memory_.context, runs_, capacity * sizeof(ScoreRun)));
  run_capacity_ = capacity;
}

void RocAccumulator::compact() {
  if (buffered_ == 0) return;
  sort_runs(buffer_, buffer_ + buffered_);
  buffered_ = fold_equal(buffer_, buffered_);
  reserve_runs(run_count_ + buffered_);
  run_count_ = merge_runs(runs_, run_count_, buffer_, buffered_);
  buffered_ = 0;
}

void RocAccumulator::merge(RocAccumulator& other) {
  if (other.positives_ + other.negatives_ == 0) return;
  if (positives_ + negatives_ + other.positives_ + other.negatives_ > kMaxRows)
    throw_count_overflow("rows");
  compact();
  other.compact();
  reserve_runs(run_count_ + other.run_count_);
  run_count_ = merge_runs(runs_, run_count_, other.runs_, other.run_count_);
  positives_ += other.positives_;
  negatives_ += other.negatives_;
}

std::optional<double> RocAccumulator::auc() {
  if (positives_ == 0 || negatives_ == 0) return std::nullopt;
  compact();
  // 2U = sum over distinct scores of p * (2 * negatives below + q): every
  // positive beats the negatives below it and ties half of those beside it.
  using u128 = unsigned __int128;
  u128 twice_u = 0;
  std::uint64_t negatives_below = 0;
  std::size_t i = 0;
  std::size_t steps = 0;
  while (i < run_count_) {
    if (++steps % kInterruptStride == 0) check_interrupts();
    std::uint64_t p = runs_[i].positives;
    std::uint64_t q = runs_[i].negatives;
    std::size_t j = i + 1;
    for (; j < run_count_ && runs_[j].score == runs_[i].score; ++j) {
      p += runs_[j].positives;
      q += runs_[j].negatives;
    }
    twice_u += static_cast<u128>(p) * (2 * static_cast<u128>(negatives_below) + q);
    negatives_below += q;
    i = j;
  }
  return rounded_quotient(twice_u, 2 * static_cast<u128>(positives_) * negatives_);
}

void RocAccumulator::load(const void* runs, std::size_t count) {
  buffered_ = 0;
  run_count_ = 0;
  positives_ = 0;
  negatives_ = 0;
  reserve_runs(count);
  if (count > 0) std::memcpy(runs_, runs, count * sizeof(ScoreRun));
  std::uint64_t positives = 0;
  std::uint64_t negatives = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    const ScoreRun& r = runs_[i];
    if (!std::isfinite(r.score)) throw_invalid_state("a score is not finite");
    if (i > 0 && r.score < runs_[i - 1].score) throw_invalid_state("scores out of order");
    if (r.positives == 0 && r.negatives == 0) throw_invalid_state("a score without rows");
    positives += r.positives;  // below 2^32 each: checked before it can wrap
    negatives += r.negatives;
    if (positives + negatives > kMaxRows) throw_invalid_state("more than 2^63 - 1 rows");
  }
  run_count_ = count;
  positives_ = positives;
  negatives_ = negatives;
}

}  // namespace hs
