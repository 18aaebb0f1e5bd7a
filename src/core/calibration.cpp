#include "core/calibration.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

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
std::size_t merge_sorted(ScoreRun* into, std::size_t n, const ScoreRun* other, std::size_t m) {
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

constexpr std::uint64_t kMaxRows = (std::uint64_t{1} << 63) - 1;

}  // namespace

const char* RunChecker::add(const ScoreRun& r) {
  if (!std::isfinite(r.score)) return "a score is not finite";
  if (!first_ && r.score < previous_) return "scores out of order";
  if (r.positives == 0 && r.negatives == 0) return "a score without rows";
  positives_ += r.positives;  // below 2^32 each: checked before it can wrap
  negatives_ += r.negatives;
  if (positives_ + negatives_ > kMaxRows) return "more than 2^63 - 1 rows";
  previous_ = r.score;
  first_ = false;
  return nullptr;
}

const char* runs_problem(const void* runs, std::size_t count, std::uint64_t* positives,
                         std::uint64_t* negatives) {
  const auto* bytes = static_cast<const unsigned char*>(runs);
  RunChecker checker;
  for (std::size_t i = 0; i < count; ++i) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    ScoreRun r;
    std::memcpy(&r, bytes + i * sizeof(ScoreRun), sizeof r);
    if (const char* why = checker.add(r)) return why;
  }
  *positives = checker.positives();
  *negatives = checker.negatives();
  return nullptr;
}

std::optional<double> auc_of_runs(const ScoreRun* runs, std::size_t count, std::uint64_t positives,
                                  std::uint64_t negatives) {
  if (positives == 0 || negatives == 0) return std::nullopt;
  // 2U = sum over distinct scores of p * (2 * negatives below + q): every
  // positive beats the negatives below it and ties half of those beside it.
  using u128 = unsigned __int128;
  u128 twice_u = 0;
  std::uint64_t negatives_below = 0;
  std::size_t i = 0;
  std::size_t steps = 0;
  while (i < count) {
    if (++steps % kInterruptStride == 0) check_interrupts();
    std::uint64_t p = runs[i].positives;
    std::uint64_t q = runs[i].negatives;
    std::size_t j = i + 1;
    for (; j < count && runs[j].score == runs[i].score; ++j) {
      p += runs[j].positives;
      q += runs[j].negatives;
    }
    twice_u += static_cast<u128>(p) * (2 * static_cast<u128>(negatives_below) + q);
    negatives_below += q;
    i = j;
  }
  return rounded_quotient(twice_u, 2 * static_cast<u128>(positives) * negatives);
}

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
  run_count_ = merge_sorted(runs_, run_count_, buffer_, buffered_);
  buffered_ = 0;
}

void RocAccumulator::merge(RocAccumulator& other) {
  other.compact();
  merge_runs(other.runs_, other.run_count_, other.positives_, other.negatives_);
}

void RocAccumulator::merge_runs(const ScoreRun* runs, std::size_t count, std::uint64_t positives,
                                std::uint64_t negatives) {
  if (positives + negatives == 0) return;
  if (positives_ + negatives_ + positives + negatives > kMaxRows) throw_count_overflow("rows");
  compact();
  reserve_runs(run_count_ + count);
  run_count_ = merge_sorted(runs_, run_count_, runs, count);
  positives_ += positives;
  negatives_ += negatives;
}

std::optional<double> RocAccumulator::auc() {
  if (positives_ == 0 || negatives_ == 0) return std::nullopt;
  compact();
  return auc_of_runs(runs_, run_count_, positives_, negatives_);
}

void RocAccumulator::load(const void* runs, std::size_t count) {
  buffered_ = 0;
  run_count_ = 0;
  positives_ = 0;
  negatives_ = 0;
  std::uint64_t positives = 0;
  std::uint64_t negatives = 0;
  if (const char* why = runs_problem(runs, count, &positives, &negatives))
    throw Error(ErrorKind::invalid_binary, std::string("invalid roc_auc state: ") + why);
  reserve_runs(count);
  if (count > 0) std::memcpy(runs_, runs, count * sizeof(ScoreRun));
  run_count_ = count;
  positives_ = positives;
  negatives_ = negatives;
}

std::size_t write_roc_text_head(char* out, std::uint64_t positives, std::uint64_t negatives) {
  return static_cast<std::size_t>(std::snprintf(
      out, kStateTextMax, "v1:positives=%" PRIu64 ",negatives=%" PRIu64 ",scores=", positives,
      negatives));
}

std::size_t write_roc_run(char* out, const ScoreRun& run, std::size_t index) {
  char score[kDoubleTextMax];
  write_double(score, run.score);
  return static_cast<std::size_t>(std::snprintf(out, kRocRunTextMax, "%s%s:%" PRIu32 ":%" PRIu32,
                                                index == 0 ? "" : ";", score, run.positives,
                                                run.negatives));
}

namespace {

constexpr const char* kRocStateName = "roc_auc_state";
constexpr const char* kScoresField = ",scores=";

// An unsigned decimal count of at most `max`, advancing `p`; false when malformed.
bool read_count(const char*& p, std::uint64_t max, std::uint64_t* out) {
  if (*p < '0' || *p > '9') return false;
  std::uint64_t v = 0;
  for (; *p >= '0' && *p <= '9'; ++p) {
    auto digit = static_cast<std::uint64_t>(*p - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *out = v;
  return true;
}

}  // namespace

RocTextReader::RocTextReader(const char* text) : text_(text) {
  StateTextReader head(text, kRocStateName, 1);
  std::int64_t positives = head.int64_field("positives");
  std::int64_t negatives = head.int64_field("negatives");
  if (positives < 0 || negatives < 0) head.reject("a count is negative");
  positives_ = static_cast<std::uint64_t>(positives);
  negatives_ = static_cast<std::uint64_t>(negatives);
  // The runs are the rest of the text, after the third field's name.
  const char* negatives_end = std::strstr(text, ",negatives=") + std::strlen(",negatives=");
  negatives_end += std::strspn(negatives_end, "0123456789");
  if (std::strncmp(negatives_end, kScoresField, std::strlen(kScoresField)) != 0)
    head.reject("expected field \"scores=\"");
  runs_text_ = negatives_end + std::strlen(kScoresField);
  if (*runs_text_ != '\0') {
    run_count_ = 1;
    for (const char* p = runs_text_; *p != '\0'; ++p) run_count_ += *p == ';';
  }
}

void RocTextReader::read_runs(ScoreRun* out) {
  StateTextReader rejecter(text_, kRocStateName, 1);
  RunChecker checker;
  const char* p = runs_text_;
  for (std::size_t i = 0; i < run_count_; ++i) {
    if ((i + 1) % kInterruptStride == 0) check_interrupts();
    if (i > 0 && *p++ != ';') rejecter.reject("expected \";\" between scores");
    if (!(*p == '-' || *p == '.' || (*p >= '0' && *p <= '9')))
      rejecter.reject("a score is not a finite number");
    char* end = nullptr;
    double score = std::strtod(p, &end);
    if (end == p || !std::isfinite(score)) rejecter.reject("a score is not a finite number");
    p = end;
    std::uint64_t positives = 0;
    std::uint64_t negatives = 0;
    const std::uint64_t max = std::numeric_limits<std::uint32_t>::max();
    if (*p++ != ':' || !read_count(p, max, &positives) || *p++ != ':' ||
        !read_count(p, max, &negatives))
      rejecter.reject("expected score:positives:negatives, counts from 0 to 4294967295");
    ScoreRun run{score, static_cast<std::uint32_t>(positives),
                 static_cast<std::uint32_t>(negatives)};
    if (const char* why = checker.add(run)) rejecter.reject(why);
    if (out != nullptr) out[i] = run;
  }
  if (*p != '\0') rejecter.reject("unexpected characters after the last score");
  if (checker.positives() != positives_ || checker.negatives() != negatives_)
    rejecter.reject("the totals are not the sums of the counts");
}

void throw_state_too_large_to_store(std::size_t distinct, std::size_t limit) {
  throw Error(
      ErrorKind::program_limit,
      "roc_auc state of " + std::to_string(distinct) +
          " distinct scores is too large to store or to pass between processes",
      "A stored roc_auc_state holds at most " + std::to_string(limit) +
          " distinct scores; a parallel plan passes states between processes: run such a query "
          "with max_parallel_workers_per_gather = 0.");
}

void throw_state_too_large_for_text(std::size_t distinct, std::size_t limit) {
  throw Error(
      ErrorKind::program_limit,
      "roc_auc state of " + std::to_string(distinct) +
          " distinct scores is too large for its text form",
      "The text form of a roc_auc_state holds at most " + std::to_string(limit) + " bytes.");
}

}  // namespace hs
