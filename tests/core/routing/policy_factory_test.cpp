#include "core/live_chat.hpp"
#include "core/routing/policy.hpp"
#include "core/routing/random_policy.hpp"

#include <array>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policy_factory_test {

using livechat::make_routing_policy;
using livechat::parse_routing_policy;
using livechat::pool_position;
using livechat::random_policy;
using livechat::routing_policy;
using livechat::routing_policy_kind;
using livechat::timestamp;
using namespace livechat::time_literals;

constexpr timestamp t0{};

constexpr std::array all_kinds{
  routing_policy_kind::round_robin,  routing_policy_kind::least_busy,
  routing_policy_kind::longest_idle, routing_policy_kind::random,
  routing_policy_kind::fixed_order,  routing_policy_kind::manual,
};

// Three operators whose standings make every deterministic policy pick a
// different one: fixed order -> 0, least busy -> 1, longest idle -> 2.
void set_distinguishing_standings(routing_policy& p) {
  p.set_eligible(0, {.load = 1, .last_activity = t0 + 5s});
  p.set_eligible(1, {.load = 0, .last_activity = t0 + 10s});
  p.set_eligible(2, {.load = 1, .last_activity = t0});
}

TEST(PolicyFactory, CreatesPolicyOfEveryKind) {
  for (auto kind : all_kinds) {
    auto p = make_routing_policy(kind, 3, 0);
    ASSERT_NE(p, nullptr) << to_string(kind);
    EXPECT_EQ(p->kind(), kind) << to_string(kind);
    EXPECT_EQ(p->choose(), std::nullopt) << to_string(kind);
  }
}

TEST(PolicyFactory, CreatedPoliciesDecideAsTheirKind) {
  auto fixed = make_routing_policy(routing_policy_kind::fixed_order, 3, 0);
  auto least = make_routing_policy(routing_policy_kind::least_busy, 3, 0);
  auto idle = make_routing_policy(routing_policy_kind::longest_idle, 3, 0);
  auto robin = make_routing_policy(routing_policy_kind::round_robin, 3, 0);
  auto manual = make_routing_policy(routing_policy_kind::manual, 3, 0);
  for (auto* p :
       {fixed.get(), least.get(), idle.get(), robin.get(), manual.get()})
    set_distinguishing_standings(*p);
  EXPECT_EQ(fixed->choose(), std::optional<pool_position>{0});
  EXPECT_EQ(least->choose(), std::optional<pool_position>{1});
  EXPECT_EQ(idle->choose(), std::optional<pool_position>{2});
  EXPECT_EQ(manual->choose(), std::nullopt);
  // Round robin starts like fixed order but moves on after a choice.
  EXPECT_EQ(robin->choose(), std::optional<pool_position>{0});
  robin->on_chosen(0);
  fixed->on_chosen(0);
  EXPECT_EQ(robin->choose(), std::optional<pool_position>{1});
  EXPECT_EQ(fixed->choose(), std::optional<pool_position>{0});
}

TEST(PolicyFactory, CreatedPoliciesAcceptEveryPositionOfThePool) {
  constexpr pool_position pool = 9;
  for (auto kind : all_kinds) {
    auto p = make_routing_policy(kind, pool, 1);
    p->set_eligible(pool - 1, {.load = 0, .last_activity = t0});
    if (kind == routing_policy_kind::manual) {
      EXPECT_EQ(p->choose(), std::nullopt);
      continue;
    }
    EXPECT_EQ(p->eligible_count(), 1u) << to_string(kind);
    EXPECT_EQ(p->choose(), std::optional<pool_position>{pool - 1})
      << to_string(kind);
  }
}

TEST(PolicyFactory, RandomPolicyUsesGivenSeed) {
  auto draw = [](routing_policy& p) {
    for (pool_position pos = 0; pos < 8; ++pos)
      p.set_eligible(pos, {});
    std::vector<pool_position> seq;
    for (int i = 0; i < 64; ++i)
      seq.push_back(*p.choose());
    return seq;
  };
  auto made = make_routing_policy(routing_policy_kind::random, 8, 42);
  auto same = make_routing_policy(routing_policy_kind::random, 8, 42);
  auto other = make_routing_policy(routing_policy_kind::random, 8, 43);
  random_policy direct{8, 42};
  auto seq = draw(*made);
  EXPECT_EQ(seq, draw(*same));
  EXPECT_EQ(seq, draw(direct));
  EXPECT_NE(seq, draw(*other));
}

TEST(PolicyFactory, PolicyNamesRoundTrip) {
  for (auto kind : all_kinds) {
    auto name = to_string(kind);
    EXPECT_EQ(parse_routing_policy(name), std::optional{kind}) << name;
  }
}

TEST(PolicyFactory, PolicyNamesAreDistinct) {
  for (std::size_t i = 0; i < all_kinds.size(); ++i)
    for (std::size_t j = i + 1; j < all_kinds.size(); ++j)
      EXPECT_NE(to_string(all_kinds[i]), to_string(all_kinds[j]));
}

TEST(PolicyFactory, ParseRejectsUnknownNames) {
  for (std::string_view name :
       {"", "unknown", "Round_Robin", "round-robin", "roundrobin",
        "least_busy ", " least_busy", "LEAST_BUSY", "random_policy", "fixed",
        "manual\n", "longest"}) {
    EXPECT_EQ(parse_routing_policy(name), std::nullopt)
      << "'" << std::string{name} << "'";
  }
}

} // namespace policy_factory_test
