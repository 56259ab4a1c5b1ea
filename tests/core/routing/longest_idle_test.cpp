#include "core/random.hpp"
#include "core/routing/longest_idle.hpp"

#include <gtest/gtest.h>
#include <map>
#include <optional>

namespace longest_idle_test {

using livechat::longest_idle_policy;
using livechat::operator_standing;
using livechat::pool_position;
using livechat::random_generator;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

TEST(LongestIdlePolicy, ReportsLongestIdleKind) {
  longest_idle_policy p{1};
  EXPECT_EQ(p.kind(), routing_policy_kind::longest_idle);
}

TEST(LongestIdlePolicy, ChoosesNothingWhenNobodyIsEligible) {
  longest_idle_policy p{3};
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(LongestIdlePolicy, PicksOperatorWithEarliestLastActivity) {
  longest_idle_policy p{4};
  p.set_eligible(0, {.load = 0, .last_activity = t0 + 30s});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 10s});
  p.set_eligible(2, {.load = 0, .last_activity = t0 + 20s});
  p.set_eligible(3, {.load = 0, .last_activity = t0 + 40s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
}

TEST(LongestIdlePolicy, IgnoresLoad) {
  longest_idle_policy p{2};
  p.set_eligible(0, {.load = 5, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 1s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
}

TEST(LongestIdlePolicy, TieOnLastActivityGoesToLowestPosition) {
  longest_idle_policy p{5};
  p.set_eligible(3, {.load = 0, .last_activity = t0 + 2s});
  p.set_eligible(1, {.load = 4, .last_activity = t0 + 2s});
  p.set_eligible(4, {.load = 0, .last_activity = t0 + 2s});
  p.set_eligible(0, {.load = 0, .last_activity = t0 + 3s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
}

TEST(LongestIdlePolicy, UpdatingLastActivityReRanksOperator) {
  longest_idle_policy p{3};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(2, {.load = 0, .last_activity = t0 + 2s});
  ASSERT_EQ(p.choose(), std::optional<pool_position>{0});
  p.set_eligible(0, {.load = 1, .last_activity = t0 + 5s}); // got a session
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  p.set_eligible(1, {.load = 1, .last_activity = t0 + 6s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
  p.set_eligible(2, {.load = 1, .last_activity = t0 + 7s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
  EXPECT_EQ(p.eligible_count(), 3u);
}

TEST(LongestIdlePolicy, UpdatingStandingReplacesOldRank) {
  longest_idle_policy p{2};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(0, {.load = 0, .last_activity = t0 + 2s});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  EXPECT_EQ(p.eligible_count(), 2u);
}

TEST(LongestIdlePolicy, IneligibleOperatorIsNotChosen) {
  longest_idle_policy p{3};
  p.set_eligible(0, {.load = 0, .last_activity = t0});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 1s});
  p.set_eligible(2, {.load = 0, .last_activity = t0 + 2s});
  p.set_ineligible(0);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{1});
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(0); // already absent
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(1);
  p.set_ineligible(2);
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(LongestIdlePolicy, MatchesBruteForceMinimumOverRandomUpdates) {
  constexpr pool_position pool = 40;
  longest_idle_policy p{pool};
  std::map<pool_position, timestamp> model;
  random_generator gen{11};
  for (int step = 0; step < 5000; ++step) {
    auto pos = static_cast<pool_position>(gen.uniform_index(pool));
    if (gen.uniform_index(4) == 0) {
      p.set_ineligible(pos);
      model.erase(pos);
    } else {
      auto at = t0 + std::chrono::seconds{gen.uniform_index(6)};
      p.set_eligible(pos, {.load = static_cast<int>(gen.uniform_index(3)),
                           .last_activity = at});
      model[pos] = at;
    }
    std::optional<pool_position> expected;
    for (const auto& [candidate, at] : model)
      if (!expected || at < model.at(*expected))
        expected = candidate; // strict <: ties keep the lower position
    ASSERT_EQ(p.choose(), expected) << "step " << step;
    ASSERT_EQ(p.eligible_count(), model.size()) << "step " << step;
  }
}

} // namespace longest_idle_test
