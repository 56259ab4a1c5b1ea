#include "core/random.hpp"
#include "core/routing/least_busy.hpp"

#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <tuple>

namespace least_busy_test {

using livechat::least_busy_policy;
using livechat::operator_standing;
using livechat::pool_position;
using livechat::random_generator;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

TEST(LeastBusyPolicy, ReportsLeastBusyKind) {
  least_busy_policy p{1};
  EXPECT_EQ(p.kind(), routing_policy_kind::least_busy);
}

TEST(LeastBusyPolicy, ChoosesNothingWhenNobodyIsEligible) {
  least_busy_policy p{4};
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(LeastBusyPolicy, PicksOperatorWithFewestActiveSessions) {
  least_busy_policy p{4};
  p.set_eligible(0, {.load = 2, .last_activity = t0});
  p.set_eligible(1, {.load = 1, .last_activity = t0});
  p.set_eligible(2, {.load = 0, .last_activity = t0 + 9s});
  p.set_eligible(3, {.load = 3, .last_activity = t0});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
}

TEST(LeastBusyPolicy, FewerSessionsOutrankLongerIdleTime) {
  least_busy_policy p{2};
  p.set_eligible(0, {.load = 1, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 1h});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
}

TEST(LeastBusyPolicy, TieOnLoadGoesToEarliestLastActivity) {
  least_busy_policy p{3};
  p.set_eligible(0, {.load = 1, .last_activity = t0 + 5s});
  p.set_eligible(1, {.load = 1, .last_activity = t0 + 2s});
  p.set_eligible(2, {.load = 1, .last_activity = t0 + 7s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
}

TEST(LeastBusyPolicy, TieOnLoadAndActivityGoesToLowestPosition) {
  least_busy_policy p{5};
  p.set_eligible(4, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(2, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(3, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(0, {.load = 0, .last_activity = t0 + 2s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
}

TEST(LeastBusyPolicy, UpdatingStandingReRanksOperator) {
  least_busy_policy p{3};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(2, {.load = 1, .last_activity = t0});
  ASSERT_EQ(p.choose(), std::optional<pool_position>{0});
  // Position 0 got a session: its load rises and it becomes active now.
  p.set_eligible(0, {.load = 1, .last_activity = t0 + 10s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  p.set_eligible(1, {.load = 1, .last_activity = t0 + 11s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
  // Position 1 finished its session: back to load 0.
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 12s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  EXPECT_EQ(p.eligible_count(), 3u);
}

TEST(LeastBusyPolicy, UpdatingStandingReplacesOldRank) {
  // A stale (load 0) entry left behind by an update would keep winning.
  least_busy_policy p{2};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 1, .last_activity = t0});
  p.set_eligible(0, {.load = 2, .last_activity = t0});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  EXPECT_EQ(p.eligible_count(), 2u);
}

TEST(LeastBusyPolicy, IneligibleOperatorIsNotChosen) {
  least_busy_policy p{3};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 1, .last_activity = t0});
  p.set_eligible(2, {.load = 2, .last_activity = t0});
  p.set_ineligible(0);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(1);
  p.set_ineligible(2);
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(LeastBusyPolicy, RemovingAbsentPositionIsNoOp) {
  least_busy_policy p{3};
  p.set_eligible(2, {.load = 1, .last_activity = t0});
  p.set_ineligible(0);
  p.set_ineligible(1);
  EXPECT_EQ(p.eligible_count(), 1u);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
}

TEST(LeastBusyPolicy, ReadmittedOperatorRanksByItsNewStanding) {
  least_busy_policy p{2};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 1, .last_activity = t0});
  p.set_ineligible(0);
  p.set_eligible(0, {.load = 2, .last_activity = t0});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
}

TEST(LeastBusyPolicy, ChoosingDoesNotChangeStandings) {
  least_busy_policy p{2};
  p.set_eligible(0, {.load = 1, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0});
  p.on_chosen(*p.choose());
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  EXPECT_EQ(p.eligible_count(), 2u);
}

TEST(LeastBusyPolicy, MatchesBruteForceMinimumOverRandomUpdates) {
  // Loads 0..2 and activity within 4 s make ties on both keys common.
  constexpr pool_position pool = 40;
  least_busy_policy p{pool};
  std::map<pool_position, std::tuple<int, timestamp>> model;
  random_generator gen{7};
  for (int step = 0; step < 5000; ++step) {
    auto pos = static_cast<pool_position>(gen.uniform_index(pool));
    if (gen.uniform_index(4) == 0) {
      p.set_ineligible(pos);
      model.erase(pos);
    } else {
      operator_standing s{.load = static_cast<int>(gen.uniform_index(3)),
                          .last_activity
                          = t0 + std::chrono::seconds{gen.uniform_index(4)}};
      p.set_eligible(pos, s);
      model[pos] = {s.load, s.last_activity};
    }
    std::optional<pool_position> expected;
    for (const auto& [candidate, key] : model)
      if (!expected || key < model.at(*expected))
        expected = candidate; // strict <: ties keep the lower position
    ASSERT_EQ(p.choose(), expected) << "step " << step;
    ASSERT_EQ(p.eligible_count(), model.size()) << "step " << step;
  }
}

} // namespace least_busy_test
