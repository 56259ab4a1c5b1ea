// `longest_idle`: the eligible operator whose last activity (came Online, got a
// session, finished one) lies furthest back; ties go to list order.
//
// Example:
//   livechat::longest_idle_policy p{2};
//   p.set_eligible(0, {.load = 0, .last_activity = t0 + 5s});
//   p.set_eligible(1, {.load = 0, .last_activity = t0});
//   assert(*p.choose() == 1);      // idle since t0, the longest
#pragma once

#include "core/routing/policy.hpp"
#include "core/routing/ranked_set.hpp"

namespace livechat {

class longest_idle_policy final : public routing_policy {
public:
  explicit longest_idle_policy(std::size_t pool_size) : eligible_(pool_size) {}
  routing_policy_kind kind() const noexcept override {
    return routing_policy_kind::longest_idle;
  }
  void set_eligible(pool_position pos, operator_standing s) override {
    eligible_.upsert(pos, s.last_activity);
  }
  void set_ineligible(pool_position pos) override {
    eligible_.erase(pos);
  }
  std::optional<pool_position> choose() override {
    return eligible_.minimum();
  }
  std::size_t eligible_count() const noexcept override {
    return eligible_.size();
  }

private:
  ranked_set<timestamp> eligible_;
};

} // namespace livechat
