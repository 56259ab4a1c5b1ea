#include "core/queueing/wait_estimate.hpp"

#include <gtest/gtest.h>
#include <optional>

namespace livechat::queueing {
namespace wait_estimate_test {

using namespace std::chrono_literals;

TEST(ExpectedWait, IsOneHandleTimeOverTheSlotsForTheNextSession) {
  EXPECT_EQ(expected_wait(0, 1, 120s), 120s);
  EXPECT_EQ(expected_wait(0, 4, 120s), 30s);
}

TEST(ExpectedWait, GrowsByOneDepartureIntervalPerSessionAhead) {
  // Four slots, 120 s each: a departure every 30 s on average.
  EXPECT_EQ(expected_wait(1, 4, 120s), 60s);
  EXPECT_EQ(expected_wait(3, 4, 120s), 120s);
  EXPECT_EQ(expected_wait(9, 4, 120s), 300s);
}

TEST(ExpectedWait, CountsSlotsNotOperators) {
  // 3 operators of capacity 2 free a slot as often as 6 of capacity 1.
  EXPECT_EQ(expected_wait(5, 3 * 2, 90s), expected_wait(5, 6, 90s));
  EXPECT_EQ(expected_wait(5, 6, 90s), 90s);
}

TEST(ExpectedWait, RoundsToNanoseconds) {
  EXPECT_EQ(expected_wait(0, 3, 1s), 333'333'333ns);
  EXPECT_EQ(expected_wait(1, 3, 1s), 666'666'667ns);
}

TEST(ExpectedWait, HasNoValueWhenNobodyServesTheQueue) {
  EXPECT_EQ(expected_wait(0, 0, 120s), std::nullopt);
  EXPECT_EQ(expected_wait(7, 0, 120s), std::nullopt);
}

TEST(ExpectedWait, HasNoValueBeforeAnyHandleTimeIsKnown) {
  EXPECT_EQ(expected_wait(0, 4, std::nullopt), std::nullopt);
}

TEST(ExpectedWait, SaturatesInsteadOfOverflowing) {
  EXPECT_EQ(expected_wait(1'000'000'000'000, 1, 1'000'000s), duration::max());
}

TEST(RecentHandleTime, HasNoValueBeforeTheFirstObservation) {
  recent_handle_time h;
  EXPECT_EQ(h.value(), std::nullopt);
  EXPECT_EQ(h.count(), 0u);
}

TEST(RecentHandleTime, TakesTheFirstObservationAsItIs) {
  recent_handle_time h;
  h.observe(200s);
  EXPECT_EQ(h.value(), 200s);
  EXPECT_EQ(h.count(), 1u);
}

TEST(RecentHandleTime, MovesByItsWeightTowardsEachNewObservation) {
  recent_handle_time h{0.25};
  h.observe(100s);
  h.observe(200s); // 100 + 0.25 * 100
  EXPECT_EQ(h.value(), 125s);
  h.observe(25s); // 125 + 0.25 * (25 - 125)
  EXPECT_EQ(h.value(), 100s);
}

TEST(RecentHandleTime, DefaultWeightForgetsOldHandleTimes) {
  // After a change from 60 s to 300 s, the 41st new observation brings it
  // within 10 % of the new value: 0.95^40 * 240 s = 30.8 s short, 0.95^41 *
  // 240 s = 29.3 s.
  recent_handle_time h;
  for (int i = 0; i < 100; ++i)
    h.observe(60s);
  for (int i = 0; i < 40; ++i)
    h.observe(300s);
  ASSERT_TRUE(h.value());
  EXPECT_LT(*h.value(), 270s);
  h.observe(300s);
  EXPECT_GT(*h.value(), 270s);
  EXPECT_LT(*h.value(), 300s);
}

TEST(RecentHandleTime, WeightOneKeepsOnlyTheLastObservation) {
  recent_handle_time h{1.0};
  h.observe(100s);
  h.observe(7s);
  EXPECT_EQ(h.value(), 7s);
}

} // namespace wait_estimate_test
} // namespace livechat::queueing
