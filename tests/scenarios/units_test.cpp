#include "scenarios/units.hpp"

#include <gtest/gtest.h>

namespace units_test {

using namespace std::chrono_literals;
using livechat::duration;
using livechat::scenarios::format_duration;
using livechat::scenarios::parse_duration;
using livechat::scenarios::parse_number;
using livechat::scenarios::parse_rate;

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(*parse_duration("250ms"), 250ms);
  EXPECT_EQ(*parse_duration("20s"), 20s);
  EXPECT_EQ(*parse_duration("5m"), 5min);
  EXPECT_EQ(*parse_duration("5min"), 5min);
  EXPECT_EQ(*parse_duration("8h"), 8h);
  EXPECT_EQ(*parse_duration("2d"), 48h);
}

TEST(ParseDuration, AcceptsDecimalsAndSpaces) {
  EXPECT_EQ(*parse_duration("1.5h"), 90min);
  EXPECT_EQ(*parse_duration("0.5s"), 500ms);
  EXPECT_EQ(*parse_duration(" 3 m "), 3min);
  EXPECT_EQ(*parse_duration(".5m"), 30s);
}

TEST(ParseDuration, AcceptsBareZero) {
  EXPECT_EQ(*parse_duration("0"), duration::zero());
  EXPECT_EQ(*parse_duration("0s"), duration::zero());
}

TEST(ParseDuration, RejectsUnknownUnitNamingIt) {
  auto d = parse_duration("5x");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error,
            "unknown unit 'x' in duration '5x' (use ms, s, m, min, h, d)");
  EXPECT_FALSE(parse_duration("5 hours"));
  EXPECT_FALSE(parse_duration("5M"));
}

TEST(ParseDuration, RejectsMissingUnit) {
  auto d = parse_duration("20");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error, "duration '20' needs a unit (ms, s, m, min, h, d)");
}

TEST(ParseDuration, RejectsNegative) {
  auto d = parse_duration("-5m");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error, "duration '-5m' is negative");
}

TEST(ParseDuration, RejectsGarbageEmptyAndOverflow) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("m"));
  EXPECT_FALSE(parse_duration("1.2.3s"));
  EXPECT_FALSE(parse_duration("inf s"));
  EXPECT_FALSE(parse_duration("nan"));
  EXPECT_FALSE(parse_duration("1e3s"));
  auto big = parse_duration("100000000000d");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error, "duration '100000000000d' must be between 0 and 365d");
}

TEST(ParseRate, AcceptsEveryUnit) {
  EXPECT_DOUBLE_EQ(parse_rate("60/h")->per_second, 60.0 / 3600.0);
  EXPECT_DOUBLE_EQ(parse_rate("4/min")->per_second, 4.0 / 60.0);
  EXPECT_DOUBLE_EQ(parse_rate("4/m")->per_second, 4.0 / 60.0);
  EXPECT_DOUBLE_EQ(parse_rate("0.2/s")->per_second, 0.2);
  EXPECT_DOUBLE_EQ(parse_rate("2/ms")->per_second, 2000.0);
  EXPECT_DOUBLE_EQ(parse_rate("240/d")->per_second, 240.0 / 86400.0);
  EXPECT_DOUBLE_EQ(parse_rate("60 / h")->per_hour(), 60.0);
}

TEST(ParseRate, RejectsMissingOrUnknownUnit) {
  auto none = parse_rate("60");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error, "rate '60' needs a unit, e.g. 60/h");
  auto bad = parse_rate("60/week");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error, "unknown unit 'week' in rate '60/week' (use /ms, /s, "
                       "/m, /min, /h, /d)");
  EXPECT_FALSE(parse_rate("60h"));
  EXPECT_FALSE(parse_rate("/h"));
}

TEST(ParseRate, RejectsNegative) {
  auto r = parse_rate("-1/h");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, "rate '-1/h' is negative");
}

TEST(ParseNumber, AcceptsDecimalsSignsAndExponents) {
  EXPECT_DOUBLE_EQ(*parse_number("0.05"), 0.05);
  EXPECT_DOUBLE_EQ(*parse_number("-3"), -3.0);
  EXPECT_DOUBLE_EQ(*parse_number("+2"), 2.0);
  EXPECT_DOUBLE_EQ(*parse_number("1e3"), 1000.0);
}

TEST(ParseNumber, RejectsUnitsInfinityAndNan) {
  EXPECT_FALSE(parse_number("2m"));
  EXPECT_FALSE(parse_number("inf"));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("-"));
}

TEST(FormatDuration, PicksTheLargestExactUnit) {
  EXPECT_EQ(format_duration(0s), "0s");
  EXPECT_EQ(format_duration(90min), "90m");
  EXPECT_EQ(format_duration(8h), "8h");
  EXPECT_EQ(format_duration(48h), "2d");
  EXPECT_EQ(format_duration(1500ms), "1500ms");
  EXPECT_EQ(format_duration(20s), "20s");
}

} // namespace units_test
