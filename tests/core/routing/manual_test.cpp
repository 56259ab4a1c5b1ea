#include "core/routing/manual.hpp"

#include <gtest/gtest.h>
#include <optional>

namespace manual_test {

using livechat::manual_policy;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

TEST(ManualPolicy, ReportsManualKind) {
  manual_policy p;
  EXPECT_EQ(p.kind(), routing_policy_kind::manual);
}

TEST(ManualPolicy, ChoosesNothingWhenNobodyIsEligible) {
  manual_policy p;
  EXPECT_EQ(p.choose(), std::nullopt);
}

TEST(ManualPolicy, NeverChoosesEvenWithEligibleOperators) {
  manual_policy p;
  p.set_eligible(0, {});
  p.set_eligible(1, {.load = 0, .last_activity = t0});
  p.set_eligible(7, {.load = 3, .last_activity = t0 + 5s});
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(p.choose(), std::nullopt) << "draw " << i;
  p.on_chosen(1); // a supervisor assigned position 1
  EXPECT_EQ(p.choose(), std::nullopt);
  p.set_ineligible(0);
  EXPECT_EQ(p.choose(), std::nullopt);
}

TEST(ManualPolicy, OffersNoCandidatesToTheRouter) {
  // Manual keeps no eligible set: supervisors pick from the directory, so the
  // policy reports zero candidates however many positions were announced.
  manual_policy p;
  p.set_eligible(0, {});
  p.set_eligible(2, {});
  EXPECT_EQ(p.eligible_count(), 0u);
  p.set_ineligible(2);
  EXPECT_EQ(p.eligible_count(), 0u);
}

} // namespace manual_test
