// Unit tests of calibration, part 2 (src/core/calibration.h): brier_score's
// exact sum, calibration_bins' bins and text form, and logistic_fit against
// fits worked by hand (a 2 x 2 table, whose maximum-likelihood fit is the
// table's own log-odds, with standard errors from the cell counts).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/calibration.h"
#include "core/error.h"
#include "support.h"

namespace {

using hs::ErrorKind;
using hs::test::kind_of;

// malloc-backed memory for the accumulator, freed at the end of the test.
class Blocks {
 public:
  ~Blocks() {
    for (void* b : live_) std::free(b);
  }
  hs::StateMemory memory() { return hs::StateMemory{&Blocks::resize, this}; }

 private:
  static void* resize(void* context, void* block, std::size_t bytes) {
    auto* self = static_cast<Blocks*>(context);
    if (block != nullptr)
      self->live_.erase(std::find(self->live_.begin(), self->live_.end(), block));
    void* out = std::realloc(block, bytes);
    if (out == nullptr) throw std::bad_alloc();
    self->live_.push_back(out);
    return out;
  }
  std::vector<void*> live_;
};

TEST(Brier, WorkedByHand) {
  // (0.25^2 + 0.75^2 + 0.5^2 + 0^2) / 4 = 0.875 / 4 = 0.21875, exact in binary.
  hs::BrierState s;
  hs::brier_add(s, 0.25, false);
  hs::brier_add(s, 0.25, true);
  hs::brier_add(s, 0.5, true);
  hs::brier_add(s, 1.0, true);
  EXPECT_EQ(*hs::brier_score(s), 0.21875);
  EXPECT_FALSE(hs::brier_score(hs::BrierState()).has_value());
}

TEST(Brier, ProbabilityUnits) {
  EXPECT_TRUE(hs::probability_units(1.0) == (static_cast<unsigned __int128>(1) << 64));
  EXPECT_TRUE(hs::probability_units(0.5) == (static_cast<unsigned __int128>(1) << 63));
  EXPECT_TRUE(hs::probability_units(0.0) == 0);
  EXPECT_TRUE(hs::probability_units(0x1p-70) == 0);  // below half a unit
}

TEST(Brier, SameInAnyOrderAndMerge) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::pair<double, bool>> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back({u(rng), u(rng) < 0.4});
  hs::BrierState forward;
  for (auto& r : rows) hs::brier_add(forward, r.first, r.second);
  std::shuffle(rows.begin(), rows.end(), rng);
  hs::BrierState a;
  hs::BrierState b;
  for (std::size_t i = 0; i < rows.size(); ++i)
    hs::brier_add(i % 3 == 0 ? a : b, rows[i].first, rows[i].second);
  hs::brier_merge(a, b);
  EXPECT_TRUE(hs::test::same(a, forward));
  double reference = 0;
  for (auto& r : rows) reference += (r.first - r.second) * (r.first - r.second);
  EXPECT_NEAR(*hs::brier_score(forward), reference / rows.size(), 1e-15);
}

TEST(Brier, BadProbability) {
  hs::BrierState s;
  EXPECT_EQ(kind_of([&] { hs::brier_add(s, 1.5, true); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([&] { hs::brier_add(s, -0.1, true); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([&] { hs::brier_add(s, NAN, true); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(s.n, 0);
  EXPECT_STREQ(hs::test::error_of([&] { hs::brier_add(s, 1.5, true); }).rest(),
               " p 1.5 is out of range");
}

TEST(Brier, TextForm) {
  hs::BrierState s;
  hs::brier_add(s, 0.5, true);
  EXPECT_STREQ(hs::format_state(s).c_str(), "v1:n=1,squared_errors=4611686018427387904");
  EXPECT_TRUE(hs::test::same(hs::parse_state<hs::BrierState>(hs::format_state(s).c_str()), s));
  EXPECT_EQ(hs::test::rejection<hs::BrierState>("v1:n=1,squared_errors=18446744073709551617"),
            ErrorKind::invalid_text);
  EXPECT_EQ(hs::test::rejection<hs::BrierState>("v1:n=-1,squared_errors=0"),
            ErrorKind::invalid_text);
}

TEST(Bins, Boundaries) {
  EXPECT_EQ(hs::bin_of(0.0, 10), 0);
  EXPECT_EQ(hs::bin_of(0.1, 10), 1);  // 0.1 is the float8 bound 1 / 10
  EXPECT_EQ(hs::bin_of(0.3, 10), 3);  // 3.0 / 10 == 0.3 in binary
  EXPECT_EQ(hs::bin_of(std::nextafter(0.3, 0.0), 10), 2);
  EXPECT_EQ(hs::bin_of(0.99, 10), 9);
  EXPECT_EQ(hs::bin_of(1.0, 10), 9);  // p = 1 in the last bin
  EXPECT_EQ(hs::bin_of(1.0, 1), 0);
  for (int bins : {3, 7, 10, 999}) {
    for (int k = 0; k < bins; ++k) {
      double bound = static_cast<double>(k) / bins;
      EXPECT_EQ(hs::bin_of(bound, bins), k);
      if (k > 0) {
        EXPECT_EQ(hs::bin_of(std::nextafter(bound, 0.0), bins), k - 1);
      }
    }
  }
  EXPECT_EQ(kind_of([] { hs::bin_of(1.0000001, 10); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([] { hs::check_bins(0); }), ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([] { hs::check_bins(1001); }), ErrorKind::invalid_parameter);
}

TEST(Bins, WorkedByHand) {
  std::vector<hs::BinCell> cells(4, hs::BinCell{0, 0, {}});
  hs::bins_add(cells.data(), 4, 0.125, true);
  hs::bins_add(cells.data(), 4, 0.0625, false);
  hs::bins_add(cells.data(), 4, 1.0, true);
  EXPECT_EQ(hs::bins_json(cells.data(), 4),
            "[{\"bin\": 1, \"n\": 2, \"mean_predicted\": 0.09375, \"observed_rate\": 0.5}, "
            "{\"bin\": 4, \"n\": 1, \"mean_predicted\": 1, \"observed_rate\": 1}]");
  std::string text = hs::bins_text(cells.data(), 4);
  EXPECT_EQ(text.substr(0, 22), "v1:bins=4,cells=1:2:1:");
  std::vector<hs::BinCell> back(4);
  EXPECT_EQ(hs::read_bins_text(text.c_str(), back.data()), 4);
  EXPECT_EQ(hs::bins_text(back.data(), 4), text);
  // Merged: counts and sums add.
  hs::bins_merge(back.data(), cells.data(), 4);
  EXPECT_EQ(back[0].n, 4);
  EXPECT_EQ(back[3].positives, 2);
}

TEST(Bins, TextRejected) {
  for (const char* text :
       {"v1:bins=4,cells=5:1:1:0", "v1:bins=4,cells=1:1:2:0", "v1:bins=4,cells=2:1:1:0;1:1:1:0",
        "v1:bins=4,cells=1:0:0:0", "v1:bins=1001,cells=", "v1:bins=4", "v1:bins=4,cells=1:1:1",
        "v1:bins=2,cells=1:1:1:36893488147419103232", "v2:bins=0,cells="}) {
    std::vector<hs::BinCell> cells(1000);
    EXPECT_EQ(kind_of([&] { hs::read_bins_text(text, cells.data()); }), ErrorKind::invalid_text)
        << text;
  }
}

// Rows of a 2 x 2 table: x = 0 with 3 true and 1 false, x = 1 with 1 true and
// 3 false. The fit is saturated: b0 = logit(3/4) = ln 3, b1 = logit(1/4) -
// ln 3 = -2 ln 3; Var(b0) = 1/3 + 1/1, Var(b1) = 1/3 + 1 + 1 + 1/3.
std::vector<double> table_rows() { return {1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1}; }

TEST(Logistic, TwoByTwoTable) {
  std::vector<double> rows = table_rows();
  hs::LogisticResult fit = hs::fit_logistic(rows.data(), 8, 1);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(fit.coefficients[0], std::log(3.0), 1e-12);
  EXPECT_NEAR(fit.coefficients[1], -2 * std::log(3.0), 1e-12);
  EXPECT_NEAR(fit.std_errors[0], std::sqrt(4.0 / 3), 1e-12);
  EXPECT_NEAR(fit.std_errors[1], std::sqrt(8.0 / 3), 1e-12);
  EXPECT_NEAR(fit.z[1], -2 * std::log(3.0) / std::sqrt(8.0 / 3), 1e-12);
  EXPECT_NEAR(fit.p_values[1], std::erfc(std::fabs(fit.z[1]) / std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(fit.log_likelihood, 8 * (0.75 * std::log(0.75) + 0.25 * std::log(0.25)), 1e-12);
  EXPECT_EQ(fit.n, 8);
  EXPECT_TRUE(fit.notice.empty());
  EXPECT_NEAR(
      hs::logistic_probability(fit.coefficients.data(), 2, std::vector<double>{1}.data(), 1), 0.25,
      1e-12);
}

TEST(Logistic, IntercepOnly) {
  std::vector<double> rows = {1, 1, 1, 0, 0};
  hs::LogisticResult fit = hs::fit_logistic(rows.data(), 5, 0);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(fit.coefficients[0], std::log(3.0 / 2), 1e-12);
  EXPECT_NEAR(fit.std_errors[0], std::sqrt(1.0 / 3 + 1.0 / 2), 1e-12);
}

TEST(Logistic, StatedOutcomes) {
  // Complete separation: x < 2 false, x > 2 true.
  std::vector<double> separated = {0, 1, 0, 1.5, 1, 2.5, 1, 3};
  hs::LogisticResult fit = hs::fit_logistic(separated.data(), 4, 1);
  EXPECT_FALSE(fit.converged);
  EXPECT_TRUE(fit.std_errors.empty());
  EXPECT_FALSE(fit.notice.empty());
  // One class.
  std::vector<double> one_class = {1, 1, 1, 2, 1, 3};
  fit = hs::fit_logistic(one_class.data(), 3, 1);
  EXPECT_FALSE(fit.converged);
  EXPECT_EQ(fit.notice, " did not converge: every outcome is true");
  // A constant feature, collinear features, too few rows.
  std::vector<double> constant = {1, 1, 5, 0, 2, 5, 1, 3, 5, 0, 4, 5};
  EXPECT_EQ(hs::test::error_of([&] { hs::fit_logistic(constant.data(), 4, 2); }).rest(),
            std::string(" feature 2 is constant"));
  std::vector<double> collinear = {1, 1, 3, 0, 2, 5, 1, 3, 7, 0, 4, 9};  // x2 = 2 x1 + 1
  EXPECT_EQ(kind_of([&] { hs::fit_logistic(collinear.data(), 4, 2); }),
            ErrorKind::invalid_parameter);
  EXPECT_EQ(kind_of([&] { hs::fit_logistic(collinear.data(), 2, 2); }),
            ErrorKind::invalid_parameter);
}

TEST(Logistic, AccumulatorAndText) {
  Blocks blocks;
  hs::LogisticAccumulator acc(blocks.memory());
  acc.adopt_features(2);
  double a[] = {1, 2.5};
  double b[] = {-3, 0.1};
  acc.add(true, a);
  acc.add(false, b);
  EXPECT_EQ(kind_of([&] { acc.adopt_features(3); }), ErrorKind::array_mismatch);
  double bad[] = {1, NAN};
  EXPECT_EQ(kind_of([&] { acc.add(true, bad); }), ErrorKind::invalid_parameter);
  ASSERT_EQ(acc.count(), 2);
  char text[512];
  std::size_t length = hs::write_logistic_text_head(text, acc.features(), acc.count());
  for (std::int64_t i = 0; i < acc.count(); ++i)
    length += hs::write_logistic_row(text + length, acc.rows() + 3 * i, 2, i);
  EXPECT_STREQ(text, "v1:features=2,rows=2,data=1:1:2.5;0:-3:0.1");
  hs::LogisticTextReader reader(text);
  std::vector<double> back(6);
  reader.read_rows(back.data());
  EXPECT_EQ(back, std::vector<double>(acc.rows(), acc.rows() + 6));
  hs::LogisticAccumulator merged(blocks.memory());
  merged.merge_rows(back.data(), 2, 2);
  merged.merge_rows(acc.rows(), 2, 2);
  EXPECT_EQ(merged.count(), 4);
  EXPECT_EQ(hs::rows_problem(back.data(), 2, 2), nullptr);
  back[3] = 0.5;  // an outcome that is not 0 or 1
  EXPECT_NE(hs::rows_problem(back.data(), 2, 2), nullptr);
  for (const char* t : {"v1:features=2,rows=2,data=1:1:2.5", "v1:features=1,rows=1,data=2:1",
                        "v1:features=1,rows=1,data=1:inf", "v1:features=-1,rows=1,data=1",
                        "v1:features=1,rows=1,data=1:1;", "v1:features=1001,rows=0,data="}) {
    EXPECT_EQ(kind_of([&] {
                hs::LogisticTextReader r(t);
                std::vector<double> out(16);
                r.read_rows(out.data());
              }),
              ErrorKind::invalid_text)
        << t;
  }
}

TEST(Logistic, Weights) {
  double coefficients[] = {-1, 0.5, -0.2, 1.5, 0.3};
  double p_values[] = {0.01, 0.001, 0.001, 0.04, 0.2};
  auto w = hs::logistic_weights(coefficients, p_values, 5);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(*w, (std::vector<double>{0.25, 0, 0.75, 0}));
  double none[] = {0.5, 0.5, 0.5, 0.5, 0.5};
  EXPECT_FALSE(hs::logistic_weights(coefficients, none, 5).has_value());
  double x[] = {1, 2};
  EXPECT_EQ(kind_of([&] { hs::logistic_probability(coefficients, 5, x, 2); }),
            ErrorKind::array_mismatch);
}

}  // namespace
