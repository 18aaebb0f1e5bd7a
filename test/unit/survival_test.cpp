// Unit tests of survival (src/core/survival.h) and nps_clustered
// (src/core/nps.h) against a Kaplan-Meier table worked by hand and values of
// R's survival package 3.5-3 (Debian's r-cran-survival), recorded here:
//   t <- c(1,2,2,3,4,5,5,6,7,8); e <- c(1,1,0,1,0,1,1,0,1,0)
//   survfit(Surv(t, e) ~ 1, conf.type = "log-log")      # surv, lower, upper
//   g <- c("a","b","a","b","a","b","a","b","a","b")
//   survdiff(Surv(t, e) ~ g)$chisq                       # 0.0790928440695276
// R is needed only to obtain the literals, never to run the tests.
#include "core/survival.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "core/nps.h"
#include "support.h"

namespace {

using hs::GroupName;
using hs::SurvivalAccumulator;

// malloc-backed memory, freed when the test ends.
class Memory {
 public:
  ~Memory() {
    for (void* block : blocks_) std::free(block);
  }
  hs::StateMemory memory() { return hs::StateMemory{&Memory::resize, this}; }

 private:
  static void* resize(void* context, void* block, std::size_t bytes) {
    auto* self = static_cast<Memory*>(context);
    void* out = std::realloc(block, bytes);
    if (out == nullptr) throw std::bad_alloc();
    if (block != nullptr)
      self->blocks_.erase(std::find(self->blocks_.begin(), self->blocks_.end(), block));
    self->blocks_.push_back(out);
    return out;
  }
  std::vector<void*> blocks_;
};

struct Row {
  double t;
  bool event;
  const char* group;
};

// The R example: ten accounts, groups a and b.
const std::vector<Row> kRows = {{1, true, "a"},  {2, true, "b"}, {2, false, "a"}, {3, true, "b"},
                                {4, false, "a"}, {5, true, "b"}, {5, true, "a"},  {6, false, "b"},
                                {7, true, "a"},  {8, false, "b"}};

GroupName name_of(const char* s) { return GroupName{s, std::strlen(s)}; }

void add_rows(SurvivalAccumulator& acc, const std::vector<Row>& rows, bool grouped) {
  for (const Row& r : rows) acc.add(r.t, r.event, acc.group(name_of(grouped ? r.group : "")));
}

std::vector<hs::KmStep> km_steps(const hs::SurvivalView& view, std::optional<double>* median) {
  std::vector<hs::KmStep> steps;
  *median = hs::km_walk(view, [&steps](const hs::KmStep& s) { steps.push_back(s); });
  return steps;
}

TEST(KaplanMeier, HandWorkedTableAndR) {
  // By hand: n at risk, d events, c censored, S = product of (1 - d/n):
  //   t=1 10 1 0 S=0.9; t=2 9 1 1 S=0.8 (censored at 2 still at risk at 2);
  //   t=3 7 1 0 S=0.685714; t=4 6 0 1; t=5 5 2 0 S=0.411429 (median);
  //   t=6 3 0 1; t=7 2 1 0 S=0.205714; t=8 1 0 1.
  Memory memory;
  SurvivalAccumulator acc(memory.memory());
  add_rows(acc, kRows, false);
  std::optional<double> median;
  std::vector<hs::KmStep> steps = km_steps(acc.view(), &median);
  ASSERT_EQ(steps.size(), 8u);
  const double time[] = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::uint64_t at_risk[] = {10, 9, 7, 6, 5, 3, 2, 1};
  const std::uint64_t events[] = {1, 1, 1, 0, 2, 0, 1, 0};
  const std::uint64_t censored[] = {0, 1, 0, 1, 0, 1, 0, 1};
  const double survival[] = {0.9,
                             0.8,
                             0.8 * 6 / 7,
                             0.8 * 6 / 7,
                             0.8 * 6 / 7 * 3 / 5,
                             0.8 * 6 / 7 * 3 / 5,
                             0.8 * 6 / 7 * 3 / 10,
                             0.8 * 6 / 7 * 3 / 10};
  // R, survfit(conf.type = "log-log").
  const double lower[] = {0.4730092713620505, 0.4086907816334043, 0.3045850742018473,
                          0.3045850742018473, 0.1025110703140554, 0.1025110703140554,
                          0.0122589629866499, 0.0122589629866499};
  const double upper[] = {0.985281393367343, 0.945872645838912, 0.887148495027707,
                          0.887148495027707, 0.707312651943303, 0.707312651943303,
                          0.566611970131777, 0.566611970131777};
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(steps[i].time, time[i]);
    EXPECT_EQ(steps[i].at_risk, at_risk[i]);
    EXPECT_EQ(steps[i].events, events[i]);
    EXPECT_EQ(steps[i].censored, censored[i]);
    EXPECT_NEAR(steps[i].survival, survival[i], 1e-15);
    EXPECT_NEAR(*steps[i].ci_low, lower[i], 1e-13);
    EXPECT_NEAR(*steps[i].ci_high, upper[i], 1e-13);
  }
  EXPECT_EQ(median, 5.0);
}

TEST(KaplanMeier, EdgeCases) {
  Memory memory;
  SurvivalAccumulator acc(memory.memory());
  std::uint32_t g = acc.group(name_of(""));
  acc.add(1, false, g);
  acc.add(2, true, g);
  acc.add(2, true, g);
  std::optional<double> median;
  std::vector<hs::KmStep> steps = km_steps(acc.view(), &median);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].survival, 1.0);  // no event yet: [1, 1]
  EXPECT_EQ(steps[0].ci_low, 1.0);
  EXPECT_EQ(steps[0].ci_high, 1.0);
  EXPECT_EQ(steps[1].survival, 0.0);  // all at risk had the event: no interval
  EXPECT_FALSE(steps[1].ci_low);
  EXPECT_FALSE(steps[1].ci_high);
  EXPECT_EQ(median, 2.0);
  EXPECT_EQ(hs::test::kind_of([&] { acc.add(-1, true, g); }), hs::ErrorKind::invalid_parameter);
  EXPECT_EQ(hs::test::kind_of([&] { acc.add(std::nan(""), true, g); }),
            hs::ErrorKind::invalid_parameter);
}

TEST(Logrank, MatchesR) {
  Memory memory;
  SurvivalAccumulator acc(memory.memory());
  add_rows(acc, kRows, true);
  hs::SurvivalView view = acc.view();
  std::vector<double> work(view.group_count * (view.group_count + 4));
  hs::LogrankResult r = hs::logrank(view, work.data());
  ASSERT_TRUE(r.chi2);
  EXPECT_NEAR(*r.chi2, 0.0790928440695276, 1e-13);
  EXPECT_EQ(*r.df, 1);
  EXPECT_NEAR(*r.p_value, 0.778530544758057, 1e-13);
  // Three groups: R's survdiff chisq 0.00318604838061582, df 2.
  std::vector<Row> more = {{3, true, "c"},   {9, true, "c"}, {10, false, "c"},
                           {1.5, true, "c"}, {4, true, "c"}, {4, false, "a"}};
  add_rows(acc, more, true);
  view = acc.view();
  work.assign(view.group_count * (view.group_count + 4), 0.0);
  r = hs::logrank(view, work.data());
  EXPECT_NEAR(*r.chi2, 0.00318604838061582, 1e-14);
  EXPECT_EQ(*r.df, 2);
  EXPECT_NEAR(*r.p_value, 0.998408243999219, 1e-13);
}

TEST(SurvivalAccumulator, OrderAndMergesDoNotMatter) {
  std::mt19937 rng(17);
  std::vector<Row> rows;
  const char* groups[] = {"red", "yellow", "green", "b\"q", ""};
  for (int i = 0; i < 200000; ++i)
    rows.push_back(Row{static_cast<double>(rng() % 500) * 0.25, rng() % 3 != 0, groups[rng() % 5]});
  Memory memory;
  SurvivalAccumulator whole(memory.memory());
  add_rows(whole, rows, true);
  std::shuffle(rows.begin(), rows.end(), rng);
  SurvivalAccumulator left(memory.memory());
  SurvivalAccumulator right(memory.memory());
  std::vector<Row> first(rows.begin(), rows.begin() + 70000);
  std::vector<Row> second(rows.begin() + 70000, rows.end());
  add_rows(left, first, true);
  add_rows(right, second, true);
  left.merge(right.view());
  hs::SurvivalView a = whole.view();
  hs::SurvivalView b = left.view();
  ASSERT_EQ(a.count, b.count);
  ASSERT_EQ(a.group_count, b.group_count);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(std::memcmp(a.runs, b.runs, a.count * sizeof(hs::SurvivalRun)), 0);
  std::uint64_t rows_out = 0;
  std::uint64_t events_out = 0;
  EXPECT_EQ(hs::survival_runs_problem(a.runs, a.count, a.group_count, &rows_out, &events_out),
            nullptr);
  EXPECT_EQ(rows_out, 200000u);
  EXPECT_EQ(hs::survival_groups_problem(a.groups, a.group_count), nullptr);
}

// Against a std::map of counts per (duration, group name): many distinct
// durations (the buffer fills and is sorted in several times; a stretch of
// all-distinct rows sets the index aside, repeats take it up again), groups whose
// names sort first arriving late (ids renumbered while keys are buffered and
// indexed), repeated keys folding through the index, and -0 folding with 0.
TEST(SurvivalAccumulator, MatchesAMapOfCounts) {
  std::mt19937 rng(29);
  std::map<std::pair<double, std::string>, std::pair<std::uint64_t, std::uint64_t>> expected;
  Memory memory;
  SurvivalAccumulator acc(memory.memory());
  const char* groups[] = {"m", "k", "c", "a"};
  for (int i = 0; i < 400000; ++i) {
    // Rows 100,000 to 250,000 all distinct (the index is set aside), then
    // repeating again (it is taken up again).
    double t = i >= 100000 && i < 250000 ? i * 0.25
               : i % 4 == 0              ? static_cast<double>(rng() % 200000) * 0.5
                                         : static_cast<double>(rng() % 300);
    if (i % 1000 == 0) t = i % 2000 == 0 ? -0.0 : 0.0;
    const char* g = groups[std::min<int>(i / 100000, static_cast<int>(rng() % 4))];
    bool event = rng() % 3 == 0;
    acc.add(t, event, acc.group(name_of(g)));
    auto& counts = expected[{t + 0.0, g}];
    (event ? counts.first : counts.second) += 1;
  }
  hs::SurvivalView view = acc.view();
  ASSERT_EQ(view.count, expected.size());
  ASSERT_EQ(view.group_count, 4u);
  std::size_t i = 0;
  for (const auto& [key, counts] : expected) {
    const hs::SurvivalRun& run = view.runs[i++];
    EXPECT_EQ(run.time, key.first);
    EXPECT_FALSE(std::signbit(run.time));
    EXPECT_EQ(hs::compare_names(view.groups[run.group], name_of(key.second.c_str())), 0);
    EXPECT_EQ(run.events, counts.first);
    EXPECT_EQ(run.censored, counts.second);
  }
  EXPECT_EQ(view.rows, 400000u);
}

TEST(SurvivalText, RoundTrip) {
  Memory memory;
  SurvivalAccumulator acc(memory.memory());
  add_rows(acc, kRows, true);
  acc.add(0.1, true, acc.group(name_of("x\\\"y")));
  hs::SurvivalView view = acc.view();
  std::string text(hs::kStateTextMax, '\0');
  text.resize(hs::write_survival_head(&text[0], view.rows, view.events));
  for (std::uint32_t g = 0; g < view.group_count; ++g) {
    std::string name(hs::survival_name_text_max(view.groups[g]) + 1, '\0');
    name.resize(hs::write_survival_name(&name[0], view.groups[g], g));
    text += name;
  }
  text += hs::kSurvivalTimesField;
  for (std::size_t i = 0; i < view.count; ++i) {
    char run[hs::kSurvivalRunTextMax];
    text += std::string(run, hs::write_survival_run(run, view.runs[i], i));
  }
  const std::string expected_head =
      "v1:rows=11,events=7,groups=[\"a\",\"b\",\"x\\\\\\\"y\"],times=0.1:2:1:0;1:0:1:0;";
  EXPECT_EQ(text.substr(0, expected_head.size()), expected_head);
  hs::SurvivalTextReader reader(text.c_str());
  ASSERT_EQ(reader.group_count(), 3u);
  ASSERT_EQ(reader.run_count(), view.count);
  std::vector<char> names(reader.name_bytes());
  std::vector<GroupName> groups(reader.group_count());
  std::vector<hs::SurvivalRun> runs(reader.run_count());
  reader.read(names.data(), groups.data(), runs.data());
  EXPECT_EQ(std::memcmp(runs.data(), view.runs, view.count * sizeof(hs::SurvivalRun)), 0);
  EXPECT_EQ(hs::compare_names(groups[2], name_of("x\\\"y")), 0);
}

TEST(NpsClustered, HandWorkedExample) {
  // n = 3, 2, 4, 1, 5; y = 1, 0, -2, 1, 3: N = 15, Y = 3, R = 0.2, residuals
  // 0.4, -0.4, -2.8, 0.8, 2 (squares 12.8), 5/4 * 12.8 = 16,
  // std_error = 100 * 4 / 15; t(4) at 0.975 = 2.776445105 (R: qt(0.975, 4)).
  const std::int64_t counts[5][3] = {{2, 0, 1}, {0, 2, 0}, {1, 0, 3}, {1, 0, 0}, {4, 0, 1}};
  hs::NpsClusterState state;
  for (const auto& c : counts) {
    hs::NpsSummary s;
    s.promoters = c[0];
    s.passives = c[1];
    s.detractors = c[2];
    s.responses = c[0] + c[1] + c[2];
    hs::nps_cluster_add(state, s);
  }
  hs::NpsSummary out = hs::nps_cluster_summarize(state);
  EXPECT_EQ(out.responses, 15);
  EXPECT_EQ(*out.nps, 20.0);
  EXPECT_NEAR(*out.std_error, 400.0 / 15, 1e-12);
  EXPECT_NEAR(*out.ci_high - 20.0, 2.776445105 * 400.0 / 15, 1e-7);
  EXPECT_EQ(hs::StateTraits<hs::NpsClusterState>::problem(state), nullptr);
  // Merged in two parts: the same bytes.
  hs::NpsClusterState a;
  hs::NpsClusterState b;
  for (int i = 0; i < 5; ++i) {
    hs::NpsSummary s;
    s.promoters = counts[i][0];
    s.passives = counts[i][1];
    s.detractors = counts[i][2];
    s.responses = counts[i][0] + counts[i][1] + counts[i][2];
    hs::nps_cluster_add(i % 2 == 0 ? a : b, s);
  }
  hs::nps_cluster_merge(b, a);
  EXPECT_TRUE(hs::test::same(b, state));
  // One cluster: no standard error.
  hs::NpsClusterState one;
  hs::NpsSummary s;
  s.responses = 3;
  s.promoters = 3;
  hs::nps_cluster_add(one, s);
  EXPECT_FALSE(hs::nps_cluster_summarize(one).std_error);
}

TEST(NpsClustered, HugeClustersStayExact) {
  // Two clusters of 2^61 responses each: every sum needs more than 64 bits.
  hs::NpsClusterState state;
  hs::NpsSummary s;
  s.responses = std::int64_t{1} << 61;
  s.promoters = s.responses;
  hs::nps_cluster_add(state, s);
  s.promoters = 0;
  s.detractors = s.responses;
  hs::nps_cluster_add(state, s);
  hs::NpsSummary out = hs::nps_cluster_summarize(state);
  // R = 0, residuals +-2^61, sum of squares 2^123, times m/(m-1) = 2: 2^124;
  // std_error = 100 * 2^62 / 2^62 = 100.
  EXPECT_EQ(*out.nps, 0.0);
  EXPECT_EQ(*out.std_error, 100.0);
}

}  // namespace
