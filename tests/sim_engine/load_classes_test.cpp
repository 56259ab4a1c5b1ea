// Intervals with the same load are one class; the first interval after a
// change of load, and warm-up intervals, are not pooled with the rest.
#include "sim/planning/load_classes.hpp"

#include <gtest/gtest.h>

namespace load_classes_test {

using livechat::sim::planning::classify_intervals;
using livechat::sim::planning::group_interval_load;

TEST(LoadClasses, AStationaryStretchIsOneClass) {
  std::vector<std::vector<group_interval_load>> loads{
    std::vector<group_interval_load>(10, {200.0 / 3600, 180, std::nullopt})};
  auto c = classify_intervals(loads, 2);
  EXPECT_FALSE(c.of[0]);
  EXPECT_FALSE(c.of[1]);
  ASSERT_TRUE(c.of[2] && c.of[9]);
  EXPECT_EQ(*c.of[2], *c.of[9]);
  ASSERT_EQ(c.members.size(), 1u);
  EXPECT_EQ(c.members[0].size(), 8u);
}

TEST(LoadClasses, AChangeOfLoadStartsNewClassesAndItsFirstIntervalIsAlone) {
  group_interval_load low{0.01, 180, std::nullopt};
  group_interval_load high{0.05, 180, std::nullopt};
  std::vector<std::vector<group_interval_load>> loads{
    {low, low, low, high, high, high, low, low}};
  auto c = classify_intervals(loads, 0);
  // [0] (nothing before), [1 2] low after low, [3] high after low,
  // [4 5] high after high, [6] low after high, [7] low after low again.
  EXPECT_EQ(c.members.size(), 5u);
  EXPECT_EQ(*c.of[1], *c.of[2]);
  EXPECT_EQ(*c.of[1], *c.of[7]);
  EXPECT_NE(*c.of[3], *c.of[4]);
  EXPECT_EQ(*c.of[4], *c.of[5]);
  EXPECT_NE(*c.of[0], *c.of[1]);
}

TEST(LoadClasses, EveryGroupsLoadCounts) {
  group_interval_load a{0.01, 180, std::nullopt};
  group_interval_load b{0.01, 180, 300.0}; // the same with a patience
  std::vector<std::vector<group_interval_load>> loads{{a, a, a, a},
                                                      {a, a, b, b}};
  auto c = classify_intervals(loads, 0);
  EXPECT_NE(*c.of[1], *c.of[3]);
}

} // namespace load_classes_test
