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
#include <string>
#include <vector>

#include "core/error.h"
#include "core/state_memory.h"
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

// --- brier_score: the mean squared error of predicted probabilities ---
//
// Each squared error (p - outcome)^2, in [0, 1], is rounded to a multiple of
// 2^-64 (an absolute error below 2.8e-20 a row) and summed as a 128-bit
// integer: the sum is exact, so the score is the same in every plan and row
// order, divided once, correctly rounded.

// p must be finite and in [0, 1] (invalid_parameter naming the value).
void check_probability(double p);

// p (in [0, 1]) in units of 2^-64, rounded to nearest: at most 2^64.
unsigned __int128 probability_units(double p);

struct BrierState {
  std::int64_t n = 0;
  Wide squared_errors;  // the sum of (p - outcome)^2 in units of 2^-64
};
static_assert(sizeof(BrierState) == 24, "brier_state is 24 bytes");

void brier_add(BrierState& state, double p, bool outcome);
void brier_merge(BrierState& into, const BrierState& other);
std::optional<double> brier_score(const BrierState& state);

template <>
struct StateTraits<BrierState> {
  static constexpr const char* name = "brier_state";
  static constexpr int version = 1;
  template <typename F>
  static void fields(BrierState& s, F&& f) {
    f("n", s.n);
    f("squared_errors", s.squared_errors);
  }
  static const char* problem(const BrierState& s);
};

// --- calibration_bins: predicted against observed, per equal-width bin ---
//
// Bin k (1-based) of `bins` holds (k - 1) / bins <= p < k / bins, p = 1 in the
// last. A cell counts its rows and positives exactly and sums p in units of
// 2^-64 (as brier_score does), so every figure is the same in every plan.

constexpr std::int32_t kMaxBins = 1000;

struct BinCell {
  std::int64_t n;
  std::int64_t positives;
  Wide predicted;  // the sum of p in units of 2^-64
};
static_assert(sizeof(BinCell) == 32, "a bin costs 32 bytes");

// bins must be from 1 to kMaxBins (invalid_parameter).
void check_bins(std::int32_t bins);

// The 0-based bin of p (checked) among `bins`.
std::int32_t bin_of(double p, std::int32_t bins);

// Counts a row into its cell of `cells` (of `bins`).
void bins_add(BinCell* cells, std::int32_t bins, double p, bool outcome);

// Adds `other`'s cells into `into`'s, both of `bins` (counts past 2^63 - 1 are out_of_range).
void bins_merge(BinCell* into, const BinCell* other, std::int32_t bins);

// Why a cell read from a stored or received state is impossible, or nullptr.
const char* bin_cell_problem(const BinCell& cell);

// The result: a JSON array with one object per non-empty bin, in bin order.
std::string bins_json(const BinCell* cells, std::int32_t bins);

// The text form of calibration_bins_state:
//   v1:bins=10,cells=3:5:2:46116860184273879040;7:1:1:12912720851596686131
// bins (0 until a row sets it), then each non-empty cell as
// bin:n:positives:sum of p in units of 2^-64, in bin order.
std::string bins_text(const BinCell* cells, std::int32_t bins);
// Reads the text form: the number of bins, and (when cells is not null, of
// that many cells, zeroed) the cells; malformed text is invalid_text.
std::int32_t read_bins_text(const char* text, BinCell* cells);

// --- logistic_fit: maximum-likelihood logistic regression ---
//
// The accumulator buffers every row (the outcome, 0 or 1, then the features,
// as doubles): Newton's method reads the rows once per iteration. It is
// trivially destructible and allocates through StateMemory, as RocAccumulator.

constexpr std::int32_t kMaxFeatures = 1000;

class LogisticAccumulator {
 public:
  explicit LogisticAccumulator(StateMemory memory) : memory_(memory) {}

  // Checks the number of features of a row against the group's (array_mismatch)
  // and sets it on the first row. Every row with an array checks it, rows that
  // are then skipped included.
  void adopt_features(std::int64_t count);

  // Adds a row of features() values (finite: invalid_parameter).
  void add(bool outcome, const double* features);

  // Adds `count` rows of `features` values each, laid out as rows() is (another
  // state's, checked: rows_problem); features -1 (unset) adds nothing.
  void merge_rows(const double* rows, std::int64_t count, std::int32_t features);

  std::int32_t features() const { return features_; }
  std::int64_t count() const { return count_; }
  // count() rows of 1 + features() doubles: the outcome, then the features.
  const double* rows() const { return rows_; }

 private:
  void reserve(std::int64_t rows);

  StateMemory memory_;
  double* rows_ = nullptr;
  std::int64_t count_ = 0;
  std::int64_t capacity_ = 0;
  std::int32_t features_ = -1;  // -1 until a row sets it
};

// Why rows read from a stored or received state are not rows an accumulator
// could hold, or nullptr. `rows` may be unaligned.
const char* rows_problem(const void* rows, std::int64_t count, std::int32_t features);

struct LogisticResult {
  std::vector<double> coefficients;  // the intercept, then one per feature
  std::vector<double> std_errors;    // empty when not converged
  std::vector<double> z;
  std::vector<double> p_values;
  std::int64_t n = 0;
  double log_likelihood = 0;
  std::int32_t iterations = 0;
  bool converged = false;
  std::string notice;  // after the function name, when not converged
  std::string notice_detail;
};

constexpr std::int32_t kMaxIterations = 100;

// Fits P(outcome) = 1 / (1 + exp(-(b0 + b . x))) by Newton's method (IRLS),
// from b = 0, halving steps that lower the likelihood, until no coefficient
// moves by more than 1e-10 of max(1, |b|). Standard errors from the inverse
// of the Fisher information at the estimate, two-sided normal p-values.
// Rows must be at least coefficients (invalid_parameter); a constant or
// collinear feature is invalid_parameter naming it. Separation (the
// likelihood has no maximum) ends without convergence: converged false, the
// coefficients of the last iteration, no standard errors, and a notice.
// `count` > 0.
LogisticResult fit_logistic(const double* rows, std::int64_t count, std::int32_t features);

// The fitted probability for `features` (count values, checked against the
// fit's coefficients: array_mismatch; finite: invalid_parameter).
double logistic_probability(const double* coefficients, std::int64_t coefficient_count,
                            const double* features, std::int64_t count);

// Suggested weights: the positive coefficients of features with p < 0.05
// normalized to sum 1, every other feature 0; nothing when none qualifies.
std::optional<std::vector<double>> logistic_weights(const double* coefficients,
                                                    const double* p_values,
                                                    std::int64_t coefficient_count);

// A logistic_fit value that logistic_apply or logistic_weights cannot use
// (invalid_parameter): "<function>: cannot use the fit: <why>".
[[noreturn]] void throw_unusable_fit(const char* why);

// The text form of logistic_fit_state:
//   v1:features=2,rows=2,data=1:0.5:3;0:1.5:2
// the number of features (-1 until a row sets it), the number of rows, then
// each row as outcome:feature:feature..., doubles written to read back exactly.
// The empty state is "v1:features=-1,rows=0,data=".
std::size_t write_logistic_text_head(char* out, std::int32_t features, std::int64_t rows);
// Writes row `index` (a separator first, but for the first) into `out`, which
// holds at least logistic_row_text_max(features) bytes; returns its length.
std::size_t write_logistic_row(char* out, const double* row, std::int32_t features,
                               std::int64_t index);
constexpr std::size_t logistic_row_text_max(std::int32_t features) {
  return (static_cast<std::size_t>(features) + 1) * (kDoubleTextMax + 1) + 2;
}

// Reads the text form in two steps (as RocTextReader): the head, then the
// rows into caller-provided memory (or nowhere: nullptr only checks).
class LogisticTextReader {
 public:
  explicit LogisticTextReader(const char* text);
  std::int32_t features() const { return features_; }
  std::int64_t rows() const { return rows_; }
  void read_rows(double* out);

 private:
  const char* text_;
  const char* data_ = nullptr;
  std::int32_t features_ = -1;
  std::int64_t rows_ = 0;
};

}  // namespace hs
