// Unit tests of roc_auc's accumulator (src/core/calibration.h) against a worked
// example, the rank-sum formula with tied ranks averaged (an independent
// computation: sort everything, rank, sum), and its memory and cancel promises.
#include "core/calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/interrupts.h"
#include "core/quotient.h"
#include "support.h"

namespace {

using hs::RocAccumulator;
using hs::ScoreRun;

// malloc-backed memory that records the live bytes and their peak.
class TestMemory {
 public:
  ~TestMemory() {
    for (auto& block : blocks_) std::free(block.first);
  }
  hs::StateMemory memory() { return hs::StateMemory{&TestMemory::resize, this}; }
  std::size_t live() const { return live_; }
  std::size_t peak() const { return peak_; }

 private:
  static void* resize(void* context, void* block, std::size_t bytes) {
    auto* self = static_cast<TestMemory*>(context);
    if (block != nullptr) {
      self->live_ -= self->blocks_.at(block);
      self->blocks_.erase(block);
    }
    void* out = std::realloc(block, bytes);
    if (out == nullptr) throw std::bad_alloc();
    self->blocks_[out] = bytes;
    self->live_ += bytes;
    self->peak_ = std::max(self->peak_, self->live_);
    return out;
  }
  std::map<void*, std::size_t> blocks_;
  std::size_t live_ = 0;
  std::size_t peak_ = 0;
};

struct Row {
  double score;
  bool positive;
};

// (R+ - n+(n+ + 1)/2) / (n+ n-), R+ the rank sum of the positives with tied
// ranks averaged, all in integers (twice every rank), divided once.
std::optional<double> rank_formula(std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.score < b.score; });
  unsigned __int128 twice_rank_sum = 0;
  std::uint64_t positives = 0;
  std::size_t i = 0;
  while (i < rows.size()) {
    std::size_t j = i;
    while (j < rows.size() && rows[j].score == rows[i].score) ++j;
    // Ranks i + 1 .. j: twice their average is i + 1 + j.
    for (std::size_t k = i; k < j; ++k) {
      if (rows[k].positive) {
        twice_rank_sum += i + 1 + j;
        ++positives;
      }
    }
    i = j;
  }
  std::uint64_t negatives = rows.size() - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  auto twice_u = static_cast<std::uint64_t>(twice_rank_sum) - positives * (positives + 1);
  // Below 2^53 in these tests: one IEEE division is the correctly rounded quotient.
  return static_cast<double>(twice_u) /
         (2.0 * static_cast<double>(positives) * static_cast<double>(negatives));
}

std::vector<Row> generated(std::size_t n, int distinct, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_int_distribution<int> level(0, distinct - 1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Row> rows(n);
  for (Row& r : rows) {
    double score = distinct > 0 ? level(gen) * 0.5 : u(gen) * 100;
    // Positives tend to score higher: a useful but imperfect score.
    r = Row{score, u(gen) < 0.2 + 0.6 * (distinct > 0 ? score / (0.5 * distinct) : score / 100)};
  }
  return rows;
}

std::optional<double> auc_of(const std::vector<Row>& rows) {
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  for (const Row& r : rows) acc.add(r.score, r.positive);
  return acc.auc();
}

TEST(RocAuc, ExampleByHand) {
  // Positives 0.9, 0.8, 0.6; negatives 0.7, 0.6, 0.3. Of the 9 pairs the
  // positive wins 3 + 3 + 1, and 0.6 against 0.6 is a tie: (7 + 1/2) / 9.
  std::vector<Row> rows = {{0.9, true},  {0.7, false}, {0.8, true},
                           {0.6, false}, {0.6, true},  {0.3, false}};
  EXPECT_EQ(*auc_of(rows), 7.5 / 9);
}

TEST(RocAuc, PerfectUselessAndReversed) {
  EXPECT_EQ(*auc_of({{1, true}, {2, true}, {0, false}}), 1.0);
  EXPECT_EQ(*auc_of({{5, true}, {5, false}, {5, true}}), 0.5);
  EXPECT_EQ(*auc_of({{0, true}, {1, false}}), 0.0);
  // -0 and +0 are the same score: a tie.
  EXPECT_EQ(*auc_of({{-0.0, true}, {0.0, false}}), 0.5);
}

TEST(RocAuc, EmptyClassGivesNothing) {
  EXPECT_FALSE(auc_of({}));
  EXPECT_FALSE(auc_of({{1, true}, {2, true}}));
  EXPECT_FALSE(auc_of({{1, false}}));
}

TEST(RocAuc, NonFiniteScoreIsAnError) {
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  hs::Error e = hs::test::error_of([&] { acc.add(std::nan(""), true); });
  EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_parameter);
  EXPECT_STREQ(e.rest(), " score NaN is not a finite number");
  EXPECT_THROW(acc.add(-INFINITY, false), hs::Error);
  EXPECT_EQ(acc.positives() + acc.negatives(), 0u);
}

TEST(RocAuc, MatchesTheRankFormula) {
  // Many ties (20 levels), few ties (20,000 levels) and none, in sizes that
  // cross several buffer flushes.
  for (int distinct : {20, 20000, 0}) {
    for (std::size_t n :
         {std::size_t{1}, std::size_t{17}, std::size_t{70000}, std::size_t{300000}}) {
      std::vector<Row> rows = generated(n, distinct, 7 + n + distinct);
      EXPECT_EQ(auc_of(rows), rank_formula(rows)) << "n=" << n << " distinct=" << distinct;
    }
  }
}

TEST(RocAuc, OrderAndMergesDoNotChangeABit) {
  std::vector<Row> rows = generated(250000, 300, 11);
  std::optional<double> whole = auc_of(rows);
  std::shuffle(rows.begin(), rows.end(), std::mt19937_64(3));
  EXPECT_EQ(auc_of(rows), whole);
  // Three partial states of unequal size, merged as a parallel plan would.
  TestMemory memory;
  RocAccumulator a(memory.memory()), b(memory.memory()), c(memory.memory());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RocAccumulator& part = i % 7 == 0 ? a : (i % 7 < 3 ? b : c);
    part.add(rows[i].score, rows[i].positive);
  }
  b.merge(c);
  a.merge(b);
  EXPECT_EQ(a.positives() + a.negatives(), rows.size());
  EXPECT_EQ(a.auc(), whole);
  // Merging an empty state changes nothing.
  RocAccumulator empty(memory.memory());
  a.merge(empty);
  EXPECT_EQ(a.auc(), whole);
}

TEST(RocAuc, RunsAreSortedDistinctAndComplete) {
  std::vector<Row> rows = generated(100000, 1000, 5);
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  for (const Row& r : rows) acc.add(r.score, r.positive);
  acc.compact();
  std::map<double, std::pair<std::uint64_t, std::uint64_t>> expected;
  for (const Row& r : rows) (r.positive ? expected[r.score].first : expected[r.score].second)++;
  ASSERT_EQ(acc.run_count(), expected.size());
  std::size_t i = 0;
  for (const auto& [score, counts] : expected) {
    EXPECT_EQ(acc.runs()[i].score, score);
    EXPECT_EQ(acc.runs()[i].positives, counts.first);
    EXPECT_EQ(acc.runs()[i].negatives, counts.second);
    ++i;
  }
}

TEST(RocAuc, CountsPast32BitsContinueInAFurtherRun) {
  // 4e9 + 1e9 positives at score 1 cannot share one run's 32-bit count.
  TestMemory memory;
  RocAccumulator a(memory.memory()), b(memory.memory());
  ScoreRun ra[] = {{0.0, 0, 3000000000u}, {1.0, 4000000000u, 7}};
  ScoreRun rb[] = {{1.0, 1000000000u, 5}, {2.0, 0, 1}};
  a.load(ra, 2);
  b.load(rb, 2);
  a.merge(b);
  ASSERT_EQ(a.run_count(), 4u);
  EXPECT_EQ(a.runs()[1].score, 1.0);
  EXPECT_EQ(a.runs()[2].score, 1.0);
  EXPECT_EQ(std::uint64_t{a.runs()[1].positives} + a.runs()[2].positives, 5000000000u);
  EXPECT_EQ(std::uint64_t{a.runs()[1].negatives} + a.runs()[2].negatives, 12u);
  // Positives at 1 beat the 3e9 negatives at 0, tie the 12 at 1, lose to the
  // one at 2: 2U = p (2 * 3e9 + 12) over 2 p n, in integers.
  unsigned __int128 p = 5000000000u, below = 3000000000u, tied = 12, n = below + tied + 1;
  EXPECT_EQ(*a.auc(), hs::rounded_quotient(p * (2 * below + tied), 2 * p * n));
}

TEST(RocAuc, LoadRejectsWhatNoStateHolds) {
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  ScoreRun unsorted[] = {{2.0, 1, 0}, {1.0, 0, 1}};
  ScoreRun empty_run[] = {{1.0, 0, 0}};
  ScoreRun nan_score[] = {{std::nan(""), 1, 0}};
  for (auto [runs, count] :
       {std::pair<ScoreRun*, std::size_t>{unsorted, 2}, {empty_run, 1}, {nan_score, 1}}) {
    hs::Error e = hs::test::error_of([&] { acc.load(runs, count); });
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_binary);
  }
  EXPECT_FALSE(acc.auc());
}

TEST(RocAuc, MemoryFollowsDistinctScoresNotRows) {
  // Repeated scores cost nothing: 1,000 scores over 200,000 or 2,000,000 rows.
  std::size_t peaks[2];
  for (int k = 0; k < 2; ++k) {
    TestMemory memory;
    RocAccumulator acc(memory.memory());
    std::mt19937_64 gen(1);
    for (std::size_t i = 0; i < (k == 0 ? 200000u : 2000000u); ++i)
      acc.add(static_cast<double>(gen() % 1000), gen() % 3 == 0);
    acc.auc();
    peaks[k] = memory.peak();
  }
  EXPECT_EQ(peaks[0], peaks[1]);
  EXPECT_LT(peaks[1], 1100000u);  // the minimum buffer of 65,536 rows and 1,000 runs

  // Distinct scores cost at most about 20 bytes each, at the peak.
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  const std::size_t n = 3000000;
  for (std::size_t i = 0; i < n; ++i) acc.add(static_cast<double>((i * 7919) % n), i % 2 == 0);
  acc.auc();
  EXPECT_EQ(acc.run_count(), n);
  EXPECT_LE(memory.peak(), 20 * n);
  EXPECT_LE(memory.live(), 19 * n);
}

TEST(RocAuc, MergingStoredRunsEqualsMergingStates) {
  std::vector<Row> rows = generated(120000, 500, 13);
  std::optional<double> whole = auc_of(rows);
  TestMemory memory;
  RocAccumulator a(memory.memory()), b(memory.memory());
  for (std::size_t i = 0; i < rows.size(); ++i)
    (i % 3 == 0 ? a : b).add(rows[i].score, rows[i].positive);
  b.compact();
  // b's runs as another process would read them: checked, then merged in place.
  std::vector<ScoreRun> stored(b.runs(), b.runs() + b.run_count());
  std::uint64_t p = 0, q = 0;
  ASSERT_EQ(hs::runs_problem(stored.data(), stored.size(), &p, &q), nullptr);
  EXPECT_EQ(p, b.positives());
  EXPECT_EQ(q, b.negatives());
  EXPECT_EQ(hs::auc_of_runs(stored.data(), stored.size(), p, q), b.auc());
  a.merge_runs(stored.data(), stored.size(), p, q);
  EXPECT_EQ(a.auc(), whole);
}

TEST(RocAuc, RunsProblemNamesWhatNoStateHolds) {
  std::uint64_t p = 0, q = 0;
  ScoreRun ok[] = {{-1.0, 0, 2}, {-1.0, 1, 0}, {3.5, 4, 1}};
  EXPECT_EQ(hs::runs_problem(ok, 3, &p, &q), nullptr);
  EXPECT_EQ(p, 5u);
  EXPECT_EQ(q, 3u);
  ScoreRun unsorted[] = {{2.0, 1, 0}, {1.0, 0, 1}};
  ScoreRun empty_run[] = {{1.0, 0, 0}};
  ScoreRun infinite[] = {{INFINITY, 1, 0}};
  EXPECT_STREQ(hs::runs_problem(unsorted, 2, &p, &q), "scores out of order");
  EXPECT_STREQ(hs::runs_problem(empty_run, 1, &p, &q), "a score without rows");
  EXPECT_STREQ(hs::runs_problem(infinite, 1, &p, &q), "a score is not finite");
}

// The text form of a state, as the binding layer writes it.
std::string text_of(const ScoreRun* runs, std::size_t count, std::uint64_t positives,
                    std::uint64_t negatives) {
  char head[hs::kStateTextMax];
  std::string text(head, hs::write_roc_text_head(head, positives, negatives));
  for (std::size_t i = 0; i < count; ++i) {
    char run[hs::kRocRunTextMax];
    text.append(run, hs::write_roc_run(run, runs[i], i));
  }
  return text;
}

TEST(RocAuc, TextFormByHand) {
  ScoreRun runs[] = {{0.3, 0, 1}, {0.6, 1, 1}, {0.7, 0, 1}, {0.8, 1, 0}, {0.9, 1, 0}};
  EXPECT_EQ(text_of(runs, 5, 3, 3),
            "v1:positives=3,negatives=3,scores=0.3:0:1;0.6:1:1;0.7:0:1;0.8:1:0;0.9:1:0");
  EXPECT_EQ(text_of(runs, 0, 0, 0), "v1:positives=0,negatives=0,scores=");
  ScoreRun extremes[] = {
      {-1.7976931348623157e308, 4294967295u, 0}, {5e-324, 0, 4294967295u}, {0.1 + 0.2, 1, 1}};
  std::string text = text_of(extremes, 3, 4294967296u, 4294967296u);
  EXPECT_EQ(
      text,
      "v1:positives=4294967296,negatives=4294967296,scores=-1.7976931348623157e+308:4294967295:0;"
      "4.94065645841247e-324:0:4294967295;0.30000000000000004:1:1");
  EXPECT_LE(
      text.size() - std::string("v1:positives=4294967296,negatives=4294967296,scores=").size(),
      3 * (hs::kRocRunTextMax - 1));
}

TEST(RocAuc, TextRoundTripsBitForBit) {
  std::vector<Row> rows = generated(50000, 0, 17);
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  for (const Row& r : rows) acc.add(r.score, r.positive);
  acc.compact();
  std::string text = text_of(acc.runs(), acc.run_count(), acc.positives(), acc.negatives());
  hs::RocTextReader reader(text.c_str());
  ASSERT_EQ(reader.run_count(), acc.run_count());
  std::vector<ScoreRun> back(reader.run_count());
  reader.read_runs(back.data());
  EXPECT_EQ(std::memcmp(back.data(), acc.runs(), back.size() * sizeof(ScoreRun)), 0);
  EXPECT_EQ(hs::auc_of_runs(back.data(), back.size(), acc.positives(), acc.negatives()),
            auc_of(rows));
}

TEST(RocAuc, MalformedTextIsInvalidText) {
  const char* bad[] = {
      "",
      "v2:positives=0,negatives=0,scores=",
      "v1:positives=0,negatives=0",
      "v1:positives=0,negatives=0,score=",
      "v1:positives=0,negatives=0,scores=,",
      "v1:positives=-1,negatives=1,scores=1:0:1",
      "v1:positives=1,negatives=0,scores=",
      "v1:positives=1,negatives=1,scores=0.7:1:0;0.2:0:1",
      "v1:positives=1,negatives=1,scores=0.2:0:1;;0.7:1:0",
      "v1:positives=1,negatives=1,scores=0.2:0:1;0.7:1:0;",
      "v1:positives=1,negatives=0,scores=nan:1:0",
      "v1:positives=1,negatives=0,scores=1e999:1:0",
      "v1:positives=0,negatives=0,scores=1:0:0",
      "v1:positives=1,negatives=0,scores=1:1",
      "v1:positives=4294967296,negatives=0,scores=1:4294967296:0",
      "v1:positives=1,negatives=0,scores=1:1:0 ",
      "v1:positives=1,negatives=0,scores=1:-1:0",
      "v1:positives=1,negatives=0,scores=1:1:0,x=1",
  };
  for (const char* text : bad) {
    hs::Error e = hs::test::error_of([&] {
      hs::RocTextReader reader(text);
      std::vector<ScoreRun> runs(reader.run_count());
      reader.read_runs(runs.data());
    });
    EXPECT_EQ(e.kind(), hs::ErrorKind::invalid_text) << text;
    EXPECT_EQ(std::string(e.what()).rfind("invalid input syntax for type roc_auc_state", 0), 0u)
        << e.what();
  }
  // Checking without storing finds the same faults.
  hs::RocTextReader reader("v1:positives=1,negatives=1,scores=0.7:1:0;0.2:0:1");
  EXPECT_EQ(hs::test::error_of([&] { reader.read_runs(nullptr); }).kind(),
            hs::ErrorKind::invalid_text);
}

TEST(RocAuc, TooLargeIsAProgramLimit) {
  hs::Error e = hs::test::error_of([] { hs::throw_state_too_large_to_store(70000000, 67043328); });
  EXPECT_EQ(e.kind(), hs::ErrorKind::program_limit);
  EXPECT_STREQ(e.what(),
               "roc_auc state of 70000000 distinct scores is too large to store or to pass between "
               "processes");
  e = hs::test::error_of([] { hs::throw_state_too_large_for_text(50000000, 1072693247); });
  EXPECT_EQ(e.kind(), hs::ErrorKind::program_limit);
}

int interrupts_seen = 0;
void count_interrupts() { ++interrupts_seen; }
void cancel() { throw std::runtime_error("canceled"); }

TEST(RocAuc, SortingAndMergingCheckForCancel) {
  TestMemory memory;
  RocAccumulator acc(memory.memory());
  for (std::size_t i = 0; i < 1000000; ++i)
    acc.add(static_cast<double>((i * 7919) % 1000003), i % 2 == 0);
  interrupts_seen = 0;
  hs::interrupt_hook = count_interrupts;
  acc.compact();
  hs::interrupt_hook = nullptr;
  // A sort of the last buffer (about 125,000 rows, millions of comparisons) and a merge.
  EXPECT_GT(interrupts_seen, 10);

  RocAccumulator big(memory.memory());
  for (std::size_t i = 0; i < 1000000; ++i) big.add(static_cast<double>(i % 999983), i % 2 == 0);
  hs::interrupt_hook = cancel;
  EXPECT_THROW(big.auc(), std::runtime_error);
  hs::interrupt_hook = nullptr;
}

}  // namespace
