// Time arithmetic that cannot overflow: saturating and checked forms.
#include "core/time_arithmetic.hpp"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace time_arithmetic_test {

using namespace std::chrono_literals;
using livechat::duration;
using livechat::timestamp;

TEST(SaturatingAdd, ClampsAtBothEndsOfTheRange) {
  EXPECT_EQ(livechat::saturating_add(duration::max() - 1s, 1h),
            duration::max());
  EXPECT_EQ(livechat::saturating_add(duration::min() + 1s, -1h),
            duration::min());
  EXPECT_EQ(livechat::saturating_add(1s, 2s), 3s);
  EXPECT_EQ(livechat::saturating_add(timestamp{} + duration::max(), 1s),
            timestamp::max());
}

TEST(SaturatingScale, ClampsHugeFactorsAndTreatsNanAsZero) {
  EXPECT_EQ(livechat::saturating_scale(1h, 1e300), duration::max());
  EXPECT_EQ(livechat::saturating_scale(1h, -1e300), duration::min());
  EXPECT_EQ(livechat::saturating_scale(1h, std::nan("")), duration::zero());
  EXPECT_EQ(livechat::saturating_scale(10s, 1.5), 15s);
  EXPECT_EQ(livechat::saturating_scale(10s, 1.0), 10s);
}

TEST(SaturatingFromSeconds, ClampsBeyond292Years) {
  EXPECT_EQ(livechat::saturating_from_seconds(9e9 * 1000), duration::max());
  EXPECT_EQ(livechat::saturating_from_seconds(-1e30), duration::min());
  EXPECT_EQ(livechat::saturating_from_seconds(1.5), 1500ms);
  EXPECT_EQ(
    livechat::saturating_from_seconds(std::numeric_limits<double>::infinity()),
    duration::max());
}

TEST(CheckedArithmetic, GivesNothingWhenTheResultIsNotRepresentable) {
  EXPECT_FALSE(livechat::checked_add(duration::max(), 1ns));
  EXPECT_EQ(livechat::checked_add(duration::max() - 1ns, 1ns), duration::max());
  EXPECT_FALSE(livechat::checked_scale(1h, 1e300));
  EXPECT_FALSE(livechat::checked_scale(1h, std::nan("")));
  EXPECT_EQ(livechat::checked_scale(1h, 2.0), 2h);
  EXPECT_FALSE(livechat::checked_from_seconds(9.3e9));
  EXPECT_EQ(livechat::checked_from_seconds(9.2e9),
            duration{9'200'000'000'000'000'000});
}

} // namespace time_arithmetic_test
