#include "core/routing/fixed_order.hpp"

#include <gtest/gtest.h>
#include <optional>

namespace fixed_order_test {

using livechat::fixed_order_policy;
using livechat::operator_standing;
using livechat::pool_position;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

TEST(FixedOrderPolicy, ReportsFixedOrderKind) {
  fixed_order_policy p;
  EXPECT_EQ(p.kind(), routing_policy_kind::fixed_order);
}

TEST(FixedOrderPolicy, ChoosesNothingWhenNobodyIsEligible) {
  fixed_order_policy p;
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(FixedOrderPolicy, PicksLowestEligiblePosition) {
  fixed_order_policy p;
  p.set_eligible(5, {});
  p.set_eligible(2, {});
  p.set_eligible(7, {});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
}

TEST(FixedOrderPolicy, PicksSamePositionEveryTimeEvenAfterOnChosen) {
  fixed_order_policy p;
  p.set_eligible(1, {});
  p.set_eligible(3, {});
  for (int i = 0; i < 5; ++i) {
    auto pos = p.choose();
    ASSERT_EQ(pos, std::optional<pool_position>{1}) << "draw " << i;
    p.on_chosen(*pos);
  }
}

TEST(FixedOrderPolicy, IgnoresLoadAndIdleTime) {
  fixed_order_policy p;
  p.set_eligible(0, {.load = 9, .last_activity = t0 + 100s});
  p.set_eligible(1, {.load = 0, .last_activity = t0});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
}

TEST(FixedOrderPolicy, FallsBackToNextPositionWhenFirstBecomesIneligible) {
  fixed_order_policy p;
  p.set_eligible(0, {});
  p.set_eligible(4, {});
  p.set_eligible(2, {});
  p.set_ineligible(0);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{2});
  p.set_ineligible(2);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{4});
  p.set_eligible(0, {});
  EXPECT_EQ(p.choose(), std::optional<pool_position>{0});
}

TEST(FixedOrderPolicy, ChoosesNothingAfterEveryPositionBecameIneligible) {
  fixed_order_policy p;
  p.set_eligible(3, {});
  p.set_eligible(6, {});
  p.set_ineligible(6);
  p.set_ineligible(3);
  EXPECT_EQ(p.choose(), std::nullopt);
  EXPECT_EQ(p.eligible_count(), 0u);
}

TEST(FixedOrderPolicy, EligibleCountIgnoresRepeatsAndAbsentRemovals) {
  fixed_order_policy p;
  p.set_eligible(1, {});
  p.set_eligible(1, {.load = 3, .last_activity = t0 + 1s});
  p.set_eligible(8, {});
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(5); // never eligible: no-op
  EXPECT_EQ(p.eligible_count(), 2u);
  p.set_ineligible(1);
  p.set_ineligible(1);
  EXPECT_EQ(p.eligible_count(), 1u);
  EXPECT_EQ(p.choose(), std::optional<pool_position>{8});
}

} // namespace fixed_order_test
