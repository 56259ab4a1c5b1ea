// The one table of accepted ranges: containment and the texts messages use.
#include "core/limits.hpp"
#include "core/time_arithmetic.hpp"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>

namespace limits_test {

namespace limits = livechat::limits;
using namespace std::chrono_literals;

TEST(Limits, RangesContainTheirEndsAndNothingBeyond) {
  EXPECT_TRUE(limits::capacity.contains(1));
  EXPECT_TRUE(limits::capacity.contains(100));
  EXPECT_FALSE(limits::capacity.contains(0));
  EXPECT_FALSE(limits::capacity.contains(2147483647));
  EXPECT_FALSE(limits::load_factor.contains(0.0)); // open at 0
  EXPECT_TRUE(limits::load_factor.contains(1e-9));
  EXPECT_FALSE(limits::load_factor.contains(1e300));
  EXPECT_FALSE(limits::speed.contains(std::nan("")));
  EXPECT_TRUE(limits::scenario_duration.contains(24h * 365));
  EXPECT_FALSE(limits::scenario_duration.contains(24h * 366));
}

TEST(Limits, DescribeReadsAsInMessages) {
  EXPECT_EQ(limits::capacity.describe(), "between 1 and 100");
  EXPECT_EQ(limits::load_factor.describe(), "in (0, 100]");
  EXPECT_EQ(limits::shrinkage.describe(), "in [0, 0.95]");
  EXPECT_EQ(limits::scenario_duration.describe(), "between 0 and 365d");
  EXPECT_EQ(limits::plan_interval.describe(), "between 1m and 1d");
}

// The contract of core/limits.hpp: the largest scenario duration scaled by
// the largest load factor, plus a year, still fits the duration type; so
// does the largest capacity over two years.
TEST(Limits, LargestDurationTimesLargestFactorCannotOverflow) {
  auto scaled = livechat::checked_scale(limits::scenario_duration.max,
                                        limits::load_factor.max);
  ASSERT_TRUE(scaled);
  EXPECT_TRUE(livechat::checked_add(*scaled, limits::scenario_duration.max));
  // An operator's capacity-time over two years (a year of arrivals and the
  // drain after it) fits too.
  EXPECT_TRUE(livechat::checked_scale(2 * limits::scenario_duration.max,
                                      double(limits::capacity.max)));
}

} // namespace limits_test
