#include "core/stats/running_stats.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <vector>

namespace running_stats_test {

using namespace livechat::stats;

running_stats from(const std::vector<double>& xs) {
  running_stats s;
  for (double x : xs)
    s.add(x);
  return s;
}

TEST(RunningStats, KnownMeanAndVariance) {
  auto s = from({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(s.count(), 8u);
  EXPECT_DOUBLE_EQ(s.mean(), 5.0);
  EXPECT_DOUBLE_EQ(s.variance(), 32.0 / 7.0); // sample variance, n - 1
  EXPECT_DOUBLE_EQ(s.stddev(), std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(s.standard_error(), std::sqrt(32.0 / 7.0) / std::sqrt(8.0));
}

TEST(RunningStats, EmptyAndSingleObservationHaveNoSpread) {
  running_stats empty;
  EXPECT_EQ(empty.count(), 0u);
  EXPECT_EQ(empty.mean(), 0.0);
  EXPECT_EQ(empty.variance(), 0.0);
  EXPECT_EQ(empty.standard_error(), 0.0);
  EXPECT_EQ(confidence_interval_95(empty), (interval{0.0, 0.0}));
  auto one = from({4.5});
  EXPECT_EQ(one.mean(), 4.5);
  EXPECT_EQ(one.variance(), 0.0);
  EXPECT_EQ(one.stddev(), 0.0);
  EXPECT_EQ(confidence_interval_95(one), (interval{4.5, 4.5}));
}

TEST(RunningStats, VarianceStaysAccurateWithLargeOffset) {
  // Textbook sum-of-squares loses every digit here; Welford does not.
  auto s = from({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  EXPECT_DOUBLE_EQ(s.mean(), 1e9 + 10);
  EXPECT_DOUBLE_EQ(s.variance(), 30.0);
}

TEST(RunningStats, ConfidenceIntervalUsesStudentTForSmallSamples) {
  // x = 1..5: mean 3, s^2 = 10 / 4 = 2.5, se = sqrt(2.5 / 5) = 0.70710678,
  // t(0.975, 4) = 2.776445105, half-width = 1.963243161.
  auto ci = confidence_interval_95(from({1, 2, 3, 4, 5}));
  EXPECT_NEAR(ci.lo, 1.036756839, 1e-9);
  EXPECT_NEAR(ci.hi, 4.963243161, 1e-9);
}

TEST(RunningStats, ConfidenceIntervalApproachesNormalForLargeSamples) {
  std::mt19937_64 gen{5};
  std::normal_distribution<double> normal{10.0, 2.0};
  running_stats s;
  for (int i = 0; i < 100'000; ++i)
    s.add(normal(gen));
  auto ci = confidence_interval_95(s);
  auto half = (ci.hi - ci.lo) / 2.0;
  EXPECT_NEAR(half / s.standard_error(), 1.959964, 1e-4);
  EXPECT_NEAR((ci.hi + ci.lo) / 2.0, s.mean(), 1e-12);
}

TEST(RunningStats, StudentTQuantileMatchesReferenceValues) {
  EXPECT_NEAR(student_t_975(1), 12.706205, 1e-6);
  EXPECT_NEAR(student_t_975(4), 2.776445, 1e-6);
  EXPECT_NEAR(student_t_975(10), 2.228139, 1e-6);
  EXPECT_NEAR(student_t_975(30), 2.042272, 1e-6);
  EXPECT_NEAR(student_t_975(31), 2.039513, 1e-6);
  EXPECT_NEAR(student_t_975(40), 2.021075, 1e-6);
  EXPECT_NEAR(student_t_975(60), 2.000298, 1e-6);
  EXPECT_NEAR(student_t_975(120), 1.979930, 1e-6);
  EXPECT_NEAR(student_t_975(1000), 1.962339, 1e-6);
  EXPECT_NEAR(student_t_975(1'000'000'000), 1.959964, 1e-6);
}

TEST(RunningStats, StudentTQuantileDecreasesWithDegreesOfFreedom) {
  for (std::uint64_t df = 1; df < 500; ++df)
    EXPECT_GT(student_t_975(df), student_t_975(df + 1)) << df;
}

TEST(RunningStats, MergeEqualsSequential) {
  std::mt19937_64 gen{77};
  std::exponential_distribution<double> wait{1.0 / 30.0};
  std::vector<double> xs(1'001);
  for (auto& x : xs)
    x = wait(gen);
  auto all = from(xs);
  running_stats first;
  running_stats second;
  for (std::size_t i = 0; i < xs.size(); ++i)
    (i < 337 ? first : second).add(xs[i]);
  auto merged = first;
  merged.merge(second);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-12 * all.mean());
  EXPECT_NEAR(merged.variance(), all.variance(), 1e-12 * all.variance());
  auto a = confidence_interval_95(merged);
  auto b = confidence_interval_95(all);
  EXPECT_NEAR(a.lo, b.lo, 1e-10);
  EXPECT_NEAR(a.hi, b.hi, 1e-10);
}

TEST(RunningStats, MergeWithEmptyChangesNothing) {
  auto s = from({1.5, 2.5, 9.0});
  auto left = s;
  left.merge(running_stats{});
  running_stats right;
  right.merge(s);
  for (const auto& m : {left, right}) {
    EXPECT_EQ(m.count(), s.count());
    EXPECT_EQ(m.mean(), s.mean());
    EXPECT_EQ(m.variance(), s.variance());
  }
}

} // namespace running_stats_test
