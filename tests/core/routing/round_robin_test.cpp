#include "core/routing/round_robin.hpp"

#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <vector>

namespace round_robin_test {

using livechat::operator_standing;
using livechat::pool_position;
using livechat::round_robin_policy;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

// Chooses and confirms `n` times, as the router does, and returns the picks.
std::vector<pool_position> take_turns(round_robin_policy& p, int n) {
  std::vector<pool_position> picks;
  for (int i = 0; i < n; ++i) {
    auto pos = p.choose();
    if (!pos)
      break;
    p.on_chosen(*pos);
    picks.push_back(*pos);
  }
  return picks;
}

using positions = std::vector<pool_position>;

TEST(RoundRobinPolicy, ReportsRoundRobinKind) {
  round_robin_policy p;
  EXPECT_EQ(p.kind(), routing_policy_kind::round_robin);
}

TEST(RoundRobinPolicy, ChoosesNothingWhenNobodyIsEligible) {
  round_robin_policy p;
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(RoundRobinPolicy, StartsAtLowestEligiblePosition) {
  round_robin_policy p;
  p.set_eligible(4, {});
  p.set_eligible(2, {});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
}

TEST(RoundRobinPolicy, ContinuesAfterLastChosenAndWrapsAround) {
  round_robin_policy p;
  for (pool_position pos : {0u, 1u, 2u})
    p.set_eligible(pos, {});
  EXPECT_EQ(take_turns(p, 7), (positions{0, 1, 2, 0, 1, 2, 0}));
}

TEST(RoundRobinPolicy, SkipsIneligiblePositions) {
  round_robin_policy p;
  for (pool_position pos : {1u, 4u, 6u})
    p.set_eligible(pos, {});
  EXPECT_EQ(take_turns(p, 5), (positions{1, 4, 6, 1, 4}));
}

TEST(RoundRobinPolicy, DoesNotAdvanceUntilToldOfTheChoice) {
  round_robin_policy p;
  p.set_eligible(0, {});
  p.set_eligible(1, {});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
  p.on_chosen(0);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
}

TEST(RoundRobinPolicy, ContinuesAfterPositionTheRouterReportsChosen) {
  // The router may hand the session to someone else than proposed (e.g. the
  // operator is chosen for another queue); the ring follows `on_chosen`.
  round_robin_policy p;
  for (pool_position pos : {0u, 1u, 2u, 3u})
    p.set_eligible(pos, {});
  p.on_chosen(2);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{3});
}

TEST(RoundRobinPolicy, ContinuesAfterLastChosenEvenIfItLeftTheRing) {
  round_robin_policy p;
  for (pool_position pos : {0u, 1u, 2u, 3u})
    p.set_eligible(pos, {});
  EXPECT_EQ(take_turns(p, 2), (positions{0, 1}));
  p.set_ineligible(1); // e.g. reached capacity after its session
  EXPECT_EQ(take_turns(p, 4), (positions{2, 3, 0, 2}));
}

TEST(RoundRobinPolicy, NewlyEligiblePositionAheadInRingGetsNextTurn) {
  round_robin_policy p;
  p.set_eligible(0, {});
  p.set_eligible(5, {});
  EXPECT_EQ(take_turns(p, 1), (positions{0}));
  p.set_eligible(3, {});
  EXPECT_EQ(take_turns(p, 3), (positions{3, 5, 0}));
}

TEST(RoundRobinPolicy, NewlyEligiblePositionBehindRingWaitsForWrap) {
  round_robin_policy p;
  p.set_eligible(2, {});
  p.set_eligible(5, {});
  EXPECT_EQ(take_turns(p, 1), (positions{2}));
  p.set_eligible(0, {});
  EXPECT_EQ(take_turns(p, 3), (positions{5, 0, 2}));
}

TEST(RoundRobinPolicy, GivesEveryEligiblePositionOneTurnPerCycle) {
  round_robin_policy p;
  const positions eligible{0, 3, 4, 7, 11, 12};
  for (auto pos : eligible)
    p.set_eligible(pos, {});
  std::map<pool_position, int> turns;
  for (auto pos : take_turns(p, 10 * static_cast<int>(eligible.size())))
    ++turns[pos];
  ASSERT_EQ(turns.size(), eligible.size());
  for (auto pos : eligible)
    EXPECT_EQ(turns[pos], 10) << "position " << pos;
}

TEST(RoundRobinPolicy, IgnoresLoadAndIdleTime) {
  round_robin_policy p;
  p.set_eligible(0, {.load = 7, .last_activity = t0 + 50s});
  p.set_eligible(1, {.load = 0, .last_activity = t0});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
}

TEST(RoundRobinPolicy, ChoosesNothingAfterEveryPositionBecameIneligible) {
  round_robin_policy p;
  p.set_eligible(2, {});
  p.set_eligible(3, {});
  p.on_chosen(2);
  p.set_ineligible(2);
  p.set_ineligible(3);
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(RoundRobinPolicy, EligibleCountIgnoresRepeatsAndAbsentRemovals) {
  round_robin_policy p;
  p.set_eligible(1, {});
  p.set_eligible(1, {.load = 2, .last_activity = t0 + 3s});
  p.set_eligible(9, {});
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(4);
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(9);
  EXPECT_EQ(p.eligible_count(), 1u);
  EXPECT_EQ(take_turns(p, 3), (positions{1, 1, 1}));
}

} // namespace round_robin_test
