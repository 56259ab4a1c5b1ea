#include "core/stats/fairness.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <vector>

namespace fairness_test {

using namespace livechat::stats;

constexpr double inf = std::numeric_limits<double>::infinity();

// Gini straight from its definition, O(n^2), as an oracle.
double gini_by_definition(const std::vector<double>& x) {
  double pairs = 0.0;
  double sum = 0.0;
  for (double a : x) {
    sum += a;
    for (double b : x)
      pairs += std::abs(a - b);
  }
  auto n = static_cast<double>(x.size());
  return pairs / (2.0 * n * n * (sum / n));
}

TEST(Fairness, ReferenceVectorMatchesPublishedValues) {
  // QUEUEING.md, "Fairness".
  std::vector<double> x{10, 20, 30, 40, 50, 60};
  EXPECT_NEAR(jain_index(x), 0.807692, 1e-6);
  EXPECT_NEAR(gini(x), 0.277778, 1e-6);
  EXPECT_DOUBLE_EQ(max_min_ratio(x), 6.0);
}

TEST(Fairness, EqualValuesArePerfectlyFair) {
  std::vector<double> x(7, 3.25);
  EXPECT_DOUBLE_EQ(jain_index(x), 1.0);
  EXPECT_DOUBLE_EQ(gini(x), 0.0);
  EXPECT_DOUBLE_EQ(max_min_ratio(x), 1.0);
}

TEST(Fairness, OneOperatorDoingEverythingGivesJainOneOverN) {
  for (std::size_t n : {1u, 2u, 5u, 40u}) {
    std::vector<double> x(n, 0.0);
    x[n / 2] = 12.0;
    auto size = static_cast<double>(n);
    EXPECT_DOUBLE_EQ(jain_index(x), 1.0 / size) << n;
    EXPECT_NEAR(gini(x), (size - 1.0) / size, 1e-15) << n; // the maximum
    EXPECT_EQ(max_min_ratio(x), n == 1 ? 1.0 : inf) << n;
  }
}

TEST(Fairness, AllZeroAndEmptyCountAsPerfectlyFair) {
  std::vector<double> zeros(4, 0.0);
  std::vector<double> none;
  for (const auto& x : {zeros, none}) {
    EXPECT_EQ(jain_index(x), 1.0);
    EXPECT_EQ(gini(x), 0.0);
    EXPECT_EQ(max_min_ratio(x), 1.0);
    EXPECT_EQ(summarize(x), (fairness_summary{1.0, 0.0, 1.0}));
  }
}

TEST(Fairness, IdleOperatorBesideBusyOnesMakesMaxMinInfinite) {
  std::vector<double> x{0.0, 4.0, 5.0};
  EXPECT_EQ(max_min_ratio(x), inf);
  EXPECT_GT(jain_index(x), 1.0 / 3.0);
  EXPECT_LT(jain_index(x), 1.0);
  EXPECT_NEAR(gini(x), gini_by_definition(x), 1e-15);
}

TEST(Fairness, GiniMatchesPairwiseDefinitionOnRandomVectors) {
  std::mt19937_64 gen{2024};
  std::uniform_real_distribution<double> value{0.0, 100.0};
  std::uniform_int_distribution<int> size{1, 60};
  for (int round = 0; round < 200; ++round) {
    std::vector<double> x(static_cast<std::size_t>(size(gen)));
    for (auto& v : x)
      v = value(gen);
    EXPECT_NEAR(gini(x), gini_by_definition(x), 1e-12) << round;
  }
}

TEST(Fairness, IndicesIgnoreOrderAndScale) {
  std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6};
  std::vector<double> scaled;
  for (double v : x)
    scaled.push_back(v * 1e250); // squares would overflow unscaled
  std::vector<double> reversed(x.rbegin(), x.rend());
  EXPECT_NEAR(jain_index(scaled), jain_index(x), 1e-15);
  EXPECT_NEAR(gini(scaled), gini(x), 1e-15);
  EXPECT_NEAR(max_min_ratio(scaled), max_min_ratio(x), 1e-15);
  EXPECT_DOUBLE_EQ(jain_index(reversed), jain_index(x));
  EXPECT_DOUBLE_EQ(gini(reversed), gini(x));
  EXPECT_DOUBLE_EQ(max_min_ratio(reversed), max_min_ratio(x));
}

TEST(Fairness, JainEqualsOneOverOnePlusSquaredCoefficientOfVariation) {
  std::vector<double> x{2, 7, 1, 8, 2, 8};
  double mean = 0.0;
  for (double v : x)
    mean += v / 6.0;
  double population_variance = 0.0;
  for (double v : x)
    population_variance += (v - mean) * (v - mean) / 6.0;
  auto cv2 = population_variance / (mean * mean);
  EXPECT_NEAR(jain_index(x), 1.0 / (1.0 + cv2), 1e-14);
}

TEST(Fairness, SummarizeMatchesIndividualIndices) {
  std::vector<double> x{10, 20, 30, 40, 50, 60};
  auto s = summarize(x);
  EXPECT_EQ(s.jain, jain_index(x));
  EXPECT_EQ(s.gini, gini(x));
  EXPECT_EQ(s.max_min, max_min_ratio(x));
}

} // namespace fairness_test
