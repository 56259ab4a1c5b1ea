#include "sample_stats.hpp"
#include "sim/arrivals.hpp"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace arrivals_test {

using namespace std::chrono_literals;
using livechat::duration;
using livechat::random_generator;
using livechat::timestamp;
using livechat::to_seconds;
using livechat::scenarios::arrival_kind;
using livechat::scenarios::arrival_spec;
using livechat::scenarios::rate;
using livechat::scenarios::rate_step;
using livechat::sim::arrival_process;
using livechat::sim::parse_trace;
using livechat::sim::testing::stats_of;
using step = arrival_process::step;

// Every arrival from the start of the run, in seconds.
std::vector<double> all_arrivals(arrival_process& p, std::uint64_t seed,
                                 timestamp from = timestamp{}) {
  random_generator gen{seed};
  std::vector<double> out;
  for (auto t = p.next(from, gen); t; t = p.next(*t, gen))
    out.push_back(to_seconds(t->time_since_epoch()));
  return out;
}

std::size_t count_in(const std::vector<double>& ts, double from, double to) {
  std::size_t n = 0;
  for (double t : ts)
    n += (t >= from && t < to) ? 1 : 0;
  return n;
}

// A Poisson count with mean `expected` is within 5 standard errors of it.
void expect_poisson_count(std::size_t n, double expected) {
  EXPECT_NEAR(static_cast<double>(n), expected, 5 * std::sqrt(expected));
}

TEST(PoissonArrivals, CountOverLongHorizonMatchesRateTimesHorizon) {
  auto p = arrival_process::poisson(rate{2.0}, 50'000s); // 100'000 expected
  const auto ts = all_arrivals(p, 17);
  expect_poisson_count(ts.size(), 2.0 * 50'000);
}

TEST(PoissonArrivals, GapsAreExponentialWithMeanOneOverRate) {
  auto p = arrival_process::poisson(rate{0.5}, 100'000s);
  const auto ts = all_arrivals(p, 4);
  std::vector<double> gaps;
  for (std::size_t i = 1; i < ts.size(); ++i)
    gaps.push_back(ts[i] - ts[i - 1]);
  const auto st = stats_of(gaps);
  EXPECT_NEAR(st.mean, 2.0, 5 * st.mean_se);
  EXPECT_NEAR(st.variance, 4.0, 5 * st.variance_se);
}

TEST(PoissonArrivals, IncreaseAndStayInsideHorizon) {
  auto p = arrival_process::poisson(rate{10.0}, 1000s);
  const auto ts = all_arrivals(p, 2);
  ASSERT_FALSE(ts.empty());
  for (std::size_t i = 1; i < ts.size(); ++i)
    ASSERT_GE(ts[i], ts[i - 1]);
  EXPECT_GE(ts.front(), 0.0);
  EXPECT_LT(ts.back(), 1000.0);
}

TEST(PoissonArrivals, NoneOncePastHorizon) {
  auto p = arrival_process::poisson(rate{10.0}, 1000s);
  random_generator gen{1};
  EXPECT_FALSE(p.next(timestamp{1000s}, gen));
  EXPECT_FALSE(p.next(timestamp{5000s}, gen));
}

TEST(PoissonArrivals, ZeroRateGivesNoArrivals) {
  auto p = arrival_process::poisson(rate{0.0}, 1000s);
  random_generator gen{1};
  EXPECT_FALSE(p.next(timestamp{}, gen));
}

TEST(PoissonArrivals, SameSeedGivesSameArrivals) {
  auto a = arrival_process::poisson(rate{1.0}, 1000s);
  auto b = arrival_process::poisson(rate{1.0}, 1000s);
  EXPECT_EQ(all_arrivals(a, 8), all_arrivals(b, 8));
  EXPECT_NE(all_arrivals(a, 8), all_arrivals(a, 9));
}

TEST(ProfileArrivals, CountsPerSegmentMatchEachSegmentsRate) {
  auto p = arrival_process::profile({step{0s, 2.0}, step{10'000s, 0.0},
                                     step{20'000s, 5.0}, step{30'000s, 0.5}},
                                    40'000s);
  const auto ts = all_arrivals(p, 23);
  expect_poisson_count(count_in(ts, 0, 10'000), 20'000);
  EXPECT_EQ(count_in(ts, 10'000, 20'000), 0u);
  expect_poisson_count(count_in(ts, 20'000, 30'000), 50'000);
  expect_poisson_count(count_in(ts, 30'000, 40'000), 5'000);
  EXPECT_EQ(ts.size(), count_in(ts, 0, 40'000));
}

TEST(ProfileArrivals, ShortSegmentsKeepTheirRates) {
  // Many segments much shorter than the mean gap: the hazard carried across
  // boundaries must not be lost or restarted. Expected 0.05 per segment.
  std::vector<step> steps;
  for (int i = 0; i < 2000; ++i)
    steps.push_back(step{i * 10s, i % 2 == 0 ? 0.01 : 0.0});
  auto p = arrival_process::profile(std::move(steps), 20'000s);
  std::size_t total = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto ts = all_arrivals(p, seed);
    for (double t : ts)
      ASSERT_EQ(static_cast<long long>(t) / 10 % 2, 0) << t;
    total += ts.size();
  }
  expect_poisson_count(total, 20 * 1000 * 0.01 * 10);
}

TEST(ProfileArrivals, NoArrivalsBeforeFirstStep) {
  auto p = arrival_process::profile({step{1000s, 1.0}}, 3000s);
  const auto ts = all_arrivals(p, 3);
  ASSERT_FALSE(ts.empty());
  EXPECT_GE(ts.front(), 1000.0);
  expect_poisson_count(ts.size(), 2000);
}

TEST(ProfileArrivals, StepsAtOrPastHorizonAreIgnored) {
  auto p = arrival_process::profile({step{0s, 0.0}, step{1000s, 50.0}}, 1000s);
  random_generator gen{1};
  EXPECT_FALSE(p.next(timestamp{}, gen));
}

TEST(ProfileArrivals, StartingInsideASegmentUsesThatSegmentsRate) {
  auto p = arrival_process::profile({step{0s, 0.0}, step{100s, 1.0}}, 10'000s);
  const auto ts = all_arrivals(p, 5, timestamp{5000s});
  ASSERT_FALSE(ts.empty());
  EXPECT_GE(ts.front(), 5000.0);
  expect_poisson_count(ts.size(), 5000);
}

TEST(ProfileArrivals, FromSpecUsesTheScenarioSteps) {
  arrival_spec spec;
  spec.kind = arrival_kind::profile;
  spec.profile = {rate_step{0s, rate{0.0}}, rate_step{1h, rate{1.0}}};
  auto p = arrival_process::from_spec(spec, 2h);
  const auto ts = all_arrivals(p, 6);
  EXPECT_EQ(count_in(ts, 0, 3600), 0u);
  expect_poisson_count(ts.size(), 3600);
}

TEST(TraceArrivals, ReturnsTimesInOrderIncludingRepeats) {
  auto p = arrival_process::trace({5s, 1s, 3s, 3s, 0s}, 1h);
  EXPECT_EQ(all_arrivals(p, 1), (std::vector<double>{0, 1, 3, 3, 5}));
}

TEST(TraceArrivals, StopsAtHorizon) {
  auto p = arrival_process::trace({1s, 2s, 3s, 4s}, 3s);
  EXPECT_EQ(all_arrivals(p, 1), (std::vector<double>{1, 2}));
}

TEST(TraceArrivals, SkipsTimesBeforeAfter) {
  auto p = arrival_process::trace({1s, 2s, 3s, 4s}, 1h);
  EXPECT_EQ(all_arrivals(p, 1, timestamp{3s}), (std::vector<double>{3, 4}));
}

TEST(TraceArrivals, ResetStartsOver) {
  auto p = arrival_process::trace({1s, 2s}, 1h);
  EXPECT_EQ(all_arrivals(p, 1).size(), 2u);
  EXPECT_TRUE(all_arrivals(p, 1).empty());
  p.reset();
  EXPECT_EQ(all_arrivals(p, 1).size(), 2u);
}

TEST(TraceArrivals, FromSpecUsesGivenTimes) {
  arrival_spec spec;
  spec.kind = arrival_kind::trace;
  spec.trace = "arrivals.csv";
  auto p = arrival_process::from_spec(spec, 1h, {10s, 20s});
  EXPECT_EQ(all_arrivals(p, 1), (std::vector<double>{10, 20}));
}

TEST(ParseTrace, AcceptsDurationsAndPlainSeconds) {
  std::istringstream in{"12s\n0.5h\n250ms\n7\n1.25\n0\n"};
  auto r = parse_trace(in, "arrivals.csv");
  ASSERT_TRUE(r) << livechat::scenarios::to_string(r.errors);
  EXPECT_EQ(*r, (std::vector<duration>{12s, 30min, 250ms, 7s, 1250ms, 0s}));
}

TEST(ParseTrace, SkipsHeaderAndBlankLines) {
  std::istringstream in{"time\n\n1s\n  \n2s\n"};
  auto r = parse_trace(in, "arrivals.csv");
  ASSERT_TRUE(r) << livechat::scenarios::to_string(r.errors);
  EXPECT_EQ(*r, (std::vector<duration>{1s, 2s}));
}

TEST(ParseTrace, IgnoresLaterColumnsSpacesAndCarriageReturns) {
  std::istringstream in{"arrival,customer\r\n 1s , anna\r\n2,bob\r\n"};
  auto r = parse_trace(in, "arrivals.csv");
  ASSERT_TRUE(r) << livechat::scenarios::to_string(r.errors);
  EXPECT_EQ(*r, (std::vector<duration>{1s, 2s}));
}

TEST(ParseTrace, ReportsEveryBadLineWithItsLineNumber) {
  std::istringstream in{"time\n1s\n5x\n2s\nsoon\n-3\n,anna\n"};
  auto r = parse_trace(in, "arrivals.csv");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(
    r.errors[0].to_string(),
    "arrivals.csv:3:1: unknown unit 'x' in duration '5x' (use ms, s, m, "
    "min, h, d)");
  EXPECT_EQ(r.errors[1].line, 5);
  EXPECT_EQ(r.errors[2].to_string(),
            "arrivals.csv:6:1: arrival time '-3' is negative");
  EXPECT_EQ(r.errors[3].to_string(),
            "arrivals.csv:7:1: missing arrival time before ','");
}

TEST(ParseTrace, ColumnPointsAtTheTime) {
  std::istringstream in{"1s\n   7q\n"};
  auto r = parse_trace(in, "t.csv");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].column, 4);
}

TEST(ParseTrace, OnlyTheFirstLineMayBeAHeader) {
  std::istringstream in{"1s\ntime\n"};
  auto r = parse_trace(in, "t.csv");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2);
}

TEST(ParseTrace, FirstLineStartingWithADigitIsNotAHeader) {
  std::istringstream in{"1x\n2s\n"};
  auto r = parse_trace(in, "t.csv");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.errors[0].line, 1);
}

TEST(ParseTrace, EmptyInputGivesNoTimes) {
  std::istringstream in{""};
  auto r = parse_trace(in, "t.csv");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

} // namespace arrivals_test
