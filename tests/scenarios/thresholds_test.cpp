#include "scenarios/thresholds.hpp"

#include <gtest/gtest.h>

namespace thresholds_test {

using livechat::scenarios::comparator;
using livechat::scenarios::parse_threshold;

TEST(ParseThreshold, ReadsMetricComparatorAndDurationValue) {
  auto t = parse_threshold("wait.p99 < 2m");
  ASSERT_TRUE(t) << t.error;
  EXPECT_EQ(t->metric, "wait.p99");
  EXPECT_EQ(t->op, comparator::less);
  EXPECT_DOUBLE_EQ(t->value, 120.0);
  EXPECT_TRUE(t->is_duration);
  EXPECT_EQ(t->text, "wait.p99 < 2m");
}

TEST(ParseThreshold, ReadsEveryComparator) {
  EXPECT_EQ(parse_threshold("x < 1")->op, comparator::less);
  EXPECT_EQ(parse_threshold("x <= 1")->op, comparator::less_equal);
  EXPECT_EQ(parse_threshold("x > 1")->op, comparator::greater);
  EXPECT_EQ(parse_threshold("x >= 1")->op, comparator::greater_equal);
  EXPECT_EQ(parse_threshold("x == 1")->op, comparator::equal);
  EXPECT_EQ(parse_threshold("x>=1")->op, comparator::greater_equal);
}

TEST(ParseThreshold, ReadsPlainNumbersAndPercentages) {
  auto rate = parse_threshold("abandon_rate < 0.05");
  ASSERT_TRUE(rate);
  EXPECT_DOUBLE_EQ(rate->value, 0.05);
  EXPECT_FALSE(rate->is_duration);
  auto sl = parse_threshold("sl.offered >= 80%");
  ASSERT_TRUE(sl);
  EXPECT_DOUBLE_EQ(sl->value, 0.8);
}

TEST(ParseThreshold, RejectsMissingPartsWithAMessage) {
  auto no_metric = parse_threshold("< 3");
  ASSERT_FALSE(no_metric);
  EXPECT_EQ(no_metric.error, "invalid threshold '< 3': expected 'metric op "
                             "value', e.g. 'wait.p99 < 2m'");
  auto no_op = parse_threshold("wait.p99 2m");
  ASSERT_FALSE(no_op);
  EXPECT_EQ(no_op.error, "invalid threshold 'wait.p99 2m': expected a "
                         "comparator (<, <=, >, >=, ==) after 'wait.p99'");
  auto no_value = parse_threshold("wait.p99 <");
  ASSERT_FALSE(no_value);
  EXPECT_EQ(no_value.error,
            "invalid threshold 'wait.p99 <': missing value after the "
            "comparator");
  EXPECT_FALSE(parse_threshold("wait.p99 < 2q"));
  EXPECT_FALSE(parse_threshold("x != 1"));
}

TEST(ThresholdSpec, HoldsComparesTheMeasuredValue) {
  auto t = parse_threshold("wait.p99 < 2m");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->holds(119.0));
  EXPECT_FALSE(t->holds(120.0));
  auto j = parse_threshold("fairness.handled.jain >= 0.9");
  ASSERT_TRUE(j);
  EXPECT_TRUE(j->holds(0.9));
  EXPECT_FALSE(j->holds(0.89));
}

} // namespace thresholds_test
