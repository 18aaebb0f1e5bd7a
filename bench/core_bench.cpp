// Google Benchmark micro-benchmarks of the C++ core's hot paths: the per-row
// accumulators of the survey aggregates and fits, their merges, and the
// finalizers that evaluate a quantile.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "core/ces.h"
#include "core/window_scores.h"
#include "core/nps.h"
#include "core/csat.h"

namespace {

std::vector<int> scores(int lo, int hi) {
  std::mt19937 gen(42);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<int> out(1 << 20);
  for (int& s : out) s = dist(gen);
  return out;
}

std::vector<double> values() {
  std::mt19937 gen(43);
  std::lognormal_distribution<double> dist(3.0, 1.0);
  std::vector<double> out(1 << 20);
  for (double& v : out) v = dist(gen);
  return out;
}

void BM_NpsAdd(benchmark::State& state) {
  std::vector<int> in = scores(0, 10);
  for (auto _ : state) {
    hs::NpsState s;
    for (int x : in) hs::nps_add(s, x);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}
BENCHMARK(BM_NpsAdd);

void BM_CsatAdd(benchmark::State& state) {
  std::vector<int> in = scores(1, 5);
  for (auto _ : state) {
    hs::ProportionState s;
    for (int x : in) hs::csat_add(s, x);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}
BENCHMARK(BM_CsatAdd);

void BM_CesAdd(benchmark::State& state) {
  std::vector<int> in = scores(1, 7);
  for (auto _ : state) {
    hs::CesState s;
    for (int x : in) hs::ces_add(s, x);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}
BENCHMARK(BM_CesAdd);

void BM_MinMaxAdd(benchmark::State& state) {
  std::vector<double> in = values();
  for (auto _ : state) {
    hs::MinMaxFit f;
    for (double x : in) hs::minmax_add(f, x);
    benchmark::DoNotOptimize(f);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}
BENCHMARK(BM_MinMaxAdd);

void BM_ZscoreAdd(benchmark::State& state) {
  std::vector<double> in = values();
  for (auto _ : state) {
    hs::ZscoreFit f;
    for (double x : in) hs::zscore_add(f, x);
    benchmark::DoNotOptimize(f);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}
BENCHMARK(BM_ZscoreAdd);

// The window functions' per-partition work: two passes of exact sums.
void BM_ZscoreFitExact(benchmark::State& state) {
  std::vector<double> in = values();
  in.resize(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(hs::zscore_fit_exact(in.data(), in.size()));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ZscoreFitExact)->Arg(250)->Arg(200000);

// percentile_score's per-partition work: rank the values once (comparison
// sort below 4096 values, radix sort from there).
void BM_PercentileScores(benchmark::State& state) {
  std::vector<double> in = values();
  in.resize(static_cast<std::size_t>(state.range(0)));
  std::vector<double> work(in.size());
  std::vector<hs::RankedValue> pairs(in.size()), scratch(in.size());
  for (auto _ : state) {
    std::copy(in.begin(), in.end(), work.begin());
    benchmark::DoNotOptimize(
        hs::percentile_scores(work.data(), work.size(), true, pairs.data(), scratch.data()));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PercentileScores)->Arg(250)->Arg(200000);

// The sort under the window functions that need sorted values (winsorizing).
void BM_SortValues(benchmark::State& state) {
  std::vector<double> in = values();
  in.resize(static_cast<std::size_t>(state.range(0)));
  std::vector<double> work(in.size());
  std::vector<std::uint64_t> scratch(in.size());
  for (auto _ : state) {
    std::copy(in.begin(), in.end(), work.begin());
    hs::sort_values(work.data(), work.size(), scratch.data());
    benchmark::DoNotOptimize(work.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SortValues)->Arg(250)->Arg(200000);

// Combine of two CES states (exact sums).
void BM_CesMerge(benchmark::State& state) {
  hs::CesState a, b;
  for (int i = 1; i <= 7; ++i) hs::ces_add(b, i);
  for (auto _ : state) {
    hs::ces_merge(a, b);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_CesMerge);

// Combine of two rollup states (Chan's merge).
void BM_MeanMerge(benchmark::State& state) {
  hs::MeanState a, b;
  for (int i = 1; i <= 7; ++i) hs::welford_add(b, i);
  for (auto _ : state) {
    hs::mean_merge(a, b);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_MeanMerge);

void BM_NpsSummarize(benchmark::State& state) {
  hs::NpsState s;
  s.promoters = 110;
  s.passives = 50;
  s.detractors = 40;
  for (auto _ : state) benchmark::DoNotOptimize(hs::nps_summarize(s));
}
BENCHMARK(BM_NpsSummarize);

void BM_CesSummarize(benchmark::State& state) {
  hs::CesState s;
  for (int i = 0; i < 100; ++i) hs::ces_add(s, 1 + i % 7);
  for (auto _ : state) benchmark::DoNotOptimize(hs::ces_summarize(s));
}
BENCHMARK(BM_CesSummarize);

void BM_MeanSummarize(benchmark::State& state) {
  hs::MeanState s;
  for (int i = 0; i < 100; ++i) hs::welford_add(s, 1 + i % 7);
  for (auto _ : state) benchmark::DoNotOptimize(hs::mean_summarize(s));
}
BENCHMARK(BM_MeanSummarize);

void BM_NormalApply(benchmark::State& state) {
  hs::ZscoreFit f;
  f.n = 5;
  f.mean = 3.0;
  f.m2 = 10.0;
  double x = 0.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hs::normal_apply(f, x, true));
    x += 0.001;
  }
}
BENCHMARK(BM_NormalApply);

}  // namespace

BENCHMARK_MAIN();
