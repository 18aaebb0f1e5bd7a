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

#include "core/distributions.h"
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
    double score = 0;
    if (!read_finite(p, &score)) rejecter.reject("a score is not a finite number");
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

// --- brier_score and calibration_bins ---

namespace hs {

namespace {

using u128 = unsigned __int128;
constexpr std::int64_t kMaxCount = std::numeric_limits<std::int64_t>::max();

u128 units_of_rows(std::int64_t n) { return static_cast<u128>(n) << 64; }

void count_row(std::int64_t& n) {
  if (n == kMaxCount) throw_count_overflow("rows");
  ++n;
}

std::string unsigned_text(u128 v) {
  char digits[48];
  char* p = digits + sizeof digits;
  *--p = '\0';
  do {
    *--p = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  return p;
}

// An unsigned decimal of at most `max`, advancing `p`; false when malformed.
bool read_unsigned(const char*& p, u128 max, u128* out) {
  if (*p < '0' || *p > '9') return false;
  u128 v = 0;
  for (; *p >= '0' && *p <= '9'; ++p) {
    auto digit = static_cast<unsigned>(*p - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *out = v;
  return true;
}

// The text after "<field>=" that must follow position p ("," first).
const char* expect_field(const char* p, const char* field) {
  std::size_t length = std::strlen(field);
  if (*p != ',' || std::strncmp(p + 1, field, length) != 0 || p[1 + length] != '=') return nullptr;
  return p + length + 2;
}

}  // namespace

void check_probability(double p) {
  require_finite("p", p);
  if (!(p >= 0.0 && p <= 1.0))
    throw_out_of_range(ErrorKind::invalid_parameter, "p", p,
                       "A predicted probability must be from 0 to 1.");
}

unsigned __int128 probability_units(double p) {
  return static_cast<u128>(std::nearbyint(std::ldexp(p, 64)));
}

void brier_add(BrierState& state, double p, bool outcome) {
  check_probability(p);
  double error = outcome ? 1.0 - p : p;
  count_row(state.n);
  state.squared_errors.set(state.squared_errors.get() + probability_units(error * error));
}

void brier_merge(BrierState& into, const BrierState& other) {
  into.n = add_counts(into.n, other.n, "rows");
  into.squared_errors.set(into.squared_errors.get() + other.squared_errors.get());
}

std::optional<double> brier_score(const BrierState& state) {
  if (state.n == 0) return std::nullopt;
  return rounded_quotient(state.squared_errors.get(), units_of_rows(state.n));
}

const char* StateTraits<BrierState>::problem(const BrierState& s) {
  if (s.n < 0) return "the count n is negative";
  if (s.squared_errors.get() > units_of_rows(s.n))
    return "the sum of squared errors is larger than n";
  return nullptr;
}

void check_bins(std::int32_t bins) {
  if (bins < 1 || bins > kMaxBins)
    throw_out_of_range(ErrorKind::invalid_parameter, "bins", bins,
                       "The number of bins must be from 1 to " + std::to_string(kMaxBins) + ".");
}

std::int32_t bin_of(double p, std::int32_t bins) {
  check_probability(p);
  // Bin boundaries are the float8 values k / bins (as p >= (k - 1)::float8 /
  // bins computes them in SQL); p * bins is only the first guess.
  auto k = static_cast<std::int32_t>(p * bins);
  if (k >= bins) k = bins - 1;
  while (k > 0 && p < static_cast<double>(k) / bins) --k;
  while (k < bins - 1 && p >= static_cast<double>(k + 1) / bins) ++k;
  return k;
}

void bins_add(BinCell* cells, std::int32_t bins, double p, bool outcome) {
  BinCell& cell = cells[bin_of(p, bins)];
  count_row(cell.n);
  cell.positives += outcome ? 1 : 0;
  cell.predicted.set(cell.predicted.get() + probability_units(p));
}

void bins_merge(BinCell* into, const BinCell* other, std::int32_t bins) {
  for (std::int32_t k = 0; k < bins; ++k) {
    add_counts(into[k].n, other[k].n, "rows");  // checked before anything changes
  }
  for (std::int32_t k = 0; k < bins; ++k) {
    into[k].n += other[k].n;
    into[k].positives += other[k].positives;
    into[k].predicted.set(into[k].predicted.get() + other[k].predicted.get());
  }
}

const char* bin_cell_problem(const BinCell& cell) {
  if (cell.n <= 0) return "a bin without rows";
  if (cell.positives < 0 || cell.positives > cell.n) return "a bin with more positives than rows";
  if (cell.predicted.get() > units_of_rows(cell.n))
    return "a bin whose predicted sum is larger than its rows";
  return nullptr;
}

std::string bins_json(const BinCell* cells, std::int32_t bins) {
  std::string out = "[";
  char mean[kDoubleTextMax];
  char rate[kDoubleTextMax];
  for (std::int32_t k = 0; k < bins; ++k) {
    const BinCell& cell = cells[k];
    if (cell.n == 0) continue;
    write_double(mean, rounded_quotient(cell.predicted.get(), units_of_rows(cell.n)));
    write_double(rate, rounded_quotient(static_cast<u128>(cell.positives), cell.n));
    if (out.size() > 1) out += ", ";
    out += "{\"bin\": " + std::to_string(k + 1) + ", \"n\": " + std::to_string(cell.n) +
           ", \"mean_predicted\": " + mean + ", \"observed_rate\": " + rate + "}";
  }
  return out + "]";
}

std::string bins_text(const BinCell* cells, std::int32_t bins) {
  std::string out = "v1:bins=" + std::to_string(bins) + ",cells=";
  bool first = true;
  for (std::int32_t k = 0; k < bins; ++k) {
    const BinCell& c = cells[k];
    if (c.n == 0) continue;
    if (!first) out += ';';
    first = false;
    out += std::to_string(k + 1) + ':' + std::to_string(c.n) + ':' + std::to_string(c.positives) +
           ':' + unsigned_text(c.predicted.get());
  }
  return out;
}

std::int32_t read_bins_text(const char* text, BinCell* cells) {
  StateTextReader head(text, "calibration_bins_state", 1);
  std::int32_t bins = head.int32_field("bins");
  if (bins < 0 || bins > kMaxBins) head.reject("the field bins must be from 0 to 1000");
  const char* p = std::strstr(text, "bins=") + std::strlen("bins=");
  p += std::strspn(p, "-0123456789");
  p = expect_field(p, "cells");
  if (p == nullptr) head.reject("expected field \"cells=\"");
  if (cells == nullptr) return bins;
  std::memset(static_cast<void*>(cells), 0, static_cast<std::size_t>(bins) * sizeof(BinCell));
  std::int64_t previous = 0;
  while (*p != '\0') {
    if (previous > 0 && *p++ != ';') head.reject("expected \";\" between bins");
    u128 bin = 0;
    u128 n = 0;
    u128 positives = 0;
    u128 predicted = 0;
    const u128 count_max = static_cast<u128>(kMaxCount);
    if (!read_unsigned(p, static_cast<u128>(kMaxBins), &bin) || *p++ != ':' ||
        !read_unsigned(p, count_max, &n) || *p++ != ':' ||
        !read_unsigned(p, count_max, &positives) || *p++ != ':' ||
        !read_unsigned(p, ~static_cast<u128>(0), &predicted))
      head.reject("expected bin:n:positives:predicted");
    if (bin < 1 || bin > static_cast<u128>(bins)) head.reject("a bin number out of range");
    if (static_cast<std::int64_t>(bin) <= previous) head.reject("bins out of order");
    previous = static_cast<std::int64_t>(bin);
    BinCell& cell = cells[bin - 1];
    cell.n = static_cast<std::int64_t>(n);
    cell.positives = static_cast<std::int64_t>(positives);
    cell.predicted.set(predicted);
    if (const char* why = bin_cell_problem(cell)) head.reject(why);
  }
  return bins;
}

// --- logistic_fit ---

void LogisticAccumulator::adopt_features(std::int64_t count) {
  if (count == features_) return;
  if (features_ != -1) {
    throw Error::after_function(ErrorKind::array_mismatch,
                                " features has " + std::to_string(count) +
                                    " elements where earlier rows had " + std::to_string(features_),
                                "Every row of a group must pass the same number of features.");
  }
  if (count > kMaxFeatures) {
    throw Error::after_function(
        ErrorKind::program_limit, " features has " + std::to_string(count) + " elements",
        "A fit takes at most " + std::to_string(kMaxFeatures) + " features.");
  }
  features_ = static_cast<std::int32_t>(count);
}

void LogisticAccumulator::reserve(std::int64_t rows) {
  if (rows <= capacity_) return;
  std::int64_t capacity = std::max<std::int64_t>({rows, 2 * capacity_, 256});
  auto width = static_cast<std::size_t>(features_) + 1;
  rows_ = static_cast<double*>(memory_.resize(
      memory_.context, rows_, static_cast<std::size_t>(capacity) * width * sizeof(double)));
  capacity_ = capacity;
}

void LogisticAccumulator::add(bool outcome, const double* features) {
  for (std::int32_t j = 0; j < features_; ++j) require_finite("feature", features[j]);
  if (count_ == kMaxCount) throw_count_overflow("rows");
  reserve(count_ + 1);
  double* row =
      rows_ + static_cast<std::size_t>(count_) * (static_cast<std::size_t>(features_) + 1);
  row[0] = outcome ? 1.0 : 0.0;
  if (features_ > 0)
    std::memcpy(row + 1, features, static_cast<std::size_t>(features_) * sizeof(double));
  ++count_;
}

void LogisticAccumulator::merge_rows(const double* rows, std::int64_t count,
                                     std::int32_t features) {
  if (features == -1) return;
  adopt_features(features);
  if (count == 0) return;
  if (count > kMaxCount - count_) throw_count_overflow("rows");
  reserve(count_ + count);
  auto width = static_cast<std::size_t>(features_) + 1;
  std::memmove(rows_ + static_cast<std::size_t>(count_) * width, rows,
               static_cast<std::size_t>(count) * width * sizeof(double));
  count_ += count;
}

const char* rows_problem(const void* rows, std::int64_t count, std::int32_t features) {
  if (features < -1 || features > kMaxFeatures) return "the number of features is out of range";
  if (count < 0) return "the number of rows is negative";
  if (features == -1 && count != 0) return "rows without a number of features";
  const auto* bytes = static_cast<const unsigned char*>(rows);
  auto width = static_cast<std::size_t>(features) + 1;
  for (std::int64_t i = 0; i < count; ++i) {
    if ((i + 1) % static_cast<std::int64_t>(kInterruptStride) == 0) check_interrupts();
    for (std::size_t j = 0; j < width; ++j) {
      double v;
      std::memcpy(&v, bytes + (static_cast<std::size_t>(i) * width + j) * sizeof(double), sizeof v);
      if (j == 0 && v != 0.0 && v != 1.0) return "an outcome is neither 0 nor 1";
      if (!std::isfinite(v)) return "a feature is not finite";
    }
  }
  return nullptr;
}

namespace {

// A symmetric matrix of order m, lower triangle used, row-major.
struct Matrix {
  std::size_t m;
  std::vector<double> a;
  explicit Matrix(std::size_t order) : m(order), a(order * order, 0.0) {}
  double& at(std::size_t i, std::size_t j) { return a[i * m + j]; }
  double at(std::size_t i, std::size_t j) const { return a[i * m + j]; }
};

// Cholesky factor of the matrix scaled to a unit diagonal (the scales, the
// square roots of the diagonal, in *scale), in place (lower triangle). Returns
// the first index whose pivot is below `tolerance` (the matrix is then
// singular to that tolerance), or m.
std::size_t scaled_cholesky(Matrix& h, std::vector<double>* scale, double tolerance) {
  std::size_t m = h.m;
  scale->assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    double d = h.at(i, i);
    if (!(d > 0.0) || !std::isfinite(d)) return i;
    (*scale)[i] = std::sqrt(d);
  }
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j <= i; ++j) h.at(i, j) /= (*scale)[i] * (*scale)[j];
  for (std::size_t j = 0; j < m; ++j) {
    double d = h.at(j, j);
    for (std::size_t k = 0; k < j; ++k) d -= h.at(j, k) * h.at(j, k);
    if (!(d > tolerance)) return j;
    double l = std::sqrt(d);
    h.at(j, j) = l;
    for (std::size_t i = j + 1; i < m; ++i) {
      double s = h.at(i, j);
      for (std::size_t k = 0; k < j; ++k) s -= h.at(i, k) * h.at(j, k);
      h.at(i, j) = s / l;
    }
  }
  return m;
}

// Solves H x = b with H's scaled Cholesky factor.
std::vector<double> cholesky_solve(const Matrix& l, const std::vector<double>& scale,
                                   const std::vector<double>& b) {
  std::size_t m = l.m;
  std::vector<double> y(m);
  for (std::size_t i = 0; i < m; ++i) {
    double s = b[i] / scale[i];
    for (std::size_t k = 0; k < i; ++k) s -= l.at(i, k) * y[k];
    y[i] = s / l.at(i, i);
  }
  for (std::size_t i = m; i-- > 0;) {
    double s = y[i];
    for (std::size_t k = i + 1; k < m; ++k) s -= l.at(k, i) * y[k];
    y[i] = s / l.at(i, i);
  }
  for (std::size_t i = 0; i < m; ++i) y[i] /= scale[i];
  return y;
}

// The diagonal of H^-1 from H's scaled Cholesky factor.
std::vector<double> inverse_diagonal(const Matrix& l, const std::vector<double>& scale) {
  std::size_t m = l.m;
  std::vector<double> diagonal(m, 0.0);
  std::vector<double> column(m);
  // (L^-1) column by column: L^-1 e_j; diag(S^-1)_i = sum_j (L^-1)_{ji}^2.
  for (std::size_t j = 0; j < m; ++j) {
    std::fill(column.begin(), column.end(), 0.0);
    column[j] = 1.0 / l.at(j, j);
    for (std::size_t i = j + 1; i < m; ++i) {
      double s = 0.0;
      for (std::size_t k = j; k < i; ++k) s -= l.at(i, k) * column[k];
      column[i] = s / l.at(i, i);
    }
    for (std::size_t i = j; i < m; ++i) diagonal[j] += column[i] * column[i];
  }
  for (std::size_t i = 0; i < m; ++i) diagonal[i] /= scale[i] * scale[i];
  return diagonal;
}

// Rejects a constant or collinear feature (the design matrix [1, X] has
// rank below 1 + features), naming the first one.
void check_design(const double* rows, std::int64_t count, std::size_t k) {
  std::size_t width = k + 1;
  std::vector<double> mean(k, 0.0);
  std::vector<bool> varies(k, false);
  for (std::int64_t r = 0; r < count; ++r) {
    if ((r + 1) % static_cast<std::int64_t>(kInterruptStride) == 0) check_interrupts();
    const double* x = rows + static_cast<std::size_t>(r) * width + 1;
    for (std::size_t j = 0; j < k; ++j) {
      mean[j] += x[j];
      if (x[j] != rows[j + 1]) varies[j] = true;
    }
  }
  for (std::size_t j = 0; j < k; ++j) {
    if (!varies[j]) {
      throw Error::after_function(
          ErrorKind::invalid_parameter, " feature " + std::to_string(j + 1) + " is constant",
          "A constant feature cannot be told apart from the intercept: leave it out.");
    }
    mean[j] /= static_cast<double>(count);
  }
  Matrix c(k);
  std::vector<double> d(k);
  for (std::int64_t r = 0; r < count; ++r) {
    if ((r + 1) % static_cast<std::int64_t>(kInterruptStride) == 0) check_interrupts();
    const double* x = rows + static_cast<std::size_t>(r) * width + 1;
    for (std::size_t j = 0; j < k; ++j) d[j] = x[j] - mean[j];
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j <= i; ++j) c.at(i, j) += d[i] * d[j];
  }
  std::vector<double> scale;
  std::size_t singular = scaled_cholesky(c, &scale, 1e-10);
  if (singular < k) {
    throw Error::after_function(
        ErrorKind::invalid_parameter,
        " feature " + std::to_string(singular + 1) +
            " is collinear with the intercept and the features before it",
        "The information matrix is singular (to a tolerance of 1e-10): leave out one of the "
        "collinear features.");
  }
}

struct Pass {
  double log_likelihood = 0;
  std::vector<double> gradient;
  Matrix information;
  explicit Pass(std::size_t m) : gradient(m, 0.0), information(m) {}
};

// One pass over the rows at `beta`: the log-likelihood, its gradient and the
// Fisher information X' W X (lower triangle).
void evaluate(const double* rows, std::int64_t count, const std::vector<double>& beta, Pass* out) {
  std::size_t m = beta.size();
  double ll = 0;
  std::vector<double>& g = out->gradient;
  std::vector<double>& h = out->information.a;
  std::fill(g.begin(), g.end(), 0.0);
  std::fill(h.begin(), h.end(), 0.0);
  for (std::int64_t r = 0; r < count; ++r) {
    if ((r + 1) % static_cast<std::int64_t>(kInterruptStride) == 0) check_interrupts();
    const double* row = rows + static_cast<std::size_t>(r) * m;
    double y = row[0];
    double eta = beta[0];
    for (std::size_t j = 1; j < m; ++j) eta += beta[j] * row[j];
    // log(1 + e^eta) without overflow, and the fitted probability.
    double e = std::exp(-std::fabs(eta));
    double softplus = std::log1p(e) + std::max(eta, 0.0);
    double mu = eta >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    double w = mu * (1.0 - mu);
    double residual = y - mu;
    ll += y * eta - softplus;
    g[0] += residual;
    h[0] += w;
    for (std::size_t i = 1; i < m; ++i) {
      double wx = w * row[i];
      g[i] += residual * row[i];
      double* hi = h.data() + i * m;
      hi[0] += wx;
      for (std::size_t j = 1; j <= i; ++j) hi[j] += wx * row[j];
    }
  }
  out->log_likelihood = ll;
}

}  // namespace

LogisticResult fit_logistic(const double* rows, std::int64_t count, std::int32_t features) {
  auto k = static_cast<std::size_t>(features);
  std::size_t m = k + 1;
  if (count < static_cast<std::int64_t>(m)) {
    throw Error::after_function(
        ErrorKind::invalid_parameter,
        " has " + std::to_string(count) + " rows for " + std::to_string(m) + " coefficients",
        "A fit needs at least as many rows as coefficients: the intercept and one per feature.");
  }
  if (k > 0) check_design(rows, count, k);

  LogisticResult result;
  result.n = count;
  std::vector<double> beta(m, 0.0);
  std::vector<double> previous(m, 0.0);
  std::vector<double> step(m, 0.0);
  std::vector<double> scale;
  Pass pass(m);
  double previous_ll = -std::numeric_limits<double>::infinity();
  bool separated = false;
  int halvings = 0;
  while (result.iterations < kMaxIterations) {
    evaluate(rows, count, beta, &pass);
    ++result.iterations;
    if (pass.log_likelihood < previous_ll - 1e-12 * std::fabs(previous_ll) && halvings < 30) {
      // The step went too far: halve it.
      ++halvings;
      for (std::size_t j = 0; j < m; ++j) {
        step[j] /= 2;
        beta[j] = previous[j] + step[j];
      }
      continue;
    }
    halvings = 0;
    Matrix factor = pass.information;
    if (scaled_cholesky(factor, &scale, 1e-14) < m) {
      separated = true;  // the weights vanished: fitted probabilities of 0 and 1
      break;
    }
    step = cholesky_solve(factor, scale, pass.gradient);
    previous = beta;
    previous_ll = pass.log_likelihood;
    double largest = 0;
    for (std::size_t j = 0; j < m; ++j) {
      beta[j] += step[j];
      largest = std::max(largest, std::fabs(step[j]) / std::max(1.0, std::fabs(beta[j])));
    }
    result.log_likelihood = pass.log_likelihood;
    if (!std::isfinite(largest)) {
      separated = true;
      beta = previous;
      break;
    }
    if (largest <= 1e-10) {
      result.converged = true;
      std::vector<double> variance = inverse_diagonal(factor, scale);
      result.std_errors.resize(m);
      result.z.resize(m);
      result.p_values.resize(m);
      for (std::size_t j = 0; j < m; ++j) {
        result.std_errors[j] = std::sqrt(variance[j]);
        result.z[j] = beta[j] / result.std_errors[j];
        result.p_values[j] = normal_two_sided_p(result.z[j]);
      }
      break;
    }
  }
  result.coefficients = beta;
  if (!result.converged) {
    result.log_likelihood = pass.log_likelihood;
    std::int64_t positives = 0;
    for (std::int64_t r = 0; r < count; ++r)
      positives += rows[static_cast<std::size_t>(r) * m] == 1.0 ? 1 : 0;
    if (positives == 0 || positives == count) {
      result.notice =
          std::string(" did not converge: every outcome is ") + (positives == 0 ? "false" : "true");
      result.notice_detail =
          "With a single class the coefficients have no maximum-likelihood estimate; the "
          "coefficients are those of the last iteration, std_errors, z and p_values are NULL.";
    } else {
      result.notice =
          " did not converge after " + std::to_string(result.iterations) +
          (separated ? " iterations: fitted probabilities reached 0 or 1" : " iterations");
      result.notice_detail =
          "The features separate the outcomes (completely or quasi-completely), so the "
          "coefficients have no maximum-likelihood estimate; the coefficients are those of the "
          "last iteration, std_errors, z and p_values are NULL.";
    }
  }
  return result;
}

double logistic_probability(const double* coefficients, std::int64_t coefficient_count,
                            const double* features, std::int64_t count) {
  if (count + 1 != coefficient_count) {
    throw Error::after_function(ErrorKind::array_mismatch,
                                " features has " + std::to_string(count) +
                                    " elements for a fit of " +
                                    std::to_string(coefficient_count - 1) + " features",
                                "Pass the features in the order and number the fit was made with.");
  }
  double eta = coefficients[0];
  for (std::int64_t j = 0; j < count; ++j) {
    require_finite("feature", features[j]);
    eta += coefficients[j + 1] * features[j];
  }
  double e = std::exp(-std::fabs(eta));
  return eta >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

std::optional<std::vector<double>> logistic_weights(const double* coefficients,
                                                    const double* p_values,
                                                    std::int64_t coefficient_count) {
  std::vector<double> weights(static_cast<std::size_t>(coefficient_count - 1), 0.0);
  double total = 0;
  for (std::int64_t j = 1; j < coefficient_count; ++j) {
    if (p_values[j] < 0.05 && coefficients[j] > 0) {
      weights[static_cast<std::size_t>(j - 1)] = coefficients[j];
      total += coefficients[j];
    }
  }
  if (!(total > 0)) return std::nullopt;
  for (double& w : weights) w /= total;
  return weights;
}

void throw_unusable_fit(const char* why) {
  throw Error::after_function(
      ErrorKind::invalid_parameter, std::string(": cannot use the fit: ") + why,
      "Pass a logistic_fit result whose converged is true, as logistic_fit returned it.");
}

std::size_t write_logistic_text_head(char* out, std::int32_t features, std::int64_t rows) {
  return static_cast<std::size_t>(std::snprintf(
      out, kStateTextMax, "v1:features=%" PRId32 ",rows=%" PRId64 ",data=", features, rows));
}

std::size_t write_logistic_row(char* out, const double* row, std::int32_t features,
                               std::int64_t index) {
  std::size_t length = 0;
  if (index > 0) out[length++] = ';';
  out[length++] = row[0] == 1.0 ? '1' : '0';
  char number[kDoubleTextMax];
  for (std::int32_t j = 1; j <= features; ++j) {
    write_double(number, row[j]);
    out[length++] = ':';
    std::size_t n = std::strlen(number);
    std::memcpy(out + length, number, n);
    length += n;
  }
  out[length] = '\0';
  return length;
}

LogisticTextReader::LogisticTextReader(const char* text) : text_(text) {
  StateTextReader head(text, "logistic_fit_state", 1);
  features_ = head.int32_field("features");
  std::int64_t rows = head.int64_field("rows");
  if (features_ < -1 || features_ > kMaxFeatures)
    head.reject("the field features must be from -1 to 1000");
  if (rows < 0) head.reject("the field rows is negative");
  if (features_ == -1 && rows != 0) head.reject("rows without a number of features");
  rows_ = rows;
  const char* p = std::strstr(text, ",rows=") + std::strlen(",rows=");
  p += std::strspn(p, "-0123456789");
  data_ = expect_field(p, "data");
  if (data_ == nullptr) head.reject("expected field \"data=\"");
}

void LogisticTextReader::read_rows(double* out) {
  StateTextReader rejecter(text_, "logistic_fit_state", 1);
  const char* p = data_;
  auto width = static_cast<std::size_t>(features_) + 1;
  for (std::int64_t i = 0; i < rows_; ++i) {
    if ((i + 1) % static_cast<std::int64_t>(kInterruptStride) == 0) check_interrupts();
    if (i > 0 && *p++ != ';') rejecter.reject("expected \";\" between rows");
    if (*p != '0' && *p != '1') rejecter.reject("an outcome is neither 0 nor 1");
    double outcome = *p++ == '1' ? 1.0 : 0.0;
    if (out != nullptr) out[static_cast<std::size_t>(i) * width] = outcome;
    for (std::size_t j = 1; j < width; ++j) {
      double v = 0;
      if (*p++ != ':' || !read_finite(p, &v))
        rejecter.reject("expected outcome:feature:..., finite features");
      if (out != nullptr) out[static_cast<std::size_t>(i) * width + j] = v;
    }
  }
  if (*p != '\0') rejecter.reject("unexpected characters after the last row");
}

}  // namespace hs
