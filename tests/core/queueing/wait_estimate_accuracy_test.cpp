// The router's expected wait against the wait sessions then get, in a seeded
// M/M/s loop through a real router (bench/wait_accuracy.hpp): 4 operators
// Online, capacity 1, 85 % load, 20,000 patient arrivals, of which about
// 13,600 wait (and the same slots as 2 operators of capacity 2). The seeds
// are fixed, so the figures are too.
//
// The tolerance is 15 % of the mean wait for the bias (mean of estimate -
// wait). The sample resolves much less: the bias's batch-means standard
// error is about 1 % of the mean wait here, and `unbiased` refuses a
// tolerance under 3 standard errors, so a model off by more than the
// tolerance cannot pass by luck. The router's figure is high by 7.9 % (7.5 %
// at capacity 2): recent handle times run long when the queue is long
// (core/queueing/wait_estimate.hpp). With the true mean handle time the
// same model is off by 0.7 %, checked against 4 %.
#include "bench/wait_accuracy.hpp"
#include "core/queueing/wait_estimate.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

namespace livechat {
namespace wait_estimate_accuracy_test {

using namespace std::chrono_literals;

constexpr double tolerance = 0.15;
constexpr std::uint64_t seed = 2026;

const std::vector<bench::wait_sample>& samples_at(int capacity) {
  static const auto cap1 = bench::simulate_waits(
    {.operators = 4, .capacity = 1, .utilisation = 0.85, .arrivals = 20000},
    seed);
  static const auto cap2 = bench::simulate_waits(
    {.operators = 2, .capacity = 2, .utilisation = 0.85, .arrivals = 20000},
    seed + 1);
  return capacity == 1 ? cap1 : cap2;
}

::testing::AssertionResult unbiased(const bench::wait_accuracy& acc,
                                    double within = tolerance) {
  auto text = [&] {
    return ::testing::Message()
           << "bias " << acc.mean_error_s << " s (SE " << acc.mean_error_se_s
           << " s) over a mean wait of " << acc.mean_wait_s << " s, "
           << acc.samples << " samples";
  };
  if (acc.samples < 1000)
    return ::testing::AssertionFailure() << "too few samples; " << text();
  if (3 * acc.mean_error_se_s > within * acc.mean_wait_s)
    return ::testing::AssertionFailure()
           << "the sample cannot resolve the tolerance; " << text();
  if (std::abs(acc.relative_bias()) > within)
    return ::testing::AssertionFailure() << text();
  return ::testing::AssertionSuccess() << text();
}

TEST(WaitEstimateAccuracy, RouterEstimateIsUnbiasedAgainstTheSimulatedWait) {
  auto acc = bench::measure(samples_at(1), bench::router_estimate);
  EXPECT_TRUE(unbiased(acc));
  // Only the first few arrivals, before any session ended, go without.
  EXPECT_LT(acc.without_estimate, 10u);
}

TEST(WaitEstimateAccuracy, ModelWithTheTrueHandleTimeIsUnbiased) {
  auto acc = bench::measure(samples_at(1), [](const queue_standing& st) {
    return queueing::expected_wait(st.position, st.slots, 180s);
  });
  EXPECT_TRUE(unbiased(acc, 0.04));
}

TEST(WaitEstimateAccuracy, RouterEstimateCountsCapacityAsSlots) {
  auto acc = bench::measure(samples_at(2), bench::router_estimate);
  EXPECT_TRUE(unbiased(acc));
}

TEST(WaitEstimateAccuracy, ModelIgnoringThePositionFailsTheCheck) {
  auto acc = bench::measure(samples_at(1), [](const queue_standing& st) {
    return queueing::expected_wait(0, st.slots, st.mean_handle);
  });
  EXPECT_FALSE(unbiased(acc));
  EXPECT_LT(acc.relative_bias(), -0.5);
}

TEST(WaitEstimateAccuracy, ModelIgnoringCapacityFailsTheCheck) {
  // Two operators of capacity 2 counted as two slots: twice the wait.
  auto acc = bench::measure(samples_at(2), [](const queue_standing& st) {
    return queueing::expected_wait(st.position, st.slots / 2, st.mean_handle);
  });
  EXPECT_FALSE(unbiased(acc));
  EXPECT_GT(acc.relative_bias(), 0.5);
}

} // namespace wait_estimate_accuracy_test
} // namespace livechat
