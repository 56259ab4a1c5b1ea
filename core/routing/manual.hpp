// `manual`: the policy never chooses. Sessions wait until a supervisor of the
// chat assigns them (the router's `supervisor_assign`).
//
// Example:
//   livechat::manual_policy p;
//   p.set_eligible(0, {});
//   assert(!p.choose());           // always empty: supervisors decide
#pragma once

#include "core/routing/policy.hpp"

namespace livechat {

class manual_policy final : public routing_policy {
public:
  routing_policy_kind kind() const noexcept override {
    return routing_policy_kind::manual;
  }
  void set_eligible(pool_position, operator_standing) override {}
  void set_ineligible(pool_position) override {}
  std::optional<pool_position> choose() override {
    return std::nullopt;
  }
  std::size_t eligible_count() const noexcept override {
    return 0;
  }
};

} // namespace livechat
